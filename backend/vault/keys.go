// Package vault keeps a user's saved passwords, sealed with
// XChaCha20-Poly1305 under a random per-user data key. The data key is
// stored only wrapped under a key derived from the user's password (the
// argon2id run that also yields the password verifier, see kdf.Split),
// unwrapped at sign-in and held in memory while the session lasts. Changing the password replaces the data key and
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

// wrappedKey is the stored form of a data key (users/<id>/data_key), in
// one of two schemes that Scheme tells apart:
//   - schemeOwn (absent: every key wrapped before issue 13): sealed under
//     argon2id of the password with its own Salt and costs, Form recording
//     how the password became argon2id's input. Read only (UnwrapKey):
//     package accounts moves such an account to schemeSplit at its next
//     sign-in.
//   - schemeSplit: sealed under the wrapping key kdf.Split derives from the
//     same argon2id run as the password verifier; that run's salt, costs
//     and form are the verifier's (package accounts), so only Sealed is here.
type wrappedKey struct {
	Scheme    int    `json:"scheme,omitempty"`
	MemoryKiB uint32 `json:"m,omitempty"`
	Time      uint32 `json:"t,omitempty"`
	Threads   uint8  `json:"p,omitempty"`
	Salt      []byte `json:"salt,omitempty"`
	Sealed    []byte `json:"sealed"` // nonce || ciphertext
	// Form is how the password became the derivation's input; absent
	// (FormRaw) on keys wrapped before passwords were prepared.
	Form identity.PasswordForm `json:"pw,omitempty"`
}

// wrappedKey.Scheme's values: the first scheme's keys, written before the
// field existed, have none (0); the split scheme is the second.
const (
	schemeOwn   = 0
	schemeSplit = 2
)

// errWrongScheme: a wrapped key read with the other scheme's function,
// i.e. a data_key that does not match its user's verifier record.
var errWrongScheme = errors.New("the data key is wrapped in another scheme than its password record says")

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

// SealKey seals dataKey under wrapKey (kdf.Split's, SplitSize bytes),
// bound to userID, in schemeSplit. It runs no key derivation, so it is
// cheap enough for inside a write transaction.
func SealKey(dataKey, wrapKey []byte, userID uint64) ([]byte, error) {
	sealed, err := seal(wrapKey, dataKey, keyAD(userID))
	if err != nil {
		return nil, err
	}
	return json.Marshal(wrappedKey{Scheme: schemeSplit, Sealed: sealed})
}

// OpenKey opens a data key SealKey sealed for userID with the same
// wrapKey: ErrWrongPassword when it does not open, errWrongScheme for a
// key wrapped in schemeOwn. The caller owns, and wipes, the returned key.
func OpenKey(wrapped, wrapKey []byte, userID uint64) ([]byte, error) {
	var w wrappedKey
	if err := json.Unmarshal(wrapped, &w); err != nil {
		return nil, err
	}
	if w.Scheme != schemeSplit {
		return nil, errWrongScheme
	}
	key, err := open(wrapKey, w.Sealed, keyAD(userID))
	if err != nil {
		return nil, ErrWrongPassword
	}
	return key, nil
}

// UnwrapKey opens a data key wrapped in schemeOwn with the typed password,
// running argon2id once per byte form the key's recorded form allows
// (identity.PasswordCandidates: one for the prepared form, at most two for
// keys wrapped raw); errWrongScheme for a key in schemeSplit. The caller
// owns, and wipes, the returned key.
func UnwrapKey(wrapped []byte, typed string, userID uint64) ([]byte, error) {
	var w wrappedKey
	if err := json.Unmarshal(wrapped, &w); err != nil {
		return nil, err
	}
	if w.Scheme != schemeOwn {
		return nil, errWrongScheme
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
