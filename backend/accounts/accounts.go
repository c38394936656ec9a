// Package accounts signs local users up, in and out, verifies their session
// tokens against the store, and deletes accounts.
package accounts

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/auth"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

// DefaultTokenTTL is a session token's absolute lifetime. Idle auto-lock
// usually ends a session long before this.
const DefaultTokenTTL = 12 * time.Hour

// ErrWrongCredentials is the one answer to a failed sign-in, whether the
// account exists or not, so the answer does not reveal which accounts exist.
var ErrWrongCredentials = apperr.New(apperr.Unauthenticated, "Wrong email or password.")

// ErrSignedOut is returned for a token that is invalid, expired or revoked.
var ErrSignedOut = apperr.New(apperr.Unauthenticated, "Your session has ended. Please sign in again.")

// Config tunes a Service; the zero value gives production defaults.
type Config struct {
	Hash     HashParams
	TokenTTL time.Duration
	Now      func() time.Time
}

// Service is the accounts API over one database.
type Service struct {
	db        *store.DB
	hash      HashParams
	tokens    *auth.Tokens
	now       func() time.Time
	dummyHash string // verified against for unknown accounts, to take the same time
}

// New returns the accounts service for db.
func New(db *store.DB, cfg Config) (*Service, error) {
	if cfg.Hash == (HashParams{}) {
		cfg.Hash = DefaultHashParams
	}
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	var key []byte
	_ = db.View(func(tx *store.Tx) error { key = tx.TokenKey(); return nil })
	tokens, err := auth.NewTokens(key, cfg.TokenTTL, cfg.Now)
	if err != nil {
		return nil, err
	}
	dummy, err := hashPassword("dummy password for unknown accounts", cfg.Hash)
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

// SignUp creates an account and signs it in, returning the user and a session token.
func (s *Service) SignUp(in SignUpInput) (store.User, string, error) {
	in.Username = strings.TrimSpace(in.Username)
	in.Email = strings.TrimSpace(in.Email)
	in.FirstName = strings.TrimSpace(in.FirstName)
	in.LastName = strings.TrimSpace(in.LastName)
	in.NumberPhone = strings.TrimSpace(in.NumberPhone)

	bad := validate.Collect{}
	bad.Check("username", validate.Username(in.Username))
	bad.Check("email", validate.Email(in.Email))
	bad.Check("password", validate.NewPassword(in.Password))
	bad.Check("first_name", validate.Name(in.FirstName))
	bad.Check("last_name", validate.Name(in.LastName))
	bad.Check("number_phone", validate.Phone(in.NumberPhone))
	if len(bad) > 0 {
		return store.User{}, "", apperr.FieldErrors(bad)
	}
	hash, err := hashPassword(in.Password, s.hash)
	if err != nil {
		return store.User{}, "", apperr.Wrap(err, "hash password")
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
		token, err = s.startSession(tx, u.ID)
		return err
	})
	if err != nil {
		return store.User{}, "", err
	}
	return u, token, nil
}

// SignIn checks a login (email or username) and password and opens a session.
func (s *Service) SignIn(in SignInInput) (store.User, string, error) {
	login := strings.TrimSpace(in.Login)
	bad := validate.Collect{}
	if login == "" {
		bad.Check("login", "is required")
	}
	if in.Password == "" {
		bad.Check("password", "is required")
	}
	if len(bad) > 0 {
		return store.User{}, "", apperr.FieldErrors(bad)
	}
	if len(in.Password) > validate.MaxPassword {
		return store.User{}, "", ErrWrongCredentials
	}
	var (
		id    uint64
		found bool
		hash  string
	)
	if err := s.db.View(func(tx *store.Tx) error {
		id, found = tx.UserIDByLogin(login)
		if found {
			var err error
			hash, err = tx.PasswordHash(id)
			return err
		}
		return nil
	}); err != nil {
		return store.User{}, "", err
	}
	if !found {
		hash = s.dummyHash
	}
	ok, err := verifyPassword(in.Password, hash)
	if err != nil {
		return store.User{}, "", apperr.Wrap(err, "verify password")
	}
	if !found || !ok {
		return store.User{}, "", ErrWrongCredentials
	}
	var (
		u     store.User
		token string
	)
	err = s.db.Update(func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(id); err != nil {
			return ErrWrongCredentials // deleted between the check and now
		}
		if err := tx.DeleteExpiredSessions(s.now()); err != nil {
			return err
		}
		token, err = s.startSession(tx, id)
		return err
	})
	return u, token, err
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

// ErrWrongPassword is returned when a confirmation password does not match.
var ErrWrongPassword = apperr.Field("password", "is not correct")

// DeleteAccount removes the user and everything of theirs after checking the
// password once more. Every session of the user ends with it.
func (s *Service) DeleteAccount(userID uint64, password string) error {
	if password == "" {
		return apperr.Field("password", "is required")
	}
	var hash string
	if err := s.db.View(func(tx *store.Tx) error {
		var err error
		hash, err = tx.PasswordHash(userID)
		return err
	}); err != nil {
		return err
	}
	ok, err := verifyPassword(password, hash)
	if err != nil {
		return apperr.Wrap(err, "verify password")
	}
	if !ok {
		return ErrWrongPassword
	}
	err = s.db.Update(func(tx *store.Tx) error { return tx.DeleteUser(userID) })
	if errors.Is(err, store.ErrNoUser) {
		return ErrSignedOut
	}
	return err
}
