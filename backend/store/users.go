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

// ErrNoUser is returned when a user id does not exist (any more).
var ErrNoUser = apperr.New(apperr.NotFound, apperr.AccountGone)

// CreateUser stores a new user and its password record, assigning its id. The
// email and username must not be in use by another user (compared by
// their identity keys, see emailKey); that is checked here, inside the write transaction.
func (t *Tx) CreateUser(u *User, passwordHash string) error {
	if err := t.checkUnique(0, u.Email, u.Username, nil); err != nil {
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

// CheckNewUser refuses, as CreateUser would, an email or username another
// user holds: for a check before the slow part of a sign-up, which
// CreateUser repeats inside its transaction.
func (t *Tx) CheckNewUser(email, username string) error {
	return t.checkUnique(0, email, username, nil)
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

// UserIDByLogin finds a user by email or username, through their index
// keys (emailKey, usernameKey); found is false when neither index holds it.
// When the login is one user's email and another's username, it is the
// first: UserIDsByLogin gives both.
func (t *Tx) UserIDByLogin(login string) (id uint64, found bool, err error) {
	ids, err := t.UserIDsByLogin(login)
	if err != nil || len(ids) == 0 {
		return 0, false, err
	}
	return ids[0], true, nil
}

// UserIDsByLogin returns the users a login names: the one whose email it
// is, then the one whose username it is, each once. Usernames may hold
// "@" (Django's rule), so one text can be one user's email and another
// user's username; the caller tells them apart by the password.
func (t *Tx) UserIDsByLogin(login string) ([]uint64, error) {
	var ids []uint64
	for _, ix := range t.indexes() {
		v, err := ix.bucket.Get(ix.key(login))
		if err != nil {
			return nil, err
		}
		if v != nil && (len(ids) == 0 || ids[0] != btoi(v)) {
			ids = append(ids, btoi(v))
		}
	}
	return ids, nil
}

// PasswordHash returns a user's password record, a PHC string (opaque to
// the store: package accounts).
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

// SetPasswordHash replaces a user's password record.
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
	if err := t.checkUnique(u.ID, u.Email, u.Username, &old); err != nil {
		return err
	}
	return t.putUser(u, &old)
}

func (t *Tx) putUser(u *User, old *User) error {
	for _, ix := range t.indexes() {
		key := ix.keyOf(*u)
		if old != nil {
			// An unchanged key is kept, not released and claimed again: a
			// user waiting on a kept clash would take it in between.
			if oldKey := ix.keyOf(*old); !bytes.Equal(oldKey, key) {
				if err := t.releaseKey(ix, oldKey, u.ID); err != nil {
					return internal(err, "unindex "+ix.name)
				}
			}
		}
		if err := claimKey(ix.bucket, key, u.ID); err != nil {
			return internal(err, "index "+ix.name)
		}
	}
	rec, err := json.Marshal(u)
	if err != nil {
		return internal(err, "encode user record")
	}
	return t.user(u.ID).Put(keyUserRecord, rec)
}

// userIndex is one of the two login indexes with the key a user has in it.
type userIndex struct {
	name   string // "email" or "username", as reports and field errors say
	bucket *bucket
	key    func(string) []byte
	field  func(User) string
}

func (ix userIndex) keyOf(u User) []byte { return ix.key(ix.field(u)) }

func (t *Tx) indexes() []userIndex {
	return []userIndex{
		{"email", t.emailIndex(), emailKey, func(u User) string { return u.Email }},
		{"username", t.usernameIndex(), usernameKey, func(u User) string { return u.Username }},
	}
}

// claimKey points key at id, unless it points at another user: a clash the
// identity migration kept (see rebuildIdentityIndexes), which stays with
// the user that has it. checkUnique lets nothing else reach here. A key
// that already points at id is not written again: rewriting it would dirty
// the index's page, one more page for every profile save to write and
// fsync (issue 13).
func claimKey(b *bucket, key []byte, id uint64) error {
	v, err := b.Get(key)
	if err != nil || v != nil {
		return err
	}
	return b.Put(key, itob(id))
}

// releaseKey removes key when it points at id (after a kept clash it may
// not) and hands it to a user left waiting for it.
func (t *Tx) releaseKey(ix userIndex, key []byte, id uint64) error {
	v, err := ix.bucket.Get(key)
	if err != nil || btoi(v) != id {
		return err
	}
	if err := ix.bucket.Delete(key); err != nil {
		return err
	}
	return t.handOver(ix, key, id)
}

// handOver gives a freed key to another user whose field has it, if a clash
// kept by the identity migration left one waiting. Local accounts are few,
// so the scan is cheap; a user whose record is damaged is passed over (it
// cannot sign in anyway, and deleting another account must still work).
func (t *Tx) handOver(ix userIndex, key []byte, from uint64) error {
	var to uint64
	_ = t.users().ForEachBucket(func(k []byte) error {
		if u, err := t.User(btoi(k)); to == 0 && err == nil && u.ID != from && bytes.Equal(ix.keyOf(u), key) {
			to = u.ID
		}
		return nil
	})
	if to == 0 {
		return nil
	}
	return ix.bucket.Put(key, itob(to))
}

// checkUnique refuses an email or username whose key another user holds.
// A key the user already had (old) is no new claim, even when a clash kept
// by the identity migration gave its index entry to the other user.
func (t *Tx) checkUnique(self uint64, email, username string, old *User) error {
	fields := map[string]apperr.Message{}
	wanted := User{Email: email, Username: username}
	for _, ix := range t.indexes() {
		key := ix.keyOf(wanted)
		if old != nil && bytes.Equal(key, ix.keyOf(*old)) {
			continue
		}
		v, err := ix.bucket.Get(key)
		if err != nil {
			return err
		}
		if v != nil && btoi(v) != self {
			fields[ix.name] = apperr.InUse
		}
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
	for _, ix := range t.indexes() {
		var keys [][]byte
		// Raw values: an entry of this user's goes even when its tag is damaged.
		_ = ix.bucket.boltBucket.ForEach(func(k, raw []byte) error {
			if bytes.HasPrefix(raw, itob(id)) {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range keys {
			if err := ix.bucket.Delete(k); err != nil {
				return internal(err, "unindex user")
			}
			if err := t.handOver(ix, k, id); err != nil {
				return internal(err, "hand over "+ix.name)
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
	indexes := t.indexes()
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
			case !bytes.Equal(ix.keyOf(u), k):
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
			v, err := ix.bucket.Get(ix.keyOf(u))
			if err == nil && btoi(v) == u.ID {
				continue
			}
			// Held by another user with the same key: a clash the identity
			// migration kept (see IndexClashes), not damage.
			if h, herr := t.User(btoi(v)); err != nil || herr != nil || !bytes.Equal(ix.keyOf(h), ix.keyOf(u)) {
				report("user %d is missing from the %s index", u.ID, ix.name)
			}
		}
		ub := t.user(u.ID)
		sequenced = append(sequenced, ub.Bucket(bucketUserVault))
		if sb := ub.Bucket(bucketUserSync); sb != nil {
			sequenced = append(sequenced, sb.Bucket(bucketSyncOutbox))
			if vb := sb.Bucket(bucketSyncVault); vb != nil {
				sequenced = append(sequenced, vb.Bucket(bucketVaultOutbox))
			}
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
