package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// keptCopyName matches the copies the store keeps aside in the data
// folder: <db file>.before-restore.<time>[-n].bak (keepAside) and
// <db file>.schema-v<n>.<time>.bak (backupBeforeMigration).
func keptCopyName(dbPath string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(filepath.Base(dbPath)) +
		`\.(before-restore\.[0-9TZ]+(-[0-9]+)?|schema-v[0-9]+\.[0-9TZ]+)\.bak$`)
}

// EraseUserFromKeptCopies removes the user with this id and sign-up time
// from every copy the store kept aside in the data folder (see
// keptCopyName), after DeleteAccount removed them from the database: each
// copy that holds them is opened as a database, the user deleted with
// DeleteUser, and the copy rewritten into a fresh file (compacted, fsynced,
// renamed over it, folder fsynced), so no byte of theirs stays in the
// folder (SPEC §3). A copy holds the user only when its record there has
// the same id and sign-up time: a copy from before a restore may come from
// another install, where the id is someone else's.
//
// A copy that cannot be opened or read, or whose rewrite fails, is left as
// it is, never deleted: the returned errors name each one, for the log.
func (db *DB) EraseUserFromKeptCopies(userID uint64, signedUp time.Time) []error {
	// One pass at a time, and no Restore adding a copy meanwhile.
	db.swapMu.Lock()
	defer db.swapMu.Unlock()
	dir := filepath.Dir(db.path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []error{fmt.Errorf("list the kept-aside copies: %w", err)}
	}
	name := keptCopyName(db.path)
	var problems []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !name.MatchString(e.Name()) {
			continue
		}
		if err := db.eraseUserFromCopy(filepath.Join(dir, e.Name()), userID, signedUp); err != nil {
			problems = append(problems, fmt.Errorf("%s still holds the deleted account, left as it is: %w", e.Name(), err))
		}
	}
	return problems
}

// eraseUserFromCopy is EraseUserFromKeptCopies for the copy at path.
func (db *DB) eraseUserFromCopy(path string, userID uint64, signedUp time.Time) error {
	b, err := openBolt(path, false)
	if err != nil {
		return err
	}
	c := &DB{bolt: b, path: path, now: db.now}
	closed := false
	defer func() {
		if !closed {
			_ = b.Close()
		}
	}()
	if err := c.checkStructure(); err != nil {
		return err
	}
	holds, err := c.holdsUser(userID, signedUp)
	if err != nil || !holds {
		return err
	}
	// DeleteUser decodes none of the user's values, so it works on the
	// older layouts of a schema-v<n> copy too.
	if err := c.Update(func(tx *Tx) error { return tx.DeleteUser(userID) }); err != nil {
		return err
	}
	// The temp file is named after the database, so a killed run's is
	// removed by the next Open like any other.
	fresh, err := compactCopy(b, db.path, "erase")
	if err != nil {
		return err
	}
	closed = true
	_ = b.Close()
	tmp := fresh.Path()
	if err := fresh.Close(); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := replaceFile(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// holdsUser reports whether the copy has a user record with this id and
// sign-up time, reading it as its schema wrote it (with or without tags).
func (c *DB) holdsUser(userID uint64, signedUp time.Time) (holds bool, err error) {
	err = c.View(func(tx *Tx) error {
		ub := tx.user(userID)
		if ub == nil {
			return nil
		}
		raw := ub.boltBucket.Get(keyUserRecord)
		if readSchemaVersion(tx.tx) >= taggedSchema {
			if raw, err = ub.Get(keyUserRecord); err != nil {
				return err
			}
		}
		if raw == nil {
			return errors.New("its record of the user is missing")
		}
		var u User
		if err := json.Unmarshal(raw, &u); err != nil {
			return fmt.Errorf("its record of the user cannot be read: %w", err)
		}
		holds = u.ID == userID && u.DateJoined.Equal(signedUp)
		return nil
	})
	return holds, err
}
