package accounts_test

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

// BenchmarkChangePassword10k measures a password change, with the
// production argon2id parameters, for a user holding 10,000 saved
// passwords: verifying the current password, unwrapping, re-sealing every
// entry under a fresh data key and hashing and wrapping under the new one,
// in one transaction. `make bench` reports it against one hash
// (BenchmarkPasswordHash/default, same run) as a ratio.
func BenchmarkChangePassword10k(b *testing.B) {
	f := changeFixture(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		current := f.passwords[f.changes%2]
		key, err := f.svc.ChangePassword(f.userID, current, f.passwords[(f.changes+1)%2])
		if err != nil {
			b.Fatal(err)
		}
		f.changes++
		clear(key)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/change")
}

// changeBench is one user with 10,000 saved passwords and production
// argon2id parameters, made once per process (filling it takes longer than
// what is measured); changes counts the password changes so far, which
// alternate between two passwords.
type changeBenchFixture struct {
	once      sync.Once
	svc       *accounts.Service
	userID    uint64
	passwords [2]string
	changes   int
	err       error
}

var changeBench changeBenchFixture

func changeFixture(b *testing.B) *changeBenchFixture {
	f := &changeBench
	f.once.Do(func() {
		dir, err := os.MkdirTemp("", "passdesk-bench-")
		if err != nil {
			f.err = err
			return
		}
		db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
		if err != nil {
			f.err = err
			return
		}
		if f.svc, err = accounts.New(db, accounts.Config{Hash: kdf.Default}); err != nil {
			f.err = err
			return
		}
		f.passwords = [2]string{"correct horse 42", "battery staple 43"}
		u, err := f.svc.SignUp(accounts.SignUpInput{Username: "bench", Email: "bench@example.com", Password: f.passwords[0]})
		if err != nil {
			f.err = err
			return
		}
		f.userID = u.User.ID
		v := vault.New(db, nil)
		for i := 0; i < 10_000 && f.err == nil; i++ {
			in := vault.Input{NamePages: fmt.Sprintf("Site %05d", i), URL: fmt.Sprintf("https://site%05d.example.com/login", i), PasswordSaved: fmt.Sprintf("p4ss-%05d-xyz", i)}
			_, f.err = v.Add(u.User.ID, u.DataKey, in)
		}
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f
}
