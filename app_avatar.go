package main

import (
	"encoding/base64"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/profile"
)

// maxAvatarBase64 bounds the text SetAvatar accepts before decoding it: the
// base64 form of the largest picture the pipeline takes.
var maxAvatarBase64 = base64.StdEncoding.EncodedLen(avatar.MaxFileBytes)

// SetAvatar replaces the signed-in user's picture. The bytes come as base64
// (how Wails carries binary data); the pipeline checks, cleans and resizes
// them, and a refused picture leaves the old one in place.
func (a *App) SetAvatar(base64Picture string) (profile.Profile, error) {
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	if len(base64Picture) > maxAvatarBase64 {
		return profile.Profile{}, apperr.Field("avatar", "is larger than 10 MiB")
	}
	data, err := base64.StdEncoding.DecodeString(base64Picture)
	if err != nil {
		return profile.Profile{}, apperr.Field("avatar", "could not be read")
	}
	pic, err := a.avatars.Process(data)
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.SetAvatar(uid, pic.JPEG, pic.Thumb, pic.Hash)
}

// RemoveAvatar deletes the signed-in user's picture.
func (a *App) RemoveAvatar() (profile.Profile, error) {
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.RemoveAvatar(uid)
}
