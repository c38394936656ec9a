package vaultsync

import (
	"errors"
	"slices"

	"passdesk/backend/remote"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
)

// round is one saved-password sync, run by the engine at the end of each
// cycle: list the server's entries, merge them into the vault (pull), then
// deliver the queued local changes (push). It does nothing while the user
// has saved-password sync off.
func (s *Service) round(r syncer.Round) error {
	var on bool
	if err := s.db.View(func(tx *store.Tx) (err error) { on, err = tx.VaultSyncOn(r.UserID); return err }); err != nil || !on {
		return err
	}
	var list []remote.SavedPassword
	err := r.Authorized(func(access string) (err error) {
		list, err = r.Client.Passwords(r.Ctx, access)
		return err
	})
	if err == nil {
		err = s.pull(r, list)
	}
	if err == nil {
		err = s.push(r, list)
	}
	var re *remote.Error
	failed := 0
	if errors.As(err, &re) && !re.Retryable() && re.Kind != remote.KindUnauthorized {
		failed = re.Status // kept for the user; a temporary failure is only retried
	} else if err != nil {
		return err
	}
	werr := s.db.Update(func(tx *store.Tx) error {
		st, err := tx.VaultSyncState(r.UserID)
		if err != nil {
			return err
		}
		if st.Failed = failed; failed == 0 {
			st.LastSyncedAt = s.now().Unix()
		}
		return tx.PutVaultSyncState(r.UserID, st)
	})
	return errors.Join(err, werr)
}

// pull merges the server's list into the vault in one transaction.
//
// Per linked entry: both sides present → merged three-way per field
// (mergeEntry); deleted on the server → deleted here too unless edited here
// since the last sync (then it is sent again as a new entry: an edit beats
// a deletion, so nothing typed is lost); deleted here but edited on the
// server since → restored from the server, for the same reason.
//
// Server entries no link claims are new on the server: one with the same
// name, URL and password as a local entry the server does not have yet is
// that entry (the first import's duplicates, or a create whose answer was
// lost), and is linked instead of doubled; the others become local entries.
// The first pull also queues every local entry the server lacks.
func (s *Service) pull(r syncer.Round, list []remote.SavedPassword) error {
	return s.db.Update(func(tx *store.Tx) error {
		uid, key := r.UserID, r.DataKey
		if on, err := tx.VaultSyncOn(uid); err != nil || !on {
			return err // turned off meanwhile
		}
		entries, err := vault.Entries(tx, uid, key)
		if err != nil {
			return err
		}
		links, err := openLinks(tx, uid, key)
		if err != nil {
			return err
		}
		st, err := tx.VaultSyncState(uid)
		if err != nil {
			return err
		}
		server := make(map[int64]remote.Password, len(list))
		for _, sp := range list {
			server[sp.ID] = sp.Password
		}
		claimed := map[int64]bool{}
		for _, id := range sortedKeys(links) {
			l := links[id]
			if l.RemoteID == 0 {
				continue
			}
			claimed[l.RemoteID] = true
			if err := s.pullLinked(tx, r, id, l, entries, server); err != nil {
				return err
			}
		}
		// Local entries the server does not have, by their fields.
		unsent := map[remote.Password][]uint64{}
		for _, id := range sortedKeys(entries) {
			if l, linked := links[id]; !linked || (l.RemoteID == 0 && !l.Deleted) {
				p := fromInput(entries[id])
				unsent[p] = append(unsent[p], id)
			}
		}
		for _, sp := range list {
			if claimed[sp.ID] {
				continue
			}
			entryID := uint64(0)
			if ids := unsent[sp.Password]; len(ids) > 0 {
				entryID, unsent[sp.Password] = ids[0], ids[1:]
				if err := tx.ForgetVaultEntry(uid, entryID); err != nil { // its queued create is this entry
					return err
				}
			} else if entryID, err = vault.PutSynced(tx, uid, key, 0, toInput(sp.Password), s.now()); err != nil {
				return err
			}
			if err := putLink(tx, uid, key, entryID, link{VaultLink: store.VaultLink{RemoteID: sp.ID}, linkState: linkState{Base: sp.Password}}); err != nil {
				return err
			}
		}
		if !st.Imported {
			for _, ids := range unsent {
				for _, id := range ids {
					if err := tx.QueueVaultChange(uid, id, false); err != nil {
						return err
					}
				}
			}
			st, err = tx.VaultSyncState(uid) // QueueVaultChange may have written it
			if err != nil {
				return err
			}
			st.Imported = true
			return tx.PutVaultSyncState(uid, st)
		}
		return nil
	})
}

// pullLinked merges one linked entry (see pull).
func (s *Service) pullLinked(tx *store.Tx, r syncer.Round, id uint64, l link, entries map[uint64]vault.Input, server map[int64]remote.Password) error {
	uid, key := r.UserID, r.DataKey
	sp, onServer := server[l.RemoteID]
	in, here := entries[id]
	switch {
	case l.Deleted && !onServer: // gone on both sides
		return tx.ForgetVaultEntry(uid, id)
	case l.Deleted && sp != l.Base: // deleted here, edited there: restore
		if err := tx.ForgetVaultEntry(uid, id); err != nil {
			return err
		}
		newID, err := vault.PutSynced(tx, uid, key, 0, toInput(sp), s.now())
		if err != nil {
			return err
		}
		return putLink(tx, uid, key, newID, link{VaultLink: store.VaultLink{RemoteID: l.RemoteID}, linkState: linkState{Base: sp}})
	case l.Deleted || !here: // the push deletes it; or a damaged entry, left alone
		return nil
	case !onServer && fromInput(in) == l.Base: // deleted there, untouched here
		if _, err := tx.DeleteVaultEntry(uid, id); err != nil {
			return err
		}
		return tx.ForgetVaultEntry(uid, id)
	case !onServer: // deleted there, edited here: send it again as new
		if err := tx.DeleteVaultLink(uid, id); err != nil {
			return err
		}
		return tx.QueueVaultChange(uid, id, false)
	}
	before := l.linkState
	merged, changed := mergeEntry(fromInput(in), sp, &l.linkState)
	if changed {
		if _, err := vault.PutSynced(tx, uid, key, id, toInput(merged), s.now()); err != nil {
			return err
		}
	}
	if changed || before.Base != l.Base || !sameConflict(before.Conflict, l.Conflict) {
		return putLink(tx, uid, key, id, l)
	}
	return nil
}

