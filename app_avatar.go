package main

import "passdesk/backend/profile"

// SetAvatar replaces the signed-in user's picture, sent as base64; a refused
// picture leaves the old one in place.
func (a *App) SetAvatar(base64Picture string) (profile.Profile, error) {
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.synced(a.profiles.UploadAvatar(uid, base64Picture, a.avatars))
}

// RemoveAvatar deletes the signed-in user's picture.
func (a *App) RemoveAvatar() (profile.Profile, error) {
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.synced(a.profiles.RemoveAvatar(uid))
}
