package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
)

// A password record (users/<id>/password) is a PHC string whose id names
// its scheme:
//
//	$argon2id-hkdf$v=19$m=…,t=…,p=…[,pw=<form>]$<salt>$<verifier>
//	$argon2id$v=19$m=…,t=…,p=…[,pw=<form>]$<salt>$<hash>
//
// The first (idSplit, written since issue 13): one argon2id run over the
// password yields, through kdf.Split, the verifier stored here and the key
// that wraps the data key (vault.SealKey), so signing in runs argon2id
// once. The second (idOwn, before it): the hash is argon2id's output
// itself, and the data key is wrapped under a second argon2id run with a
// salt of its own (vault.UnwrapKey); such a record is only read, and is
// replaced by a split one at the account's next sign-in. The pw parameter
// names the form the password was taken in (identity.PasswordForm);
// without it, the raw bytes as typed.
const (
	idSplit = "argon2id-hkdf"
	idOwn   = "argon2id"
)

const saltLen = 16

var errMalformedHash = errors.New("malformed password record")

// formParam is the PHC parameter naming the password form the record was
// made from ("pw=opaque"); records without it are FormRaw.
const formParam = "pw"

// argon2idFunc is kdf.Key's shape: the one slow step of every password
// check. Service.argon2id is kdf.Key; tests put their own in its place to
// see when it runs.
type argon2idFunc func(password string, salt []byte, p kdf.Params, n uint32) []byte

// record is a parsed password record.
type record struct {
	split bool // idSplit; otherwise idOwn
	p     kdf.Params
	form  identity.PasswordForm
	salt  []byte
	want  []byte // the verifier (idSplit) or the hash (idOwn)
}

// newRecord runs argon2id once over typed, taken in form f, under params p
// with a fresh salt, and returns the idSplit record of its verifier and the
// key that wraps the data key with it (the caller wipes it).
func newRecord(argon2id argon2idFunc, typed string, f identity.PasswordForm, p kdf.Params) (phc string, wrapKey []byte, err error) {
	secret, err := f.Apply(typed)
	if err != nil {
		return "", nil, err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, err
	}
	master := argon2id(secret, salt, p, kdf.MasterSize)
	defer clear(master)
	verifier, wrapKey := kdf.Split(master)
	params := fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Time, p.Threads)
	if f != identity.FormRaw {
		params += "," + formParam + "=" + string(f)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$%s$v=%d$%s$%s$%s", idSplit, argon2.Version, params, enc.EncodeToString(salt), enc.EncodeToString(verifier)), wrapKey, nil
}

// parseRecord reads a password record of either scheme.
func parseRecord(phc string) (record, error) {
	var r record
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || (parts[1] != idSplit && parts[1] != idOwn) {
		return r, errMalformedHash
	}
	r.split = parts[1] == idSplit
	if version, err := param(parts[2], "v", 32); err != nil || version != argon2.Version {
		return r, errMalformedHash
	}
	var err error
	if r.p, r.form, err = parseParams(parts[3]); err != nil {
		return r, err
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || (r.split && len(want) != kdf.SplitSize) {
		return r, errMalformedHash
	}
	r.salt, r.want = salt, want
	return r, nil
}

// check reports whether typed matches the record, with the parameters
// recorded in it (so raising the defaults keeps old records valid), trying
// only the byte forms its recorded form allows (identity.PasswordCandidates)
// and comparing in constant time. For an idSplit record it also returns the
// matching run's key-wrapping key, which the caller wipes. It runs argon2id
// at least once, so a password that has no candidate takes as long as a
// wrong one.
func (r record) check(argon2id argon2idFunc, typed string) (ok bool, wrapKey []byte) {
	candidates := identity.PasswordCandidates(typed, r.form)
	if len(candidates) == 0 {
		clear(argon2id(typed, r.salt, r.p, kdf.MasterSize))
		return false, nil
	}
	for _, c := range candidates {
		if ok, wrapKey = r.checkOne(argon2id, c); ok {
			return true, wrapKey
		}
	}
	return false, nil
}

// checkOne runs argon2id once over secret and compares.
func (r record) checkOne(argon2id argon2idFunc, secret string) (ok bool, wrapKey []byte) {
	if !r.split {
		got := argon2id(secret, r.salt, r.p, uint32(len(r.want)))
		defer clear(got)
		return subtle.ConstantTimeCompare(got, r.want) == 1, nil
	}
	master := argon2id(secret, r.salt, r.p, kdf.MasterSize)
	defer clear(master)
	verifier, wrapKey := kdf.Split(master)
	defer clear(verifier)
	if subtle.ConstantTimeCompare(verifier, r.want) != 1 {
		clear(wrapKey)
		return false, nil
	}
	return true, wrapKey
}

// parseParams reads "m=…,t=…,p=…" and the optional form parameter.
func parseParams(s string) (kdf.Params, identity.PasswordForm, error) {
	var p kdf.Params
	var form identity.PasswordForm
	fields := strings.Split(s, ",")
	if len(fields) < 3 || len(fields) > 4 {
		return p, "", errMalformedHash
	}
	m, errM := param(fields[0], "m", 32)
	t, errT := param(fields[1], "t", 32)
	threads, errP := param(fields[2], "p", 8)
	if errM != nil || errT != nil || errP != nil {
		return p, "", errMalformedHash
	}
	p = kdf.Params{MemoryKiB: uint32(m), Time: uint32(t), Threads: uint8(threads)}
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

// param reads the PHC parameter "name=<decimal>" that fits in bits. It is
// exact where fmt.Sscanf was lenient (a sign, trailing bytes) and keeps
// fmt's scanner, about 35 KB of it, out of the binary (issue 13).
func param(field, name string, bits int) (uint64, error) {
	value, ok := strings.CutPrefix(field, name+"=")
	if !ok {
		return 0, errMalformedHash
	}
	return strconv.ParseUint(value, 10, bits)
}
