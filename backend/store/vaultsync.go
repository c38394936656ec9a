package store

import (
	"encoding/json"

	"passdesk/backend/apperr"
)

// Saved-password sync (SPEC §7, issue 12 §5) keeps its records under
// users/<id>/sync/vault/, which exists only while the user has it on: the
// bucket's presence is the opt-in. Unlinking removes it with the rest of
// sync/; turning it off removes only it. Local entries stay either way.

// VaultSyncState is saved-password sync's bookkeeping.
type VaultSyncState struct {
	// Imported is set once the first round has merged the server's entries
	// into the vault and queued the local ones the server lacked.
	Imported     bool  `json:"imported,omitempty"`
	LastSyncedAt int64 `json:"last_synced_at,omitempty"` // unix seconds
	// Refused holds the entries whose last change the server refused for
	// good, by entry id, with the HTTP status; an edit of one queues it again.
	Refused map[uint64]int `json:"refused,omitempty"`
	// Failed is the HTTP status with which the server last refused a whole
	// round for good (e.g. 404: it does not offer saved passwords); 0 once
	// a round went through.
	Failed int `json:"failed,omitempty"`
}

// VaultLink ties a local entry to the server's entry RemoteID (0 while the
// server's copy is still to be made). Sealed is the merge base and any open
// conflict, sealed under the user's data key by package vault (they hold
// passwords); the store never reads it.
type VaultLink struct {
	RemoteID int64 `json:"remote_id"`
	// Deleted: the local entry is gone and the server's copy is still to
	// be deleted.
	Deleted bool `json:"deleted,omitempty"`
	// Conflicted: Sealed holds an open conflict (so the status opens only
	// these links, not every one).
	Conflicted bool   `json:"conflicted,omitempty"`
	Sealed     []byte `json:"sealed,omitempty"`
}

// VaultOutboxItem is a queued saved-password change: entry EntryID was
// created, edited or deleted here. What to send is decided at delivery
// from the entry and its link, so the queue holds no secret.
type VaultOutboxItem struct {
	Seq     uint64
	EntryID uint64
}

// errVaultSyncNeedsLink: saved-password sync rides on the profile's link.
var errVaultSyncNeedsLink = apperr.New(apperr.Conflict, apperr.SyncNotLinked)

func (t *Tx) vaultSyncBucket(userID uint64) (*bucket, error) {
	sb, err := t.syncBucket(userID, false)
	if err != nil || sb == nil {
		return nil, err
	}
	return sb.Bucket(bucketSyncVault), nil
}

// VaultSyncOn reports whether the user has saved-password sync on.
func (t *Tx) VaultSyncOn(userID uint64) (bool, error) {
	vb, err := t.vaultSyncBucket(userID)
	return vb != nil, err
}

// EnableVaultSync turns saved-password sync on for a linked user, with a
// fresh state (the first round imports); it does nothing when it is on.
func (t *Tx) EnableVaultSync(userID uint64) error {
	if _, linked, err := t.SyncLink(userID); err != nil || !linked {
		return firstErr(err, errVaultSyncNeedsLink)
	}
	sb, err := t.syncBucket(userID, true)
	if err != nil || sb.Bucket(bucketSyncVault) != nil {
		return err
	}
	vb, err := sb.CreateBucket(bucketSyncVault)
	if err != nil {
		return internal(err, "create the vault sync bucket")
	}
	return putJSON(vb, keyVaultSyncState, VaultSyncState{})
}

func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// DisableVaultSync turns saved-password sync off: its links, state and
// queue go; the entries stay.
func (t *Tx) DisableVaultSync(userID uint64) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	return t.user(userID).Bucket(bucketUserSync).DeleteBucket(bucketSyncVault)
}

// VaultSyncState returns the state (zero when sync is off).
func (t *Tx) VaultSyncState(userID uint64) (VaultSyncState, error) {
	var st VaultSyncState
	vb, err := t.vaultSyncBucket(userID)
	if err != nil {
		return st, err
	}
	_, err = getJSON(vb, keyVaultSyncState, &st)
	return st, err
}

// PutVaultSyncState stores the state; it does nothing when sync is off.
func (t *Tx) PutVaultSyncState(userID uint64, st VaultSyncState) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	return putJSON(vb, keyVaultSyncState, st)
}

