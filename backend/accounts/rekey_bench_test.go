package accounts_test

import (
	"fmt"
	"path/filepath"
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
	db, err := store.Open(filepath.Join(b.TempDir(), store.FileName), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc, err := accounts.New(db, accounts.Config{Hash: kdf.Default})
	if err != nil {
		b.Fatal(err)
	}
	passwords := [2]string{"correct horse 42", "battery staple 43"}
	u, err := svc.SignUp(accounts.SignUpInput{Username: "bench", Email: "bench@example.com", Password: passwords[0]})
	if err != nil {
		b.Fatal(err)
	}
	v := vault.New(db, nil)
	for i := 0; i < 10_000; i++ {
		in := vault.Input{NamePages: fmt.Sprintf("Site %05d", i), URL: fmt.Sprintf("https://site%05d.example.com/login", i), PasswordSaved: fmt.Sprintf("p4ss-%05d-xyz", i)}
		if _, err := v.Add(u.User.ID, u.DataKey, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		key, err := svc.ChangePassword(u.User.ID, passwords[i%2], passwords[(i+1)%2])
		if err != nil {
			b.Fatal(err)
		}
		clear(key)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/change")
}
