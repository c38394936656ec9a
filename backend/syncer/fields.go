package syncer

import (
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// avatarField names the picture wherever fields are listed (conflicts,
// the outbox); the avatar is synced as one field.
const avatarField = "avatar"

// syncedFields are the profile fields kept in sync, by their JSON names.
// Nothing else is ever sent to the server (see remote-api.md, defect 4).
var syncedFields = []string{"username", "email", "first_name", "last_name", "number_phone"}

func localValues(u store.User) map[string]string {
	return map[string]string{
		"username": u.Username, "email": u.Email, "first_name": u.FirstName,
		"last_name": u.LastName, "number_phone": u.NumberPhone,
	}
}

// remoteValues reads the server's user with a null phone as "" (how the
// local record spells "no phone").
func remoteValues(r remote.User) map[string]string {
	phone := ""
	if r.NumberPhone != nil {
		phone = *r.NumberPhone
	}
	return map[string]string{
		"username": r.Username, "email": r.Email, "first_name": r.FirstName,
		"last_name": r.LastName, "number_phone": phone,
	}
}

func remoteAvatar(r remote.User) string {
	if r.Avatar == nil {
		return ""
	}
	return *r.Avatar
}

func setLocal(u *store.User, field, value string) {
	switch field {
	case "username":
		u.Username = value
	case "email":
		u.Email = value
	case "first_name":
		u.FirstName = value
	case "last_name":
		u.LastName = value
	case "number_phone":
		u.NumberPhone = value
	}
}

// remoteFields turns changed values into a partial update for the server.
func remoteFields(values map[string]string) remote.Fields {
	var f remote.Fields
	for name, v := range values {
		v := v
		switch name {
		case "username":
			f.Username = &v
		case "email":
			f.Email = &v
		case "first_name":
			f.FirstName = &v
		case "last_name":
			f.LastName = &v
		case "number_phone":
			f.NumberPhone = &v
		}
	}
	return f
}
