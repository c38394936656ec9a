package syncer

import (
	"errors"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/store"
)

// A local edit wakes the sync worker by committing, whoever made it and
// without a call to Wake; a rolled-back edit, another user's edit and an
// edit of an unlinked account do not. The engine's session has no worker
// here, so the test reads the wake-ups itself.
func TestACommittedEditWakesSyncAndARolledBackOneDoesNot(t *testing.T) {
	db := testutil.OpenDB(t)
	accounts := testutil.Accounts(t, db, nil)
	ana := testutil.SignUpUnlocked(t, accounts, randomName("ana"))
	bo := testutil.SignUpUnlocked(t, accounts, randomName("bo"))
	for _, u := range []uint64{ana.User.ID, bo.User.ID} {
		if err := db.Update(func(tx *store.Tx) error {
			return tx.PutSyncLink(u, store.SyncLink{ServerURL: "https://sync.example.com/api/", RemoteID: int64(u)})
		}); err != nil {
			t.Fatal(err)
		}
	}
	e := New(Config{DB: db})
	s := &session{userID: ana.User.ID, wake: make(chan struct{}, 1)}
	e.sess = s
	profiles := profile.New(db, nil)
	woken := func() bool {
		select {
		case <-s.wake:
			return true
		default:
			return false
		}
	}

	rollback := errors.New("rolled back")
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.Enqueue(ana.User.ID, store.OutboxChange{Fields: map[string]string{"last_name": "Rolled"}}); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("err = %v", err)
	}
	if woken() {
		t.Fatal("a rolled-back change woke the worker")
	}
	if _, err := profiles.Update(bo.User.ID, profile.Patch{"last_name": "Other"}); err != nil {
		t.Fatal(err)
	}
	if woken() {
		t.Fatal("another user's edit woke this user's worker")
	}
	if _, err := profiles.Update(ana.User.ID, profile.Patch{"last_name": "Committed"}); err != nil {
		t.Fatal(err)
	}
	if !woken() {
		t.Fatal("a committed profile edit did not wake the worker")
	}
	if err := db.Update(func(tx *store.Tx) error { return tx.Unlink(ana.User.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := profiles.Update(ana.User.ID, profile.Patch{"last_name": "Unlinked"}); err != nil {
		t.Fatal(err)
	}
	if woken() {
		t.Fatal("an unlinked account's edit, which queues nothing, woke the worker")
	}
}
