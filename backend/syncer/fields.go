package syncer

import "passdesk/backend/remote"

// avatarField names the picture wherever fields are listed (conflicts,
// the outbox); the avatar is synced as one field. The text fields are
// profilefield.All.
const avatarField = "avatar"

func remoteAvatar(r remote.User) string {
	if r.Avatar == nil {
		return ""
	}
	return *r.Avatar
}
