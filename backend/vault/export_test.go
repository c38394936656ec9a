package vault

import (
	"crypto/rand"
	"encoding/json"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
)

// WrapKeyOwn wraps dataKey as PassDesk did before issue 13 (schemeOwn): under
// argon2id of the typed password taken in form f, with a salt of its own,
// bound to userID. Only UnwrapKey reads that scheme now; tests make keys in
// it to check that old files still open.
func WrapKeyOwn(dataKey []byte, typed string, f identity.PasswordForm, userID uint64, p kdf.Params) ([]byte, error) {
	secret, err := f.Apply(typed)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	kek := kdf.Key(secret, salt, p, KeySize)
	defer clear(kek)
	sealed, err := seal(kek, dataKey, keyAD(userID))
	if err != nil {
		return nil, err
	}
	return json.Marshal(wrappedKey{MemoryKiB: p.MemoryKiB, Time: p.Time, Threads: p.Threads, Salt: salt, Sealed: sealed, Form: f})
}

// ListAll is List's first MaxPageSize entries: every entry the tests make.
func (s *Service) ListAll(userID uint64, key []byte, query string) ([]Summary, error) {
	page, err := s.List(userID, key, query, 0, MaxPageSize)
	return page.Items, err
}
