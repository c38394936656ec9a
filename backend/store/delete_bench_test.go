package store_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// BenchmarkCompactOnDeleteAccount times DeleteAccount — the password check
// (cheapest argon2id), the deletion and the rewrite of the whole file that
// leaves no byte of the user behind — in a file holding about 10 MiB and
// about 100 MiB of other users' pictures; the baseline of the same run is a
// plain copy of the same file, fsynced.
func BenchmarkCompactOnDeleteAccount(b *testing.B) {
	for _, mib := range []int{10, 100} {
		db, svc := filledAccounts(b, mib)
		b.Run(fmt.Sprintf("delete_%dMiB", mib), func(b *testing.B) {
			var took time.Duration
			for i := range b.N {
				in := accounts.SignUpInput{Username: fmt.Sprintf("victim%d", i), Email: fmt.Sprintf("victim%d@example.com", i), Password: "correct horse 42"}
				u, err := svc.SignUp(in)
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if err := svc.DeleteAccount(u.User.ID, in.Password); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
			}
			b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/delete")
		})
		b.Run(fmt.Sprintf("copy_%dMiB", mib), func(b *testing.B) {
			var took time.Duration
			for range b.N {
				start := time.Now()
				if err := copyAndSync(db.Path(), filepath.Join(b.TempDir(), "copy.db")); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
			}
			b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/copy")
		})
	}
}

// BenchmarkEraseOnVaultDelete times vault.Delete — the deletion of one
// saved password and the rewrite of the whole file that leaves its
// ciphertext in no freed page — in a file holding about 10 MiB and about
// 100 MiB of other users' pictures, next to the raw deletion (the same
// record deleted in one transaction, no rewrite).
func BenchmarkEraseOnVaultDelete(b *testing.B) {
	for _, mib := range []int{10, 100} {
		db, svc := filledAccounts(b, mib)
		u, err := svc.SignUp(accounts.SignUpInput{Username: "owner", Email: "owner@example.com", Password: "correct horse 42"})
		if err != nil {
			b.Fatal(err)
		}
		v := vault.New(db, nil)
		timeDeletes := func(b *testing.B, del func(entryID uint64) error) {
			var took time.Duration
			for range b.N {
				e, err := v.Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example.com", PasswordSaved: "secret"})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if err := del(e.ID); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
			}
			b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/delete")
		}
		b.Run(fmt.Sprintf("delete_%dMiB", mib), func(b *testing.B) {
			timeDeletes(b, func(id uint64) error { return v.Delete(u.User.ID, id) })
		})
		b.Run(fmt.Sprintf("raw_delete_%dMiB", mib), func(b *testing.B) {
			timeDeletes(b, func(id uint64) error {
				return db.Update(func(tx *store.Tx) error { _, err := tx.DeleteVaultEntry(u.User.ID, id); return err })
			})
		})
	}
}

// filledAccounts opens a new database filled with about mib MiB of
// pictures (closed at the benchmark's end) and an accounts service over it
// with the cheapest argon2id.
func filledAccounts(b *testing.B, mib int) (*store.DB, *accounts.Service) {
	b.Helper()
	db, err := store.Open(filepath.Join(b.TempDir(), store.FileName), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	fillPictures(b, db, mib)
	svc, err := accounts.New(db, accounts.Config{Hash: kdf.Minimum})
	if err != nil {
		b.Fatal(err)
	}
	return db, svc
}

// fillPictures adds users with 96 KiB pictures (and thumbnails) until they
// hold about mib MiB.
func fillPictures(b *testing.B, db *store.DB, mib int) {
	b.Helper()
	const perUser = 96<<10 + 96<<10/10
	users := mib << 20 / perUser
	for done := 0; done < users; done += 100 {
		addPicturesFrom(b, db, fmt.Sprintf("fill%d-", done), min(100, users-done))
	}
}

// addPicturesFrom is addPictures in one transaction, for speed.
func addPicturesFrom(b *testing.B, db *store.DB, prefix string, n int) {
	b.Helper()
	err := db.Update(func(tx *store.Tx) error {
		for i := range n {
			picture := randomBytes(b, 96<<10)
			u := store.User{Username: fmt.Sprintf("%s%d", prefix, i), Email: fmt.Sprintf("%s%d@example.com", prefix, i)}
			if err := tx.CreateUser(&u, "$argon2id$hash"); err != nil {
				return err
			}
			if err := tx.PutAvatar(u.ID, picture, picture[:len(picture)/10]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func copyAndSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}
