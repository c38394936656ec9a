// Package vaultsync syncs the saved passwords with the web service's own
// (SPEC §7, issue 12 §5), a separate opt-in on top of the profile's link:
// the service stores them unencrypted. Turning it on imports the server's
// entries into the encrypted vault, merging duplicates (same name, URL and
// password); from then on creates, edits and deletes go both ways — local
// ones through the vault's outbox, written in the transaction of the change
// (store.Tx.QueueVaultChange) — merged per entry and per field three-way
// against the server's entry as last synced, with conflicts left to the
// user (keep mine, keep the server's, keep both). It runs as the sync
// engine's companion (syncer.Engine.SetCompanion): same session, link,
// tokens, retries and wake-ups.
package vaultsync

import (
	"errors"
	"log/slog"
	"slices"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
)

// Service is saved-password sync over one database and sync engine.
type Service struct {
	db     *store.DB
	engine *syncer.Engine
	now    func() time.Time
	log    *slog.Logger
}

// New installs saved-password sync as engine's companion; now and log may
// be nil (time.Now, discarded).
func New(db *store.DB, engine *syncer.Engine, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: db, engine: engine, now: now, log: log}
	engine.SetCompanion(s.round)
	return s
}

// EntryConflict is an entry changed on both sides, as the user chooses between
// them. Passwords are never shown: a differing password is named in
// Fields with empty values.
type EntryConflict struct {
	EntryID   uint64          `json:"entry_id"`
	NamePages string          `json:"name_pages"` // this computer's
	Fields    []FieldConflict `json:"fields"`
}

// FieldConflict is one field of an EntryConflict.
type FieldConflict struct {
	Field  string `json:"field"`
	Mine   string `json:"mine"`
	Server string `json:"server"`
}

// Report is what the UI shows of saved-password sync.
type Report struct {
	Enabled bool `json:"enabled"`
	Pending int  `json:"pending"` // queued local changes
	Refused int  `json:"refused"` // entries whose change the server refused
	// Failed: the server refused the last round for good (it may not offer
	// saved passwords at all); sync goes on trying at each cycle.
	Failed       bool            `json:"failed"`
	Conflicts    []EntryConflict `json:"conflicts"`
	LastSyncedAt *string         `json:"last_synced_at"`
}

// Status reports the user's saved-password sync.
func (s *Service) Status(userID uint64, key []byte) (Report, error) {
	out := Report{Conflicts: []EntryConflict{}}
	err := s.db.View(func(tx *store.Tx) error {
		on, err := tx.VaultSyncOn(userID)
		if err != nil || !on {
			return err
		}
		out.Enabled = true
		st, err := tx.VaultSyncState(userID)
		if err != nil {
			return err
		}
		out.Refused, out.Failed = len(st.Refused), st.Failed != 0
		if st.LastSyncedAt != 0 {
			at := time.Unix(st.LastSyncedAt, 0).UTC().Format(time.RFC3339)
			out.LastSyncedAt = &at
		}
		items, err := tx.VaultOutbox(userID)
		if err != nil {
			return err
		}
		out.Pending = len(items)
		raw, err := tx.VaultLinks(userID)
		if err != nil {
			return err
		}
		for _, id := range sortedKeys(raw) {
			if !raw[id].Conflicted || raw[id].Deleted {
				continue
			}
			l, err := openLink(key, userID, id, raw[id])
			if err != nil {
				return err
			}
			in, _, err := vault.Entry(tx, userID, key, id)
			if err != nil {
				return err
			}
			c := EntryConflict{EntryID: id, NamePages: in.NamePages}
			for _, f := range Fields {
				server, ok := l.Conflict[f]
				switch {
				case !ok:
				case f == PasswordField:
					c.Fields = append(c.Fields, FieldConflict{Field: f})
				default:
					c.Fields = append(c.Fields, FieldConflict{Field: f, Mine: get(fromInput(in), f), Server: server})
				}
			}
			out.Conflicts = append(out.Conflicts, c)
		}
		return nil
	})
	return out, err
}

