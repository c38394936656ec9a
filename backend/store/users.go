package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/apperr"
)

// User is a local account's stored record.
type User struct {
	ID          uint64    `json:"id"`
	Username    string    `json:"username"`
	Email       string    `json:"email"`
	FirstName   string    `json:"first_name"`
	LastName    string    `json:"last_name"`
	NumberPhone string    `json:"number_phone"`
	AvatarHash  string    `json:"avatar_hash,omitempty"`
	DateJoined  time.Time `json:"date_joined"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Messages for the uniqueness rules, shared with the validation layer's wording.
const (
	MsgEmailTaken    = "already in use"
	MsgUsernameTaken = "already in use"
)

// ErrNoUser is returned when a user id does not exist (any more).
var ErrNoUser = apperr.New(apperr.NotFound, "This account no longer exists.")

// CreateUser stores a new user and its password hash, assigning its id. The
// email and username must not be in use by another user (compared
// case-insensitively); that is checked here, inside the write transaction.
func (t *Tx) CreateUser(u *User, passwordHash string) error {
	if err := t.checkUnique(0, u.Email, u.Username); err != nil {
		return err
	}
	users := usersBucket(t.tx)
	id, err := users.NextSequence()
	if err != nil {
		return internal(err, "next user id")
	}
	u.ID = id
	b, err := users.CreateBucket(itob(id))
	if err != nil {
		return internal(err, "create user bucket")
	}
	if _, err := b.CreateBucket(bucketUserSessions); err != nil {
		return internal(err, "create user sessions bucket")
	}
	if err := b.Put(keyUserPassword, []byte(passwordHash)); err != nil {
		return internal(err, "store password")
	}
	return t.putUser(u, nil)
}

// User returns the user with the given id.
func (t *Tx) User(id uint64) (User, error) {
	b := userBucket(t.tx, id)
	if b == nil {
		return User{}, ErrNoUser
	}
	var u User
	if err := json.Unmarshal(b.Get(keyUserRecord), &u); err != nil {
		return User{}, internal(err, "decode user record")
	}
	return u, nil
}

// UserIDByLogin finds a user by email or username, case-insensitively.
func (t *Tx) UserIDByLogin(login string) (uint64, bool) {
	key := foldKey(login)
	if v := emailIndex(t.tx).Get(key); v != nil {
		return btoi(v), true
	}
	if v := usernameIndex(t.tx).Get(key); v != nil {
		return btoi(v), true
	}
	return 0, false
}

// PasswordHash returns the stored PHC string of a user's password.
func (t *Tx) PasswordHash(id uint64) (string, error) {
	b := userBucket(t.tx, id)
	if b == nil {
		return "", ErrNoUser
	}
	return string(b.Get(keyUserPassword)), nil
}

// SetPasswordHash replaces a user's password hash.
func (t *Tx) SetPasswordHash(id uint64, hash string) error {
	b := userBucket(t.tx, id)
	if b == nil {
		return ErrNoUser
	}
	return b.Put(keyUserPassword, []byte(hash))
}

// UpdateUser rewrites a user's record, moving its index entries when the
// email or username changed (and refusing when the new one is taken).
func (t *Tx) UpdateUser(u *User) error {
	old, err := t.User(u.ID)
	if err != nil {
		return err
	}
	if err := t.checkUnique(u.ID, u.Email, u.Username); err != nil {
		return err
	}
	return t.putUser(u, &old)
}

func (t *Tx) putUser(u *User, old *User) error {
	if old != nil {
		if err := emailIndex(t.tx).Delete(foldKey(old.Email)); err != nil {
			return internal(err, "unindex email")
		}
		if err := usernameIndex(t.tx).Delete(foldKey(old.Username)); err != nil {
			return internal(err, "unindex username")
		}
	}
	id := itob(u.ID)
	if err := emailIndex(t.tx).Put(foldKey(u.Email), id); err != nil {
		return internal(err, "index email")
	}
	if err := usernameIndex(t.tx).Put(foldKey(u.Username), id); err != nil {
		return internal(err, "index username")
	}
	rec, err := json.Marshal(u)
	if err != nil {
		return internal(err, "encode user record")
	}
	return userBucket(t.tx, u.ID).Put(keyUserRecord, rec)
}

func (t *Tx) checkUnique(self uint64, email, username string) error {
	fields := map[string]string{}
	if v := emailIndex(t.tx).Get(foldKey(email)); v != nil && btoi(v) != self {
		fields["email"] = MsgEmailTaken
	}
	if v := usernameIndex(t.tx).Get(foldKey(username)); v != nil && btoi(v) != self {
		fields["username"] = MsgUsernameTaken
	}
	if len(fields) > 0 {
		return apperr.FieldErrors(fields)
	}
	return nil
}

// DeleteUser removes the user and everything that belongs to it: its record,
// password, index entries and sessions.
func (t *Tx) DeleteUser(id uint64) error {
	u, err := t.User(id)
	if err != nil {
		return err
	}
	ub := userBucket(t.tx, id)
	if own := ub.Bucket(bucketUserSessions); own != nil {
		err := own.ForEach(func(jti, _ []byte) error { return sessionsBucket(t.tx).Delete(jti) })
		if err != nil {
			return internal(err, "delete sessions")
		}
	}
	if err := emailIndex(t.tx).Delete(foldKey(u.Email)); err != nil {
		return internal(err, "unindex email")
	}
	if err := usernameIndex(t.tx).Delete(foldKey(u.Username)); err != nil {
		return internal(err, "unindex username")
	}
	if err := usersBucket(t.tx).DeleteBucket(itob(id)); err != nil {
		return internal(err, "delete user bucket")
	}
	return nil
}

// ForEachUser calls fn with every user, in id order.
func (t *Tx) ForEachUser(fn func(User) error) error {
	return usersBucket(t.tx).ForEachBucket(func(k []byte) error {
		u, err := t.User(btoi(k))
		if err != nil {
			return err
		}
		return fn(u)
	})
}

func (t *Tx) checkInvariants() []error {
	var problems []error
	report := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	indexes := []struct {
		name   string
		bucket *bolt.Bucket
		field  func(User) string
	}{
		{"email", emailIndex(t.tx), func(u User) string { return u.Email }},
		{"username", usernameIndex(t.tx), func(u User) string { return u.Username }},
	}
	for _, ix := range indexes {
		_ = ix.bucket.ForEach(func(k, v []byte) error {
			u, err := t.User(btoi(v))
			switch {
			case errors.Is(err, ErrNoUser):
				report("%s index entry %q points at missing user %d", ix.name, k, btoi(v))
			case err != nil:
				report("user %d: %v", btoi(v), err)
			case !bytes.Equal(foldKey(ix.field(u)), k):
				report("%s index entry %q points at user %d whose %s is %q", ix.name, k, u.ID, ix.name, ix.field(u))
			}
			return nil
		})
	}
	_ = usersBucket(t.tx).ForEachBucket(func(k []byte) error {
		u, err := t.User(btoi(k))
		if err != nil {
			report("user %d: %v", btoi(k), err)
			return nil
		}
		for _, ix := range indexes {
			if btoi(ix.bucket.Get(foldKey(ix.field(u)))) != u.ID {
				report("user %d is missing from the %s index", u.ID, ix.name)
			}
		}
		return nil
	})
	_ = sessionsBucket(t.tx).ForEach(func(jti, v []byte) error {
		var s Session
		if err := json.Unmarshal(v, &s); err != nil {
			report("session %x: %v", jti, err)
		} else if userBucket(t.tx, s.UserID) == nil {
			report("session %x belongs to missing user %d", jti, s.UserID)
		}
		return nil
	})
	return problems
}
