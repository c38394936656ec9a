// Package profile reads and edits the signed-in user's profile. Every
// operation takes the user id of a verified session, never one from the UI.
package profile

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
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

// Patch is a partial update: a nil field is left as it is. An empty
// NumberPhone clears the phone number.
type Patch struct {
	Username    *string `json:"username,omitempty"`
	Email       *string `json:"email,omitempty"`
	FirstName   *string `json:"first_name,omitempty"`
	LastName    *string `json:"last_name,omitempty"`
	NumberPhone *string `json:"number_phone,omitempty"`
}

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
func (s *Service) Update(userID uint64, patch Patch) (Profile, error) {
	trim(&patch)
	bad := validate.Collect{}
	check := func(field string, v *string, rule func(string) apperr.Message) {
		if v != nil {
			bad.Check(field, rule(*v))
		}
	}
	check("username", patch.Username, validate.Username)
	check("email", patch.Email, validate.Email)
	check("first_name", patch.FirstName, validate.Name)
	check("last_name", patch.LastName, validate.Name)
	check("number_phone", patch.NumberPhone, validate.Phone)
	if len(bad) > 0 {
		return Profile{}, apperr.FieldErrors(bad)
	}
	var u store.User
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(userID); err != nil {
			return err
		}
		changed := apply(&u, patch)
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
	return FromUser(u), nil
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

func (s *Service) changeAvatar(userID uint64, hash string, write func(*store.Tx) error) (Profile, error) {
	var u store.User
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(userID); err != nil {
			return err
		}
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
	return FromUser(u), nil
}

func trim(p *Patch) {
	for field, v := range map[string]*string{"username": p.Username, "email": p.Email,
		"first_name": p.FirstName, "last_name": p.LastName, "number_phone": p.NumberPhone} {
		if v != nil {
			*v = validate.Normalize(field, strings.TrimSpace(*v))
		}
	}
}

// apply copies the present fields of p into u and returns the new values of
// those that changed, by their JSON names (what sync sends on).
func apply(u *store.User, p Patch) map[string]string {
	changed := map[string]string{}
	set := func(name string, dst *string, v *string) {
		if v != nil && *dst != *v {
			*dst = *v
			changed[name] = *v
		}
	}
	set("username", &u.Username, p.Username)
	set("email", &u.Email, p.Email)
	set("first_name", &u.FirstName, p.FirstName)
	set("last_name", &u.LastName, p.LastName)
	set("number_phone", &u.NumberPhone, p.NumberPhone)
	return changed
}
