package accounts_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/avatar"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// residue signs up a user with a distinct marker in every field, gives them
// a picture, saved passwords, a sync link and token and a second session,
// deletes the account when del is set, and returns the user's bytes that
// must not survive it (by name) and the path of the data file. A kept user
// stays alongside.
func residue(t *testing.T, del bool) (map[string][]byte, *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc := testutil.Accounts(t, db, nil)
	testutil.SignUp(t, svc, "keeper")
	u, err := svc.SignUp(accounts.SignUpInput{
		Username: "MarkerUsernameQ7", Email: "marker.email.q7@example.org", Password: "Marker password q7!",
		FirstName: "MarkerFirstQ7", LastName: "MarkerLastQ7", NumberPhone: "600777171",
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.SignIn(accounts.SignInInput{Login: "marker.email.q7@example.org", Password: "Marker password q7!"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := profile.New(db, nil).UploadAvatar(u.User.ID, picture(t), avatar.New()); err != nil {
		t.Fatal(err)
	}
	vaults := vault.New(db, nil)
	for _, site := range []string{"marker-site-one.example", "marker-site-two.example"} {
		if _, err := vaults.Add(u.User.ID, u.DataKey, vault.Input{NamePages: site, URL: "https://" + site, PasswordSaved: "MarkerSaved-" + site}); err != nil {
			t.Fatal(err)
		}
	}
	needles := map[string][]byte{
		"username": []byte("MarkerUsernameQ7"), "username (index)": []byte("markerusernameq7"),
		"email": []byte("marker.email.q7@example.org"), "first name": []byte("MarkerFirstQ7"),
		"last name": []byte("MarkerLastQ7"), "phone": []byte("600777171"),
		"session": []byte(testutil.JTI(t, u.Token)), "second session": []byte(testutil.JTI(t, second.Token)),
		"sync server": []byte("https://marker-sync.example"), "sync remote username": []byte("MarkerRemoteQ7"),
	}
	err = db.Update(func(tx *store.Tx) error {
		if err := tx.PutSyncLink(u.User.ID, store.SyncLink{ServerURL: "https://marker-sync.example", RemoteID: 77, RemoteUsername: "MarkerRemoteQ7"}); err != nil {
			return err
		}
		sealed, err := vault.SealSecret(u.DataKey, u.User.ID, vault.RemoteTokenPurpose, []byte("marker-refresh-token"))
		if err != nil {
			return err
		}
		if err := tx.PutSealedRemoteToken(u.User.ID, sealed); err != nil {
			return err
		}
		needles["sealed sync token"] = sealed
		// The stored (re-encoded) picture and thumbnail: a slice from the
		// middle of each, where the pixels are, not the common JPEG header.
		jpeg, err := tx.Avatar(u.User.ID, false)
		if err != nil {
			return err
		}
		thumb, err := tx.Avatar(u.User.ID, true)
		if err != nil {
			return err
		}
		needles["picture"] = jpeg[len(jpeg)/2 : len(jpeg)/2+64]
		needles["thumbnail"] = thumb[len(thumb)/2 : len(thumb)/2+64]
		hash, err := tx.PasswordHash(u.User.ID)
		if err != nil {
			return err
		}
		needles["password hash"] = []byte(hash)
		if needles["wrapped data key"], err = tx.DataKey(u.User.ID); err != nil {
			return err
		}
		i := 0
		return tx.ForEachVaultEntry(u.User.ID, func(_ uint64, sealed []byte, damaged error) error {
			if damaged != nil {
				return damaged
			}
			i++
			needles["sealed saved password "+string(rune('0'+i))] = append([]byte(nil), sealed...)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A backup killed while copying leaves its snapshot in the data folder.
	if _, err := db.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if del {
		if err := svc.DeleteAccount(u.User.ID, "Marker password q7!"); err != nil {
			t.Fatal(err)
		}
	}
	return needles, db
}

// picture is a PNG with noise, so its re-encoded JPEG is unlike any other.
func picture(t *testing.T) string {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 300, 300))
	seed := uint32(7)
	for y := range 300 {
		for x := range 300 {
			seed = seed*1664525 + 1013904223
			m.Set(x, y, color.RGBA{uint8(seed >> 24), uint8(seed >> 16), uint8(x), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// scan reads every file in the data folder (the database, and any temp
// file left there) and a backup taken now, and lists every needle found.
func scan(t *testing.T, db *store.DB, needles map[string][]byte) (found []string) {
	t.Helper()
	backup := filepath.Join(t.TempDir(), "after.backup")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	files := []string{backup}
	entries, err := os.ReadDir(filepath.Dir(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			files = append(files, filepath.Join(filepath.Dir(db.Path()), e.Name()))
		}
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for name, needle := range needles {
			if bytes.Contains(raw, needle) {
				found = append(found, name+" in "+filepath.Base(file))
			}
		}
	}
	return found
}

// SPEC §3: when DeleteAccount returns, no byte of the user is anywhere in
// the file — bbolt's freed pages included — nor in a backup taken after.
func TestADeletedAccountLeavesNoByteInTheFileOrALaterBackup(t *testing.T) {
	needles, db := residue(t, true)
	if found := scan(t, db, needles); len(found) > 0 {
		t.Fatalf("the deleted user's bytes are still there:\n%s", strings.Join(found, "\n"))
	}
	if !bytes.Contains(must(os.ReadFile(db.Path())), []byte("keeper@example.com")) {
		t.Fatal("the kept user is gone too: the scan looks at the wrong file")
	}
}

// Control: without the deletion the same scan finds every needle in both
// files, so finding none above means something.
func TestResidueScanFindsEveryMarkerOfALiveAccount(t *testing.T) {
	needles, db := residue(t, false)
	found := strings.Join(scan(t, db, needles), "\n")
	for name := range needles {
		for _, file := range []string{store.FileName, "after.backup"} {
			if !strings.Contains(found, name+" in "+file) {
				t.Errorf("control: %s not found in %s", name, file)
			}
		}
	}
}

// Changing the password is forgetting the old one: the old hash, the data
// key wrapped under the old password and everything sealed under the old
// key must not stay in freed pages, where the old password (perhaps the
// leaked one) would still open them.
func TestAPasswordChangeLeavesNothingTheOldPasswordOpens(t *testing.T) {
	needles, db := residue(t, false)
	old := map[string][]byte{}
	for name, needle := range needles {
		if name == "password hash" || name == "wrapped data key" || name == "sealed sync token" || strings.HasPrefix(name, "sealed saved password") {
			old[name] = needle
		}
	}
	svc := testutil.Accounts(t, db, nil)
	u, err := svc.SignIn(accounts.SignInInput{Login: "MarkerUsernameQ7", Password: "Marker password q7!"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := svc.ChangePassword(u.User.ID, "Marker password q7!", "A new password q8!")
	if err != nil {
		t.Fatal(err)
	}
	if found := scan(t, db, old); len(found) > 0 {
		t.Fatalf("what the old password opens is still there:\n%s", strings.Join(found, "\n"))
	}
	list, err := vault.New(db, nil).List(u.User.ID, key, "", 0, vault.MaxPageSize)
	if err != nil || list.Total != 2 {
		t.Fatalf("saved passwords under the new key: %v, %v", list, err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// When the file cannot be rewritten after a deletion or a password change
// (here its folder has moved away, so the fresh copy has nowhere to go),
// the change stands and says so with ErrNotErased: the account is gone, the
// new password is in force, and the caller still gets the new key.
func TestAChangeWhoseRewriteFailsStandsAndSaysSo(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc := testutil.Accounts(t, db, nil)
	ana, _ := testutil.SignUp(t, svc, "ana")
	bob, _ := testutil.SignUp(t, svc, "bob")
	if err := os.Rename(dir, filepath.Join(parent, "moved")); err != nil {
		t.Fatal(err)
	}

	key, err := svc.ChangePassword(ana.ID, testutil.Password, "A new password q8!")
	if !errors.Is(err, accounts.ErrNotErased) || key == nil {
		t.Fatalf("change: key %v, err %v; want the new key with ErrNotErased", key != nil, err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: "A new password q8!"}); err != nil {
		t.Fatalf("the new password does not sign in: %v", err)
	}
	if err := svc.DeleteAccount(bob.ID, testutil.Password); !errors.Is(err, accounts.ErrNotErased) {
		t.Fatalf("delete: err = %v, want ErrNotErased", err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "bob", Password: testutil.Password}); err != accounts.ErrWrongCredentials {
		t.Fatalf("the deleted account still signs in: %v", err)
	}
}

// The copy Restore keeps aside in the data folder holds the user too:
// deleting the account rewrites it without them (SPEC §3: no byte of the
// user in any file), and leaves the restored data's other users alone.
func TestADeletedAccountLeavesNoByteInACopyKeptAsideByRestore(t *testing.T) {
	needles, db := residue(t, false)
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	kept, err := db.Restore(backup)
	if err != nil {
		t.Fatal(err)
	}
	svc := testutil.Accounts(t, db, nil)
	u, err := svc.SignIn(accounts.SignInInput{Login: "MarkerUsernameQ7", Password: "Marker password q7!"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteAccount(u.User.ID, "Marker password q7!"); err != nil {
		t.Fatal(err)
	}
	if found := scan(t, db, needles); len(found) > 0 {
		t.Fatalf("the deleted user's bytes are still there:\n%s", strings.Join(found, "\n"))
	}
	if !bytes.Contains(must(os.ReadFile(kept)), []byte("keeper@example.com")) {
		t.Fatal("the kept-aside copy lost the other user")
	}
}
