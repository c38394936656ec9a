package syncer

import (
	"maps"

	"passdesk/backend/profilefield"
	"passdesk/backend/store"
)

// avatarMove is what a merge decides about the picture.
type avatarMove int

const (
	avatarKeep       avatarMove = iota // nothing to do (a local change, if any, is queued)
	avatarTakeRemote                   // store the server's picture (or its absence) locally
	avatarPush                         // queue the local picture for the server
)

// mergeInput is one side-by-side view of the three states a merge compares.
type mergeInput struct {
	Local       map[string]string
	LocalAvatar string // local avatar hash, "" for none
	Remote      map[string]string
	RemoteAvat  string // server's avatar path, "" for none
	Base        *store.SyncFields
	Unconfirmed *store.SyncFields // what updates whose answer was lost carried
	Conflicts   []store.SyncConflict
}

// mergePlan is what to change so that both sides agree, except where they
// conflict.
type mergePlan struct {
	TakeRemote map[string]string // fields to set locally to the server's value
	Push       map[string]string // fields to queue for the server (first link only)
	Avatar     avatarMove
	// AvatarLanded: the server's picture is this computer's upload whose
	// answer was lost; the queued upload is not sent again.
	AvatarLanded bool
	Base         store.SyncFields
	Conflicts    []store.SyncConflict
}

// merge is the three-way merge of one profile, field by field, against the
// last synced remote state (the base):
//   - both sides equal: nothing to do, the base catches up;
//   - only the server changed: the local field takes the server's value;
//   - only this computer changed: the queued change will carry it;
//   - both changed to different values: a conflict, left for the user;
//   - a server value this computer's rules refuse (a control or bidi
//     character in a name, which the service lets through): a conflict,
//     never taken silently; keeping the server's is refused (Resolve).
//
// Without a base (the first sync after linking) nothing is known about who
// changed what: a value missing on one side is filled from the other, and
// two different values are a conflict. Nothing is ever dropped silently.
//
// An update whose answer was lost may have been applied (in.Unconfirmed):
// what the server holds of it counts as the base, so this computer's own
// change, or a later edit of it here, is no conflict (issue 12 §3).
func merge(in mergeInput) mergePlan {
	var landed bool
	in.Base, landed = confirmed(in)
	plan := mergePlan{AvatarLanded: landed,
		TakeRemote: map[string]string{}, Push: map[string]string{},
		Base: store.SyncFields{Values: map[string]string{}},
	}
	open := map[string]bool{}
	for _, c := range in.Conflicts {
		open[c.Field] = true
	}
	conflict := func(field, server string) {
		plan.Conflicts = append(plan.Conflicts, store.SyncConflict{Field: field, Server: server})
	}
	for _, field := range profilefield.All {
		f := field.Name
		l, r := in.Local[f], in.Remote[f]
		b, hasBase := "", in.Base != nil
		if hasBase {
			b = in.Base.Values[f]
		}
		plan.Base.Values[f] = b
		switch {
		case field.Equal(l, r):
			plan.Base.Values[f] = r
		case open[f]:
			conflict(f, r)
		case !hasBase && l == "" && acceptable(field, r):
			plan.TakeRemote[f], plan.Base.Values[f] = r, r
		case !hasBase && r == "":
			plan.Push[f], plan.Base.Values[f] = l, r
		case !hasBase:
			conflict(f, r)
		case r == b:
			// Changed here only; the outbox carries it.
		case l == b && acceptable(field, r):
			plan.TakeRemote[f], plan.Base.Values[f] = r, r
		default:
			conflict(f, r)
		}
	}
	plan.Avatar = mergeAvatar(in, open[avatarField], &plan.Base)
	if plan.Avatar == avatarKeep && conflictingAvatars(in, open[avatarField]) {
		conflict(avatarField, in.RemoteAvat)
	}
	return plan
}

// acceptable reports whether the server's value of field passes the local
// check, so that the merge may store it.
func acceptable(field profilefield.Field, server string) bool {
	return field.Check(field.Normalize(server)).IsZero()
}

// mergeAvatar decides the picture's move and sets its part of the base. Two
// pictures are never compared by content: the server re-encodes what it is
// sent, so any change on both sides is a conflict unless both removed it.
func mergeAvatar(in mergeInput, open bool, base *store.SyncFields) avatarMove {
	base.Avatar, base.LocalAvatar = in.RemoteAvat, in.LocalAvatar
	if in.Base != nil {
		base.Avatar, base.LocalAvatar = in.Base.Avatar, in.Base.LocalAvatar
	}
	local, remote := in.LocalAvatar, in.RemoteAvat
	switch {
	case local == "" && remote == "":
		base.Avatar, base.LocalAvatar = "", ""
		return avatarKeep
	case open:
		return avatarKeep
	case in.Base == nil && local == "":
		return avatarTakeRemote
	case in.Base == nil && remote == "":
		return avatarPush
	case in.Base == nil:
		return avatarKeep // a conflict: see conflictingAvatars
	}
	localChanged, remoteChanged := local != in.Base.LocalAvatar, remote != in.Base.Avatar
	switch {
	case remoteChanged && !localChanged:
		return avatarTakeRemote
	default:
		return avatarKeep
	}
}

// confirmed is in's base with what the server shows of the unconfirmed
// updates taken as synced: a field whose server value is the one sent, and
// a changed server picture while this computer still has the picture whose
// upload lost its answer (landed). A web edit to that very value in the
// same moment is told apart from the lost answer by nothing the service
// offers (no version, no ETag: remote-api.md, defect 6); the local value
// then stands, as if the edit had come first.
func confirmed(in mergeInput) (base *store.SyncFields, landed bool) {
	if in.Base == nil || in.Unconfirmed == nil {
		return in.Base, false
	}
	b := &store.SyncFields{Values: map[string]string{}, Avatar: in.Base.Avatar, LocalAvatar: in.Base.LocalAvatar}
	maps.Copy(b.Values, in.Base.Values)
	for f, v := range in.Unconfirmed.Values {
		if in.Remote[f] == v {
			b.Values[f] = v
		}
	}
	sent := in.Unconfirmed.LocalAvatar
	if sent != "" && in.LocalAvatar == sent && in.RemoteAvat != "" && in.RemoteAvat != in.Base.Avatar {
		b.Avatar, b.LocalAvatar, landed = in.RemoteAvat, sent, true
	}
	return b, landed
}

func conflictingAvatars(in mergeInput, open bool) bool {
	local, remote := in.LocalAvatar, in.RemoteAvat
	if local == "" && remote == "" {
		return false
	}
	if open || in.Base == nil {
		return true
	}
	return local != in.Base.LocalAvatar && remote != in.Base.Avatar
}
