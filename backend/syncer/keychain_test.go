package syncer

import (
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/keychain"
	"passdesk/backend/keychain/keychaintest"
	"passdesk/backend/profile"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
	"passdesk/backend/store"
)

// The same, through the system keychain adapter into a real Secret Service
// (gnome-keyring; see keychaintest), read back by another client.
func TestWithTheSecretServiceTheTokenLivesThereAndUnlinkOrDeletionRemovesIt(t *testing.T) {
	keychaintest.Start(t)
	tokenLivesInTheKeychain(t, keychain.OS{}, func(account string) (string, bool) { return keychaintest.Lookup(t, account) },
		func() int { return keychaintest.Count(t) })
}

// tokenLivesInTheKeychain links an account with kc as the keychain, then
// unlinks it or deletes the local account: the refresh token must be in kc
// (lookup reads an account's secret, count the entries), not sealed in the
// database, and gone from kc at the end.
func tokenLivesInTheKeychain(t *testing.T, kc Keychain, lookup func(account string) (string, bool), count func() int) {
	for _, end := range []string{"unlink", "delete"} {
		t.Run(end, func(t *testing.T) {
			url, srv := remotetest.ForTest(t)
			h := newHarnessOn(t, url, srv, Config{Keychain: kc})
			h.link(ModeSignUp)
			h.edit(profile.Patch{"first_name": "ViaKeychain"})
			h.waitSynced() // the refresh token is read back from the keychain
			account := h.engine.tokenAccount(h.user.ID)
			token, ok := lookup(account)
			if _, valid := remote.ExpiresAt(token); !ok || !valid {
				t.Fatalf("the keychain holds %q, %v under %s; want the refresh token", token, ok, account)
			}
			if n := count(); n != 1 {
				t.Fatalf("keychain holds %d secrets, want the one refresh token", n)
			}
			var sealed []byte
			_ = h.db.View(func(tx *store.Tx) (err error) { sealed, err = tx.SealedRemoteToken(h.user.ID); return err })
			if sealed != nil {
				t.Fatal("the token is also sealed in the database although the keychain took it")
			}
			if end == "unlink" {
				if _, err := h.engine.Unlink(); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := h.accounts.DeleteAccount(h.user.ID, testutil.Password); err != nil {
					t.Fatal(err)
				}
				h.engine.Forget(h.user.ID)
			}
			if token, ok := lookup(account); ok {
				t.Fatalf("after %s the keychain still holds %q", end, token)
			}
			if n := count(); n != 0 {
				t.Fatalf("after %s the keychain still holds %d secrets", end, n)
			}
		})
	}
}
