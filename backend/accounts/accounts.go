// Package accounts signs local users up, in and out, verifies their session
// tokens against the store, changes passwords and deletes accounts.
//
// Passwords reach argon2id in their identity.Password (PRECIS OpaqueString)
// form, for the verifier and for the key that wraps the data key alike; the
// stored hash and wrapped key each record that form. Accounts from before
// it (raw bytes, no form recorded) still sign in, and are re-hashed and
// re-wrapped in the prepared form on that sign-in.
package accounts

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/auth"
	"passdesk/backend/identity"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
	"passdesk/backend/validate"
	"passdesk/backend/vault"
)

// DefaultTokenTTL is a session token's absolute lifetime. Idle auto-lock
// usually ends a session long before this.
const DefaultTokenTTL = 12 * time.Hour

// ErrWrongCredentials is the one answer to a failed sign-in, whether the
// account exists or not, so the answer does not reveal which accounts exist.
var ErrWrongCredentials = apperr.New(apperr.Unauthenticated, apperr.WrongCredentials)

// ErrSignedOut is returned for a token that is invalid, expired or revoked.
var ErrSignedOut = apperr.New(apperr.Unauthenticated, apperr.SessionEnded)

// Config tunes a Service; the zero value gives production defaults.
type Config struct {
	Hash     kdf.Params
	TokenTTL time.Duration
	Now      func() time.Time
}

// Service is the accounts API over one database.
type Service struct {
	db        *store.DB
	hash      kdf.Params
	tokens    *auth.Tokens
	now       func() time.Time
	dummyHash string // verified against for unknown accounts, to take the same time
}

// New returns the accounts service for db.
func New(db *store.DB, cfg Config) (*Service, error) {
	if cfg.Hash == (kdf.Params{}) {
		cfg.Hash = kdf.Default
	}
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	var key []byte
	if err := db.View(func(tx *store.Tx) (err error) { key, err = tx.TokenKey(); return err }); err != nil {
		return nil, err
	}
	tokens, err := auth.NewTokens(key, cfg.TokenTTL, cfg.Now)
	if err != nil {
		return nil, err
	}
	dummy, err := hashPassword("dummy password for unknown accounts", identity.FormOpaque, cfg.Hash)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, hash: cfg.Hash, tokens: tokens, now: cfg.Now, dummyHash: dummy}, nil
}

