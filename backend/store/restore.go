package store

import "errors"

// RestoreStagingName is the fixed name, inside the data folder, at which the
// control channel stages a backup file for the running app to Restore (the
// app never opens a path sent over the socket). Open removes a stale one.
const RestoreStagingName = FileName + ".restore-staging"

// Restore puts the backup at from back in place of the current data, with
// the app running. from is never modified or locked: it is first copied into
// a private temp file next to the database (O_EXCL|O_NOFOLLOW, 0600,
// fsynced), and that copy is checked with the same checks as Open and Check.
// A damaged copy is refused with ErrDamaged, one from a newer PassDesk with
// ErrTooNew; the current data is then untouched.
//
// Otherwise, with every transaction held off, the current data is kept aside
// as a compacted, fsynced copy named
// passdesk.db.before-restore.<UTC time>.bak in the data folder, the checked
// copy is renamed over passdesk.db, the folder fsynced, the file reopened and,
// when it has an older schema, migrated. The caller removes from.
func (db *DB) Restore(from string) error {
	return errors.New("not implemented yet")
}

// RestoreFile is Restore for when the app is closed: it restores the backup
// at from to the database at path (which may be missing, or damaged so that
// Open refuses it) after the same checks. An existing current file is
// locked against a starting app, then kept aside as it is (renamed to
// passdesk.db.before-restore.<UTC time>.bak), since a damaged file cannot be
// copied but may still hold what the user needs. The restored file is
// migrated on the next Open.
func RestoreFile(path, from string) error {
	return errors.New("not implemented yet")
}
