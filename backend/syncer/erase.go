package syncer

import (
	"crypto/sha256"

	"passdesk/backend/store"
)

// held is what a user's data holds that the file must forget once nothing
// holds it any more (SPEC §3): each profile value, each value in the sync
// state and the outbox, each saved password's ciphertext and merge base —
// by hash, so no copy of a secret is kept in memory.
type held map[[sha256.Size]byte]bool

// heldBy reads held for userID.
func (e *Engine) heldBy(userID uint64) (held, error) {
	h := held{}
	add := func(values ...string) {
		for _, v := range values {
			if v != "" {
				h[sha256.Sum256([]byte(v))] = true
			}
		}
	}
	addFields := func(f *store.SyncFields) {
		if f != nil {
			add(f.Avatar, f.LocalAvatar)
			for _, v := range f.Values {
				add(v)
			}
		}
	}
	err := e.cfg.DB.View(func(tx *store.Tx) error {
		u, err := tx.User(userID)
		if err != nil {
			return err
		}
		add(u.Username, u.Email, u.FirstName, u.LastName, u.NumberPhone, u.AvatarHash)
		st, err := tx.SyncState(userID)
		if err != nil {
			return err
		}
		addFields(st.Base)
		addFields(st.Unconfirmed)
		for _, c := range st.Conflicts {
			add(c.Server)
		}
		if st.Rejected != nil {
			for _, v := range st.Rejected.Values {
				add(v)
			}
		}
		items, err := tx.Outbox(userID)
		if err != nil {
			return err
		}
		for _, item := range items {
			for _, v := range item.Change.Fields {
				add(v)
			}
		}
		links, err := tx.VaultLinks(userID)
		if err != nil {
			return err
		}
		for _, l := range links {
			add(string(l.Sealed))
		}
		return tx.ForEachVaultEntry(userID, func(_ uint64, sealed []byte, _ error) error {
			add(string(sealed))
			return nil
		})
	})
	return h, err
}

// eraseDropped rewrites the file (store.DB.Erase) when something before
// held is no longer held now: a sync cycle that delivered a queued value,
// moved the merge base on, took the server's value of a field or a saved
// password, or replaced the picture has left the old one in freed pages.
// A failure is logged; the cycle's outcome stands.
func (e *Engine) eraseDropped(userID uint64, before held) {
	now, err := e.heldBy(userID)
	if err != nil {
		e.cfg.Log.Warn("sync could not check what it replaced", "err", err)
		return
	}
	for v := range before {
		if !now[v] {
			if err := e.cfg.DB.Erase(); err != nil {
				e.cfg.Log.Warn("sync replaced data, but the file keeps the old bytes until the next compaction", "err", err)
			}
			return
		}
	}
}
