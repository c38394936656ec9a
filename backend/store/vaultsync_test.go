package store_test

import (
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func vaultOutbox(t *testing.T, db *store.DB, userID uint64) []store.VaultOutboxItem {
	t.Helper()
	var items []store.VaultOutboxItem
	if err := db.View(func(tx *store.Tx) (err error) { items, err = tx.VaultOutbox(userID); return err }); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestSavedPasswordSyncQueuesOnlyWhileOnAndKeepsToItsBuckets(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	if err := db.Update(func(tx *store.Tx) error { return tx.EnableVaultSync(u.ID) }); err == nil {
		t.Fatal("enabled without a link")
	}
	update(t, db, func(tx *store.Tx) error { return tx.QueueVaultChange(u.ID, 1, false) })
	if items := vaultOutbox(t, db, u.ID); len(items) != 0 {
		t.Fatalf("queued while off: %v", items)
	}
	woken := make(chan uint64, 4)
	db.OnOutboxCommit(func(id uint64) { woken <- id })
	update(t, db, func(tx *store.Tx) error {
		if err := tx.PutSyncLink(u.ID, store.SyncLink{ServerURL: "http://127.0.0.1:1/api/", RemoteID: 4}); err != nil {
			return err
		}
		return tx.EnableVaultSync(u.ID)
	})
	update(t, db, func(tx *store.Tx) error {
		if err := tx.PutVaultLink(u.ID, 1, store.VaultLink{RemoteID: 7, Sealed: []byte("sealed")}); err != nil {
			return err
		}
		for _, id := range []uint64{1, 2, 1} {
			if err := tx.QueueVaultChange(u.ID, id, false); err != nil {
				return err
			}
		}
		return nil
	})
	if got := <-woken; got != u.ID {
		t.Fatalf("the commit woke user %d", got)
	}
	items := vaultOutbox(t, db, u.ID)
	if len(items) != 3 || items[0].EntryID != 1 || items[1].EntryID != 2 || items[2].EntryID != 1 || items[0].Seq >= items[1].Seq {
		t.Fatalf("outbox: %+v", items)
	}
	// Deleting a linked entry keeps its link, marked; one the server never
	// had leaves nothing behind.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.QueueVaultChange(u.ID, 1, true); err != nil {
			return err
		}
		return tx.QueueVaultChange(u.ID, 2, true)
	})
	var links map[uint64]store.VaultLink
	_ = db.View(func(tx *store.Tx) (err error) { links, err = tx.VaultLinks(u.ID); return err })
	if l := links[1]; len(links) != 1 || !l.Deleted || l.RemoteID != 7 || string(l.Sealed) != "sealed" {
		t.Fatalf("links after the deletes: %+v", links)
	}
	for _, it := range vaultOutbox(t, db, u.ID) {
		if it.EntryID == 2 {
			t.Fatalf("entry 2 still queued after its deletion: %+v", it)
		}
	}
	if errs := db.Check(); len(errs) != 0 {
		t.Fatalf("check with saved-password sync on: %v", errs)
	}
	update(t, db, func(tx *store.Tx) error { return tx.DisableVaultSync(u.ID) })
	if items := vaultOutbox(t, db, u.ID); len(items) != 0 {
		t.Fatalf("outbox after turning it off: %v", items)
	}
	if _, linked, _ := linkOf(db, u.ID); !linked {
		t.Fatal("turning saved-password sync off unlinked the profile")
	}
}

func linkOf(db *store.DB, userID uint64) (l store.SyncLink, linked bool, err error) {
	err = db.View(func(tx *store.Tx) error { l, linked, err = tx.SyncLink(userID); return err })
	return l, linked, err
}
