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
	if err != errTimeout || time.Since(start) > timeout+time.Second {
		t.Fatalf("within a hanging call = %v after %v, want errTimeout after about %v", err, time.Since(start), timeout)
	}
}
