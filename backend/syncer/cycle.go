package syncer

import (
	"errors"
	"maps"
	"slices"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/profilefield"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// cycle is one round of sync: pull and merge the server's profile, then
// deliver the outbox. Pulling first means a field changed on both sides is
// found as a conflict before the local value could overwrite the server's,
// so without the server's profile nothing is pushed. Past that, no one
// part blocks the others (issue 12 §1): a server picture that cannot be
// downloaded is a problem shown beside the status while the fields merge
// and the outbox is delivered, and a change the server refuses stays
// queued while the rest goes through.
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
	before, err := e.heldBy(s.userID)
	if err != nil {
		return err
	}
	// Also when a step fails: what the steps before it replaced is gone.
	defer e.eraseDropped(s.userID, before)
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
		Base: st.Base, Unconfirmed: st.Unconfirmed, Conflicts: st.Conflicts,
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
	// transaction, which must not wait on the network. When it cannot be
	// had, the picture stays as it is here and the rest merges.
	var pic *avatar.Avatar
	fetched := false
	if merge(snapshot).Avatar == avatarTakeRemote && snapshot.RemoteAvat != "" {
		if pic, err = e.pictureFor(s, client, snapshot.RemoteAvat); s.ctx.Err() != nil {
			return s.ctx.Err()
		}
		fetched = err == nil
	} else {
		e.setPictureProblem(s, nil)
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
		if plan.AvatarLanded {
			// The upload whose answer was lost is the server's picture: it
			// is not sent again.
			if err := tx.DropQueued(s.userID, avatarField); err != nil {
				return err
			}
		}
		if plan.Avatar == avatarTakeRemote {
			if err := takeRemoteAvatar(tx, &u, in.RemoteAvat, pic); err != nil {
				return err
			}
			changed = true
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
		// The pull has settled what the lost answers left open.
		st.Base, st.Conflicts, st.Unconfirmed = &plan.Base, plan.Conflicts, nil
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
// its absence (remotePath ""). A picture that could not be had never
// gets here: pull leaves the local one as it is.
func takeRemoteAvatar(tx *store.Tx, u *store.User, remotePath string, pic *avatar.Avatar) error {
	if err := tx.DropQueued(u.ID, avatarField); err != nil {
		return err
	}
	if remotePath == "" {
		u.AvatarHash = ""
		return tx.DeleteAvatar(u.ID)
	}
	u.AvatarHash = pic.Hash
	return tx.PutAvatar(u.ID, pic.JPEG, pic.Thumb)
}

// errUnreadablePicture is a server picture the avatar pipeline refused.
var errUnreadablePicture = errors.New("the server's picture could not be read")

// fetchPicture downloads the server's avatar, showing its progress, and
// puts it through the same checks as an upload (errUnreadablePicture).
func (e *Engine) fetchPicture(s *session, client *remote.Client, path string) (*avatar.Avatar, error) {
	progress, done := e.transfer(s, partAvatarDownload)
	data, err := client.FetchAvatar(s.ctx, path, progress)
	done()
	if err != nil {
		return nil, err
	}
	pic, err := e.cfg.Pipeline.Process(data)
	if err != nil {
		e.cfg.Log.Warn("the server's avatar was refused", "err", err)
		return nil, errUnreadablePicture
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
// same transaction that records the server's new state as the base. A
// refused change does not stop the ones after it; a failure that may pass
// (the server unreachable) does, so the order of changes is kept.
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
		if err := e.deliver(s, client, link, d, held, st.Rejected); err != nil {
			return err
		}
	}
	return e.pruneRejected(s)
}

// sent is what one delivery did.
type sent struct {
	fields     map[string]string // delivered fields, as the server now has them
	avatar     bool              // the picture was delivered
	avatarHash string            // ... this one ("" for none)
	avatarPath string            // ... now at this server path
	refused    store.Rejection   // what the server refused for good (Values empty: nothing)
	keep       map[string]string // refused or not-resent values that stay queued
	keepAvatar bool
}

func (e *Engine) deliver(s *session, client *remote.Client, link store.SyncLink, d delivery, held map[string]bool, rejected *store.Rejection) error {
	out := sent{refused: store.Rejection{Fields: map[string]string{}, Values: map[string]string{}}, keep: map[string]string{}}
	fields, consumed := map[string]string{}, false
	for f, v := range d.fields {
		switch {
		case held[f]:
			consumed = true // settled by the user's choice, which queues it anew
		case rejected != nil && rejected.Values[f] == v && hasKey(rejected.Values, f):
			out.keep[f] = v // refused as it stands: not sent again until edited
		default:
			fields[f] = v
		}
	}
	if err := e.sendFields(s, client, link, fields, &out); err != nil {
		return err
	}
	if d.avatar && held[avatarField] {
		consumed = true
	} else if d.avatar {
		if err := e.sendAvatar(s, client, link, rejected, &out); err != nil {
			return err
		}
	}
	consumed = consumed || len(out.fields) > 0 || out.avatar || len(out.refused.Values) > 0
	if !consumed {
		return nil // nothing sent, nothing settled: the queue stays as it is
	}
	return e.cfg.DB.Update(func(tx *store.Tx) error {
		if err := requeue(tx, s.userID, d, out); err != nil {
			return err
		}
		st, err := tx.SyncState(s.userID)
		if err != nil {
			return err
		}
		if st.Base == nil {
			st.Base = &store.SyncFields{Values: map[string]string{}}
		}
		maps.Copy(st.Base.Values, out.fields)
		if out.avatar {
			st.Base.Avatar, st.Base.LocalAvatar = out.avatarPath, out.avatarHash
		}
		st.Rejected = updateRejection(st.Rejected, out)
		return tx.PutSyncState(s.userID, st)
	})
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

// sendFields sends fields in one update. When the server refuses some of
// them by name, those stay queued and the rest is sent again at once, so
// one refused field never holds the others back.
func (e *Engine) sendFields(s *session, client *remote.Client, link store.SyncLink, fields map[string]string, out *sent) error {
	for len(fields) > 0 {
		var r remote.User
		err := e.authorized(s, client, link, func(access string) (err error) {
			r, err = client.UpdateProfile(s.ctx, access, link.RemoteID, profilefield.RemoteBody(fields))
			return err
		})
		if err == nil {
			out.fields = pick(profilefield.ServerValues(r), fields)
			return nil
		}
		re := refusal(err)
		if re == nil {
			if remote.IsRetryable(err) {
				return e.unconfirmed(s, fields, "", err)
			}
			return err
		}
		named := map[string]string{}
		for _, f := range profilefield.All {
			if msg, ok := re.Fields[f.Remote]; ok && hasKey(fields, f.Name) {
				named[f.Name] = msg
			}
		}
		if len(named) == 0 || len(named) == len(fields) {
			named = maps.Clone(named) // the whole update is refused
			for f := range fields {
				if !hasKey(named, f) {
					named[f] = ""
				}
			}
		}
		e.cfg.Log.Warn("the server refused queued fields", "status", re.Status, "code", re.Code, "fields", slices.Sorted(maps.Keys(named)))
		out.refused.Status, out.refused.Code = re.Status, re.Code
		for f, msg := range named {
			if msg != "" {
				out.refused.Fields[f] = msg
			}
			out.refused.Values[f], out.keep[f] = fields[f], fields[f]
			delete(fields, f)
		}
	}
	return nil
}

// sendAvatar sends this computer's picture (or its removal), unless the
// server refused this very picture before.
func (e *Engine) sendAvatar(s *session, client *remote.Client, link store.SyncLink, rejected *store.Rejection, out *sent) error {
	hash, jpeg, err := e.localAvatar(s)
	if err != nil {
		return err
	}
	if rejected != nil && hasKey(rejected.Values, avatarField) && rejected.Values[avatarField] == hash {
		out.keepAvatar = true
		return nil
	}
	var r remote.User
	err = e.authorized(s, client, link, func(access string) (err error) {
		if hash == "" {
			r, err = client.ClearAvatar(s.ctx, access, link.RemoteID)
			return err
		}
		progress, done := e.transfer(s, partAvatarUpload)
		defer done()
		r, err = client.UploadAvatar(s.ctx, access, link.RemoteID, jpeg, progress)
		return err
	})
	re := refusal(err)
	switch {
	case err == nil:
		out.avatar, out.avatarHash, out.avatarPath = true, hash, remoteAvatar(r)
	case re != nil:
		e.cfg.Log.Warn("the server refused the picture", "status", re.Status, "code", re.Code)
		out.refused.Status, out.refused.Code = re.Status, re.Code
		out.refused.Fields[avatarField] = re.Fields[avatarField]
		out.refused.Values[avatarField], out.keepAvatar = hash, true
	case remote.IsRetryable(err):
		return e.unconfirmed(s, nil, hash, err)
	default:
		return err
	}
	return nil
}

// unconfirmed notes what an update whose outcome is unknown carried (see
// store.SyncState.Unconfirmed) and passes its error on: the change stays
// queued and is sent again, and the next pull does not take the server's
// copy of it for an edit made there.
func (e *Engine) unconfirmed(s *session, fields map[string]string, avatarHash string, cause error) error {
	err := e.updateState(s, func(st *store.SyncState) {
		if st.Unconfirmed == nil {
			st.Unconfirmed = &store.SyncFields{Values: map[string]string{}}
		}
		maps.Copy(st.Unconfirmed.Values, fields)
		if avatarHash != "" {
			st.Unconfirmed.LocalAvatar = avatarHash
		}
	})
	return errors.Join(cause, err)
}

// requeue replaces a delivery's outbox items by what stays queued: refused
// values, unless a later queued change of the same field replaces them.
func requeue(tx *store.Tx, userID uint64, d delivery, out sent) error {
	if err := tx.DeleteOutbox(userID, d.seqs...); err != nil || (len(out.keep) == 0 && !out.keepAvatar) {
		return err
	}
	later, err := tx.Outbox(userID)
	if err != nil {
		return err
	}
	last := d.seqs[len(d.seqs)-1]
	keep, keepAvatar := maps.Clone(out.keep), out.keepAvatar
	for _, item := range later {
		if item.Seq < last {
			continue
		}
		for f := range item.Change.Fields {
			delete(keep, f)
		}
		keepAvatar = keepAvatar && !item.Change.Avatar
	}
	return tx.Enqueue(userID, store.OutboxChange{Fields: keep, Avatar: keepAvatar})
}

// updateRejection forgets the refusals of what went through and adds the new ones.
func updateRejection(old *store.Rejection, out sent) *store.Rejection {
	r := store.Rejection{Fields: map[string]string{}, Values: map[string]string{}}
	if old != nil {
		r.Status, r.Code = old.Status, old.Code
		maps.Copy(r.Fields, old.Fields)
		maps.Copy(r.Values, old.Values)
	}
	forget := slices.Collect(maps.Keys(out.fields))
	if out.avatar {
		forget = append(forget, avatarField)
	}
	for _, f := range forget {
		delete(r.Fields, f)
		delete(r.Values, f)
	}
	if len(out.refused.Values) > 0 {
		r.Status, r.Code = out.refused.Status, out.refused.Code
		maps.Copy(r.Fields, out.refused.Fields)
		maps.Copy(r.Values, out.refused.Values)
	}
	if len(r.Values) == 0 {
		return nil
	}
	return &r
}

// pruneRejected forgets refusals of values no longer queued (the user
// edited the field, or the server's value was taken meanwhile). Without a
// kept refusal it only reads.
func (e *Engine) pruneRejected(s *session) error {
	var kept bool
	err := e.cfg.DB.View(func(tx *store.Tx) error {
		st, err := tx.SyncState(s.userID)
		kept = st.Rejected != nil
		return err
	})
	if err != nil || !kept {
		return err
	}
	return e.cfg.DB.Update(func(tx *store.Tx) error { return pruneRejectedTx(tx, s.userID) })
}

func pruneRejectedTx(tx *store.Tx, userID uint64) error {
	st, err := tx.SyncState(userID)
	if err != nil || st.Rejected == nil {
		return err
	}
	items, err := tx.Outbox(userID)
	if err != nil {
		return err
	}
	u, err := tx.User(userID)
	if err != nil {
		return err
	}
	queued, avatarQueued := map[string]string{}, false
	for _, item := range items {
		maps.Copy(queued, item.Change.Fields)
		avatarQueued = avatarQueued || item.Change.Avatar
	}
	changed := false
	for f, v := range st.Rejected.Values {
		still := hasKey(queued, f) && queued[f] == v
		if f == avatarField {
			still = avatarQueued && u.AvatarHash == v
		}
		if !still {
			delete(st.Rejected.Values, f)
			delete(st.Rejected.Fields, f)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	if len(st.Rejected.Values) == 0 {
		st.Rejected = nil
	}
	return tx.PutSyncState(userID, st)
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

// refusal is err as a permanent refusal by the server (a 4xx but 401, or
// an answer PassDesk cannot use), or nil: temporary failures and a needed
// sign-in are not refusals.
func refusal(err error) *remote.Error {
	var re *remote.Error
	if err == nil || !errors.As(err, &re) || re.Retryable() || re.Kind == remote.KindUnauthorized {
		return nil
	}
	return re
}
