package keychain_test

import (
	"errors"
	"testing"

	"github.com/zalando/go-keyring"

	"passdesk/backend/keychain"
	"passdesk/backend/keychain/keychaintest"
)

// Against a real Secret Service (gnome-keyring): a secret stored is there
// for another client to read, a new one replaces it (the syncer stores
// each rotated refresh token under the same account), and Delete removes
// it; deleting a missing one is fine.
func TestTheSecretServiceKeepsReplacesAndForgetsSecrets(t *testing.T) {
	keychaintest.Start(t)
	var kc keychain.OS
	const account = "/tmp/passdesk-test/passdesk.db#1"
	if err := kc.Set(account, "refresh-token-1"); err != nil {
		t.Fatal(err)
	}
	if got, ok := keychaintest.Lookup(t, account); !ok || got != "refresh-token-1" {
		t.Fatalf("secret-tool finds %q, %v; want the stored secret", got, ok)
	}
	if err := kc.Set(account, "refresh-token-2"); err != nil {
		t.Fatal(err)
	}
	if got, err := kc.Get(account); err != nil || got != "refresh-token-2" {
		t.Fatalf("Get = %q, %v; want the second secret", got, err)
	}
	if n := keychaintest.Count(t); n != 1 {
		t.Fatalf("%d items after storing twice under one account, want 1", n)
	}
	if err := kc.Delete(account); err != nil {
		t.Fatal(err)
	}
	if got, ok := keychaintest.Lookup(t, account); ok {
		t.Fatalf("secret-tool still finds %q after Delete", got)
	}
	if _, err := kc.Get(account); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want keyring.ErrNotFound", err)
	}
	if err := kc.Delete(account); err != nil {
		t.Fatalf("deleting a missing secret = %v, want nil", err)
	}
}