// Enable turns saved-password sync on and runs the first import at once,
// so the server's entries are in the list when it returns. When the server
// cannot be reached the opt-in stays and the engine retries; any other
// failure turns it off again and is returned.
func (s *Service) Enable(userID uint64, key []byte) (Report, error) {
	if err := s.db.Update(func(tx *store.Tx) error { return tx.EnableVaultSync(userID) }); err != nil {
		return Report{}, err
	}
	if err := s.SyncNow(); err != nil {
		if ae := apperr.As(err); ae == nil || ae.Code != apperr.Unavailable {
			// Not a passing outage: the toggle goes back off with the error.
			return Report{}, errors.Join(err, s.db.Update(func(tx *store.Tx) error { return tx.DisableVaultSync(userID) }))
		}
		s.engine.Wake()
	}
	return s.Status(userID, key)
}

// Disable turns saved-password sync off: nothing more is sent or taken;
// the entries stay here as they are, and on the server as they are.
func (s *Service) Disable(userID uint64, key []byte) (Report, error) {
	// Erasing: the merge bases and conflicts removed hold passwords.
	if err := s.db.UpdateErasing(func(tx *store.Tx) error { return tx.DisableVaultSync(userID) }); err != nil {
		return Report{}, err
	}
	return s.Status(userID, key)
}

// SyncNow runs one saved-password round at once (see syncer.Engine.RunNow).
func (s *Service) SyncNow() error { return s.engine.RunNow(s.round) }

// Keep choices for a conflict.
const (
	KeepMine   = "mine"
	KeepServer = "server"
	KeepBoth   = "both"
)

var errNoConflict = apperr.New(apperr.NotFound, apperr.VaultSyncNoConflict)

// Resolve settles entry entryID's conflict: "mine" sends this computer's
// values, "server" takes the server's, "both" keeps this computer's entry
// (sent to the server as a new one) and adds the server's as another
// entry here, linked to the server's.
func (s *Service) Resolve(userID uint64, key []byte, entryID uint64, keep string) (Report, error) {
	if !slices.Contains([]string{KeepMine, KeepServer, KeepBoth}, keep) {
		return Report{}, apperr.Field("keep", apperr.NotAChoice)
	}
	// Erasing: the entry or conflict not kept would otherwise stay in a
	// freed page, sealed under a key the password still opens.
	err := s.db.UpdateErasing(func(tx *store.Tx) error {
		links, err := openLinks(tx, userID, key)
		if err != nil {
			return err
		}
		l, ok := links[entryID]
		if !ok || len(l.Conflict) == 0 || l.Deleted {
			return errNoConflict
		}
		server := l.server()
		switch keep {
		case KeepMine:
			l.Base, l.Conflict = server, nil
			if err := putLink(tx, userID, key, entryID, l); err != nil {
				return err
			}
			return tx.QueueVaultChange(userID, entryID, false)
		case KeepServer:
			l.Base, l.Conflict = server, nil
			if _, err := vault.PutSynced(tx, userID, key, entryID, toInput(server), s.now()); err != nil {
				return err
			}
			return putLink(tx, userID, key, entryID, l)
		}
		newID, err := vault.PutSynced(tx, userID, key, 0, toInput(server), s.now())
		if err != nil {
			return err
		}
		if err := putLink(tx, userID, key, newID, link{VaultLink: store.VaultLink{RemoteID: l.RemoteID}, linkState: linkState{Base: server}}); err != nil {
			return err
		}
		if err := tx.DeleteVaultLink(userID, entryID); err != nil {
			return err
		}
		return tx.QueueVaultChange(userID, entryID, false)
	})
	if err != nil && !errors.Is(err, store.ErrNotErased) {
		return Report{}, err
	}
	s.engine.Wake()
	if err != nil {
		return Report{}, err // the choice stands; the old bytes go at the next rewrite
	}
	return s.Status(userID, key)
}

// DeleteServerEntries deletes every saved password the linked server
// account has, whether or not saved-password sync is on: deleting the
// server account takes its entries along, and the service keeps them in
// plain text. Run before the account itself is deleted.
func (s *Service) DeleteServerEntries() error {
	return s.engine.RunNow(func(r syncer.Round) error {
		var list []remote.SavedPassword
		err := r.Authorized(func(access string) (err error) {
			list, err = r.Client.Passwords(r.Ctx, access)
			return err
		})
		for _, sp := range list {
			if err != nil {
				break
			}
			err = r.Authorized(func(access string) error { return r.Client.DeletePassword(r.Ctx, access, sp.ID) })
			if remote.IsNotFound(err) {
				err = nil
			}
		}
		return err
	})
}
