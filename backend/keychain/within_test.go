package keychain

import (
	"testing"
	"time"
)

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
