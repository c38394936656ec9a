package syncer

import (
	"fmt"
	"testing"
	"time"

	"passdesk/backend/store"
)

// BenchmarkSync/flush1000 times 1,000 queued profile changes draining to
// the local contract server; one_change, a single change, is the baseline
// measured in the same run.
func BenchmarkSync(b *testing.B) {
	for _, n := range []struct {
		name    string
		changes int
	}{{"one_change", 1}, {"flush1000", 1000}} {
		b.Run(n.name, func(b *testing.B) {
			h := newHarness(b)
			h.link(ModeSignUp)
			var total time.Duration
			for i := range b.N {
				err := h.db.Update(func(tx *store.Tx) error {
					for j := range n.changes {
						field := []string{"first_name", "last_name"}[j%2]
						change := store.OutboxChange{Fields: map[string]string{field: fmt.Sprintf("v%d-%d", i, j)}}
						if err := tx.Enqueue(h.user.ID, change); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				h.waitSynced()
				total += time.Since(start)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/drain")
		})
	}
}
