package store

import bolt "go.etcd.io/bbolt"

// copyTx copies every bucket, key and bucket sequence of the read
// transaction src into dst, committing dst every txMaxSize bytes: bbolt's
// Compact, except that the source is read in the caller's transaction,
// which stays open until dst's last commit. bbolt's own ends its read
// transaction before that commit, whose pending keys and values still point
// into the source's memory map: a write to the database then — which may
// grow and remap the file, or reuse those pages — made the commit fault,
// or copy bytes that were never in the snapshot. Compactions run while the
// app writes (after every erasing change, and for every backup).
func copyTx(dst *bolt.DB, src *bolt.Tx, txMaxSize int64) error {
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // the last one; after Commit a no-op
	var size int64
	// into is the bucket at path in dst's current transaction.
	into := func(path [][]byte) *bolt.Bucket {
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			b = b.Bucket(name)
		}
		return b
	}
	var copyBucket func(from *bolt.Bucket, path [][]byte) error
	copyBucket = func(from *bolt.Bucket, path [][]byte) error {
		return from.ForEach(func(k, v []byte) error {
			if size += int64(len(k) + len(v)); size > txMaxSize {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				size = int64(len(k) + len(v))
			}
			to := into(path)
			to.FillPercent = 1.0 // nothing is inserted later in between
			if v != nil {
				return to.Put(k, v)
			}
			child := from.Bucket(k)
			made, err := to.CreateBucket(k)
			if err == nil {
				err = made.SetSequence(child.Sequence())
			}
			if err != nil {
				return err
			}
			return copyBucket(child, append(path[:len(path):len(path)], k))
		})
	}
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		made, err := tx.CreateBucket(name)
		if err == nil {
			err = made.SetSequence(b.Sequence())
		}
		if err != nil {
			return err
		}
		return copyBucket(b, [][]byte{name})
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}
