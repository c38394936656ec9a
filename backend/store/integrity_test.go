package store_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func id(n uint64) string { return string(binary.BigEndian.AppendUint64(nil, n)) }

// One byte flipped in any kind of record: reading it gives store.ErrDamaged
// (shown to the user as an internal error with its own message), never
// the damaged value, and Check names the record by path and key.
func TestADamagedRecordReadsAsDamagedAndCheckNamesIt(t *testing.T) {
	f := buildFixture(t)
	pristine, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	jti := f.jtis[0] // ana's
	cases := []struct {
		name  string
		path  []string // bucket path and key of the record to damage
		where string   // how Check names it
		read  func(tx *store.Tx) (any, error)
	}{
		{"user record", []string{"users", id(1), "record"}, "users/1/record", func(tx *store.Tx) (any, error) { return tx.User(1) }},
		{"password hash", []string{"users", id(1), "password"}, "users/1/password", func(tx *store.Tx) (any, error) { return tx.PasswordHash(1) }},
		{"wrapped data key", []string{"users", id(1), "data_key"}, "users/1/data_key", func(tx *store.Tx) (any, error) { return tx.DataKey(1) }},
		{"email index entry", []string{"index", "email", "ana@example.com"}, "index/email/ana@example.com", func(tx *store.Tx) (any, error) {
			v, _, err := tx.UserIDByLogin("ana@example.com")
			return v, err
		}},
		{"username index entry", []string{"index", "username", "ana"}, "index/username/ana", func(tx *store.Tx) (any, error) {
			v, _, err := tx.UserIDByLogin("ana")
			return v, err
		}},
		{"session", []string{"sessions", jti}, "sessions/" + jti, func(tx *store.Tx) (any, error) { return tx.Session(jti) }},
		{"vault entry", []string{"users", id(1), "vault", id(2)}, "users/1/vault/2", func(tx *store.Tx) (any, error) { return tx.VaultEntry(1, 2) }},
		{"sync link", []string{"users", id(1), "sync", "link"}, "users/1/sync/link", func(tx *store.Tx) (any, error) {
			v, _, err := tx.SyncLink(1)
			return v, err
		}},
		{"sync state", []string{"users", id(1), "sync", "state"}, "users/1/sync/state", func(tx *store.Tx) (any, error) { return tx.SyncState(1) }},
		{"sealed remote token", []string{"users", id(1), "sync", "token"}, "users/1/sync/token", func(tx *store.Tx) (any, error) { return tx.SealedRemoteToken(1) }},
		{"outbox change", []string{"users", id(1), "sync", "outbox", id(1)}, "users/1/sync/outbox/1", func(tx *store.Tx) (any, error) { return tx.Outbox(1) }},
		{"avatar", []string{"users", id(1), "avatar"}, "users/1/avatar", func(tx *store.Tx) (any, error) { return tx.Avatar(1, false) }},
		{"avatar thumbnail", []string{"users", id(1), "avatar_thumb"}, "users/1/avatar_thumb", func(tx *store.Tx) (any, error) { return tx.Avatar(1, true) }},
		{"theme", []string{"settings", "theme"}, "settings/theme", func(tx *store.Tx) (any, error) { return tx.Theme("system") }},
		{"idle lock", []string{"settings", "idle_lock_minutes"}, "settings/idle_lock_minutes", func(tx *store.Tx) (any, error) { return tx.IdleLockMinutes(5) }},
		{"window state", []string{"settings", "window_state"}, "settings/window_state", func(tx *store.Tx) (any, error) { return tx.WindowState() }},
		{"session-token key", []string{"meta", "token_key"}, "meta/token_key", func(tx *store.Tx) (any, error) { return tx.TokenKey() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := copyWithFlips(t, pristine, nil)
			testutil.FlipInValue(t, path, c.path...)
			db, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var got any
			err = db.View(func(tx *store.Tx) (err error) { got, err = c.read(tx); return err })
			if !errors.Is(err, store.ErrDamaged) {
				t.Fatalf("read gave %v, %v; want store.ErrDamaged", got, err)
			}
			if public := apperr.ToPublic(err); public.Code != apperr.Internal || public.Key != apperr.Damaged.Key() {
				t.Fatalf("the user sees %+v", public)
			}
			report := fmt.Sprint(db.Check())
			if !strings.Contains(report, "record "+c.where+" is damaged") {
				t.Fatalf("check report %q does not name %s", report, c.where)
			}
		})
	}
}

