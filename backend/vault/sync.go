package vault

import (
	"strconv"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/store"
)

// What package vaultsync needs of the vault inside its own transactions:
// every entry opened, entries written or deleted as the server had them
// (without queueing them back to it), and the sealing of each link's merge
// base, which holds the server's copy of a password.

// The username is this computer's only: the service has no such field.
// Entries and Entry return it with the rest (package vaultsync leaves it
// out of what it sends), and PutSynced never changes it.

// Entries opens every entry of userID by id. Damaged entries are left out
// (sync leaves them and their links alone).
func Entries(tx *store.Tx, userID uint64, key []byte) (map[uint64]Input, error) {
	out := map[uint64]Input{}
	err := tx.ForEachVaultEntry(userID, func(id uint64, sealed []byte, damaged error) error {
		if damaged != nil {
			return nil
		}
		e, err := openEntry(key, userID, id, sealed)
		if err == nil {
			out[id] = e.input()
		}
		return err
	})
	return out, err
}

// Entry opens entry entryID of userID; ok is false when there is none.
func Entry(tx *store.Tx, userID uint64, key []byte, entryID uint64) (in Input, ok bool, err error) {
	sealed, err := tx.VaultEntry(userID, entryID)
	if err != nil || sealed == nil {
		return Input{}, false, err
	}
	e, err := openEntry(key, userID, entryID, sealed)
	return e.input(), err == nil, err
}

// PutSynced stores in as entry entryID (a new entry when 0) as sync took it
// from the server, and returns the id. It is not queued for the server
// (it came from there) and not checked against the local form's rules:
// the server's entry is kept as the server has it. in.Username is ignored:
// an existing entry keeps its own and a new one has none, so a pull never
// blanks what only this computer knows.
func PutSynced(tx *store.Tx, userID uint64, key []byte, entryID uint64, in Input, now time.Time) (uint64, error) {
	e := entry{NamePages: in.NamePages, URL: in.URL, PasswordSaved: in.PasswordSaved, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	var err error
	if entryID == 0 {
		if entryID, err = tx.NextVaultEntryID(userID); err != nil {
			return 0, err
		}
	} else if sealed, err := tx.VaultEntry(userID, entryID); err != nil {
		return 0, err
	} else if sealed != nil {
		old, err := openEntry(key, userID, entryID, sealed)
		if err != nil {
			return 0, err
		}
		e.CreatedAt, e.Username = old.CreatedAt, old.Username
	}
	sealed, err := sealEntry(key, userID, entryID, e)
	if err != nil {
		return 0, apperr.Wrap(err, "seal saved password")
	}
	return entryID, tx.PutVaultEntry(userID, entryID, sealed)
}

// linkPurpose is the SealSecret purpose of entry entryID's sync link
// state, so a sealed state opens only for its own entry.
func linkPurpose(entryID uint64) string { return "vault-sync-link/" + strconv.FormatUint(entryID, 10) }

// SealLinkState seals a link's merge state (store.VaultLink.Sealed).
func SealLinkState(key []byte, userID, entryID uint64, plain []byte) ([]byte, error) {
	return SealSecret(key, userID, linkPurpose(entryID), plain)
}

// OpenLinkState opens what SealLinkState sealed.
func OpenLinkState(key []byte, userID, entryID uint64, sealed []byte) ([]byte, error) {
	return OpenSecret(key, userID, linkPurpose(entryID), sealed)
}

// rekeyLinks re-seals every sync link state of userID under newKey.
func rekeyLinks(tx *store.Tx, userID uint64, oldKey, newKey []byte) error {
	links, err := tx.VaultLinks(userID)
	if err != nil {
		return err
	}
	for id, l := range links {
		if len(l.Sealed) == 0 {
			continue
		}
		if l.Sealed, err = reseal(oldKey, newKey, l.Sealed, secretAD(userID, linkPurpose(id))); err != nil {
			return apperr.Wrap(err, "re-seal saved-password sync state")
		}
		if err := tx.PutVaultLink(userID, id, l); err != nil {
			return err
		}
	}
	return nil
}
