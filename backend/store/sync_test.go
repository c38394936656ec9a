package store_test

import (
	"reflect"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func outbox(t *testing.T, db *store.DB, userID uint64) []store.OutboxItem {
	t.Helper()
	var items []store.OutboxItem
	if err := db.View(func(tx *store.Tx) (err error) { items, err = tx.Outbox(userID); return err }); err != nil {
		t.Fatal(err)
	}
	return items
}

func update(t *testing.T, db *store.DB, fn func(*store.Tx) error) {
	t.Helper()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestAnUnlinkedAccountQueuesNothing(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	update(t, db, func(tx *store.Tx) error {
		return tx.Enqueue(u.ID, store.OutboxChange{Fields: map[string]string{"first_name": "Ana"}})
	})
	if items := outbox(t, db, u.ID); len(items) != 0 {
		t.Fatalf("outbox of an unlinked account = %v, want empty", items)
	}
}

func TestALinkedAccountQueuesChangesInOrderUntilDelivered(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	update(t, db, func(tx *store.Tx) error {
		return tx.PutSyncLink(u.ID, store.SyncLink{ServerURL: "http://127.0.0.1:1/api/", RemoteID: 4})
	})
	changes := []store.OutboxChange{
		{Fields: map[string]string{"first_name": "Ana"}},
		{Avatar: true},
		{Fields: map[string]string{"last_name": "Ruiz", "number_phone": ""}},
	}
	for _, c := range changes {
		update(t, db, func(tx *store.Tx) error { return tx.Enqueue(u.ID, c) })
	}
	items := outbox(t, db, u.ID)
	if len(items) != len(changes) {
		t.Fatalf("outbox has %d items, want %d", len(items), len(changes))
	}
	for i, item := range items {
		if !reflect.DeepEqual(item.Change, changes[i]) {
			t.Errorf("item %d = %+v, want %+v", i, item.Change, changes[i])
		}
	}
	update(t, db, func(tx *store.Tx) error { return tx.DeleteOutbox(u.ID, items[0].Seq, items[1].Seq) })
	if left := outbox(t, db, u.ID); len(left) != 1 || left[0].Seq != items[2].Seq {
		t.Fatalf("after delivering two, outbox = %+v, want only the third", left)
	}
}

func TestUnlinkingAndDeletingTheUserForgetEverySyncRecord(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	link := func(tx *store.Tx) error {
		if err := tx.PutSyncLink(u.ID, store.SyncLink{RemoteID: 4}); err != nil {
			return err
		}
		if err := tx.PutSealedRemoteToken(u.ID, []byte("sealed")); err != nil {
			return err
		}
		if err := tx.PutSyncState(u.ID, store.SyncState{LastSyncedAt: 5}); err != nil {
			return err
		}
		return tx.Enqueue(u.ID, store.OutboxChange{Avatar: true})
	}
	update(t, db, link)
	update(t, db, func(tx *store.Tx) error { return tx.Unlink(u.ID) })
	err := db.View(func(tx *store.Tx) error {
		_, linked, err := tx.SyncLink(u.ID)
		token, _ := tx.SealedRemoteToken(u.ID)
		st, _ := tx.SyncState(u.ID)
		n, _ := tx.OutboxLen(u.ID)
		if linked || token != nil || st.LastSyncedAt != 0 || n != 0 {
			t.Errorf("after unlink: linked=%v token=%q state=%+v outbox=%d, want all gone", linked, token, st, n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, link)
	update(t, db, func(tx *store.Tx) error { return tx.DeleteUser(u.ID) })
	if errs := db.Check(); len(errs) != 0 {
		t.Fatalf("check after deleting a linked user: %v", errs)
	}
	if err := db.View(func(tx *store.Tx) error { _, _, err := tx.SyncLink(u.ID); return err }); err != store.ErrNoUser {
		t.Fatalf("sync link of a deleted user: err = %v, want ErrNoUser", err)
	}
}

func TestDroppingAQueuedFieldKeepsTheRestOfEachChange(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	update(t, db, func(tx *store.Tx) error { return tx.PutSyncLink(u.ID, store.SyncLink{RemoteID: 4}) })
	for _, c := range []store.OutboxChange{
		{Fields: map[string]string{"first_name": "A"}},
		{Fields: map[string]string{"first_name": "B", "last_name": "C"}},
		{Avatar: true},
	} {
		update(t, db, func(tx *store.Tx) error { return tx.Enqueue(u.ID, c) })
	}
	update(t, db, func(tx *store.Tx) error { return tx.DropQueued(u.ID, "first_name") })
	items := outbox(t, db, u.ID)
	if len(items) != 2 || !reflect.DeepEqual(items[0].Change.Fields, map[string]string{"last_name": "C"}) || !items[1].Change.Avatar {
		t.Fatalf("after dropping first_name: %+v, want [last_name=C] then the avatar", items)
	}
	update(t, db, func(tx *store.Tx) error { return tx.DropQueued(u.ID, "avatar") })
	if items := outbox(t, db, u.ID); len(items) != 1 {
		t.Fatalf("after dropping the avatar: %+v, want only the last_name change", items)
	}
}
