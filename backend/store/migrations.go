package store

import (
	"crypto/rand"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migration moves the schema from version-1 to version. Migrations run in
// order, each in its own transaction together with the version bump, so a
// crash leaves the file at a whole version.
type migration struct {
	version int
	name    string
	apply   func(*bolt.Tx) error
}

var migrations = []migration{
	{1, "create the base buckets", createBaseBuckets},
	{2, "generate the per-install session-token key", generateTokenKey},
	{3, "rebuild the email and username indexes under Unicode identity keys", rebuildIdentityIndexes},
	{4, "tag every record with its integrity check", tagEveryRecord},
}

// SchemaVersion is the version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func createBaseBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketSettings, bucketUsers, bucketSessions} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	index, err := tx.CreateBucketIfNotExists(bucketIndex)
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketIndexEmail, bucketIndexUsername} {
		if _, err := index.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

func generateTokenKey(tx *bolt.Tx) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	return metaBucket(tx).Put(keyTokenKey, key)
}

func readSchemaVersion(tx *bolt.Tx) int {
	meta := metaBucket(tx)
	if meta == nil {
		return 0
	}
	return int(btoi(meta.Get(keySchemaVersion)))
}

func (db *DB) migrate(readOnly bool, now func() time.Time) error {
	current, err := db.schemaVersion()
	if err != nil {
		return err
	}
	latest := SchemaVersion()
	switch {
	case current > latest:
		return fmt.Errorf("%w (schema %d, this build knows up to %d)", ErrTooNew, current, latest)
	case current == latest:
		return nil
	case readOnly:
		return fmt.Errorf("the data needs an upgrade (schema %d → %d): start PassDesk once to upgrade it", current, latest)
	}
	if current > 0 {
		if err := db.backupBeforeMigration(current, now()); err != nil {
			return err
		}
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			if err := m.apply(tx); err != nil {
				return err
			}
			return metaBucket(tx).Put(keySchemaVersion, itob(uint64(m.version)))
		})
		db.changes.Add(1) // see Tx.Generation
		if err != nil {
			return fmt.Errorf("schema migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// schemaVersion reads the file's schema version; on a file damaged where the
// version lives it reports the damage rather than crashing the process.
// A version below taggedSchema in a file that has a record key is such
// damage too: migrating that file again would rebuild its indexes from
// tagged records and bury every value under a second tag.
func (db *DB) schemaVersion() (version int, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	err = db.bolt.View(func(tx *bolt.Tx) error {
		version = readSchemaVersion(tx)
		if meta := metaBucket(tx); version < taggedSchema && meta != nil && meta.Get(keyRecordKey) != nil {
			return damagedFile("the file already has record tags, so its schema version is damaged")
		}
		return nil
	})
	return version, err
}

// backupBeforeMigration keeps a copy of the file as it was, so a migration
// that goes wrong never costs the user their data. It takes the same path as
// Backup (a private compacted snapshot, published through a fresh 0600
// .partial, fsynced with its folder) without taking db.mu: Open runs it
// before the database is shared, Restore while holding the lock.
func (db *DB) backupBeforeMigration(from int, at time.Time) error {
	name := fmt.Sprintf("%s.schema-v%d.%s.bak", filepath.Base(db.path), from, at.UTC().Format("20060102T150405Z"))
	dst := filepath.Join(filepath.Dir(db.path), name)
	err := db.backup(dst, func() (string, error) { return snapshotOf(db.bolt, db.path) })
	if err != nil {
		return fmt.Errorf("backup before migration: %w", err)
	}
	return nil
}