// VaultLinks returns every link by entry id (none when sync is off).
func (t *Tx) VaultLinks(userID uint64) (map[uint64]VaultLink, error) {
	out := map[uint64]VaultLink{}
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return out, err
	}
	links := vb.Bucket(bucketVaultLinks)
	if links == nil {
		return out, nil
	}
	err = links.ForEach(func(k, v []byte) error {
		var l VaultLink
		if err := json.Unmarshal(v, &l); err != nil {
			return internal(err, "decode vault link")
		}
		out[btoi(k)] = l
		return nil
	})
	return out, err
}

// PutVaultLink stores entry entryID's link; it does nothing when sync is off.
func (t *Tx) PutVaultLink(userID, entryID uint64, l VaultLink) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	links, err := vb.CreateBucketIfNotExists(bucketVaultLinks)
	if err != nil {
		return internal(err, "create vault links")
	}
	return putJSON(links, itob(entryID), l)
}

// DeleteVaultLink removes entry entryID's link.
func (t *Tx) DeleteVaultLink(userID, entryID uint64) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	if links := vb.Bucket(bucketVaultLinks); links != nil {
		return links.Delete(itob(entryID))
	}
	return nil
}

// QueueVaultChange records, while saved-password sync is on, that entry
// entryID was created or edited (deleted false) or deleted here; with sync
// off it does nothing. The vault calls it in the transaction of the change
// itself, so a committed change is always queued; the DB's OnOutboxCommit
// hooks are told after the commit. A deleted entry that the server never
// had leaves nothing to send; one it has keeps its link, marked Deleted,
// until the server's copy is deleted. An edit clears a kept refusal.
func (t *Tx) QueueVaultChange(userID, entryID uint64, deleted bool) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	links, err := t.VaultLinks(userID)
	if err != nil {
		return err
	}
	if l, linked := links[entryID]; deleted {
		if !linked || l.RemoteID == 0 {
			return t.dropVaultEntry(userID, entryID)
		}
		l.Deleted = true
		if err := t.PutVaultLink(userID, entryID, l); err != nil {
			return err
		}
	}
	st, err := t.VaultSyncState(userID)
	if err != nil {
		return err
	}
	if _, refused := st.Refused[entryID]; refused {
		delete(st.Refused, entryID)
		if err := t.PutVaultSyncState(userID, st); err != nil {
			return err
		}
	}
	outbox, err := vb.CreateBucketIfNotExists(bucketVaultOutbox)
	if err != nil {
		return internal(err, "create the vault outbox")
	}
	seq, err := outbox.NextSequence()
	if err != nil {
		return err
	}
	if err := outbox.Put(itob(seq), itob(entryID)); err != nil {
		return err
	}
	t.tx.OnCommit(func() { t.db.outboxCommitted(userID) })
	return nil
}

// dropVaultEntry forgets everything sync kept of entry entryID: its link
// and its queued changes.
func (t *Tx) dropVaultEntry(userID, entryID uint64) error {
	if err := t.DeleteVaultLink(userID, entryID); err != nil {
		return err
	}
	items, err := t.VaultOutbox(userID)
	if err != nil {
		return err
	}
	var seqs []uint64
	for _, it := range items {
		if it.EntryID == entryID {
			seqs = append(seqs, it.Seq)
		}
	}
	return t.DeleteVaultOutbox(userID, seqs...)
}

// ForgetVaultEntry is dropVaultEntry for package vaultsync, when an entry
// and the server's copy are both gone.
func (t *Tx) ForgetVaultEntry(userID, entryID uint64) error { return t.dropVaultEntry(userID, entryID) }

// VaultOutbox returns the queued saved-password changes, oldest first.
func (t *Tx) VaultOutbox(userID uint64) ([]VaultOutboxItem, error) {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return nil, err
	}
	outbox := vb.Bucket(bucketVaultOutbox)
	if outbox == nil {
		return nil, nil
	}
	var items []VaultOutboxItem
	err = outbox.ForEach(func(k, v []byte) error {
		items = append(items, VaultOutboxItem{Seq: btoi(k), EntryID: btoi(v)})
		return nil
	})
	return items, err
}

// DeleteVaultOutbox removes delivered items.
func (t *Tx) DeleteVaultOutbox(userID uint64, seqs ...uint64) error {
	vb, err := t.vaultSyncBucket(userID)
	if err != nil || vb == nil {
		return err
	}
	outbox := vb.Bucket(bucketVaultOutbox)
	if outbox == nil {
		return nil
	}
	for _, seq := range seqs {
		if err := outbox.Delete(itob(seq)); err != nil {
			return internal(err, "delete vault outbox item")
		}
	}
	return nil
}
