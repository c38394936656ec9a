package main

import (
	"passdesk/backend/guard"
	"passdesk/backend/profile"
)

// SetAvatar replaces the signed-in user's picture, sent as base64; a refused
// picture leaves the old one in place.
func (a *App) SetAvatar(base64Picture string) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "SetAvatar")
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.UploadAvatar(uid, base64Picture, a.avatars)
}

// RemoveAvatar deletes the signed-in user's picture.
func (a *App) RemoveAvatar() (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "RemoveAvatar")
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.RemoveAvatar(uid)
}
