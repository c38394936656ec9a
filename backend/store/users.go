package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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
	users := t.users()
	id, err := users.NextSequence()
	if err != nil {
		return err
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
	b := t.user(id)
	if b == nil {
		return User{}, ErrNoUser
	}
	rec, err := b.Get(keyUserRecord)
	if err == nil && rec == nil { // every user has one (bucketShape)
		err = &DamagedError{Where: recordName(b.path, keyUserRecord), Reason: "missing"}
	}
	if err != nil {
		return User{}, err
	}
	var u User
	if err := json.Unmarshal(rec, &u); err != nil {
		return User{}, internal(err, "decode user record")
	}
	return u, nil
}

// UserIDByLogin finds a user by email or username, case-insensitively;
// found is false when neither index holds login.
func (t *Tx) UserIDByLogin(login string) (id uint64, found bool, err error) {
	key := foldKey(login)
	for _, index := range []*bucket{t.emailIndex(), t.usernameIndex()} {
		if v, err := index.Get(key); err != nil || v != nil {
			return btoi(v), err == nil, err
		}
	}
	return 0, false, nil
}

// PasswordHash returns the stored PHC string of a user's password.
func (t *Tx) PasswordHash(id uint64) (string, error) {
	b := t.user(id)
	if b == nil {
		return "", ErrNoUser
	}
	hash, err := b.Get(keyUserPassword)
	if err == nil && hash == nil { // every user has one (bucketShape)
		err = &DamagedError{Where: recordName(b.path, keyUserPassword), Reason: "missing"}
	}
	return string(hash), err
}

// SetPasswordHash replaces a user's password hash.
func (t *Tx) SetPasswordHash(id uint64, hash string) error {
	b := t.user(id)
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
		if err := t.emailIndex().Delete(foldKey(old.Email)); err != nil {
			return internal(err, "unindex email")
		}
		if err := t.usernameIndex().Delete(foldKey(old.Username)); err != nil {
			return internal(err, "unindex username")
		}
	}
	id := itob(u.ID)
	if err := t.emailIndex().Put(foldKey(u.Email), id); err != nil {
		return internal(err, "index email")
	}
	if err := t.usernameIndex().Put(foldKey(u.Username), id); err != nil {
		return internal(err, "index username")
	}
	rec, err := json.Marshal(u)
	if err != nil {
		return internal(err, "encode user record")
	}
	return t.user(u.ID).Put(keyUserRecord, rec)
}

func (t *Tx) checkUnique(self uint64, email, username string) error {
	fields := map[string]string{}
	v, err := t.emailIndex().Get(foldKey(email))
	if err != nil {
		return err
	}
	if v != nil && btoi(v) != self {
		fields["email"] = MsgEmailTaken
	}
	if v, err = t.usernameIndex().Get(foldKey(username)); err != nil {
		return err
	}
	if v != nil && btoi(v) != self {
		fields["username"] = MsgUsernameTaken
	}
	if len(fields) > 0 {
		return apperr.FieldErrors(fields)
	}
	return nil
}

// DeleteUser removes the user and everything that belongs to it: its record,
// password, index entries and sessions. It decodes none of the user's
// values, so an account whose records are damaged can still be deleted:
// sessions are found by key and index entries by the id they hold.
func (t *Tx) DeleteUser(id uint64) error {
	ub := t.user(id)
	if ub == nil {
		return ErrNoUser
	}
	if own := ub.Bucket(bucketUserSessions); own != nil {
		err := own.boltBucket.ForEach(func(jti, _ []byte) error { return t.sessions().Delete(jti) })
		if err != nil {
			return internal(err, "delete sessions")
		}
	}
	for _, index := range []*bucket{t.emailIndex(), t.usernameIndex()} {
		var keys [][]byte
		// Raw values: an entry of this user's goes even when its tag is damaged.
		_ = index.boltBucket.ForEach(func(k, raw []byte) error {
			if bytes.HasPrefix(raw, itob(id)) {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range keys {
			if err := index.Delete(k); err != nil {
				return internal(err, "unindex user")
			}
		}
	}
	if err := t.users().DeleteBucket(itob(id)); err != nil {
		return internal(err, "delete user bucket")
	}
	return nil
}

// ForEachUser calls fn with every user, in id order.
func (t *Tx) ForEachUser(fn func(User) error) error {
	return t.users().ForEachBucket(func(k []byte) error {
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
		bucket *bucket
		field  func(User) string
	}{
		{"email", t.emailIndex(), func(u User) string { return u.Email }},
		{"username", t.usernameIndex(), func(u User) string { return u.Username }},
	}
	for _, ix := range indexes {
		_ = ix.bucket.forEachRecord(func(k, v []byte, damaged error) error {
			if damaged != nil {
				report("%v", damaged)
				return nil
			}
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
	// Ids come from bucket sequences, which live in untagged bucket headers.
	sequenced := []*bucket{t.users()}
	_ = t.users().ForEachBucket(func(k []byte) error {
		u, err := t.User(btoi(k))
		if err != nil {
			report("user %d: %v", btoi(k), err)
			return nil
		}
		for _, ix := range indexes {
			if v, err := ix.bucket.Get(foldKey(ix.field(u))); err != nil || btoi(v) != u.ID {
				report("user %d is missing from the %s index", u.ID, ix.name)
			}
		}
		ub := t.user(u.ID)
		sequenced = append(sequenced, ub.Bucket(bucketUserVault))
		if sb := ub.Bucket(bucketUserSync); sb != nil {
			sequenced = append(sequenced, sb.Bucket(bucketSyncOutbox))
		}
		return nil
	})
	for _, b := range sequenced {
		if b == nil {
			continue
		}
		if last, _ := b.Cursor().Last(); btoi(last) > b.Sequence() {
			report("bucket %s hands out id %d next, but already holds %d", b.name(), b.Sequence()+1, btoi(last))
		}
	}
	_ = t.sessions().forEachRecord(func(jti, v []byte, damaged error) error {
		var s Session
		if damaged != nil {
			report("%v", damaged)
		} else if err := json.Unmarshal(v, &s); err != nil {
			report("session %x: %v", jti, err)
		} else if t.user(s.UserID) == nil {
			report("session %x belongs to missing user %d", jti, s.UserID)
		}
		return nil
	})
	return problems
}
