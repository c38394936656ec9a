package store

import (
	"encoding/json"
)

// SyncLink records that a local account is linked to a remote one. It
// exists only while the account is linked; its absence means sync is off.
type SyncLink struct {
	ServerURL      string `json:"server_url"`
	RemoteID       int64  `json:"remote_id"`
	RemoteUsername string `json:"remote_username"`
	RemoteEmail    string `json:"remote_email"`
	// TokenInKeychain says where the remote refresh token lives: the OS
	// keychain, or sealed under the user's data key in this file.
	TokenInKeychain bool `json:"token_in_keychain"`
	NeedsSignIn     bool `json:"needs_sign_in"`
}

// SyncFields is one snapshot of the synced profile fields: the remote's
// state as last seen (the base of the three-way merge). Avatar is the
// server's avatar path; LocalAvatar the local avatar hash at that moment,
// so each side's avatar change can be told apart.
type SyncFields struct {
	Values      map[string]string `json:"values"`
	Avatar      string            `json:"avatar"`
	LocalAvatar string            `json:"local_avatar"`
}

// SyncConflict is a field both sides changed since the base; it waits for
// the user to choose. Only the server's value is kept: this computer's is
// the profile itself, which may be edited again meanwhile.
type SyncConflict struct {
	Field  string `json:"field"`
	Server string `json:"server"`
}

// SyncState is the bookkeeping of the last sync attempts.
type SyncState struct {
	Base         *SyncFields    `json:"base,omitempty"`
	Conflicts    []SyncConflict `json:"conflicts,omitempty"`
	LastSyncedAt int64          `json:"last_synced_at,omitempty"` // unix seconds
	// Rejected is a permanent refusal by the server (4xx) of queued
	// changes, kept so the user sees it; the refused values stay queued
	// (not sent again until edited) and the rest goes through.
	Rejected *Rejection `json:"rejected,omitempty"`
	// Unconfirmed holds what was sent in an update whose answer never came
	// (a 502 from a proxy, a reset): values by field, and in LocalAvatar
	// the hash of a picture uploaded. The next pull uses it to tell the
	// server's copy of this computer's own change from an edit made there.
	Unconfirmed *SyncFields `json:"unconfirmed,omitempty"`
}

// Rejection is a server's permanent refusal of queued changes.
type Rejection struct {
	Status int               `json:"status"`
	Code   string            `json:"code,omitempty"`
	Fields map[string]string `json:"fields,omitempty"` // the fields the server named, with its message
	// Values are the refused values by field ("avatar": the picture's
	// hash): a queued value still equal is not sent again.
	Values map[string]string `json:"values,omitempty"`
}

// OutboxChange is one queued local profile change. Fields holds the new
// values of the fields that changed; Avatar is set when the avatar changed
// (its value is irrelevant: the current avatar is what gets sent).
type OutboxChange struct {
	Fields map[string]string `json:"fields,omitempty"`
	Avatar bool              `json:"avatar,omitempty"`
}

// OutboxItem is a queued change with its position in the queue.
type OutboxItem struct {
	Seq    uint64
	Change OutboxChange
}

func (t *Tx) syncBucket(userID uint64, create bool) (*bucket, error) {
	ub := t.user(userID)
	if ub == nil {
		return nil, ErrNoUser
	}
	if !create {
		return ub.Bucket(bucketUserSync), nil
	}
	return ub.CreateBucketIfNotExists(bucketUserSync)
}

func getJSON(b *bucket, key []byte, v any) (bool, error) {
	if b == nil {
		return false, nil
	}
	raw, err := b.Get(key)
	if err != nil || raw == nil {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, internal(err, "decode "+string(key))
	}
	return true, nil
}

func putJSON(b *bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return internal(err, "encode "+string(key))
	}
	return b.Put(key, raw)
}

// SyncLink returns the user's link to a remote account; ok is false when
// the account is not linked.
func (t *Tx) SyncLink(userID uint64) (link SyncLink, ok bool, err error) {
	b, err := t.syncBucket(userID, false)
	if err != nil {
		return SyncLink{}, false, err
	}
	ok, err = getJSON(b, keySyncLink, &link)
	return link, ok, err
}

// PutSyncLink links the user to a remote account (or updates the link).
func (t *Tx) PutSyncLink(userID uint64, link SyncLink) error {
	b, err := t.syncBucket(userID, true)
	if err != nil {
		return err
	}
	return putJSON(b, keySyncLink, link)
}

// Unlink removes everything sync kept for the user: link, state, sealed
// token and outbox. The local profile stays as it is.
func (t *Tx) Unlink(userID uint64) error {
	b, err := t.syncBucket(userID, false)
	if err != nil || b == nil {
		return err
	}
	return t.user(userID).DeleteBucket(bucketUserSync)
}