// The tag binds a record to its place: the same bytes moved under another
// key or another user read as damaged, though they are intact.
func TestARecordMovedToAnotherKeyOrUserReadsAsDamaged(t *testing.T) {
	f := buildFixture(t)
	move := func(to ...string) {
		editRaw(t, f.path, func(tx *bolt.Tx) error {
			v := tx.Bucket([]byte("users")).Bucket([]byte(id(1))).Bucket([]byte("vault")).Get([]byte(id(1)))
			b := tx.Bucket([]byte("users"))
			for _, name := range to[1 : len(to)-1] {
				b = b.Bucket([]byte(name))
			}
			return b.Put([]byte(to[len(to)-1]), append([]byte(nil), v...))
		})
	}
	move("users", id(1), "vault", id(99)) // another entry id of the same user
	move("users", id(2), "vault", id(98)) // another user
	db, err := store.Open(f.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct{ user, entry uint64 }{{1, 99}, {2, 98}} {
		err := db.View(func(tx *store.Tx) error { _, err := tx.VaultEntry(c.user, c.entry); return err })
		if !errors.Is(err, store.ErrDamaged) {
			t.Errorf("entry %d of user %d: %v, want store.ErrDamaged", c.entry, c.user, err)
		}
	}
	if err := db.View(func(tx *store.Tx) error { _, err := tx.VaultEntry(1, 1); return err }); err != nil {
		t.Fatalf("the original entry: %v", err)
	}
}

// A page too damaged for bbolt to read makes it panic or fault; inside
// View that becomes store.ErrDamaged instead of ending the process. Open
// refuses a file damaged so (see the test below); this damage comes while
// the file is open, as a failing disk's would.
func TestReadingADamagedPageIsAnErrorNotACrash(t *testing.T) {
	path := signedUpFile(t)
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var page uint64
	_ = raw.View(func(tx *bolt.Tx) error { page = uint64(tx.Bucket([]byte("users")).Root()); return nil })
	offset := int64(page) * int64(raw.Info().PageSize)
	_ = raw.Close()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Garbage element offsets and lengths, after the page header.
	_, err = file.WriteAt([]byte(strings.Repeat("\xAB", 32)), offset+16)
	_ = file.Close()
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *store.Tx) error { return tx.ForEachUser(func(store.User) error { return nil }) })
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("reading the damaged page: %v, want store.ErrDamaged", err)
	}
	if public := apperr.ToPublic(err); public.Code != apperr.Internal || public.Key != "error.damaged" {
		t.Fatalf("the user sees %+v", public)
	}
}

// A panic of the caller's own code inside a transaction is a bug, not
// damage: it goes on as a panic rather than blaming the file.
func TestAPanicInTheCallersCodeIsNotCalledDamage(t *testing.T) {
	db := testutil.OpenDB(t)
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("the panic was swallowed")
		}
	}()
	_ = db.View(func(tx *store.Tx) error {
		var m map[string]int
		m["x"]++ // assignment to a nil map
		return nil
	})
}

func newestMetaPage(t *testing.T, path string) (page int, txid uint64, pageSize int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize = int(binary.LittleEndian.Uint32(data[16+8:]))
	for i := range 2 {
		if id := binary.LittleEndian.Uint64(data[i*pageSize+16+48:]); id > txid || i == 0 {
			page, txid = i, id
		}
	}
	return page, txid, pageSize
}

// bbolt silently opens a file whose newest meta page is damaged as of the
// commit before; Check says so. Damage to the older one is named too.
func TestCheckSaysWhenTheNewestCommitsMetaPageIsDamaged(t *testing.T) {
	for _, c := range []struct {
		name   string
		newest bool
		want   string
	}{
		{"newest", true, "the newest commit's meta page (page %d, transaction %d) is damaged"},
		{"previous", false, "the previous commit's meta page (page %d, transaction %d) is damaged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := signedUpFile(t)
			page, txid, pageSize := newestMetaPage(t, path)
			if !c.newest {
				page, txid = 1-page, txid-1
			}
			file, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			// A byte of the root bucket's page id, which the checksum covers.
			if _, err := file.WriteAt([]byte{0x77}, int64(page*pageSize+16+17)); err != nil {
				t.Fatal(err)
			}
			_ = file.Close()
			db, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			report := fmt.Sprint(db.Check())
			if want := fmt.Sprintf(c.want, page, txid); !strings.Contains(report, want) {
				t.Fatalf("check report %q lacks %q", report, want)
			}
			if c.newest && !strings.Contains(report, fmt.Sprintf("the file was read as of transaction %d", txid-1)) {
				t.Fatalf("check report %q does not say which commit was read", report)
			}
		})
	}
}

// A bucket sequence lives in an untagged bucket header: damaged to below
// the ids in use, it would hand out an existing id and overwrite a record.
// Check reports it, and handing out the id fails instead.
func TestADamagedSequenceNeverOverwritesARecord(t *testing.T) {
	f := buildFixture(t)
	editRaw(t, f.path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("users")).Bucket([]byte(id(1))).Bucket([]byte("vault")).SetSequence(2)
	})
	db, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if report := fmt.Sprint(db.Check()); !strings.Contains(report, "bucket users/1/vault hands out id 3 next, but already holds 6") {
		t.Fatalf("check report %q", report)
	}
	err = db.Update(func(tx *store.Tx) error {
		id, err := tx.NextVaultEntryID(1)
		if err != nil {
			return err
		}
		return tx.PutVaultEntry(1, id, []byte("new"))
	})
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("next id: %v, want store.ErrDamaged", err)
	}
	if err := db.View(func(tx *store.Tx) error { _, err := tx.VaultEntry(1, 3); return err }); err != nil {
		t.Fatalf("entry 3 after the refused write: %v", err)
	}
}
