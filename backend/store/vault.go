package store

import (
	bolt "go.etcd.io/bbolt"
)

// PutDataKey stores a user's wrapped data key (opaque to the store).
func (t *Tx) PutDataKey(userID uint64, wrapped []byte) error {
	ub := userBucket(t.tx, userID)
	if ub == nil {
		return ErrNoUser
	}
	return ub.Put(keyUserDataKey, wrapped)
}

// DataKey returns a user's wrapped data key, or nil when none was made yet.
func (t *Tx) DataKey(userID uint64) ([]byte, error) {
	ub := userBucket(t.tx, userID)
	if ub == nil {
		return nil, ErrNoUser
	}
	return append([]byte(nil), ub.Get(keyUserDataKey)...), nil
}

func (t *Tx) vaultBucket(userID uint64, create bool) (*bolt.Bucket, error) {
	ub := userBucket(t.tx, userID)
	if ub == nil {
		return nil, ErrNoUser
	}
	if !create {
		return ub.Bucket(bucketUserVault), nil
	}
	return ub.CreateBucketIfNotExists(bucketUserVault)
}

// NextVaultEntryID hands out a new entry id for the user; ids are never reused.
func (t *Tx) NextVaultEntryID(userID uint64) (uint64, error) {
	b, err := t.vaultBucket(userID, true)
	if err != nil {
		return 0, err
	}
	return b.NextSequence()
}

// PutVaultEntry stores an (encrypted, opaque to the store) saved-password entry.
func (t *Tx) PutVaultEntry(userID, entryID uint64, sealed []byte) error {
	b, err := t.vaultBucket(userID, true)
	if err != nil {
		return err
	}
	return b.Put(itob(entryID), sealed)
}

// VaultEntry returns one sealed entry, or nil when the user has no such entry.
func (t *Tx) VaultEntry(userID, entryID uint64) ([]byte, error) {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil {
		return nil, err
	}
	return append([]byte(nil), b.Get(itob(entryID))...), nil
}

// ForEachVaultEntry calls fn with each of the user's sealed entries in id
// order. The slice is only valid during the call.
func (t *Tx) ForEachVaultEntry(userID uint64, fn func(entryID uint64, sealed []byte) error) error {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil {
		return err
	}
	return b.ForEach(func(k, v []byte) error { return fn(btoi(k), v) })
}

// DeleteVaultEntry removes one entry; it reports whether the entry existed.
func (t *Tx) DeleteVaultEntry(userID, entryID uint64) (bool, error) {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil || b.Get(itob(entryID)) == nil {
		return false, err
	}
	return true, b.Delete(itob(entryID))
}
