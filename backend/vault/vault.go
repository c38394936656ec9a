package vault

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"passdesk/backend/apperr"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

// Field limits, the web service's model's.
const (
	MaxNamePages = 200
	MaxURL       = 200
	MaxPassword  = 200
	// MaxUsername bounds the login kept with an entry. The service has no
	// such field: it is this computer's only (see PutSynced).
	MaxUsername = 200
)

// Input is a saved password as the add and edit forms send it.
type Input struct {
	NamePages     string `json:"name_pages"`
	URL           string `json:"url"`
	Username      string `json:"username"`
	PasswordSaved string `json:"password_saved"`
}

// Summary is a saved password as the list shows it: never the password.
// Damaged marks an entry whose stored record is damaged: it has only its
// id, and opening it fails with store.ErrDamaged.
type Summary struct {
	ID        uint64 `json:"id"`
	NamePages string `json:"name_pages"`
	URL       string `json:"url"`
	Username  string `json:"username"`
	UpdatedAt string `json:"updated_at"`
	Damaged   bool   `json:"damaged,omitempty"`
}

// entry is what is sealed: every field, so neither names nor URLs are
// readable in the file. Records sealed before Username existed open with
// it empty.
type entry struct {
	NamePages     string    `json:"name_pages"`
	URL           string    `json:"url"`
	Username      string    `json:"username,omitempty"`
	PasswordSaved string    `json:"password_saved"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func (e entry) summary(id uint64) Summary {
	return Summary{ID: id, NamePages: e.NamePages, URL: e.URL, Username: e.Username, UpdatedAt: e.UpdatedAt.UTC().Format(time.RFC3339)}
}

func (e entry) input() Input {
	return Input{NamePages: e.NamePages, URL: e.URL, Username: e.Username, PasswordSaved: e.PasswordSaved}
}

// synced reports whether e and o agree on every field the service keeps
// (all but the username).
func (e entry) synced(o entry) bool {
	return e.NamePages == o.NamePages && e.URL == o.URL && e.PasswordSaved == o.PasswordSaved
}

// ErrNoEntry is returned for an entry the user does not have.
var ErrNoEntry = apperr.New(apperr.NotFound, apperr.EntryGone)

// Service is the saved-passwords API over one database.
type Service struct {
	db  *store.DB
	now func() time.Time

	mu   sync.Mutex
	kept *listing // the last List's entries, see listing
}

// New returns the vault service; now is the clock (time.Now when nil).
func New(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// entryAD binds a sealed entry to its owner and id, so entries cannot be
// swapped between users or positions unnoticed.
func entryAD(userID, entryID uint64) []byte {
	ad := binary.BigEndian.AppendUint64([]byte("passdesk vault entry v1/"), userID)
	return binary.BigEndian.AppendUint64(ad, entryID)
}

func sealEntry(key []byte, userID, entryID uint64, e entry) ([]byte, error) {
	plain, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return seal(key, plain, entryAD(userID, entryID))
}

func openEntry(key []byte, userID, entryID uint64, sealed []byte) (entry, error) {
	plain, err := open(key, sealed, entryAD(userID, entryID))
	if err != nil {
		return entry{}, apperr.Wrap(err, "open saved password")
	}
	var e entry
	if err := json.Unmarshal(plain, &e); err != nil {
		return entry{}, apperr.Wrap(err, "decode saved password")
	}
	return e, nil
}

func clean(in Input) (Input, error) {
	in.NamePages = strings.TrimSpace(in.NamePages)
	in.URL = strings.TrimSpace(in.URL)
	in.Username = strings.TrimSpace(in.Username)
	bad := validate.Collect{}
	bad.Check("name_pages", checkText(in.NamePages, MaxNamePages))
	bad.Check("url", checkURL(in.URL))
	bad.Check("username", checkText(in.Username, MaxUsername))
	switch n := utf8.RuneCountInString(in.PasswordSaved); {
	case n == 0:
		bad.Check("password_saved", apperr.Required)
	case n > MaxPassword:
		bad.Check("password_saved", apperr.TooLong(MaxPassword))
	case !utf8.ValidString(in.PasswordSaved) || strings.ContainsFunc(in.PasswordSaved, isControl):
		bad.Check("password_saved", apperr.ControlChars)
	}
	if len(bad) > 0 {
		return Input{}, apperr.FieldErrors(bad)
	}
	return in, nil
}

// isControl is what a saved password may not hold: C0 controls and DEL,
// which no keyboard types into a password field. The password is a secret
// copied as it was saved, not text shown in the list, so validate.Text's
// display rule does not apply to it.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// checkText checks an optional one-line field of at most max characters
// that the list shows: validate.Text's rule for displayed text.
func checkText(s string, max int) apperr.Message {
	if utf8.RuneCountInString(s) > max {
		return apperr.TooLong(max)
	}
	return validate.Text(s)
}

func checkURL(raw string) apperr.Message {
	if raw == "" {
		return apperr.Required
	}
	if msg := checkText(raw, MaxURL); !msg.IsZero() {
		return msg
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" ||
		strings.ContainsFunc(raw, unicode.IsSpace) {
		return apperr.InvalidURL
	}
	return apperr.Message{}
}

// MaxPageSize is the most entries one List call returns: the page asks for
// what it shows (a screenful and some), never the whole list at once.
const MaxPageSize = 1000

// Page is the part of the list List returns: the entries from the offset
// asked for, how many entries match in all, and the store generation they
// were read at. Pages of one generation (and one query) fit together into
// one list; a page of a newer generation means the list changed since.
type Page struct {
	Items      []Summary `json:"items"`
	Total      int       `json:"total"`
	Generation uint64    `json:"generation"`
}

// List returns up to limit of the user's entries whose name, URL or
// username contains query (any case), from the offset-th one on, sorted by
// name then URL. Without a query it also lists each damaged entry
// (Damaged, no name or URL, so first), while the others list as usual. An
// offset past the end returns no entries (the list may have shrunk since
// the caller counted it); a negative offset or a limit outside
// [1, MaxPageSize] is refused (apperr.Invalid).
//
// Every entry is verified and opened once per store generation
// (store.Tx.Generation): while nothing was written, a later List (the next
// page, the page opened again, a search) filters the summaries kept from
// the last one instead of checking and decrypting every record again.
// Reveal, Update and Delete still read the record itself, so damage done to
// the file behind the app's back shows there at once, and in the list after
// the next write or sign-in.
func (s *Service) List(userID uint64, key []byte, query string, offset, limit int) (Page, error) {
	if err := checkPage(offset, limit); err != nil {
		return Page{}, err
	}
	query = strings.ToLower(strings.TrimSpace(query))
	var rows []listed
	var gen uint64
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		rows, err = s.listing(tx, userID, key)
		gen = tx.Generation()
		return err
	})
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: []Summary{}, Generation: gen}
	for _, r := range rows {
		if query != "" && (r.Damaged || !r.matches(query)) {
			continue
		}
		if page.Total >= offset && len(page.Items) < limit {
			page.Items = append(page.Items, r.Summary)
		}
		page.Total++
	}
	return page, nil
}

// checkPage refuses a page List cannot serve, naming the bad parameter.
func checkPage(offset, limit int) error {
	bad := map[string]apperr.Message{}
	if offset < 0 {
		bad["offset"] = apperr.AtLeast(0)
	}
	if limit < 1 || limit > MaxPageSize {
		bad["limit"] = apperr.Between(1, MaxPageSize)
	}
	if len(bad) > 0 {
		return apperr.FieldErrors(bad)
	}
	return nil
}

// listed is an entry as List keeps it: its summary, and its name, URL and
// username lower-cased for searching and sorting.
type listed struct {
	Summary
	name, url, username string
}

// matches reports whether a field the list shows contains query, which is
// lower case.
func (r listed) matches(query string) bool {
	return strings.Contains(r.name, query) || strings.Contains(r.url, query) || strings.Contains(r.username, query)
}

// listing is one user's verified entries in List's order, as read at one
// store generation under one data key.
type listing struct {
	userID uint64
	keySum [sha256.Size]byte // of the data key: a listing opened under one key is never served under another
	gen    uint64
	rows   []listed // never changed once kept
}

// listing returns the user's entries in List's order: the kept ones when
// tx reads the generation they were read at, or else freshly verified and
// opened (and kept).
func (s *Service) listing(tx *store.Tx, userID uint64, key []byte) ([]listed, error) {
	keySum := sha256.Sum256(key)
	s.mu.Lock()
	kept := s.kept
	s.mu.Unlock()
	if kept != nil && kept.userID == userID && kept.gen == tx.Generation() && kept.keySum == keySum {
		return kept.rows, nil
	}
	var rows []listed
	err := tx.ForEachVaultEntry(userID, func(id uint64, sealed []byte, damaged error) error {
		if damaged != nil {
			rows = append(rows, listed{Summary: Summary{ID: id, Damaged: true}})
			return nil
		}
		e, err := openEntry(key, userID, id, sealed)
		if err != nil {
			return err
		}
		rows = append(rows, listed{Summary: e.summary(id), name: strings.ToLower(e.NamePages), url: strings.ToLower(e.URL), username: strings.ToLower(e.Username)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rows, func(a, b listed) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	s.mu.Lock()
	s.kept = &listing{userID: userID, keySum: keySum, gen: tx.Generation(), rows: rows}
	s.mu.Unlock()
	return rows, nil
}

// Forget drops the kept listing (its names and URLs), as the session ends.
func (s *Service) Forget() {
	s.mu.Lock()
	s.kept = nil
	s.mu.Unlock()
}

// Add saves a new entry. Add, Update and Delete queue the change for
// saved-password sync in their own transaction (store.Tx.QueueVaultChange;
// nothing when it is off).
func (s *Service) Add(userID uint64, key []byte, in Input) (Summary, error) {
	in, err := clean(in)
	if err != nil {
		return Summary{}, err
	}
	now := s.now().UTC()
	e := entry{NamePages: in.NamePages, URL: in.URL, Username: in.Username, PasswordSaved: in.PasswordSaved, CreatedAt: now, UpdatedAt: now}
	var id uint64
	err = s.db.Update(func(tx *store.Tx) error {
		var err error
		if id, err = tx.NextVaultEntryID(userID); err != nil {
			return err
		}
		sealed, err := sealEntry(key, userID, id, e)
		if err != nil {
			return apperr.Wrap(err, "seal saved password")
		}
		if err := tx.PutVaultEntry(userID, id, sealed); err != nil {
			return err
		}
		return tx.QueueVaultChange(userID, id, false)
	})
	if err != nil {
		return Summary{}, err
	}
	return e.summary(id), nil
}

// Update replaces an entry's fields. A change of the username alone is not
// queued for sync: the service has no such field, so there is nothing to send.
func (s *Service) Update(userID uint64, key []byte, entryID uint64, in Input) (Summary, error) {
	in, err := clean(in)
	if err != nil {
		return Summary{}, err
	}
	var e entry
	// Erasing: the old ciphertext, under the same data key, would otherwise
	// stay readable in a freed page.
	err = s.db.UpdateErasing(func(tx *store.Tx) error {
		old, err := s.get(tx, userID, key, entryID)
		if err != nil {
			return err
		}
		e = entry{NamePages: in.NamePages, URL: in.URL, Username: in.Username, PasswordSaved: in.PasswordSaved, CreatedAt: old.CreatedAt, UpdatedAt: s.now().UTC()}
		sealed, err := sealEntry(key, userID, entryID, e)
		if err != nil {
			return apperr.Wrap(err, "seal saved password")
		}
		if err := tx.PutVaultEntry(userID, entryID, sealed); err != nil || e.synced(old) {
			return err
		}
		return tx.QueueVaultChange(userID, entryID, false)
	})
	if err != nil && !errors.Is(err, store.ErrNotErased) {
		return Summary{}, err
	}
	return e.summary(entryID), err
}

// Reveal returns an entry's password.
func (s *Service) Reveal(userID uint64, key []byte, entryID uint64) (string, error) {
	var e entry
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		e, err = s.get(tx, userID, key, entryID)
		return err
	})
	return e.PasswordSaved, err
}

// Delete removes an entry, and rewrites the file so that its ciphertext,
// which the user's password still opens, stays in no freed page
// (store.UpdateErasing).
func (s *Service) Delete(userID, entryID uint64) error {
	return s.db.UpdateErasing(func(tx *store.Tx) error {
		existed, err := tx.DeleteVaultEntry(userID, entryID)
		if err == nil && !existed {
			return ErrNoEntry
		}
		if err != nil {
			return err
		}
		return tx.QueueVaultChange(userID, entryID, true)
	})
}

func (s *Service) get(tx *store.Tx, userID uint64, key []byte, entryID uint64) (entry, error) {
	sealed, err := tx.VaultEntry(userID, entryID)
	if err != nil {
		return entry{}, err
	}
	if sealed == nil {
		return entry{}, ErrNoEntry
	}
	return openEntry(key, userID, entryID, sealed)
}
