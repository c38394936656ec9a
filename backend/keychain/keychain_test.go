package keychain

import (
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestSecretsRoundTripAndDeletingAMissingOneIsFine(t *testing.T) {
	keyring.MockInit() // the OS store is not reachable in tests; the adapter logic is what is tested
	var kc OS
	if err := kc.Set("db#1", "refresh-token"); err != nil {
		t.Fatal(err)
	}
	if got, err := kc.Get("db#1"); err != nil || got != "refresh-token" {
		t.Fatalf("Get = %q, %v; want the stored secret", got, err)
	}
	if err := kc.Delete("db#1"); err != nil {
		t.Fatal(err)
	}
	if _, err := kc.Get("db#1"); err == nil {
		t.Fatal("a deleted secret can still be read")
	}
	if err := kc.Delete("db#1"); err != nil {
		t.Fatalf("deleting a missing secret = %v, want nil", err)
	}
}

func TestACallThatHangsTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	err := within(func() error { <-release; return nil })
	// Only a lower bound: a loaded machine may answer later, never sooner.
	if err != errTimeout || time.Since(start) < timeout {
		t.Fatalf("within a hanging call = %v after %v, want errTimeout after %v", err, time.Since(start), timeout)
	}
}
