package vaultsync_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"passdesk/backend/remote/remotetest"
	"passdesk/backend/vault"
)

// BenchmarkVaultImport times the first enable of saved-password sync on an
// account whose server holds 1,000 entries (ms/import: list them, merge
// them into an empty vault, seal and write each, one transaction), and,
// as baselines measured in the same loop, fetching that list alone
// (ms/fetch) and listing the 1,000 imported entries from the vault
// (ms/list, as vault.list10k does for 10,000).
func BenchmarkVaultImport(b *testing.B) {
	var imp, fetch, list time.Duration
	for range b.N {
		b.StopTimer()
		h := newHarness(b)
		h.needServer() // bulk-filled through the built-in server
		entries := make([]remotetest.SavedPassword, 1000)
		for i := range entries {
			entries[i] = remotetest.SavedPassword{NamePages: fmt.Sprintf("Site %04d", i), URL: fmt.Sprintf("https://site%04d.example.com/login", i), PasswordSaved: fmt.Sprintf("p4ss-%04d-xyz", i)}
		}
		h.srv.SavePasswords(h.remoteID, entries...)
		b.StartTimer()

		start := time.Now()
		h.enable()
		imported := time.Now()
		if got, err := h.web.Passwords(context.Background(), h.access); err != nil || len(got) != 1000 {
			b.Fatal(len(got), err)
		}
		fetched := time.Now()
		if got, err := h.vault.List(h.user.ID, h.key, "", 0, vault.MaxPageSize); err != nil || got.Total != 1000 {
			b.Fatal(got.Total, err)
		}
		imp += imported.Sub(start)
		fetch += fetched.Sub(imported)
		list += time.Since(fetched)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(ms(imp), "ms/import")
	b.ReportMetric(ms(fetch), "ms/fetch")
	b.ReportMetric(ms(list), "ms/list")
}
