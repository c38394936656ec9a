// Package vault keeps a user's saved passwords, sealed with
// XChaCha20-Poly1305 under a random per-user data key. The data key is
// stored only wrapped under a key derived from the user's password
// (argon2id, its own salt), unwrapped at sign-in and held in memory while
// the session lasts. Changing the password replaces the data key and
// re-seals everything under it (see Rekey).
package vault

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"

	"golang.org/x/crypto/chacha20poly1305"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
)

// KeySize is the length of a data key.
const KeySize = chacha20poly1305.KeySize

// ErrWrongPassword means the password does not unwrap the data key.
var ErrWrongPassword = errors.New("the password does not unlock this data key")

// wrappedKey is the stored form of a data key.
type wrappedKey struct {
	MemoryKiB uint32 `json:"m"`
	Time      uint32 `json:"t"`
	Threads   uint8  `json:"p"`
	Salt      []byte `json:"salt"`
	Sealed    []byte `json:"sealed"` // nonce || ciphertext
	// Form is how the password became the derivation's input; absent
	// (FormRaw) on keys wrapped before passwords were prepared.
	Form identity.PasswordForm `json:"pw,omitempty"`
}

// NewDataKey returns a fresh random data key.
func NewDataKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return key, nil
}

func keyAD(userID uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("passdesk data key v1/"), userID)
}

// WrapKey seals dataKey under a key derived from the typed password taken
// in form f (identity.FormOpaque for everything written now), bound to
// userID, and records f in the result.
func WrapKey(dataKey []byte, typed string, f identity.PasswordForm, userID uint64, p kdf.Params) ([]byte, error) {
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

// UnwrapKey opens a wrapped data key with the typed password, trying only
// the byte forms the key's recorded form allows (identity.PasswordCandidates:
// one for keys wrapped now, at most two for keys wrapped raw). The caller
// owns, and wipes, the returned key.
func UnwrapKey(wrapped []byte, typed string, userID uint64) ([]byte, error) {
	var w wrappedKey
	if err := json.Unmarshal(wrapped, &w); err != nil {
		return nil, err
	}
	if err := w.Form.Known(); err != nil {
		return nil, err
	}
	p := kdf.Params{MemoryKiB: w.MemoryKiB, Time: w.Time, Threads: w.Threads}
	for _, secret := range identity.PasswordCandidates(typed, w.Form) {
		kek := kdf.Key(secret, w.Salt, p, KeySize)
		key, err := open(kek, w.Sealed, keyAD(userID))
		clear(kek)
		if err == nil {
			return key, nil
		}
	}
	return nil, ErrWrongPassword
}

func seal(key, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plaintext, ad), nil
}

func open(key, sealed, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("sealed data too short")
	}
	return aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], ad)
}
