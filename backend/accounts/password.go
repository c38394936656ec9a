package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
)

const (
	saltLen = 16
	keyLen  = 32
)

var errMalformedHash = errors.New("malformed argon2id hash")

// formParam is the PHC parameter naming the password form the hash was made
// from ("pw=opaque"); hashes from before it carry none and are FormRaw.
const formParam = "pw"

// hashPassword returns the PHC string of typed, taken in form f, under
// params: "$argon2id$v=19$m=…,t=…,p=…[,pw=<form>]$<salt>$<hash>".
func hashPassword(typed string, f identity.PasswordForm, p kdf.Params) (string, error) {
	secret, err := f.Apply(typed)
	if err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := kdf.Key(secret, salt, p, keyLen)
	defer clear(key)
	params := fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Time, p.Threads)
	if f != identity.FormRaw {
		params += "," + formParam + "=" + string(f)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$%s$%s$%s", argon2.Version, params, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// verifyPassword reports whether typed matches the PHC string, using the
// parameters recorded in it (so raising the defaults keeps old hashes
// valid) and trying only the byte forms its recorded form allows
// (identity.PasswordCandidates). It returns that form, so the caller can
// upgrade a FormRaw hash. It always runs argon2id at least once, so a
// password that has no candidate takes as long as a wrong one.
func verifyPassword(typed, phc string) (ok bool, form identity.PasswordForm, err error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, "", errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, "", errMalformedHash
	}
	p, form, err := parseParams(parts[3])
	if err != nil {
		return false, "", err
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, "", errMalformedHash
	}
	candidates := identity.PasswordCandidates(typed, form)
	if len(candidates) == 0 {
		clear(kdf.Key(typed, salt, p, uint32(len(want))))
		return false, form, nil
	}
	for _, c := range candidates {
		got := kdf.Key(c, salt, p, uint32(len(want)))
		ok = subtle.ConstantTimeCompare(got, want) == 1
		clear(got)
		if ok {
			return true, form, nil
		}
	}
	return false, form, nil
}

// parseParams reads "m=…,t=…,p=…" and the optional form parameter.
func parseParams(s string) (kdf.Params, identity.PasswordForm, error) {
	var p kdf.Params
	var form identity.PasswordForm
	fields := strings.Split(s, ",")
	if len(fields) < 3 || len(fields) > 4 {
		return p, "", errMalformedHash
	}
	if _, err := fmt.Sscanf(strings.Join(fields[:3], ","), "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, "", errMalformedHash
	}
	if len(fields) == 4 {
		name, value, _ := strings.Cut(fields[3], "=")
		form = identity.PasswordForm(value)
		if name != formParam || form == identity.FormRaw {
			return p, "", errMalformedHash
		}
		if err := form.Known(); err != nil {
			return p, "", fmt.Errorf("password hash: %w", err)
		}
	}
	return p, form, nil
}
