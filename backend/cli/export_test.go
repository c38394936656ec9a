package cli

import (
	"testing"
	"time"
)

// SetIdleTimeout shortens how long copying a backup waits for a stalled
// file, for t (which must not run in parallel).
func SetIdleTimeout(t *testing.T, d time.Duration) {
	old := idleTimeout
	idleTimeout = d
	t.Cleanup(func() { idleTimeout = old })
}