// SignUpInput is what the sign-up form sends.
type SignUpInput struct {
	Username    string `json:"username"`
	Email       string `json:"email"`
	Password    string `json:"password"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	NumberPhone string `json:"number_phone"`
}

// SignInInput is what the sign-in form sends: Login is an email or a username.
type SignInInput struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// Unlocked is a signed-in user: the record, the session token and the data
// key that opens their saved passwords (to be held in memory only; the
// caller owns it and wipes it when the session ends).
type Unlocked struct {
	User    store.User
	Token   string
	DataKey []byte
}

// SignUp creates an account with a fresh data key and signs it in. Fields
// are stored in their validate.Normalize forms.
func (s *Service) SignUp(in SignUpInput) (Unlocked, error) {
	for field, v := range map[string]*string{"username": &in.Username, "email": &in.Email,
		"first_name": &in.FirstName, "last_name": &in.LastName, "number_phone": &in.NumberPhone} {
		*v = validate.Normalize(field, strings.TrimSpace(*v))
	}

	bad := validate.Collect{}
	bad.Check("username", validate.Username(in.Username))
	bad.Check("email", validate.Email(in.Email))
	bad.Check("password", validate.NewPassword(in.Password))
	bad.Check("first_name", validate.Name(in.FirstName))
	bad.Check("last_name", validate.Name(in.LastName))
	bad.Check("number_phone", validate.Phone(in.NumberPhone))
	if len(bad) > 0 {
		return Unlocked{}, apperr.FieldErrors(bad)
	}
	hash, err := hashPassword(in.Password, identity.FormOpaque, s.hash)
	if err != nil {
		return Unlocked{}, apperr.Wrap(err, "hash password")
	}
	dataKey, err := vault.NewDataKey()
	if err != nil {
		return Unlocked{}, apperr.Wrap(err, "make data key")
	}
	now := s.now().UTC()
	u := store.User{
		Username: in.Username, Email: in.Email, FirstName: in.FirstName, LastName: in.LastName,
		NumberPhone: in.NumberPhone, DateJoined: now, UpdatedAt: now,
	}
	var token string
	err = s.db.Update(func(tx *store.Tx) error {
		if err := tx.CreateUser(&u, hash); err != nil {
			return err
		}
		// The id that binds the wrapped key is known only now, inside the
		// transaction, so the (slow) key derivation runs here once.
		if err := s.storeDataKey(tx, u.ID, dataKey, in.Password, identity.FormOpaque); err != nil {
			return err
		}
		token, err = s.startSession(tx, u.ID)
		return err
	})
	if err != nil {
		clear(dataKey)
		return Unlocked{}, err
	}
	return Unlocked{User: u, Token: token, DataKey: dataKey}, nil
}

func (s *Service) storeDataKey(tx *store.Tx, userID uint64, dataKey []byte, password string, f identity.PasswordForm) error {
	wrapped, err := vault.WrapKey(dataKey, password, f, userID, s.hash)
	if err != nil {
		return apperr.Wrap(err, "wrap data key")
	}
	return tx.PutDataKey(userID, wrapped)
}

// protect makes a new verifier for password and wraps dataKey under it,
// both in form f: the slow part of storing a password, done before the
// write transaction so that it does not hold up other writers.
func (s *Service) protect(userID uint64, dataKey []byte, password string, f identity.PasswordForm) (hash string, wrapped []byte, err error) {
	if hash, err = hashPassword(password, f, s.hash); err != nil {
		return "", nil, apperr.Wrap(err, "hash password")
	}
	if wrapped, err = vault.WrapKey(dataKey, password, f, userID, s.hash); err != nil {
		return "", nil, apperr.Wrap(err, "wrap data key")
	}
	return hash, wrapped, nil
}

// SignIn checks a login (email or username, matched by its identity keys)
// and password, unwraps the user's data key and opens a session. An account
// whose password is still stored in the raw form is re-hashed and
// re-wrapped in the prepared form in the same transaction, unless the
// password has no prepared form (a legacy password with a control
// character), which then keeps signing in as it is.
func (s *Service) SignIn(in SignInInput) (Unlocked, error) {
	login := strings.TrimSpace(in.Login)
	bad := validate.Collect{}
	if login == "" {
		bad.Check("login", apperr.Required)
	}
	if in.Password == "" {
		bad.Check("password", apperr.Required)
	}
	if len(bad) > 0 {
		return Unlocked{}, apperr.FieldErrors(bad)
	}
	if len(in.Password) > validate.MaxPasswordBytes {
		return Unlocked{}, ErrWrongCredentials
	}
	id, wrapped, form, err := s.checkLogin(login, in.Password)
	if err != nil {
		return Unlocked{}, err
	}
	var dataKey []byte
	if wrapped != nil {
		if dataKey, err = vault.UnwrapKey(wrapped, in.Password, id); err != nil {
			return Unlocked{}, apperr.Wrap(err, "unwrap data key")
		}
	}
	if dataKey == nil { // an account from before saved passwords existed
		if dataKey, err = vault.NewDataKey(); err != nil {
			return Unlocked{}, apperr.Wrap(err, "make data key")
		}
	}
	out := Unlocked{DataKey: dataKey}
	// A legacy (raw-form) account moves to the prepared form, unless its
	// password has none.
	var newHash string
	var newWrapped []byte
	if _, err := identity.Password(in.Password); err == nil && form != identity.FormOpaque {
		newHash, newWrapped, err = s.protect(id, dataKey, in.Password, identity.FormOpaque)
		if err != nil {
			clear(dataKey)
			return Unlocked{}, err
		}
	} else if wrapped == nil {
		if newWrapped, err = vault.WrapKey(dataKey, in.Password, form, id, s.hash); err != nil {
			clear(dataKey)
			return Unlocked{}, apperr.Wrap(err, "wrap data key")
		}
	}
	err = s.db.Update(func(tx *store.Tx) error {
		var err error
		if out.User, err = tx.User(id); err != nil {
			return ErrWrongCredentials // deleted between the check and now
		}
		if newWrapped != nil {
			if err := stillWrapped(tx, id, wrapped); err != nil {
				return err
			}
		}
		if newHash != "" {
			if err := tx.SetPasswordHash(id, newHash); err != nil {
				return err
			}
		}
		if newWrapped != nil {
			if err := tx.PutDataKey(id, newWrapped); err != nil {
				return err
			}
		}
		if err := tx.DeleteExpiredSessions(s.now()); err != nil {
			return err
		}
		out.Token, err = s.startSession(tx, id)
		return err
	})
	if err != nil {
		clear(out.DataKey)
		return Unlocked{}, err
	}
	return out, nil
}

// account is what SignIn reads of one user a login names.
type account struct {
	id      uint64
	hash    string
	wrapped []byte
	err     error // reading the hash or the wrapped key
}

// checkLogin finds the account that login names and password opens, and
// returns its id, wrapped data key and its hash's password form. A
// login can name two accounts (one's email, the other's username:
// store.UserIDsByLogin); each is tried in turn, so neither shadows the
// other. An unknown login is checked against the dummy hash, so it takes
// as long as a wrong password; either gives ErrWrongCredentials.
func (s *Service) checkLogin(login, password string) (id uint64, wrapped []byte, form identity.PasswordForm, err error) {
	var found []account
	if err := s.db.View(func(tx *store.Tx) error {
		ids, err := tx.UserIDsByLogin(login)
		for _, id := range ids {
			a := account{id: id}
			if a.hash, a.err = tx.PasswordHash(id); a.err == nil {
				a.wrapped, a.err = tx.DataKey(id)
			}
			found = append(found, a)
		}
		return err
	}); err != nil {
		return 0, nil, "", err
	}
	if len(found) == 0 {
		if _, _, err := verifyPassword(password, s.dummyHash); err != nil {
			return 0, nil, "", apperr.Wrap(err, "verify password")
		}
		return 0, nil, "", ErrWrongCredentials
	}
	for _, a := range found {
		if a.err != nil {
			return 0, nil, "", a.err
		}
		ok, form, err := verifyPassword(password, a.hash)
		if err != nil {
			return 0, nil, "", apperr.Wrap(err, "verify password")
		}
		if ok {
			return a.id, a.wrapped, form, nil
		}
	}
	return 0, nil, "", ErrWrongCredentials
}

func (s *Service) startSession(tx *store.Tx, userID uint64) (string, error) {
	token, c, err := s.tokens.Issue(userID)
	if err != nil {
		return "", apperr.Wrap(err, "issue session token")
	}
	if err := tx.PutSession(c.JTI, store.Session{UserID: userID, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt}); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the user a session token belongs to. The token must be
// validly signed, unexpired, issued for PassDesk, and its jti still recorded.
func (s *Service) Authenticate(token string) (uint64, error) {
	c, err := s.tokens.Verify(token)
	if err != nil {
		return 0, ErrSignedOut
	}
	err = s.db.View(func(tx *store.Tx) error {
		sess, err := tx.Session(c.JTI)
		if err != nil {
			return err
		}
		if sess.UserID != c.UserID {
			return fmt.Errorf("session %s belongs to user %d, token says %d", c.JTI, sess.UserID, c.UserID)
		}
		_, err = tx.User(c.UserID)
		return err
	})
	if err != nil {
		return 0, ErrSignedOut
	}
	return c.UserID, nil
}

// SignOut revokes a session token. An already invalid token is not an error.
func (s *Service) SignOut(token string) error {
	c, err := s.tokens.Verify(token)
	if err != nil {
		return nil
	}
	return s.db.Update(func(tx *store.Tx) error { return tx.DeleteSession(c.JTI) })
}

// confirmPassword checks a signed-in user's password again and returns the
// user's wrapped data key; field names the form field the password came from.
func (s *Service) confirmPassword(userID uint64, password, field string) ([]byte, error) {
	if password == "" {
		return nil, apperr.Field(field, apperr.Required)
	}
	var hash string
	var wrapped []byte
	if err := s.db.View(func(tx *store.Tx) error {
		var err error
		if hash, err = tx.PasswordHash(userID); err != nil {
			return err
		}
		wrapped, err = tx.DataKey(userID)
		return err
	}); err != nil {
		return nil, err
	}
	ok, _, err := verifyPassword(password, hash)
	if err != nil {
		return nil, apperr.Wrap(err, "verify password")
	}
	if !ok {
		return nil, apperr.Field(field, apperr.NotCorrect)
	}
	return wrapped, nil
}

// ConfirmPassword checks a signed-in user's password once more, before a
// step that cannot be undone; field names the form field it came from.
func (s *Service) ConfirmPassword(userID uint64, password, field string) error {
	_, err := s.confirmPassword(userID, password, field)
	return err
}

// errPasswordChanged: the password changed between its check and a write
// prepared from it (another sign-in's upgrade or another change).
var errPasswordChanged = apperr.New(apperr.Conflict, apperr.PasswordChangedMeanwhile)

// stillWrapped fails when the user's wrapped data key is no longer the one
// read when the password was checked, so that a hash and wrapping prepared
// outside the transaction never undo a change made in between.
func stillWrapped(tx *store.Tx, userID uint64, checked []byte) error {
	current, err := tx.DataKey(userID)
	if err != nil {
		return err
	}
	if !bytes.Equal(current, checked) {
		return errPasswordChanged
	}
	return nil
}

// ChangePassword replaces the password after checking the current one, and
// replaces the data key with it: a fresh random key, wrapped under the new
// password, and every saved password and the sealed remote token re-sealed
// under it (vault.Rekey), all in the transaction that stores the new hash.
// So an old copy of the file opened with the old password reveals nothing
// written after the change; and the file is then rewritten (store.Compact)
// so that no freed page keeps the old hash, the key wrapped under the old
// password or anything sealed under the old key. It returns the new data key, which the caller
// owns: the running session and the sync engine still hold the old one and
// must be given this one (and must not seal anything under the old key
// after this returns). The old key is wiped here. When the change is
// stored but the rewrite fails, it returns the new key with ErrNotErased:
// the change stands, and the caller must still take the key.
func (s *Service) ChangePassword(userID uint64, current, next string) ([]byte, error) {
	if msg := validate.NewPassword(next); !msg.IsZero() {
		return nil, apperr.Field("new_password", msg)
	}
	wrapped, err := s.confirmPassword(userID, current, "current_password")
	if err != nil {
		return nil, err
	}
	var oldKey []byte
	if wrapped != nil {
		if oldKey, err = vault.UnwrapKey(wrapped, current, userID); err != nil {
			return nil, apperr.Wrap(err, "unwrap data key")
		}
		defer clear(oldKey)
	}
	newKey, err := vault.NewDataKey()
	if err != nil {
		return nil, apperr.Wrap(err, "make data key")
	}
	hash, newWrapped, err := s.protect(userID, newKey, next, identity.FormOpaque)
	if err != nil {
		clear(newKey)
		return nil, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		if err := stillWrapped(tx, userID, wrapped); err != nil {
			return err
		}
		if oldKey != nil {
			if err := vault.Rekey(tx, userID, oldKey, newKey); err != nil {
				return err
			}
		}
		if err := tx.SetPasswordHash(userID, hash); err != nil {
			return err
		}
		return tx.PutDataKey(userID, newWrapped)
	})
	if err != nil {
		clear(newKey)
		return nil, err
	}
	if err := s.erase(); err != nil {
		return newKey, err
	}
	return newKey, nil
}

// DeleteAccount removes the user and everything of theirs — record, index
// entries, sessions, data key and saved passwords — in one transaction,
// after checking the password once more, then rewrites the file so that
// none of it stays in free pages: ErrNotErased when only that fails.
func (s *Service) DeleteAccount(userID uint64, password string) error {
	if _, err := s.confirmPassword(userID, password, "password"); err != nil {
		return err
	}
	err := s.db.Update(func(tx *store.Tx) error { return tx.DeleteUser(userID) })
	if errors.Is(err, store.ErrNoUser) {
		return ErrSignedOut
	}
	if err != nil {
		return err
	}
	return s.erase()
}

// ErrNotErased is what DeleteAccount and ChangePassword return (wrapping
// the cause, for the log) when the change is stored but the file could not
// be rewritten afterwards (a full disk, say): the change stands, and the
// bytes it replaced stay in free pages until the next compaction.
var ErrNotErased = apperr.New(apperr.Internal, apperr.NotErased)

// erase rewrites the file so that no freed page keeps the bytes a committed
// deletion or re-keying replaced (SPEC §3).
func (s *Service) erase() error {
	if _, err := s.db.Compact(); err != nil {
		return fmt.Errorf("%w (%w)", ErrNotErased, err)
	}
	return nil
}
