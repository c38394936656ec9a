package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// rebuildIdentityIndexes is schema migration 3: the email and username
// indexes were keyed by strings.ToLower of the stored text; they are
// rebuilt from the user records under the identity keys (emailKey,
// usernameKey). Two accounts that were distinct before may now share a key
// ("Straße" and "STRASSE", "José" typed NFC and NFD). Neither is deleted
// or merged: the older account (lower id) keeps the index entry, the other
// stays reachable by its other identifier, and IndexClashes reports the
// pair so the caller can log it and the person can rename one. When an
// account clashes on both identifiers with one that keeps both, that one
// gives up its email entry, so each of the two keeps one way in.
//
// It runs before records carry tags (migration 4), so it reads and writes
// the raw bbolt buckets.
func rebuildIdentityIndexes(tx *bolt.Tx) error {
	index := tx.Bucket(bucketIndex)
	for _, name := range [][]byte{bucketIndexEmail, bucketIndexUsername} {
		if err := index.DeleteBucket(name); err != nil {
			return fmt.Errorf("drop %s index: %w", name, err)
		}
		if _, err := index.CreateBucket(name); err != nil {
			return fmt.Errorf("create %s index: %w", name, err)
		}
	}
	users := tx.Bucket(bucketUsers)
	record := func(id uint64) []byte { return users.Bucket(itob(id)).Get(keyUserRecord) }
	var all []User
	err := users.ForEachBucket(func(k []byte) error {
		var u User
		if err := json.Unmarshal(record(btoi(k)), &u); err != nil {
			return fmt.Errorf("user %d: decode record: %w", btoi(k), err)
		}
		all = append(all, u)
		return nil
	})
	if err != nil {
		return err
	}
	emails, usernames := index.Bucket(bucketIndexEmail), index.Bucket(bucketIndexUsername)
	claim := func(b *bolt.Bucket, key []byte, id uint64) error { // in id order: the older account keeps it
		if b.Get(key) != nil {
			return nil
		}
		return b.Put(key, itob(id))
	}
	for _, u := range all {
		if err := claim(emails, emailKey(u.Email), u.ID); err != nil {
			return err
		}
		if err := claim(usernames, usernameKey(u.Username), u.ID); err != nil {
			return err
		}
	}
	for _, u := range all {
		email := emailKey(u.Email)
		holder := btoi(emails.Get(email))
		if holder == u.ID || btoi(usernames.Get(usernameKey(u.Username))) == u.ID {
			continue // reachable
		}
		var h User
		if err := json.Unmarshal(record(holder), &h); err != nil {
			return fmt.Errorf("user %d: decode record: %w", holder, err)
		}
		if btoi(usernames.Get(usernameKey(h.Username))) == holder {
			if err := emails.Put(email, itob(u.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// IndexClash is a pair of accounts whose emails or usernames have one
// identity key: Holder is found by it, Other only by its other identifier.
type IndexClash struct {
	Index  string // "email" or "username"
	Holder uint64
	Other  uint64
}

// String describes the clash by ids only (emails and usernames stay out of logs).
func (c IndexClash) String() string {
	return fmt.Sprintf("users %d and %d have the same %s once case and Unicode forms are ignored; user %d signs in with it, user %d only with the other identifier until one of them changes it",
		c.Holder, c.Other, c.Index, c.Holder, c.Other)
}

// IndexClashes lists the accounts whose email or username key another
// account holds (only migration 3 can leave such pairs: every later write
// checks uniqueness). Open's caller logs them.
func (db *DB) IndexClashes() ([]IndexClash, error) {
	var out []IndexClash
	err := db.View(func(t *Tx) error {
		return t.ForEachUser(func(u User) error {
			for _, ix := range t.indexes() {
				v, err := ix.bucket.Get(ix.keyOf(u))
				if err != nil {
					return err
				}
				if holder := btoi(v); holder != 0 && holder != u.ID {
					out = append(out, IndexClash{Index: ix.name, Holder: holder, Other: u.ID})
				}
			}
			return nil
		})
	})
	return out, err
}
