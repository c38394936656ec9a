// Package profile reads and edits the signed-in user's profile. Every
// operation takes the user id of a verified session, never one from the UI.
package profile

import (
	"encoding/base64"
	"strconv"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/profilefield"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

// Profile is the user as the frontend sees it: the web service's response
// shape (id, username, email, first_name, last_name, number_phone, avatar)
// plus the two timestamps, as RFC 3339 strings.
type Profile struct {
	ID          uint64  `json:"id"`
	Username    string  `json:"username"`
	Email       string  `json:"email"`
	FirstName   string  `json:"first_name"`
	LastName    string  `json:"last_name"`
	NumberPhone *string `json:"number_phone"`
	Avatar      *string `json:"avatar"`
	DateJoined  string  `json:"date_joined"`
	UpdatedAt   string  `json:"updated_at"`
}

// Patch is a partial update by field name (profilefield.All): a field not
// present is left as it is; "" clears an optional field.
type Patch map[string]string

// FromUser converts a stored user to its public profile.
func FromUser(u store.User) Profile {
	p := Profile{
		ID: u.ID, Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		DateJoined: u.DateJoined.UTC().Format(time.RFC3339), UpdatedAt: u.UpdatedAt.UTC().Format(time.RFC3339),
	}
	if u.NumberPhone != "" {
		phone := u.NumberPhone
		p.NumberPhone = &phone
	}
	if u.AvatarHash != "" {
		url := AvatarURL(u.ID, u.AvatarHash)
		p.Avatar = &url
	}
	return p
}

// AvatarURL is where the app's asset handler serves a user's avatar; the
// hash in it changes with the picture, so the webview never shows a stale one.
func AvatarURL(userID uint64, hash string) string {
	return "/media/avatars/" + strconv.FormatUint(userID, 10) + "-" + hash + ".jpg"
}

// Service is the profile API over one database.
type Service struct {
	db  *store.DB
	now func() time.Time
}

// New returns the profile service; now is the clock (time.Now when nil).
func New(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// Get returns the profile of userID.
func (s *Service) Get(userID uint64) (Profile, error) {
	var u store.User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		u, err = tx.User(userID)
		return err
	})
	if err != nil {
		return Profile{}, err
	}
	return FromUser(u), nil
}

// Update applies patch to userID's profile. Every present field is validated
// first; when any is invalid nothing is written and every problem is returned.
// Email and username uniqueness is checked inside the write transaction.
// A name that is not a profile field is refused (apperr.NotAChoice).
func (s *Service) Update(userID uint64, patch Patch) (Profile, error) {
	clean := make(map[string]string, len(patch))
	bad := validate.Collect{}
	for name, typed := range patch {
		f, ok := profilefield.ByName(name)
		if !ok {
			bad.Check(name, apperr.NotAChoice)
			continue
		}
		clean[name] = f.Normalize(typed)
		bad.Check(name, f.Check(clean[name]))
	}
	if len(bad) > 0 {
		return Profile{}, apperr.FieldErrors(bad)
	}
	var u store.User
	var changed map[string]string
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(userID); err != nil {
			return err
		}
		changed = apply(&u, clean)
		if len(changed) == 0 {
			return nil
		}
		u.UpdatedAt = s.now().UTC()
		if err := tx.UpdateUser(&u); err != nil {
			return err
		}
		return tx.Enqueue(userID, store.OutboxChange{Fields: changed})
	})
	if err != nil {
		return Profile{}, err
	}
	if clearsAField(changed) {
		// A field emptied is one the user asked to forget: its value would
		// otherwise stay in a freed page. A value replaced by another is not
		// worth a rewrite of the whole file at every edit (issue 13: an
		// update within 2x a raw put); the next rewrite (any deletion, the
		// account's, a compaction) drops it. On ErrNotErased the change
		// stands and the new profile is returned with it.
		err = s.db.Erase()
	}
	return FromUser(u), err
}

// clearsAField reports whether a change (field name → new value) empties a field.
func clearsAField(changed map[string]string) bool {
	for _, value := range changed {
		if value == "" {
			return true
		}
	}
	return false
}

// maxAvatarBase64 bounds the text UploadAvatar accepts before decoding it:
// the base64 form of the largest picture the pipeline takes.
var maxAvatarBase64 = base64.StdEncoding.EncodedLen(avatar.MaxFileBytes)

// UploadAvatar checks, cleans and stores a picture sent as base64 (how Wails
// carries binary data). A refused picture leaves the current one in place:
// nothing is written unless the pipeline accepted it.
func (s *Service) UploadAvatar(userID uint64, base64Picture string, pipeline *avatar.Pipeline) (Profile, error) {
	if len(base64Picture) > maxAvatarBase64 {
		return Profile{}, apperr.Field("avatar", apperr.PictureTooLarge(avatar.MaxFileBytes>>20))
	}
	data, err := base64.StdEncoding.DecodeString(base64Picture)
	if err != nil {
		return Profile{}, apperr.Field("avatar", apperr.PictureUnreadable)
	}
	pic, err := pipeline.Process(data)
	if err != nil {
		return Profile{}, err
	}
	return s.SetAvatar(userID, pic.JPEG, pic.Thumb, pic.Hash)
}

// SetAvatar stores an already processed avatar (see package avatar) and
// points the profile at it, in one transaction.
func (s *Service) SetAvatar(userID uint64, jpeg, thumb []byte, hash string) (Profile, error) {
	return s.changeAvatar(userID, hash, func(tx *store.Tx) error { return tx.PutAvatar(userID, jpeg, thumb) })
}

// RemoveAvatar deletes the avatar; the profile shows initials again.
func (s *Service) RemoveAvatar(userID uint64) (Profile, error) {
	return s.changeAvatar(userID, "", func(tx *store.Tx) error { return tx.DeleteAvatar(userID) })
}

// changeAvatar erases (store.DB.Erase) when there was a picture: the old
// one, stored as plain JPEG, would otherwise stay in freed pages. On
// ErrNotErased the change stands and the new profile is returned with it.
func (s *Service) changeAvatar(userID uint64, hash string, write func(*store.Tx) error) (Profile, error) {
	var u store.User
	var had bool
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(userID); err != nil {
			return err
		}
		had = u.AvatarHash != ""
		if err := write(tx); err != nil {
			return err
		}
		u.AvatarHash = hash
		u.UpdatedAt = s.now().UTC()
		if err := tx.UpdateUser(&u); err != nil {
			return err
		}
		return tx.Enqueue(userID, store.OutboxChange{Avatar: true})
	})
	if err != nil {
		return Profile{}, err
	}
	if had {
		err = s.db.Erase()
	}
	return FromUser(u), err
}

// apply writes the values of fields into u and returns those that
// changed, by name (what sync sends on).
func apply(u *store.User, fields map[string]string) map[string]string {
	changed := map[string]string{}
	for name, v := range fields {
		if f, _ := profilefield.ByName(name); *f.Value(u) != v {
			*f.Value(u) = v
			changed[name] = v
		}
	}
	return changed
}
