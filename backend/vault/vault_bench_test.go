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

// A database with one user holding 10,000 entries and one holding 100,
// made once per process: filling it is far slower than what the benchmarks
// measure.
var bench10k struct {
	once      sync.Once
	db        *store.DB
	user, few accounts.Unlocked
	err       error
}

func tenThousandEntries(b *testing.B) (*store.DB, accounts.Unlocked, accounts.Unlocked) {
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
		svc := vault.New(db, nil)
		var users [2]accounts.Unlocked
		for n, count := range []int{10_000, 100} {
			u, err := acc.SignUp(accounts.SignUpInput{Username: fmt.Sprintf("bench%d", n), Email: fmt.Sprintf("bench%d@example.com", n), Password: "correct horse 42"})
			if err != nil {
				bench10k.err = err
				return
			}
			for i := 0; i < count; i++ {
				in := vault.Input{NamePages: fmt.Sprintf("Site %05d", i), URL: fmt.Sprintf("https://site%05d.example.com/login", i), PasswordSaved: fmt.Sprintf("p4ss-%05d-xyz", i)}
				if _, err := svc.Add(u.User.ID, u.DataKey, in); err != nil {
					bench10k.err = err
					return
				}
			}
			users[n] = u
		}
		bench10k.db, bench10k.user, bench10k.few = db, users[0], users[1]
	})
	if bench10k.err != nil {
		b.Fatal(bench10k.err)
	}
	return bench10k.db, bench10k.user, bench10k.few
}

func TestMain(m *testing.M) {
	code := m.Run()
	if db := bench10k.db; db != nil {
		_ = db.Close()
		_ = os.RemoveAll(filepath.Dir(db.Path()))
	}
	os.Exit(code)
}

// BenchmarkList lists a user's entries through the Go API as the Saved
// passwords page does each time it opens: 10,000 entries next to 100 (the
// baseline of the same run, another user of the same file), both after a
// first List verified and opened them (cold_10k: every time, as after a
// write), and a search matching one of the 10,000.
func BenchmarkList(b *testing.B) {
	const benchPage = 100 // the frontend's page (PAGE_SIZE in useSavedPasswords.ts)
	db, many, few := tenThousandEntries(b)
	for _, c := range []struct {
		name  string
		user  accounts.Unlocked
		query string
		cold  bool
	}{
		{"cold_10k", many, "", true},
		{"warm_10k", many, "", false},
		{"search_one_10k", many, "site04242", false},
		{"warm_100", few, "", false},
	} {
		b.Run(c.name, func(b *testing.B) {
			svc := vault.New(db, nil)
			first, err := svc.List(c.user.User.ID, c.user.DataKey, c.query, 0, benchPage)
			if err != nil {
				b.Fatal(err)
			}
			want := first.Total
			var took time.Duration
			for b.Loop() {
				if c.cold {
					svc.Forget()
				}
				start := time.Now()
				got, err := svc.List(c.user.User.ID, c.user.DataKey, c.query, 0, benchPage)
				took += time.Since(start)
				if err != nil || got.Total != want {
					b.Fatal(got.Total, want, err)
				}
			}
			b.ReportMetric(float64(took.Nanoseconds())/1e6/float64(b.N), "ms/list")
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
