// Package accounts signs local users up, in and out, verifies their session
// tokens against the store, changes passwords and deletes accounts.
//
// A password goes through argon2id once per sign-in: that one run yields
// both the verifier stored in the password record and the key that wraps
// the data key (kdf.Split; the record's scheme, see password.go). Passwords
// reach argon2id in their identity.Password (PRECIS OpaqueString) form; the
// record notes that form. Accounts from before either rule (a verifier and
// a wrapped key from two argon2id runs, and raw bytes with no form
// recorded) still sign in, and are moved to both on that sign-in.
package accounts

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
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
	Log      *slog.Logger // nil: discarded
}

// Service is the accounts API over one database.
type Service struct {
	db       *store.DB
	hash     kdf.Params
	tokens   *auth.Tokens
	now      func() time.Time
	dummy    record // checked against for unknown accounts, to take the same time
	argon2id argon2idFunc
	log      *slog.Logger
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
	// The dummy record is random bytes, not the hash of a password: no
	// password matches it, and checking one against it costs the same
	// argon2id run. Hashing a dummy password here would cost an argon2id run
	// (and its 64 MiB) at every start-up, before the window shows.
	dummy := record{split: true, p: cfg.Hash, form: identity.FormOpaque,
		salt: make([]byte, saltLen), want: make([]byte, kdf.SplitSize)}
	if _, err := rand.Read(dummy.salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(dummy.want); err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: db, hash: cfg.Hash, tokens: tokens, now: cfg.Now, dummy: dummy, argon2id: kdf.Key, log: cfg.Log}, nil
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
	// A taken email or username is refused before the slow part; the
	// transaction checks again, for a sign-up that took it meanwhile.
	if err := s.db.View(func(tx *store.Tx) error { return tx.CheckNewUser(in.Email, in.Username) }); err != nil {
		return Unlocked{}, err
	}
	// argon2id runs here, before the write transaction, so that it does not
	// hold up every other writer; inside, only sealing the data key, which
	// is bound to the id the transaction hands out.
	rec, wrapKey, err := s.newRecord(in.Password, identity.FormOpaque)
	if err != nil {
		return Unlocked{}, err
	}
	defer clear(wrapKey)
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
		if err := tx.CreateUser(&u, rec); err != nil {
			return err
		}
		if err := sealDataKey(tx, u.ID, dataKey, wrapKey); err != nil {
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

// newRecord makes a password record of typed in form f under the service's
// costs, and the key that wraps the data key with it (see newRecord).
func (s *Service) newRecord(typed string, f identity.PasswordForm) (phc string, wrapKey []byte, err error) {
	if phc, wrapKey, err = newRecord(s.argon2id, typed, f, s.hash); err != nil {
		return "", nil, apperr.Wrap(err, "hash password")
	}
	return phc, wrapKey, nil
}

// sealDataKey stores dataKey sealed under wrapKey for userID: no key
// derivation, so it belongs inside the write transaction.
func sealDataKey(tx *store.Tx, userID uint64, dataKey, wrapKey []byte) error {
	wrapped, err := vault.SealKey(dataKey, wrapKey, userID)
	if err != nil {
		return apperr.Wrap(err, "wrap data key")
	}
	return tx.PutDataKey(userID, wrapped)
}

// SignIn checks a login (email or username, matched by its identity keys)
// and password, unwraps the user's data key and opens a session, running
// argon2id once. An account whose record is in the old scheme (idOwn) or
// the raw form is moved to the split scheme and, unless the password has
// no prepared form (a legacy password with a control character), to the
// prepared form, in the same transaction: that first sign-in runs
// argon2id three times (verifier, old wrapping, new record), every later
// one once.
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
	a, err := s.checkLogin(login, in.Password)
	if err != nil {
		return Unlocked{}, err
	}
	defer clear(a.wrapKey)
	dataKey, err := s.openDataKey(a, in.Password)
	if err != nil {
		return Unlocked{}, err
	}
	if dataKey == nil { // an account from before saved passwords existed
		if dataKey, err = vault.NewDataKey(); err != nil {
			return Unlocked{}, apperr.Wrap(err, "make data key")
		}
	}
	out := Unlocked{DataKey: dataKey}
	newRec, wrapKey := "", a.wrapKey
	if f, move := a.upgrade(in.Password); move {
		if newRec, wrapKey, err = s.newRecord(in.Password, f); err != nil {
			clear(dataKey)
			return Unlocked{}, err
		}
		defer clear(wrapKey)
	}
	err = s.db.Update(func(tx *store.Tx) error {
		var err error
		if out.User, err = tx.User(a.id); err != nil {
			return ErrWrongCredentials // deleted between the check and now
		}
		if newRec != "" || a.wrapped == nil {
			if err := stillWrapped(tx, a.id, a.wrapped); err != nil {
				return err
			}
			if newRec != "" {
				if err := tx.SetPasswordHash(a.id, newRec); err != nil {
					return err
				}
			}
			if err := sealDataKey(tx, a.id, dataKey, wrapKey); err != nil {
				return err
			}
		}
		if err := tx.DeleteExpiredSessions(s.now()); err != nil {
			return err
		}
		out.Token, err = s.startSession(tx, a.id)
		return err
	})
	if err != nil {
		clear(out.DataKey)
		return Unlocked{}, err
	}
	return out, nil
}

// account is one user's stored password record and wrapped data key and,
// once a password has checked out against them, the parsed record and its
// key-wrapping key (idSplit records only; the caller wipes it).
type account struct {
	id      uint64
	phc     string
	wrapped []byte
	err     error // reading the record or the wrapped key
	rec     record
	wrapKey []byte
}

// verify checks password against the account's record: ok false for a
// wrong one, an error for a record that does not parse.
func (s *Service) verify(a *account, password string) (ok bool, err error) {
	if a.rec, err = parseRecord(a.phc); err != nil {
		return false, apperr.Wrap(err, "verify password")
	}
	ok, a.wrapKey = a.rec.check(s.argon2id, password)
	return ok, nil
}

// openDataKey unwraps the data key of an account whose password checked
// out: with the key the check derived (idSplit), or with a second argon2id
// run (idOwn). Nil when the account has none yet.
func (s *Service) openDataKey(a account, password string) ([]byte, error) {
	var key []byte
	var err error
	switch {
	case a.wrapped == nil:
		return nil, nil
	case a.rec.split:
		key, err = vault.OpenKey(a.wrapped, a.wrapKey, a.id)
	default:
		key, err = vault.UnwrapKey(a.wrapped, password, a.id)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "unwrap data key")
	}
	return key, nil
}

