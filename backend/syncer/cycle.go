package syncer

import (
	"errors"
	"maps"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/profilefield"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// cycle is one round of sync: pull and merge the server's profile, then
// deliver the outbox. Pulling first means a field changed on both sides is
// found as a conflict before the local value could overwrite the server's.
func (e *Engine) cycle(s *session) error {
	link, linked, err := e.linkOf(s)
	if err != nil || !linked {
		return err
	}
	if link.NeedsSignIn {
		return errPaused
	}
	client, err := e.clientFor(link)
	if err != nil {
		return err
	}
	var r remote.User
	err = e.authorized(s, client, link, func(access string) (err error) {
		r, err = client.Profile(s.ctx, access)
		return err
	})
	if err != nil {
		return err
	}
	if r.ID != link.RemoteID {
		return errors.New("the server answered with another account's profile")
	}
	if err := e.pull(s, client, r); err != nil {
		return err
	}
	if err := e.push(s, client, link); err != nil {
		return err
	}
	if err := e.updateState(s, func(st *store.SyncState) { st.LastSyncedAt = e.cfg.Now().Unix() }); err != nil {
		return err
	}
	return e.companionRound(s, client, link) // saved passwords (companion.go)
}

func (e *Engine) linkOf(s *session) (link store.SyncLink, linked bool, err error) {
	err = e.cfg.DB.View(func(tx *store.Tx) (err error) {
		link, linked, err = tx.SyncLink(s.userID)
		return err
	})
	return link, linked, err
}

func (e *Engine) clientFor(link store.SyncLink) (*remote.Client, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.client == nil || e.client.BaseURL() != link.ServerURL {
		c, err := remote.New(link.ServerURL, e.cfg.Remote)
		if err != nil {
			return nil, err
		}
		e.client = c
	}
	return e.client, nil
}

func (e *Engine) updateState(s *session, fn func(*store.SyncState)) error {
	return e.cfg.DB.Update(func(tx *store.Tx) error {
		st, err := tx.SyncState(s.userID)
		if err != nil {
			return err
		}
		fn(&st)
		return tx.PutSyncState(s.userID, st)
	})
}

// mergeInputOf reads the local side and the merge state inside tx.
func mergeInputOf(tx *store.Tx, userID uint64, r remote.User) (mergeInput, store.User, store.SyncState, error) {
	u, err := tx.User(userID)
	if err != nil {
		return mergeInput{}, u, store.SyncState{}, err
	}
	st, err := tx.SyncState(userID)
	if err != nil {
		return mergeInput{}, u, st, err
	}
	in := mergeInput{
		Local: profilefield.Values(u), LocalAvatar: u.AvatarHash,
		Remote: profilefield.ServerValues(r), RemoteAvat: remoteAvatar(r),
		Base: st.Base, Conflicts: st.Conflicts,
	}
	return in, u, st, nil
}

// pull merges the server's profile r into the local one.
func (e *Engine) pull(s *session, client *remote.Client, r remote.User) error {
	var snapshot mergeInput
	err := e.cfg.DB.View(func(tx *store.Tx) (err error) {
		snapshot, _, _, err = mergeInputOf(tx, s.userID, r)
		return err
	})
	if err != nil {
		return err
	}
	// The server's picture is fetched and cleaned before the write
	// transaction, which must not wait on the network.
	var pic *avatar.Avatar
	fetched := merge(snapshot).Avatar == avatarTakeRemote && snapshot.RemoteAvat != ""
	if fetched {
		if pic, err = e.fetchPicture(s, client, snapshot.RemoteAvat); err != nil {
			return err
		}
	}
	return e.cfg.DB.Update(func(tx *store.Tx) error {
		in, u, st, err := mergeInputOf(tx, s.userID, r)
		if err != nil {
			return err
		}
		plan := merge(in)
		changed := len(plan.TakeRemote) > 0
		for field, v := range plan.TakeRemote {
			profilefield.Set(&u, field, v)
			if err := tx.DropQueued(s.userID, field); err != nil {
				return err
			}
		}
		if plan.Avatar == avatarTakeRemote && in.RemoteAvat != "" && !fetched {
			// The local picture changed while this cycle read; the next
			// cycle decides again.
			plan.Avatar, plan.Base.Avatar, plan.Base.LocalAvatar = avatarKeep, "", ""
			if in.Base != nil {
				plan.Base.Avatar, plan.Base.LocalAvatar = in.Base.Avatar, in.Base.LocalAvatar
			}
		}
		if plan.Avatar == avatarTakeRemote {
			took, err := takeRemoteAvatar(tx, &u, in.RemoteAvat, pic)
			if err != nil {
				return err
			}
			changed = changed || took
			plan.Base.Avatar, plan.Base.LocalAvatar = in.RemoteAvat, u.AvatarHash
		}
		if changed {
			u.UpdatedAt = e.cfg.Now().UTC()
			if err := updateUnlessTaken(tx, &u, in, &plan); err != nil {
				return err
			}
		}
		if err := tx.Enqueue(s.userID, store.OutboxChange{Fields: plan.Push}); err != nil {
			return err
		}
		if err := tx.Enqueue(s.userID, store.OutboxChange{Avatar: plan.Avatar == avatarPush}); err != nil {
			return err
		}
		if err := e.refreshLinkNames(tx, s.userID, r); err != nil {
			return err
		}
		st.Base, st.Conflicts = &plan.Base, plan.Conflicts
		return tx.PutSyncState(s.userID, st)
	})
}

// updateUnlessTaken writes the merged user. A username or email from the
// server that another local account already uses cannot be taken: that
// field keeps its local value and becomes a conflict, so the user sees it
// (and may keep theirs) instead of sync failing on every pull.
func updateUnlessTaken(tx *store.Tx, u *store.User, in mergeInput, plan *mergePlan) error {
	err := tx.UpdateUser(u)
	taken := apperr.As(err)
	if taken == nil || taken.Code != apperr.Invalid || len(taken.Fields) == 0 {
		return err
	}
	for field := range taken.Fields {
		server, took := plan.TakeRemote[field]
		if !took {
			return err
		}
		profilefield.Set(u, field, in.Local[field])
		plan.Base.Values[field] = ""
		if in.Base != nil {
			plan.Base.Values[field] = in.Base.Values[field]
		}
		plan.Conflicts = append(plan.Conflicts, store.SyncConflict{Field: field, Server: server})
	}
	return tx.UpdateUser(u)
}

// takeRemoteAvatar stores the server's picture (pic, already cleaned) or
// its absence. It reports false when the picture could not be used (a
// broken file on the server): the local one then stays.
func takeRemoteAvatar(tx *store.Tx, u *store.User, remotePath string, pic *avatar.Avatar) (bool, error) {
	if err := tx.DropQueued(u.ID, avatarField); err != nil {
		return false, err
	}
	if remotePath == "" {
		u.AvatarHash = ""
		return true, tx.DeleteAvatar(u.ID)
	}
	if pic == nil {
		return false, nil
	}
	u.AvatarHash = pic.Hash
	return true, tx.PutAvatar(u.ID, pic.JPEG, pic.Thumb)
}

// fetchPicture downloads the server's avatar and puts it through the same
// checks as an upload. A picture the pipeline refuses is logged and
// skipped (nil), not retried forever.
func (e *Engine) fetchPicture(s *session, client *remote.Client, path string) (*avatar.Avatar, error) {
	data, err := client.FetchAvatar(s.ctx, path)
	if err != nil {
		return nil, err
	}
	pic, err := e.cfg.Pipeline.Process(data)
	if err != nil {
		e.cfg.Log.Warn("the server's avatar was refused", "err", err)
		return nil, nil
	}
	return &pic, nil
}

// refreshLinkNames keeps the shown remote account names current.
func (e *Engine) refreshLinkNames(tx *store.Tx, userID uint64, r remote.User) error {
	link, _, err := tx.SyncLink(userID)
	if err != nil || (link.RemoteUsername == r.Username && link.RemoteEmail == r.Email) {
		return err
	}
	link.RemoteUsername, link.RemoteEmail = r.Username, r.Email
	return tx.PutSyncLink(userID, link)
}

// delivery is a run of consecutive outbox items sent as one request:
// field edits merge (the later value wins), and so do picture changes.
type delivery struct {
	seqs   []uint64
	fields map[string]string
	avatar bool
}

func coalesce(items []store.OutboxItem) []delivery {
	var out []delivery
	for _, item := range items {
		isAvatar := item.Change.Avatar && len(item.Change.Fields) == 0
		if n := len(out); n > 0 && out[n-1].avatar == isAvatar && (isAvatar || !item.Change.Avatar) {
			out[n-1].seqs = append(out[n-1].seqs, item.Seq)
			maps.Copy(out[n-1].fields, item.Change.Fields)
			continue
		}
		d := delivery{seqs: []uint64{item.Seq}, fields: maps.Clone(item.Change.Fields), avatar: item.Change.Avatar}
		if d.fields == nil {
			d.fields = map[string]string{}
		}
		out = append(out, d)
	}
	return out
}

// push delivers the outbox in order. Fields in conflict are held back (the
// user's choice decides them); a delivered run leaves the outbox in the
// same transaction that records the server's new state as the base.
func (e *Engine) push(s *session, client *remote.Client, link store.SyncLink) error {
	var items []store.OutboxItem
	var st store.SyncState
	err := e.cfg.DB.View(func(tx *store.Tx) (err error) {
		if items, err = tx.Outbox(s.userID); err != nil {
			return err
		}
		st, err = tx.SyncState(s.userID)
		return err
	})
	if err != nil {
		return err
	}
	held := map[string]bool{}
	for _, c := range st.Conflicts {
		held[c.Field] = true
	}
	for _, d := range coalesce(items) {
		if err := e.deliver(s, client, link, d, held); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) deliver(s *session, client *remote.Client, link store.SyncLink, d delivery, held map[string]bool) error {
	fields := maps.Clone(d.fields)
	for f := range held {
		delete(fields, f)
	}
	var sentFields map[string]string
	sentAvatar, avatarPath := "", ""
	send := func(access string) error {
		var r remote.User
		var err error
		switch {
		case len(fields) > 0:
			if r, err = client.UpdateProfile(s.ctx, access, link.RemoteID, profilefield.RemoteBody(fields)); err == nil {
				sentFields = pick(profilefield.ServerValues(r), fields)
			}
		case d.avatar && !held[avatarField]:
			var hash string
			var jpeg []byte
			if hash, jpeg, err = e.localAvatar(s); err != nil {
				return err
			}
			if hash == "" {
				r, err = client.ClearAvatar(s.ctx, access, link.RemoteID)
			} else {
				r, err = client.UploadAvatar(s.ctx, access, link.RemoteID, jpeg)
			}
			sentAvatar, avatarPath = hash, remoteAvatar(r)
		}
		return err
	}
	if len(fields) > 0 || (d.avatar && !held[avatarField]) {
		if err := e.authorized(s, client, link, send); err != nil {
			return e.refused(s, err)
		}
	}
	return e.cfg.DB.Update(func(tx *store.Tx) error {
		if err := tx.DeleteOutbox(s.userID, d.seqs...); err != nil {
			return err
		}
		st, err := tx.SyncState(s.userID)
		if err != nil {
			return err
		}
		if st.Base == nil {
			st.Base = &store.SyncFields{Values: map[string]string{}}
		}
		maps.Copy(st.Base.Values, sentFields)
		if d.avatar && !held[avatarField] {
			st.Base.Avatar, st.Base.LocalAvatar = avatarPath, sentAvatar
		}
		st.Rejected = nil
		return tx.PutSyncState(s.userID, st)
	})
}

func pick(values, keys map[string]string) map[string]string {
	out := map[string]string{}
	for k := range keys {
		out[k] = values[k]
	}
	return out
}

func (e *Engine) localAvatar(s *session) (hash string, jpeg []byte, err error) {
	err = e.cfg.DB.View(func(tx *store.Tx) error {
		u, err := tx.User(s.userID)
		if err != nil {
			return err
		}
		hash = u.AvatarHash
		jpeg, err = tx.Avatar(s.userID, false)
		return err
	})
	return hash, jpeg, err
}

// refused keeps a permanent refusal of a queued change, so the user sees
// it; the change stays queued (a later edit of the field replaces it).
// Temporary failures and a needed sign-in pass through.
func (e *Engine) refused(s *session, err error) error {
	var re *remote.Error
	if !errors.As(err, &re) || re.Retryable() || re.Kind == remote.KindUnauthorized {
		return err
	}
	rejection := store.Rejection{Status: re.Status, Code: re.Code, Fields: re.Fields}
	if werr := e.updateState(s, func(st *store.SyncState) { st.Rejected = &rejection }); werr != nil {
		return werr
	}
	e.cfg.Log.Warn("the server refused a queued change", "status", re.Status, "code", re.Code)
	return errPaused
}
