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
	if err := t.checkUnique(0, u.Email, u.Username, nil); err != nil {
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

// UserIDByLogin finds a user by email or username, through their index keys.
func (t *Tx) UserIDByLogin(login string) (uint64, bool) {
	if v := emailIndex(t.tx).Get(emailKey(login)); v != nil {
		return btoi(v), true
	}
	if v := usernameIndex(t.tx).Get(usernameKey(login)); v != nil {
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
	if err := t.checkUnique(u.ID, u.Email, u.Username, &old); err != nil {
		return err
	}
	return t.putUser(u, &old)
}

func (t *Tx) putUser(u *User, old *User) error {
	if old != nil {
		if err := t.releaseKey(emailIndex(t.tx), emailKey(old.Email), u.ID, userEmailKey); err != nil {
			return internal(err, "unindex email")
		}
		if err := t.releaseKey(usernameIndex(t.tx), usernameKey(old.Username), u.ID, userUsernameKey); err != nil {
			return internal(err, "unindex username")
		}
	}
	if err := claimKey(emailIndex(t.tx), emailKey(u.Email), u.ID); err != nil {
		return internal(err, "index email")
	}
	if err := claimKey(usernameIndex(t.tx), usernameKey(u.Username), u.ID); err != nil {
		return internal(err, "index username")
	}
	rec, err := json.Marshal(u)
	if err != nil {
		return internal(err, "encode user record")
	}
	return userBucket(t.tx, u.ID).Put(keyUserRecord, rec)
}

// claimKey points key at id, unless it points at another user: a clash the
// identity migration kept (see rebuildIdentityIndexes), which stays with
// the user that has it. checkUnique lets nothing else reach here.
func claimKey(b *bolt.Bucket, key []byte, id uint64) error {
	if v := b.Get(key); v != nil && btoi(v) != id {
		return nil
	}
	return b.Put(key, itob(id))
}

// releaseKey removes key when it points at id (after a kept clash it may
// not), and hands it to another user whose field has that key, if a clash
// kept by the identity migration left one waiting. Local accounts are few,
// so the scan is cheap.
func (t *Tx) releaseKey(b *bolt.Bucket, key []byte, id uint64, keyOf func(User) []byte) error {
	if btoi(b.Get(key)) != id {
		return nil
	}
	if err := b.Delete(key); err != nil {
		return err
	}
	return t.ForEachUser(func(u User) error {
		if u.ID != id && b.Get(key) == nil && bytes.Equal(keyOf(u), key) {
			return b.Put(key, itob(u.ID))
		}
		return nil
	})
}

func userEmailKey(u User) []byte    { return emailKey(u.Email) }
func userUsernameKey(u User) []byte { return usernameKey(u.Username) }

// checkUnique refuses an email or username whose key another user holds.
// A key the user already had (old) is no new claim, even when a clash kept
// by the identity migration gave its index entry to the other user.
func (t *Tx) checkUnique(self uint64, email, username string, old *User) error {
	var oldEmail, oldUsername []byte
	if old != nil {
		oldEmail, oldUsername = emailKey(old.Email), usernameKey(old.Username)
	}
	taken := func(b *bolt.Bucket, key, oldKey []byte) bool {
		v := b.Get(key)
		return v != nil && btoi(v) != self && (oldKey == nil || !bytes.Equal(key, oldKey))
	}
	fields := map[string]string{}
	if taken(emailIndex(t.tx), emailKey(email), oldEmail) {
		fields["email"] = MsgEmailTaken
	}
	if taken(usernameIndex(t.tx), usernameKey(username), oldUsername) {
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
	if err := t.releaseKey(emailIndex(t.tx), emailKey(u.Email), id, userEmailKey); err != nil {
		return internal(err, "unindex email")
	}
	if err := t.releaseKey(usernameIndex(t.tx), usernameKey(u.Username), id, userUsernameKey); err != nil {
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
		keyOf  func(User) []byte
	}{
		{"email", emailIndex(t.tx), func(u User) string { return u.Email }, userEmailKey},
		{"username", usernameIndex(t.tx), func(u User) string { return u.Username }, userUsernameKey},
	}
	for _, ix := range indexes {
		_ = ix.bucket.ForEach(func(k, v []byte) error {
			u, err := t.User(btoi(v))
			switch {
			case errors.Is(err, ErrNoUser):
				report("%s index entry %q points at missing user %d", ix.name, k, btoi(v))
			case err != nil:
				report("user %d: %v", btoi(v), err)
			case !bytes.Equal(ix.keyOf(u), k):
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
			holder := btoi(ix.bucket.Get(ix.keyOf(u)))
			if holder == u.ID {
				continue
			}
			// Held by another user with the same key: a clash the identity
			// migration kept (see IndexClashes), not damage.
			if h, err := t.User(holder); err != nil || !bytes.Equal(ix.keyOf(h), ix.keyOf(u)) {
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