// SyncState returns the user's sync bookkeeping (zero when never synced).
func (t *Tx) SyncState(userID uint64) (SyncState, error) {
	var st SyncState
	b, err := t.syncBucket(userID, false)
	if err != nil {
		return st, err
	}
	_, err = getJSON(b, keySyncState, &st)
	return st, err
}

// PutSyncState stores the user's sync bookkeeping.
func (t *Tx) PutSyncState(userID uint64, st SyncState) error {
	b, err := t.syncBucket(userID, true)
	if err != nil {
		return err
	}
	return putJSON(b, keySyncState, st)
}

// SealedRemoteToken returns the remote refresh token sealed under the
// user's data key, or nil.
func (t *Tx) SealedRemoteToken(userID uint64) ([]byte, error) {
	b, err := t.syncBucket(userID, false)
	if err != nil || b == nil {
		return nil, err
	}
	sealed, err := b.Get(keySyncToken)
	if err != nil || sealed == nil {
		return nil, err
	}
	return append([]byte(nil), sealed...), nil
}

// PutSealedRemoteToken stores (or, with nil, removes) the sealed remote refresh token.
func (t *Tx) PutSealedRemoteToken(userID uint64, sealed []byte) error {
	b, err := t.syncBucket(userID, true)
	if err != nil {
		return err
	}
	if sealed == nil {
		return b.Delete(keySyncToken)
	}
	return b.Put(keySyncToken, sealed)
}

// Enqueue appends a profile change to the user's outbox when the account
// is linked, and does nothing otherwise. Callers make it part of the same
// transaction as the change itself, so a committed edit is always queued;
// once that transaction commits, the DB's OnOutboxCommit hooks are told.
func (t *Tx) Enqueue(userID uint64, change OutboxChange) error {
	if len(change.Fields) == 0 && !change.Avatar {
		return nil
	}
	if _, linked, err := t.SyncLink(userID); err != nil || !linked {
		return err
	}
	sb, err := t.syncBucket(userID, true)
	if err != nil {
		return err
	}
	outbox, err := sb.CreateBucketIfNotExists(bucketSyncOutbox)
	if err != nil {
		return internal(err, "create outbox")
	}
	seq, err := outbox.NextSequence()
	if err != nil {
		return err
	}
	if err := putJSON(outbox, itob(seq), change); err != nil {
		return err
	}
	t.tx.OnCommit(func() { t.db.outboxCommitted(userID) })
	return nil
}

// Outbox returns the user's queued changes, oldest first.
func (t *Tx) Outbox(userID uint64) ([]OutboxItem, error) {
	sb, err := t.syncBucket(userID, false)
	if err != nil || sb == nil {
		return nil, err
	}
	outbox := sb.Bucket(bucketSyncOutbox)
	if outbox == nil {
		return nil, nil
	}
	var items []OutboxItem
	err = outbox.ForEach(func(k, v []byte) error {
		var c OutboxChange
		if err := json.Unmarshal(v, &c); err != nil {
			return internal(err, "decode outbox item")
		}
		items = append(items, OutboxItem{Seq: btoi(k), Change: c})
		return nil
	})
	return items, err
}

// OutboxLen counts the user's queued changes.
func (t *Tx) OutboxLen(userID uint64) (int, error) {
	sb, err := t.syncBucket(userID, false)
	if err != nil || sb == nil {
		return 0, err
	}
	if outbox := sb.Bucket(bucketSyncOutbox); outbox != nil {
		return outbox.Stats().KeyN, nil
	}
	return 0, nil
}

// DeleteOutbox removes delivered changes from the user's outbox.
func (t *Tx) DeleteOutbox(userID uint64, seqs ...uint64) error {
	sb, err := t.syncBucket(userID, false)
	if err != nil || sb == nil {
		return err
	}
	outbox := sb.Bucket(bucketSyncOutbox)
	if outbox == nil {
		return nil
	}
	for _, seq := range seqs {
		if err := outbox.Delete(itob(seq)); err != nil {
			return internal(err, "delete outbox item")
		}
	}
	return nil
}

// DropQueued removes one field ("avatar" for the picture) from every queued
// change of the user, deleting changes left empty. Sync calls it when the
// server's value of that field was taken, so the stale local value is
// never pushed over it.
func (t *Tx) DropQueued(userID uint64, field string) error {
	items, err := t.Outbox(userID)
	if err != nil || len(items) == 0 {
		return err
	}
	outbox := t.user(userID).Bucket(bucketUserSync).Bucket(bucketSyncOutbox)
	for _, item := range items {
		c := item.Change
		_, hadField := c.Fields[field]
		if field == "avatar" {
			hadField = c.Avatar
			c.Avatar = false
		}
		delete(c.Fields, field)
		switch {
		case !hadField:
		case len(c.Fields) == 0 && !c.Avatar:
			err = outbox.Delete(itob(item.Seq))
		default:
			err = putJSON(outbox, itob(item.Seq), c)
		}
		if err != nil {
			return internal(err, "rewrite outbox item")
		}
	}
	return nil
}
