package kdf

import (
	"bytes"
	"testing"
)

// TestSplitGivesTwoKeysUnlikeEachOtherAndTheirSource: one argon2id output
// gives a verifier and a wrapping key of SplitSize bytes, the same ones
// every time; they differ from each other and from the output, and another
// output gives others.
func TestSplitGivesTwoKeysUnlikeEachOtherAndTheirSource(t *testing.T) {
	master := Key("correct horse 42", []byte("sixteen byte slt"), Minimum, MasterSize)
	verifier, wrapKey := Split(master)
	if len(verifier) != SplitSize || len(wrapKey) != SplitSize {
		t.Fatalf("sizes %d and %d", len(verifier), len(wrapKey))
	}
	if bytes.Equal(verifier, wrapKey) || bytes.Equal(verifier, master) || bytes.Equal(wrapKey, master) {
		t.Fatal("the verifier, the wrapping key and the argon2id output are not three different keys")
	}
	if v, w := Split(master); !bytes.Equal(v, verifier) || !bytes.Equal(w, wrapKey) {
		t.Fatal("Split is not deterministic")
	}
	other := Key("correct horse 43", []byte("sixteen byte slt"), Minimum, MasterSize)
	if v, w := Split(other); bytes.Equal(v, verifier) || bytes.Equal(w, wrapKey) {
		t.Fatal("another password gives the same keys")
	}
}
