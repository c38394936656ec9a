package store

// Record integrity. bbolt keeps no checksum of its data pages, so a byte
// flipped by a failing disk, a bad copy or a stray write would otherwise be
// read back as data. Every value the store writes is therefore followed by
// a tag:
//
//	tag = HMAC-SHA256(record_key, domain || count || len-prefixed bucket path || len-prefixed key || value)[:16]
//
// record_key is a per-install random key in meta/. The tag detects damage;
// it does not stop a local attacker who can rewrite the file, since the key
// sits in the same file. Binding the bucket path and the key means that a
// record moved to another key or another user fails its check too.
//
// Exempt: meta/schema_version, which Open and the migrations read before
// they know whether the file has tags at all (a damaged version is refused
// by Open as too new, or caught by migration 4 finding tags already there).
// meta/record_key is tagged under itself, so its own damage shows as such.

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/apperr"
)

const (
	tagSize       = 16
	recordKeySize = 32
	tagDomain     = "passdesk record v1"
)

// ErrDamaged is what a damaged record (or a page bbolt cannot read) looks
// like to the user: an internal error with its own message. Test for it
// with errors.Is; the *DamagedError behind it says where.
var ErrDamaged = apperr.New(apperr.Internal, apperr.Damaged)

// DamagedError names a damaged record by its bucket path and key (never its
// value), or describes a page bbolt could not read.
type DamagedError struct {
	Where  string // e.g. "users/1/vault/3"; empty for damage found by a panic
	Reason string
}

func (e *DamagedError) Error() string {
	if e.Where == "" {
		return "the data file is damaged: " + e.Reason
	}
	return fmt.Sprintf("record %s is damaged: %s", e.Where, e.Reason)
}

// damagedFile reports damage to the file as a whole (not one record), the
// format and args describing it and naming the file.
func damagedFile(format string, args ...any) error {
	return &DamagedError{Reason: fmt.Sprintf(format, args...)}
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// As lets apperr.As (errors.As to *apperr.Error) see ErrDamaged, so the user
// gets its message and the log gets the detail.
func (e *DamagedError) As(target any) bool {
	if p, ok := target.(**apperr.Error); ok {
		*p = ErrDamaged
		return true
	}
	return false
}

// recordName renders a bucket path and key for reports: names as text,
// 8-byte ids as numbers, anything else (a damaged key) as hex.
func recordName(path [][]byte, key []byte) string {
	parts := make([]string, 0, len(path)+1)
	for _, p := range append(path[:len(path):len(path)], key) {
		switch {
		case len(p) > 0 && strings.IndexFunc(string(p), func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsPrint(r) }) < 0:
			parts = append(parts, string(p))
		case len(p) == 8:
			parts = append(parts, fmt.Sprint(btoi(p)))
		default:
			parts = append(parts, fmt.Sprintf("%x", p))
		}
	}
	return strings.Join(parts, "/")
}

func tagOf(recordKey []byte, path [][]byte, key, value []byte) []byte {
	mac := hmac.New(sha256.New, recordKey)
	mac.Write([]byte(tagDomain))
	mac.Write(binary.AppendUvarint(nil, uint64(len(path))))
	for _, part := range append(path[:len(path):len(path)], key) {
		mac.Write(binary.AppendUvarint(nil, uint64(len(part))))
		mac.Write(part)
	}
	mac.Write(value)
	return mac.Sum(nil)[:tagSize]
}

// sealed returns value followed by its tag, in a new slice.
func sealed(recordKey []byte, path [][]byte, key, value []byte) []byte {
	out := make([]byte, 0, len(value)+tagSize)
	out = append(out, value...)
	return append(out, tagOf(recordKey, path, key, value)...)
}

// unsealed checks a stored value's tag and returns the value without it
// (a slice of raw, valid as long as raw is).
func unsealed(recordKey []byte, path [][]byte, key, raw []byte) ([]byte, error) {
	if len(recordKey) != recordKeySize {
		return nil, &DamagedError{Where: recordName(path, key), Reason: "the record key (meta/record_key) is missing or damaged"}
	}
	if len(raw) < tagSize {
		return nil, &DamagedError{Where: recordName(path, key), Reason: "too short to hold its integrity tag"}
	}
	value, tag := raw[:len(raw)-tagSize], raw[len(raw)-tagSize:]
	if !hmac.Equal(tag, tagOf(recordKey, path, key, value)) {
		return nil, &DamagedError{Where: recordName(path, key), Reason: "its integrity tag does not match"}
	}
	return value, nil
}

