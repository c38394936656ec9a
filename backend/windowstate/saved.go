package windowstate

import (
	"encoding/json"

	"passdesk/backend/apperr"
	"passdesk/backend/store"
)

// Load returns the main-window state saved in db; ok is false when none is
// stored or what is stored does not parse (Restore then uses its default).
// A damaged record (store.ErrDamaged) is an error, not a default.
func Load(db *store.DB) (st State, ok bool, err error) {
	err = db.View(func(tx *store.Tx) error {
		v, err := tx.WindowState()
		if err != nil || v == nil {
			return err
		}
		ok = json.Unmarshal(v, &st) == nil
		return nil
	})
	if !ok {
		st = State{}
	}
	return st, ok && err == nil, err
}

// Save stores the main-window state in db for the next start.
func Save(db *store.DB, st State) error {
	v, err := json.Marshal(st)
	if err != nil {
		return apperr.Wrap(err, "encode window state")
	}
	return db.Update(func(tx *store.Tx) error { return tx.SetWindowState(v) })
}
