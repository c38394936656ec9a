package accounts

import (
	"testing"
	"time"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
)

// BenchmarkPasswordHash measures one password record (one argon2id run) with the production
// parameters (the cost of a sign-up, a sign-in or an account deletion) and
// with OWASP's minimum, the baseline measured in the same run.
func BenchmarkPasswordHash(b *testing.B) {
	for _, c := range []struct {
		name   string
		params kdf.Params
	}{
		{"default", kdf.Default},
		{"owasp_minimum", kdf.Minimum},
	} {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				_, wrapKey, err := newRecord(kdf.Key, "correct horse battery staple", identity.FormOpaque, c.params)
				if err != nil {
					b.Fatal(err)
				}
				clear(wrapKey)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/hash")
		})
	}
}
