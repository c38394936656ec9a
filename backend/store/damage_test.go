package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/cli"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// fixture is a realistic data file: several users with names, phones,
// pictures, sessions, saved passwords and sync state, the settings, and a
// deleted user's freed pages.
type fixture struct {
	path   string
	users  []uint64
	logins []string
	jtis   []string
}

func buildFixture(t testing.TB) fixture {
	t.Helper()
	f := fixture{path: filepath.Join(t.TempDir(), store.FileName)}
	db, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		return b
	}
	acc := testutil.Accounts(t, db, nil)
	vlt := vault.New(db, nil)
	for i, name := range []string{"ana", "bob", "carla", "dmitri", "eve", "farid"} {
		u := testutil.SignUpUnlocked(t, acc, name)
		f.jtis = append(f.jtis, testutil.JTI(t, u.Token))
		for range 3 {
			in, err := acc.SignIn(accounts.SignInInput{Login: name, Password: testutil.Password})
			if err != nil {
				t.Fatal(err)
			}
			f.jtis = append(f.jtis, testutil.JTI(t, in.Token))
		}
		for j := range 6 {
			in := vault.Input{NamePages: fmt.Sprintf("%s site %d", name, j), URL: fmt.Sprintf("https://%s%d.example", name, j), PasswordSaved: fmt.Sprintf("pw-%s-%d", name, j)}
			if _, err := vlt.Add(u.User.ID, u.DataKey, in); err != nil {
				t.Fatal(err)
			}
		}
		err := db.Update(func(tx *store.Tx) error {
			user, err := tx.User(u.User.ID)
			if err != nil {
				return err
			}
			user.FirstName, user.LastName, user.NumberPhone = "First"+name, "Last"+name, fmt.Sprintf("+3460000%04d", i)
			user.AvatarHash = fmt.Sprintf("hash%d", i)
			if err := tx.UpdateUser(&user); err != nil {
				return err
			}
			if err := tx.PutAvatar(u.User.ID, noise(20000+i*1000), noise(3000)); err != nil {
				return err
			}
			link := store.SyncLink{ServerURL: "https://sync.example", RemoteID: int64(100 + i), RemoteUsername: name, RemoteEmail: name + "@example.com"}
			if err := tx.PutSyncLink(u.User.ID, link); err != nil {
				return err
			}
			st := store.SyncState{
				Base:         &store.SyncFields{Values: map[string]string{"first_name": "First" + name}, Avatar: "/a.jpg"},
				Conflicts:    []store.SyncConflict{{Field: "last_name", Server: "Server" + name}},
				LastSyncedAt: 1700000000 + int64(i),
			}
			if err := tx.PutSyncState(u.User.ID, st); err != nil {
				return err
			}
			if err := tx.PutSealedRemoteToken(u.User.ID, noise(80)); err != nil {
				return err
			}
			for k := range 2 {
				if err := tx.Enqueue(u.User.ID, store.OutboxChange{Fields: map[string]string{"first_name": fmt.Sprint("queued", k)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		f.users = append(f.users, u.User.ID)
		f.logins = append(f.logins, name, name+"@example.com")
	}
	err = db.Update(func(tx *store.Tx) error {
		if err := tx.SetIdleLockMinutes(15); err != nil {
			return err
		}
		if err := tx.SetAppearance("dark", "es"); err != nil {
			return err
		}
		return tx.SetWindowState([]byte(`{"x":10,"y":20,"width":900,"height":700,"maximised":false}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	// A deleted account leaves freed pages behind.
	if err := acc.DeleteAccount(f.users[len(f.users)-1], testutil.Password); err != nil {
		t.Fatal(err)
	}
	f.users, f.jtis = f.users[:len(f.users)-1], f.jtis[:len(f.jtis)-4]
	return f
}

// dump reads everything in the file through the store's typed accessors,
// each in its own transaction so that one damaged record does not hide the
// others: "damaged" for a record read as damaged, "absent" for one read as
// not there (a zero value, or the store's not-found errors), else its value.
func (f fixture) dump(t testing.TB, db *store.DB) map[string]string {
	out := map[string]string{}
	read := func(name string, fn func(tx *store.Tx) (any, error)) {
		var v any
		err := db.View(func(tx *store.Tx) (err error) { v, err = fn(tx); return err })
		switch {
		case errors.Is(err, store.ErrDamaged):
			out[name] = "damaged"
		case errors.Is(err, store.ErrNoUser) || errors.Is(err, store.ErrNoSession):
			out[name] = "absent"
		case err != nil:
			t.Fatalf("%s: %v", name, err)
		case v == nil || reflect.ValueOf(v).IsZero() || reflect.ValueOf(v).Kind() == reflect.Slice && reflect.ValueOf(v).Len() == 0:
			out[name] = "absent"
		default:
			j, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = string(j)
		}
	}
	present := func(v any, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	read("token key", func(tx *store.Tx) (any, error) { return tx.TokenKey() })
	read("idle", func(tx *store.Tx) (any, error) { return tx.IdleLockMinutes(0) })
	read("theme", func(tx *store.Tx) (any, error) { return tx.Theme("") })
	read("language", func(tx *store.Tx) (any, error) { return tx.Language("") })
	read("window", func(tx *store.Tx) (any, error) { return tx.WindowState() })
	read("all users", func(tx *store.Tx) (any, error) {
		var ids []uint64
		err := tx.ForEachUser(func(u store.User) error { ids = append(ids, u.ID); return nil })
		return ids, err
	})
	for _, login := range f.logins {
		read("login "+login, func(tx *store.Tx) (any, error) {
			id, ok, err := tx.UserIDByLogin(login)
			return present(id, ok), err
		})
	}
	for _, jti := range f.jtis {
		read("session "+jti, func(tx *store.Tx) (any, error) { return tx.Session(jti) })
	}
	for _, id := range f.users {
		p := fmt.Sprintf("user %d ", id)
		read(p+"record", func(tx *store.Tx) (any, error) { return tx.User(id) })
		read(p+"password", func(tx *store.Tx) (any, error) { return tx.PasswordHash(id) })
		read(p+"data key", func(tx *store.Tx) (any, error) { return tx.DataKey(id) })
		read(p+"avatar", func(tx *store.Tx) (any, error) { return tx.Avatar(id, false) })
		read(p+"thumb", func(tx *store.Tx) (any, error) { return tx.Avatar(id, true) })
		read(p+"link", func(tx *store.Tx) (any, error) {
			l, ok, err := tx.SyncLink(id)
			return present(l, ok), err
		})
		read(p+"sync state", func(tx *store.Tx) (any, error) { return tx.SyncState(id) })
		read(p+"remote token", func(tx *store.Tx) (any, error) { return tx.SealedRemoteToken(id) })
		read(p+"outbox", func(tx *store.Tx) (any, error) { return tx.Outbox(id) })
		_ = db.View(func(tx *store.Tx) error {
			err := tx.ForEachVaultEntry(id, func(entryID uint64, sealed []byte, damaged error) error {
				if damaged != nil {
					out[fmt.Sprintf("%svault %d", p, entryID)] = "damaged"
				} else {
					out[fmt.Sprintf("%svault %d", p, entryID)] = fmt.Sprintf("%x", sealed)
				}
				return nil
			})
			if err != nil {
				out[p+"vault"] = "damaged"
			}
			return nil
		})
	}
	return out
}

// pageMap says, for every byte of a bbolt file, which of its bits the
// current commit uses (0 for page slack, free pages and the like; of a
// leaf element's flags bbolt reads only BucketLeafFlag, bit 0: see
// go.etcd.io/bbolt bucket.go). Parsed from the raw bytes after go.etcd.io/bbolt's layout
// (internal/common/page.go, meta.go, inlined bucket values): a page header
// (id u64, flags u16, count u16, overflow u32), then the page's elements;
// leaf elements are (flags, pos, ksize, vsize u32), branch elements (pos,
// ksize u32, child page u64), pos counted from the element itself.
type pageMap struct {
	used     []byte // per byte, the bits in use
	sequence []bool // the sequence of a bucket PassDesk numbers records in
	guide    []bool // a branch page's copy of a key, which only guides searches
	pageSize int
	free     map[uint64]bool
	hwm      uint64 // pages at or past it are unused
	newest   int    // the newest meta page's offset
	regions  []region
}

// region names a stretch of the file, for failure messages.
type region struct {
	from, to int
	what     string
}

func (m pageMap) describe(at int) string {
	for _, r := range m.regions {
		if at >= r.from && at < r.to {
			return fmt.Sprintf("%s, +%d", r.what, at-r.from)
		}
	}
	return "no element"
}

// sequenced matches the buckets whose sequence hands out ids.
var sequenced = regexp.MustCompile(`^users(/[^/]+/vault|/[^/]+/sync/outbox)?$`)

func mapPages(t testing.TB, data []byte) pageMap {
	t.Helper()
	le := binary.LittleEndian
	pageSize := int(le.Uint32(data[16+8:]))
	m := pageMap{used: make([]byte, len(data)), sequence: make([]bool, len(data)), guide: make([]bool, len(data)), pageSize: pageSize, free: map[uint64]bool{}}
	mark := func(from, to int) {
		for i := from; i < to && i < len(data); i++ {
			m.used[i] = 0xFF
		}
	}
	// Both meta pages are in use: the older is the fallback.
	var meta []byte
	for i := range 2 {
		mark(i*pageSize, i*pageSize+16+64)
		candidate := data[i*pageSize+16 : i*pageSize+16+64]
		if meta == nil || le.Uint64(candidate[48:]) > le.Uint64(meta[48:]) {
			meta, m.newest = candidate, i*pageSize
		}
	}
	root, freelist := le.Uint64(meta[16:]), le.Uint64(meta[32:])
	m.hwm = le.Uint64(meta[40:])
	at := func(id uint64) int { return int(id) * pageSize }
	// The freelist page and the pages it lists.
	fl := at(freelist)
	count, ids := int(le.Uint16(data[fl+10:])), fl+16
	if count == 0xFFFF {
		count, ids = int(le.Uint64(data[fl+16:])), fl+24
	}
	mark(fl, ids+count*8)
	for i := range count {
		m.free[le.Uint64(data[ids+i*8:])] = true
	}
	// walk marks a page (inline: a bucket's page inside its value, whose
	// id and overflow bbolt never reads) and what hangs from it.
	var walk func(p int, path []string, inline bool)
	walk = func(p int, path []string, inline bool) {
		flags, count := le.Uint16(data[p+8:]), int(le.Uint16(data[p+10:]))
		mark(p, p+16+count*16)
		if inline {
			clear(m.used[p : p+8])
			clear(m.used[p+12 : p+16])
		}
		for i := range count {
			e := p + 16 + i*16
			if flags&0x01 != 0 { // branch
				pos, ksize := int(le.Uint32(data[e:])), int(le.Uint32(data[e+4:]))
				mark(e+pos, e+pos+ksize)
				for i := e + pos; i < e+pos+ksize; i++ {
					m.guide[i] = true
				}
				walk(at(le.Uint64(data[e+8:])), path, false)
				continue
			}
			eflags, pos, ksize, vsize := le.Uint32(data[e:]), int(le.Uint32(data[e+4:])), int(le.Uint32(data[e+8:])), int(le.Uint32(data[e+12:]))
			mark(e+pos, e+pos+ksize+vsize)
			m.used[e], m.used[e+1], m.used[e+2], m.used[e+3] = 0x01, 0, 0, 0
			key := data[e+pos : e+pos+ksize]
			m.regions = append(m.regions,
				region{e, e + 16, fmt.Sprintf("element header of %q (flags %d)", key, eflags)},
				region{e + pos, e + pos + ksize, fmt.Sprintf("key %q", key)},
				region{e + pos + ksize, e + pos + ksize + vsize, fmt.Sprintf("value of %q (flags %d)", key, eflags)})
			if eflags&0x01 == 0 {
				continue
			}
			// A bucket: its root page and sequence, then an inline page or
			// a page of its own. PassDesk reads only the sequences of the
			// buckets it numbers records in.
			v, child := e+pos+ksize, append(path[:len(path):len(path)], string(key))
			if pattern := strings.Join(child, "/"); !sequenced.MatchString(pattern) {
				clear(m.used[v+8 : v+16])
			} else {
				for i := v + 8; i < v+16; i++ {
					m.sequence[i] = true
				}
			}
			if root := le.Uint64(data[v:]); root != 0 {
				walk(at(root), child, false)
			} else {
				walk(v+16, child, true)
			}
		}
	}
	walk(at(root), nil, false)
	return m
}

// inNewestMeta reports whether a flip lies in the newest meta page.
func (m pageMap) inNewestMeta(flips map[int]byte) bool {
	for at := range flips {
		if at >= m.newest && at < m.newest+16+64 {
			return true
		}
	}
	return false
}

// dataPage reports whether page id holds live data (is neither free nor
// past the high-water mark).
func (m pageMap) dataPage(id uint64) bool { return id < m.hwm && !m.free[id] }

func copyWithFlips(t testing.TB, pristine []byte, flips map[int]byte) string {
	t.Helper()
	damaged := bytes.Clone(pristine)
	for at, x := range flips {
		damaged[at] ^= x
	}
	path := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// probe opens a damaged copy as `passdesk check` does and reports whether
// Open or Check found damage, and which records the typed accessors read
// differently from the pristine file without saying so: as another value
// (wrong), or as not there (absent).
func (f fixture) probe(t testing.TB, path string, want map[string]string) (detected bool, wrong, absent []string) {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return true, nil, nil
	}
	defer db.Close()
	detected = len(db.Check()) > 0
	got := f.dump(t, db)
	names := maps.Clone(want)
	maps.Copy(names, got)
	for name := range names {
		switch g, w := got[name], want[name]; {
		case g == w || g == "damaged":
		case g == "absent" || g == "":
			absent = append(absent, name)
		default:
			wrong = append(wrong, name)
		}
	}
	sort.Strings(wrong)
	sort.Strings(absent)
	return detected, wrong, absent
}

// Random byte flips in the pages holding data, as a failing disk would make
// them: every flip is either found by Open or Check, or lies in bits the
// current commit does not use (page slack, unread flag bits); no typed
// accessor ever returns damaged data as valid, or a record as absent
// unless Check finds the damage. The process never crashes (a crash fails
// the whole test binary).
func TestRandomByteFlipsAreAlwaysFoundOrHarmless(t *testing.T) {
	f := buildFixture(t)
	pristine, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(f.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatalf("pristine fixture: %v", problems)
	}
	want := f.dump(t, db)
	_ = db.Close()
	pages := mapPages(t, pristine)
	var dataPages []uint64
	for id := range uint64(len(pristine) / pages.pageSize) {
		if pages.dataPage(id) {
			dataPages = append(dataPages, id)
		}
	}

	for _, flipsPerRun := range []int{1, 8} {
		runs := map[int]int{1: 400, 8: 100}[flipsPerRun]
		if testing.Short() {
			runs /= 10
		}
		detected, absentButFound, fellBack, unused, sequences, guides := 0, 0, 0, 0, 0, 0
		for seed := range runs {
			rnd := rand.New(rand.NewPCG(uint64(seed), uint64(flipsPerRun)))
			flips := map[int]byte{}
			allUnused, allSequence, allGuide := true, true, true
			for len(flips) < flipsPerRun {
				page := dataPages[rnd.IntN(len(dataPages))]
				at := int(page)*pages.pageSize + rnd.IntN(pages.pageSize)
				flips[at] = byte(1 + rnd.IntN(255))
				allUnused = allUnused && flips[at]&pages.used[at] == 0
				allSequence = allSequence && pages.sequence[at]
				allGuide = allGuide && pages.guide[at]
			}
			fail := func(format string, args ...any) {
				t.Helper()
				t.Errorf("%d flip(s), seed %d: "+format, append([]any{flipsPerRun, seed}, args...)...)
				for at, x := range flips {
					p := at / pages.pageSize * pages.pageSize
					t.Logf("  flip %d ^%#x: page %d (flags %#x, %d elements), +%d, bits used %#x: %s", at, x, at/pages.pageSize,
						binary.LittleEndian.Uint16(pristine[p+8:]), binary.LittleEndian.Uint16(pristine[p+10:]), at-p, pages.used[at], pages.describe(at))
				}
			}
			found, wrong, absent := f.probe(t, copyWithFlips(t, pristine, flips), want)
			switch {
			case found && len(wrong) > 0 && pages.inNewestMeta(flips):
				// bbolt fell back to the commit before, as Check said: the
				// values read are that commit's.
				detected++
				fellBack++
			case len(wrong) > 0:
				fail("accessors read damaged data as valid: %v", wrong)
			case found && len(absent) > 0:
				detected++
				absentButFound++
			case found:
				detected++
			case len(absent) > 0:
				fail("records read as absent and Check found nothing: %v", absent)
			case allUnused:
				unused++
			case allSequence:
				// Still at or above every id in use (Check would say
				// otherwise): the next ids skip some, or may repeat a
				// deleted record's; nothing stored changes.
				sequences++
			case allGuide:
				// bbolt's check finds a branch key that no longer bounds
				// its child page; one that still does leads every search
				// where it led before (every read above was identical).
				guides++
			default:
				fail("in use, yet neither Open nor Check found the damage")
			}
		}
		t.Logf("%d runs of %d flip(s) in data pages: %d found by Open/Check (%d of them with a record read as absent, %d read as of the commit before), %d only in unused bits, %d in an id sequence still above every id, %d in a branch key still bounding its page, %d failures",
			runs, flipsPerRun, detected, absentButFound, fellBack, unused, sequences, guides, runs-detected-unused-sequences-guides)
	}
}

// The same through `passdesk check`: a flip the in-process check finds
// makes the command exit with ExitDamaged and say what it found; the
// pristine file checks clean.
func TestPassdeskCheckReportsFlippedBytes(t *testing.T) {
	f := buildFixture(t)
	pristine, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	pages := mapPages(t, pristine)
	check := func(path string) (int, string) {
		var out, errOut bytes.Buffer
		status := cli.Run([]string{"check", "--data-dir", filepath.Dir(path)}, &out, &errOut)
		return status, out.String() + errOut.String()
	}
	if status, out := check(copyWithFlips(t, pristine, nil)); status != cli.ExitOK {
		t.Fatalf("pristine file: status %d: %s", status, out)
	}
	damaged := 0
	for seed := uint64(0); damaged < 20; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 99))
		at := rnd.IntN(len(pristine))
		x := byte(1 + rnd.IntN(255))
		if x&pages.used[at] == 0 || pages.sequence[at] || pages.guide[at] {
			continue // not in use, or in use in ways no check can tell (see above)
		}
		damaged++
		path := copyWithFlips(t, pristine, map[int]byte{at: x})
		status, out := check(path)
		if status != cli.ExitDamaged || !strings.Contains(out, "damaged") {
			t.Errorf("flip %#x at %d (%s): status %d: %s", x, at, pages.describe(at), status, out)
		}
	}
}
