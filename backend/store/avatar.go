package store

// PutAvatar stores a user's (already processed) avatar and its thumbnail.
// The caller records the new hash in the user's record in the same
// transaction, which is what changes the avatar's URL.
func (t *Tx) PutAvatar(userID uint64, jpeg, thumb []byte) error {
	ub := t.user(userID)
	if ub == nil {
		return ErrNoUser
	}
	if err := ub.Put(keyUserAvatar, jpeg); err != nil {
		return internal(err, "store avatar")
	}
	return ub.Put(keyUserAvatarThumb, thumb)
}

// DeleteAvatar removes a user's avatar; removing none is not an error.
func (t *Tx) DeleteAvatar(userID uint64) error {
	ub := t.user(userID)
	if ub == nil {
		return ErrNoUser
	}
	if err := ub.Delete(keyUserAvatar); err != nil {
		return internal(err, "delete avatar")
	}
	return ub.Delete(keyUserAvatarThumb)
}

// Avatar returns a user's avatar (thumb selects the small one), or nil.
func (t *Tx) Avatar(userID uint64, thumb bool) ([]byte, error) {
	ub := t.user(userID)
	if ub == nil {
		return nil, nil
	}
	key := keyUserAvatar
	if thumb {
		key = keyUserAvatarThumb
	}
	jpeg, err := ub.Get(key)
	if err != nil || jpeg == nil {
		return nil, err
	}
	return append([]byte(nil), jpeg...), nil
}
