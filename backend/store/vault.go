package store

// PutDataKey stores a user's wrapped data key (opaque to the store).
func (t *Tx) PutDataKey(userID uint64, wrapped []byte) error {
	ub := t.user(userID)
	if ub == nil {
		return ErrNoUser
	}
	return ub.Put(keyUserDataKey, wrapped)
}

// DataKey returns a user's wrapped data key, or nil when none was made yet.
func (t *Tx) DataKey(userID uint64) ([]byte, error) {
	ub := t.user(userID)
	if ub == nil {
		return nil, ErrNoUser
	}
	wrapped, err := ub.Get(keyUserDataKey)
	if err != nil || wrapped == nil {
		return nil, err
	}
	return append([]byte(nil), wrapped...), nil
}

func (t *Tx) vaultBucket(userID uint64, create bool) (*bucket, error) {
	ub := t.user(userID)
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

// VaultEntry returns one sealed entry, nil when the user has no such entry,
// or a *DamagedError when it is damaged.
func (t *Tx) VaultEntry(userID, entryID uint64) ([]byte, error) {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil {
		return nil, err
	}
	sealed, err := b.Get(itob(entryID))
	if err != nil || sealed == nil {
		return nil, err
	}
	return append([]byte(nil), sealed...), nil
}

// ForEachVaultEntry calls fn with each of the user's sealed entries in id
// order; for a damaged entry, sealed is nil and damaged is its
// *DamagedError, so one damaged entry does not hide the others. The slice
// is only valid during the call.
func (t *Tx) ForEachVaultEntry(userID uint64, fn func(entryID uint64, sealed []byte, damaged error) error) error {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil {
		return err
	}
	return b.forEachRecord(func(k, v []byte, damaged error) error { return fn(btoi(k), v, damaged) })
}

// DeleteVaultEntry removes one entry, damaged or not; it reports whether
// the entry existed.
func (t *Tx) DeleteVaultEntry(userID, entryID uint64) (bool, error) {
	b, err := t.vaultBucket(userID, false)
	if err != nil || b == nil || !b.has(itob(entryID)) {
		return false, err
	}
	return true, b.Delete(itob(entryID))
}