// exempt reports whether the record at path/key is stored without a tag.
func exempt(path [][]byte, key []byte) bool {
	return len(path) == 1 && string(path[0]) == string(bucketMeta) && string(key) == string(keySchemaVersion)
}

// readRecordKey returns the verified record key, or nil when it is missing
// or damaged (then every tagged record reads as damaged).
func readRecordKey(tx *bolt.Tx) []byte {
	meta := metaBucket(tx)
	if meta == nil {
		return nil
	}
	path := [][]byte{bucketMeta}
	raw := meta.Get(keyRecordKey)
	if len(raw) != recordKeySize+tagSize {
		return nil
	}
	key := raw[:recordKeySize]
	if _, err := unsealed(key, path, keyRecordKey, raw); err != nil {
		return nil
	}
	return append([]byte(nil), key...)
}

// bucket is a bbolt bucket that knows its path, so every value read from or
// written to it goes through its tag. Get, Put, ForEach, NextSequence and
// the child-bucket methods shadow bbolt's; the rest (Delete, DeleteBucket,
// ForEachBucket, Stats) touch no value and are bbolt's own.
type bucket struct {
	*boltBucket
	path [][]byte
	t    *Tx
}

// boltBucket names the embedded field, whose own name (Bucket) is taken by
// the method.
type boltBucket = bolt.Bucket

func (t *Tx) wrap(b *bolt.Bucket, path [][]byte) *bucket {
	if b == nil {
		return nil
	}
	return &bucket{boltBucket: b, path: path, t: t}
}

// bucket returns the bucket at path, or nil.
func (t *Tx) bucket(path ...[]byte) *bucket { return t.wrap(getBucket(t.tx, path...), path) }

// recordKey is loaded once per transaction.
func (t *Tx) recordKey() []byte {
	if t.key == nil {
		t.key = readRecordKey(t.tx)
	}
	return t.key
}

// name is the bucket's path as reports show it.
func (b *bucket) name() string { return recordName(b.path[:len(b.path)-1], b.path[len(b.path)-1]) }

func (b *bucket) childPath(name []byte) [][]byte {
	return append(b.path[:len(b.path):len(b.path)], append([]byte(nil), name...))
}

// Bucket returns the child bucket name, or nil.
func (b *bucket) Bucket(name []byte) *bucket {
	return b.t.wrap(b.boltBucket.Bucket(name), b.childPath(name))
}

// CreateBucket creates the child bucket name.
func (b *bucket) CreateBucket(name []byte) (*bucket, error) {
	child, err := b.boltBucket.CreateBucket(name)
	return b.t.wrap(child, b.childPath(name)), err
}

// CreateBucketIfNotExists returns the child bucket name, creating it if needed.
func (b *bucket) CreateBucketIfNotExists(name []byte) (*bucket, error) {
	child, err := b.boltBucket.CreateBucketIfNotExists(name)
	return b.t.wrap(child, b.childPath(name)), err
}

// Get returns key's verified value (nil when there is none), or a
// *DamagedError. The value is valid for the transaction's life only.
//
// A key whose own bytes are damaged is no longer found where a lookup
// seeks it, yet its record still sits at that place, with a tag (which
// covers the key) that fails. So a miss next to a damaged record is
// reported as damage, not as absence.
func (b *bucket) Get(key []byte) ([]byte, error) {
	c := b.Cursor()
	k, raw := c.Seek(key)
	if bytes.Equal(k, key) {
		if raw == nil { // a child bucket, not a value
			return nil, b.suspect(k, nil)
		}
		return unsealed(b.t.recordKey(), b.path, key, raw)
	}
	prevK, prevRaw := c.Prev()
	for _, near := range []struct{ k, raw []byte }{{k, raw}, {prevK, prevRaw}} {
		if err := b.suspect(near.k, near.raw); err != nil {
			return nil, &DamagedError{Where: recordName(b.path, key), Reason: "not found, next to a damaged record (" + err.Error() + ")"}
		}
	}
	return nil, nil
}

