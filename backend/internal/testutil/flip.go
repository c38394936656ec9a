package testutil

import (
	"bytes"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// FlipInValue flips one byte in the middle of the value stored at the
// bucket path and key (the last of path) of the closed database file at
// path, as a bad disk sector would. The value is found in the file by its
// bytes (bbolt may hand out a copy of a small bucket's values, so where it
// maps them says nothing); stale copies of it in free pages are flipped
// too. It fails the test when there is no such value.
func FlipInValue(t testing.TB, file string, path ...string) {
	t.Helper()
	raw, err := bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var value []byte
	_ = raw.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(path[0]))
		for _, name := range path[1 : len(path)-1] {
			if b == nil {
				return nil
			}
			b = b.Bucket([]byte(name))
		}
		if b != nil {
			value = bytes.Clone(b.Get([]byte(path[len(path)-1])))
		}
		return nil
	})
	_ = raw.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(value) == 0 || !bytes.Contains(data, value) {
		t.Fatalf("no value at %q", path)
	}
	for at := 0; ; {
		i := bytes.Index(data[at:], value)
		if i < 0 {
			break
		}
		data[at+i+len(value)/2] ^= 0x5A
		at += i + len(value)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