// upgrade says whether an account whose password checked out is to get a
// new record, and in which form: the prepared form when the password has
// one, else the raw form it has. An idOwn record always moves (to the
// split scheme); an idSplit one only from the raw form to the prepared.
func (a account) upgrade(password string) (identity.PasswordForm, bool) {
	f := a.rec.form
	if _, err := identity.Password(password); err == nil {
		f = identity.FormOpaque
	}
	return f, !a.rec.split || f != a.rec.form
}

// checkLogin finds the account that login names and password opens. A
// login can name two accounts (one's email, the other's username:
// store.UserIDsByLogin); each is tried in turn, so neither shadows the
// other. An unknown login is checked against the dummy record, so it takes
// as long as a wrong password; either gives ErrWrongCredentials.
func (s *Service) checkLogin(login, password string) (account, error) {
	var found []account
	if err := s.db.View(func(tx *store.Tx) error {
		ids, err := tx.UserIDsByLogin(login)
		for _, id := range ids {
			a := account{id: id}
			if a.phc, a.err = tx.PasswordHash(id); a.err == nil {
				a.wrapped, a.err = tx.DataKey(id)
			}
			found = append(found, a)
		}
		return err
	}); err != nil {
		return account{}, err
	}
	if len(found) == 0 {
		_, wrapKey := s.dummy.check(s.argon2id, password)
		clear(wrapKey)
		return account{}, ErrWrongCredentials
	}
	for _, a := range found {
		if a.err != nil {
			return account{}, a.err
		}
		ok, err := s.verify(&a, password)
		if err != nil {
			return account{}, err
		}
		if ok {
			return a, nil
		}
	}
	return account{}, ErrWrongCredentials
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
// account it opened (its wrapKey for the caller to wipe); field names the
// form field the password came from.
func (s *Service) confirmPassword(userID uint64, password, field string) (account, error) {
	if password == "" {
		return account{}, apperr.Field(field, apperr.Required)
	}
	a := account{id: userID}
	if err := s.db.View(func(tx *store.Tx) error {
		var err error
		if a.phc, err = tx.PasswordHash(userID); err != nil {
			return err
		}
		a.wrapped, err = tx.DataKey(userID)
		return err
	}); err != nil {
		return account{}, err
	}
	ok, err := s.verify(&a, password)
	if err != nil {
		return account{}, err
	}
	if !ok {
		return account{}, apperr.Field(field, apperr.NotCorrect)
	}
	return a, nil
}

// ConfirmPassword checks a signed-in user's password once more, before a
// step that cannot be undone; field names the form field it came from.
func (s *Service) ConfirmPassword(userID uint64, password, field string) error {
	a, err := s.confirmPassword(userID, password, field)
	clear(a.wrapKey)
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
	a, err := s.confirmPassword(userID, current, "current_password")
	defer clear(a.wrapKey)
	if err != nil {
		return nil, err
	}
	oldKey, err := s.openDataKey(a, current)
	if err != nil {
		return nil, err
	}
	defer clear(oldKey)
	newKey, err := vault.NewDataKey()
	if err != nil {
		return nil, apperr.Wrap(err, "make data key")
	}
	rec, wrapKey, err := s.newRecord(next, identity.FormOpaque)
	if err != nil {
		clear(newKey)
		return nil, err
	}
	defer clear(wrapKey)
	err = s.db.UpdateErasing(func(tx *store.Tx) error {
		if err := stillWrapped(tx, userID, a.wrapped); err != nil {
			return err
		}
		if oldKey != nil {
			if err := vault.Rekey(tx, userID, oldKey, newKey); err != nil {
				return err
			}
		}
		if err := tx.SetPasswordHash(userID, rec); err != nil {
			return err
		}
		return sealDataKey(tx, userID, newKey, wrapKey)
	})
	if err != nil && !errors.Is(err, ErrNotErased) {
		clear(newKey)
		return nil, err
	}
	return newKey, err
}

// DeleteAccount removes the user and everything of theirs — record, index
// entries, sessions, data key and saved passwords — in one transaction,
// after checking the password once more, then rewrites the file so that
// none of it stays in free pages: ErrNotErased when only that fails. The
// copies the store kept aside in the data folder (before a restore, before
// a migration) are rewritten without the user too; one that cannot be is
// left as it is and named in the log.
func (s *Service) DeleteAccount(userID uint64, password string) error {
	if err := s.ConfirmPassword(userID, password, "password"); err != nil {
		return err
	}
	var joined time.Time
	err := s.db.UpdateErasing(func(tx *store.Tx) error {
		// A damaged record leaves joined zero: no kept-aside copy matches it.
		if u, err := tx.User(userID); err == nil {
			joined = u.DateJoined
		}
		return tx.DeleteUser(userID)
	})
	if errors.Is(err, store.ErrNoUser) {
		return ErrSignedOut
	}
	if err != nil && !errors.Is(err, ErrNotErased) {
		return err
	}
	for _, problem := range s.db.EraseUserFromKeptCopies(userID, joined) {
		s.log.Warn("deleted account left in a kept-aside copy", "err", problem)
	}
	return err
}

// ErrNotErased is what DeleteAccount and ChangePassword return when the
// change is stored but the file could not be rewritten afterwards (see
// store.UpdateErasing).
var ErrNotErased = store.ErrNotErased
