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

// BenchmarkUnlock signs in with the production argon2id parameters (the
// password check and the data-key unwrap, from one argon2id run) and, as
// the baseline, derives one argon2id key with the same parameters, the two
// alternating in one loop so that a busy machine slows both alike. It
// reports the mean of each (ms/sign_in, ms/one_hash), which `make bench`
// turns into their ratio (goal: at most 1.1).
func BenchmarkUnlock(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), store.FileName), store.Options{})
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
	salt := make([]byte, 16)
	var signIn, hash time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := acc.SignIn(accounts.SignInInput{Login: in.Email, Password: in.Password}); err != nil {
			b.Fatal(err)
		}
		signedIn := time.Now()
		clear(kdf.Key(in.Password, salt, kdf.Default, kdf.MasterSize))
		signIn += signedIn.Sub(start)
		hash += time.Since(signedIn)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(ms(signIn), "ms/sign_in")
	b.ReportMetric(ms(hash), "ms/one_hash")
}