// suspect checks the record at k (none when k is nil): a value's tag, or a
// child bucket's name against bucketShape.
func (b *bucket) suspect(k, raw []byte) error {
	switch {
	case k == nil:
		return nil
	case raw != nil:
		_, err := unsealed(b.t.recordKey(), b.path, k, raw)
		return err
	case !bucketShape[shapeOf(b.path)].holds(namePattern(b.path, k)):
		return &DamagedError{Where: recordName(b.path, k), Reason: "a bucket PassDesk never makes here"}
	}
	return nil
}

// has reports whether key holds a value, without reading it: deleting a
// damaged record must work.
func (b *bucket) has(key []byte) bool { return b.boltBucket.Get(key) != nil }

// Put stores value under key, tagged.
func (b *bucket) Put(key, value []byte) error {
	recordKey := b.t.recordKey()
	if recordKey == nil {
		return &DamagedError{Where: recordName(b.path, key), Reason: "the record key (meta/record_key) is missing or damaged"}
	}
	return b.boltBucket.Put(key, sealed(recordKey, b.path, key, value))
}

// ForEach calls fn with every verified key and value in order (value nil
// for a child bucket); it stops at the first damaged record with its error.
func (b *bucket) ForEach(fn func(k, v []byte) error) error {
	return b.forEachRecord(func(k, v []byte, damaged error) error {
		if damaged != nil {
			return damaged
		}
		return fn(k, v)
	})
}

// forEachRecord is ForEach for callers that go on past a damaged record:
// fn gets it with v nil and damaged set. A child bucket where bucketShape
// has none (a record whose flags were damaged) is such a record.
func (b *bucket) forEachRecord(fn func(k, v []byte, damaged error) error) error {
	return b.boltBucket.ForEach(func(k, raw []byte) error {
		if raw == nil {
			return fn(k, nil, b.suspect(k, nil))
		}
		v, err := unsealed(b.t.recordKey(), b.path, k, raw)
		return fn(k, v, err)
	})
}

// NextSequence hands out the bucket's next id. The sequence lives in the
// bucket's header, which has no tag: an id that is already taken means the
// header is damaged, and handing it out would overwrite a record.
func (b *bucket) NextSequence() (uint64, error) {
	id, err := b.boltBucket.NextSequence()
	if err != nil {
		return 0, internal(err, "next id of "+b.name())
	}
	if b.has(itob(id)) || b.boltBucket.Bucket(itob(id)) != nil {
		return 0, &DamagedError{Where: recordName(b.path, itob(id)), Reason: "the bucket's sequence hands out an id already in use"}
	}
	return id, nil
}

// taggedSchema is the first schema version whose records carry tags.
const taggedSchema = 4

