package syncer

import (
	"errors"
	"testing"
	"time"

	"passdesk/backend/internal/testutil"
)

func TestBackoffGrowsExponentiallyWithJitterUpToTheCap(t *testing.T) {
	e := New(Config{DB: testutil.OpenDB(t), RetryMin: time.Second, RetryMax: 60 * time.Second})
	for attempt, full := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 6: 32 * time.Second, 7: 60 * time.Second, 30: 60 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := e.backoff(attempt, 0)
			if d < full/2 || d > full {
				t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, full/2, full)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct delays in 200 tries: no jitter", attempt, len(seen))
		}
	}
	if d := e.backoff(1, 30*time.Second); d != 30*time.Second {
		t.Errorf("a 429's Retry-After of 30s gave %v, want it as the floor", d)
	}
}

// memoryKeychain is an OS keychain stand-in that can also be unavailable.
type memoryKeychain struct {
	secrets map[string]string
	broken  bool
}

func (k *memoryKeychain) Set(account, secret string) error {
	if k.broken {
		return errors.New("no keychain")
	}
	k.secrets[account] = secret
	return nil
}

func (k *memoryKeychain) Get(account string) (string, error) {
	s, ok := k.secrets[account]
	if !ok {
		return "", errors.New("not found")
	}
	return s, nil
}

func (k *memoryKeychain) Delete(account string) error {
	delete(k.secrets, account)
	return nil
}