func sameConflict(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// push delivers the queued changes, one entry at a time in queue order:
// a create (POST, then the new id from the list), an update of the fields
// changed since the base (not those in conflict), or a delete. Each
// delivery is recorded with the link's new base in one transaction, which
// also removes the items it covered; an edit made meanwhile queued an item
// of its own. A permanent refusal of one entry is kept for the user and
// does not hold back the others.
func (s *Service) push(r syncer.Round, list []remote.SavedPassword) error {
	uid, key := r.UserID, r.DataKey
	var items []store.VaultOutboxItem
	var entries map[uint64]vault.Input
	var links map[uint64]link
	err := s.db.View(func(tx *store.Tx) (err error) {
		if items, err = tx.VaultOutbox(uid); err != nil {
			return err
		}
		if entries, err = vault.Entries(tx, uid, key); err != nil {
			return err
		}
		links, err = openLinks(tx, uid, key)
		return err
	})
	if err != nil || len(items) == 0 {
		return err
	}
	known := map[int64]bool{}
	for _, sp := range list {
		known[sp.ID] = true
	}
	for _, l := range links {
		known[l.RemoteID] = true
	}
	var order []uint64
	seqs := map[uint64][]uint64{}
	for _, it := range items {
		if seqs[it.EntryID] == nil {
			order = append(order, it.EntryID)
		}
		seqs[it.EntryID] = append(seqs[it.EntryID], it.Seq)
	}
	for _, id := range order {
		err := s.deliver(r, id, seqs[id], entries, links, known)
		var re *remote.Error
		if errors.As(err, &re) && !re.Retryable() && re.Kind != remote.KindUnauthorized {
			err = s.refused(uid, id, seqs[id], re.Status)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// deliver sends one entry's queued change (see push).
func (s *Service) deliver(r syncer.Round, id uint64, seqs []uint64, entries map[uint64]vault.Input, links map[uint64]link, known map[int64]bool) error {
	uid, key := r.UserID, r.DataKey
	l, linked := links[id]
	in, here := entries[id]
	done := func(fn func(tx *store.Tx) error) error {
		return s.db.Update(func(tx *store.Tx) error {
			if err := tx.DeleteVaultOutbox(uid, seqs...); err != nil {
				return err
			}
			return fn(tx)
		})
	}
	switch {
	case linked && l.Deleted:
		err := r.Authorized(func(access string) error { return r.Client.DeletePassword(r.Ctx, access, l.RemoteID) })
		if err != nil && !remote.IsNotFound(err) { // already gone there is as good
			return err
		}
		return done(func(tx *store.Tx) error { return tx.DeleteVaultLink(uid, id) })
	case !here: // deleted before the server had it, or damaged
		return done(func(*store.Tx) error { return nil })
	case !linked || l.RemoteID == 0:
		p := fromInput(in)
		var newID int64
		err := r.Authorized(func(access string) (err error) {
			newID, err = r.Client.CreatePassword(r.Ctx, access, r.RemoteID, p, func(id int64) bool { return known[id] })
			return err
		})
		if err != nil || newID == 0 {
			return err // without an id the next pull finds it by its fields
		}
		known[newID] = true
		return done(func(tx *store.Tx) error {
			created := link{VaultLink: store.VaultLink{RemoteID: newID}, linkState: linkState{Base: p}}
			if sealed, err := tx.VaultEntry(uid, id); err != nil || sealed != nil {
				if err != nil {
					return err
				}
				return putLink(tx, uid, key, id, created)
			}
			// Deleted here while it was being created: delete it there next.
			created.Deleted = true
			if err := putLink(tx, uid, key, id, created); err != nil {
				return err
			}
			return tx.QueueVaultChange(uid, id, true)
		})
	}
	fields := changedFields(fromInput(in), l.linkState)
	if len(fields) > 0 {
		err := r.Authorized(func(access string) error { return r.Client.UpdatePassword(r.Ctx, access, l.RemoteID, fields) })
		if remote.IsNotFound(err) {
			return nil // deleted there meanwhile: the next pull decides
		}
		if err != nil {
			return err
		}
	}
	return done(func(tx *store.Tx) error {
		for f, v := range fields {
			set(&l.Base, f, v)
		}
		return putLink(tx, uid, key, id, l)
	})
}

// refused keeps the server's permanent refusal of entry id's change and
// drops its queued items; an edit of the entry queues it again.
func (s *Service) refused(uid, id uint64, seqs []uint64, status int) error {
	s.log.Warn("the server refused a saved password's change", "entry", id, "status", status)
	return s.db.Update(func(tx *store.Tx) error {
		if err := tx.DeleteVaultOutbox(uid, seqs...); err != nil {
			return err
		}
		st, err := tx.VaultSyncState(uid)
		if err != nil {
			return err
		}
		if st.Refused == nil {
			st.Refused = map[uint64]int{}
		}
		st.Refused[id] = status
		return tx.PutVaultSyncState(uid, st)
	})
}

func sortedKeys[V any](m map[uint64]V) []uint64 {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