// tagEveryRecord is migration 4: it appends a tag to every value written
// before tags existed, then stores the new per-install record key.
func tagEveryRecord(tx *bolt.Tx) error {
	key := make([]byte, recordKeySize)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	var tagAll func(b *bolt.Bucket, path [][]byte) error
	tagAll = func(b *bolt.Bucket, path [][]byte) error {
		type record struct{ k, v []byte }
		var records []record
		var children [][]byte
		err := b.ForEach(func(k, v []byte) error {
			k = append([]byte(nil), k...)
			switch {
			case v == nil:
				children = append(children, k)
			case !exempt(path, k):
				records = append(records, record{k, sealed(key, path, k, v)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range records { // bbolt allows no writes inside ForEach
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
		for _, name := range children {
			if err := tagAll(b.Bucket(name), append(path[:len(path):len(path)], name)); err != nil {
				return err
			}
		}
		return nil
	}
	err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return tagAll(b, [][]byte{append([]byte(nil), name...)})
	})
	if err != nil {
		return err
	}
	return metaBucket(tx).Put(keyRecordKey, sealed(key, [][]byte{bucketMeta}, keyRecordKey, key))
}

// bucketShape is the bucket tree of buckets.go, by bucket path (an id as
// "#"): the child buckets each bucket must and may hold, and the values it
// must hold. Bucket names and headers carry no tag, so this is how damage
// to them shows; so does a missing record, which no tag can vouch for.
var bucketShape = map[string]shape{
	"":                   {mustHold: []string{"meta", "settings", "users", "index", "sessions"}},
	"meta":               {values: []string{"schema_version", "record_key", "token_key"}},
	"index":              {mustHold: []string{"email", "username"}},
	"users":              {mayHold: []string{"#"}},
	"users/#":            {mustHold: []string{"sessions"}, mayHold: []string{"vault", "sync"}, values: []string{"record", "password"}},
	"users/#/sync":       {mayHold: []string{"outbox", "vault"}},
	"users/#/sync/vault": {mayHold: []string{"links", "outbox"}, values: []string{"state"}},
}

type shape struct{ mustHold, mayHold, values []string }

func (s shape) holds(child string) bool {
	return slices.Contains(s.mustHold, child) || slices.Contains(s.mayHold, child)
}

// namePattern is how bucketShape spells the key k of the bucket at path.
func namePattern(path [][]byte, k []byte) string {
	if len(path) == 1 && string(path[0]) == string(bucketUsers) {
		return "#"
	}
	return string(k)
}

func shapeOf(path [][]byte) string {
	parts := make([]string, len(path))
	for i := range path {
		parts[i] = namePattern(path[:i], path[i])
	}
	return strings.Join(parts, "/")
}

// verifyRecords checks the tag of every record in the file and the shape
// of the bucket tree. It returns one error per damaged record (by path and
// key, never its value) and per bucket out of shape.
func verifyRecords(tx *bolt.Tx) []error {
	recordKey := readRecordKey(tx)
	if recordKey == nil {
		return []error{&DamagedError{Where: "meta/record_key", Reason: "missing or damaged, so no record can be verified"}}
	}
	var damaged []error
	var walk func(b *bolt.Bucket, path [][]byte)
	walk = func(b *bolt.Bucket, path [][]byte) {
		shape := bucketShape[shapeOf(path)]
		children := map[string]bool{}
		_ = b.ForEach(func(k, v []byte) error {
			k = append([]byte(nil), k...)
			if v == nil {
				if child := b.Bucket(k); child != nil {
					childPath := append(path[:len(path):len(path)], k)
					children[string(k)] = true
					if !shape.holds(namePattern(path, k)) {
						damaged = append(damaged, &DamagedError{Where: recordName(path, k), Reason: "a bucket PassDesk never makes here"})
					}
					walk(child, childPath)
					return nil
				}
			}
			children[string(k)] = true
			if !exempt(path, k) {
				if _, err := unsealed(recordKey, path, k, v); err != nil {
					damaged = append(damaged, err)
				}
			}
			return nil
		})
		for _, name := range append(shape.mustHold, shape.values...) {
			if !children[name] {
				damaged = append(damaged, &DamagedError{Where: recordName(path, []byte(name)), Reason: "missing"})
			}
		}
	}
	walk(tx.Cursor().Bucket(), nil)
	return damaged
}

// recoverDamagedRead turns a panic that bbolt raised while reading a
// damaged page (an index or a length past the end, or with
// debug.SetPanicOnFault a read outside the mapping) into a *DamagedError.
// A panic that started anywhere else — a bug in the caller's own code
// inside the transaction — is raised again: it is not damage, and calling
// it so would send the user after a backup for nothing.
func recoverDamagedRead(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if !panickedReadingTheFile() {
		panic(r)
	}
	*err = &DamagedError{Reason: fmt.Sprint(r)}
}

// panickedReadingTheFile reports whether the panic being recovered started in
// bbolt or in this package (past the runtime's and the standard library's
// frames, such as a hash reading a value). Called from the deferred
// function only.
func panickedReadingTheFile() bool {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	inPanic := false
	for {
		f, more := frames.Next()
		pkg := packageOf(f.Function)
		switch {
		case !inPanic:
			inPanic = f.Function == "runtime.gopanic"
		case pkg == "go.etcd.io/bbolt" || strings.HasPrefix(pkg, "go.etcd.io/bbolt/") || pkg == "passdesk/backend/store":
			return true
		case strings.HasPrefix(pkg, "passdesk/") || strings.Contains(strings.Split(pkg, "/")[0], "."):
			return false // the caller's code, or a library other than bbolt
		}
		if !more {
			return false
		}
	}
}

// packageOf returns the import path of a function name as runtime.Frame
// spells it ("go.etcd.io/bbolt.(*Cursor).search" → "go.etcd.io/bbolt").
func packageOf(function string) string {
	slash := strings.LastIndex(function, "/")
	if dot := strings.Index(function[slash+1:], "."); dot >= 0 {
		return function[:slash+1+dot]
	}
	return function
}
