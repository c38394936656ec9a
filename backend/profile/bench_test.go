package profile_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/store"
)

// BenchmarkProfileUpdate changes a linked user's first name through
// Service.Update (the UpdateProfile binding's path: the record, its index
// entries and the sync outbox, in one transaction; a value replaced, not
// emptied, needs no rewrite of the file) and, as the baseline,
// puts as many bytes as that update stores (the record and the queued
// change) under one key of a bare bbolt file in the same folder, with
// bbolt's fsync'd commit: the least a durable write of them costs. The two
// alternate in one loop so a busy machine slows both alike; it reports the
// median of each (ms/update, ms/raw_put), which `make bench` turns into
// their ratio (goal: at most 2).
func BenchmarkProfileUpdate(b *testing.B) {
	db := testutil.OpenDB(b)
	ana, _ := testutil.SignUp(b, testutil.Accounts(b, db, nil), "ana")
	if err := db.Update(func(tx *store.Tx) error {
		return tx.PutSyncLink(ana.ID, store.SyncLink{ServerURL: "https://sync.example", RemoteID: 7, RemoteUsername: "ana"})
	}); err != nil {
		b.Fatal(err)
	}
	svc := profile.New(db, nil)

	raw, err := bolt.Open(filepath.Join(filepath.Dir(db.Path()), "raw.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	names := [2]string{"Anabel", "Annika"}
	record, _ := json.Marshal(ana)
	change, _ := json.Marshal(store.OutboxChange{Fields: map[string]string{"first_name": names[0]}})
	value := bytes.Repeat([]byte{'x'}, len(record)+len(change))

	saveProfile := func(i int) {
		if _, err := svc.Update(ana.ID, profile.Patch{"first_name": names[i%2]}); err != nil {
			b.Fatal(err)
		}
	}
	putRaw := func(int) {
		if err := raw.Update(func(tx *bolt.Tx) error {
			bucket, err := tx.CreateBucketIfNotExists([]byte("raw"))
			if err != nil {
				return err
			}
			return bucket.Put([]byte("value"), value)
		}); err != nil {
			b.Fatal(err)
		}
	}
	update, put := make([]time.Duration, b.N), make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		// Which goes first alternates: an fsync can find part of its work
		// done by the other file's just before.
		first, second, firstTook, secondTook := saveProfile, putRaw, &update[i], &put[i]
		if i%2 == 1 {
			first, second, firstTook, secondTook = putRaw, saveProfile, &put[i], &update[i]
		}
		start := time.Now()
		first(i)
		between := time.Now()
		second(i)
		*firstTook, *secondTook = between.Sub(start), time.Since(between)
	}
	b.ReportMetric(medianMs(update), "ms/update")
	b.ReportMetric(medianMs(put), "ms/raw_put")
}

// medianMs is the median of ds in milliseconds: an fsync now and then
// waits far longer than the others on a shared disk, and would swing a
// mean of ten.
func medianMs(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64((ds[(len(ds)-1)/2]+ds[len(ds)/2])/2) / float64(time.Millisecond)
}
