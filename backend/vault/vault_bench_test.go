package vault_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// A database with one user holding 10,000 entries, made once per process:
// filling it is far slower than what the benchmarks measure.
var bench10k struct {
	once sync.Once
	db   *store.DB
	user accounts.Unlocked
	err  error
}

func tenThousandEntries(b *testing.B) (*store.DB, accounts.Unlocked) {
	bench10k.once.Do(func() {
		dir, err := os.MkdirTemp("", "passdesk-bench-")
		if err != nil {
			bench10k.err = err
			return
		}
		db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
		if err != nil {
			bench10k.err = err
			return
		}
		acc, err := accounts.New(db, accounts.Config{Hash: kdf.Minimum})
		if err != nil {
			bench10k.err = err
			return
		}
		u, err := acc.SignUp(accounts.SignUpInput{Username: "bench", Email: "bench@example.com", Password: "correct horse 42"})
		if err != nil {
			bench10k.err = err
			return
		}
		svc := vault.New(db, nil)
		for i := 0; i < 10_000; i++ {
			in := vault.Input{NamePages: fmt.Sprintf("Site %05d", i), URL: fmt.Sprintf("https://site%05d.example.com/login", i), PasswordSaved: fmt.Sprintf("p4ss-%05d-xyz", i)}
			if _, err := svc.Add(u.User.ID, u.DataKey, in); err != nil {
				bench10k.err = err
				return
			}
		}
		bench10k.db, bench10k.user = db, u
	})
	if bench10k.err != nil {
		b.Fatal(bench10k.err)
	}
	return bench10k.db, bench10k.user
}

func TestMain(m *testing.M) {
	code := m.Run()
	if db := bench10k.db; db != nil {
		_ = db.Close()
		_ = os.RemoveAll(filepath.Dir(db.Path()))
	}
	os.Exit(code)
}

// BenchmarkList10k lists and decrypts 10,000 entries of one user through the
// Go API, and, as the baseline of the same run, the same list filtered by a
// search that matches one entry (the decryption is the same; only the
// result differs).
func BenchmarkList10k(b *testing.B) {
	db, u := tenThousandEntries(b)
	svc := vault.New(db, nil)
	for _, c := range []struct{ name, query string }{{"all", ""}, {"search_one", "site04242"}} {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				got, err := svc.List(u.User.ID, u.DataKey, c.query)
				if err != nil || len(got) == 0 {
					b.Fatal(len(got), err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/list")
		})
	}
}

// BenchmarkUnlock signs in with the production argon2id parameters: the
// password check plus the data-key unwrap, i.e. two key derivations. Compare
// with BenchmarkPasswordHash/default (one derivation) in the same run.
func BenchmarkUnlock(b *testing.B) {
	dir := b.TempDir()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	acc, err := accounts.New(db, accounts.Config{})
	if err != nil {
		b.Fatal(err)
	}
	in := accounts.SignUpInput{Username: "bench", Email: "bench@example.com", Password: "correct horse 42"}
	if _, err := acc.SignUp(in); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := acc.SignIn(accounts.SignInInput{Login: in.Email, Password: in.Password}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/unlock")
}
