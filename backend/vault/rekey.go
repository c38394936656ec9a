package vault

import (
	"passdesk/backend/apperr"
	"passdesk/backend/store"
)

// RemoteTokenPurpose is the SealSecret purpose of the remote refresh token
// that package syncer keeps in users/<id>/sync/token when no keychain holds
// it. It is named here because Rekey must re-seal it with the entries.
const RemoteTokenPurpose = "remote-refresh-token"

// Rekey re-seals, inside tx, everything of userID's that is sealed under
// oldKey so that it is sealed under newKey instead: every saved-password
// entry (same id and associated data, fresh nonce) and the remote refresh
// token when the file holds it, and the merge state of every saved-password
// sync link (sync.go). Run in the transaction that stores the new
// wrapped key, it makes the password change all-or-nothing. It fails when
// anything does not open under oldKey; the caller's transaction then rolls
// back and nothing changes; a damaged entry fails it the same way.
// Plaintexts are wiped as soon as they are
// re-sealed.
func Rekey(tx *store.Tx, userID uint64, oldKey, newKey []byte) error {
	type resealed struct {
		id     uint64
		sealed []byte
	}
	var entries []resealed
	// bbolt forbids writing a bucket while iterating it: re-seal first, then
	// write.
	// A damaged entry stops the change (store.ErrDamaged): re-keying around
	// it would leave it sealed under a key nothing can derive any more, so
	// the person deletes it first, knowingly.
	err := tx.ForEachVaultEntry(userID, func(id uint64, sealed []byte, damaged error) error {
		if damaged != nil {
			return damaged
		}
		out, err := reseal(oldKey, newKey, sealed, entryAD(userID, id))
		if err != nil {
			return apperr.Wrap(err, "re-seal saved password")
		}
		entries = append(entries, resealed{id, out})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := tx.PutVaultEntry(userID, e.id, e.sealed); err != nil {
			return err
		}
	}
	if err := rekeyLinks(tx, userID, oldKey, newKey); err != nil {
		return err
	}
	token, err := tx.SealedRemoteToken(userID)
	if err != nil || len(token) == 0 {
		return err
	}
	out, err := reseal(oldKey, newKey, token, secretAD(userID, RemoteTokenPurpose))
	if err != nil {
		return apperr.Wrap(err, "re-seal remote token")
	}
	return tx.PutSealedRemoteToken(userID, out)
}

// reseal opens sealed under oldKey and seals the plaintext under newKey with
// the same associated data, wiping the plaintext.
func reseal(oldKey, newKey, sealed, ad []byte) ([]byte, error) {
	plain, err := open(oldKey, sealed, ad)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return seal(newKey, plain, ad)
}
