package store

import bolt "go.etcd.io/bbolt"

// PutTagged stores value at the bucket path and key (the last of path) with a
// valid integrity tag, as a logic bug rather than damage would: for tests
// that break PassDesk's own invariants behind the store's back.
func PutTagged(tx *bolt.Tx, value []byte, path ...string) error {
	parts := make([][]byte, len(path))
	for i, p := range path {
		parts[i] = []byte(p)
	}
	return (&Tx{tx: tx}).bucket(parts[:len(parts)-1]...).Put(parts[len(parts)-1], value)
}
