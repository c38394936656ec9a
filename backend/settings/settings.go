// Package settings keeps the installation's preferences.
package settings

import (
	"passdesk/backend/apperr"
	"passdesk/backend/store"
)

// Idle auto-lock bounds, in minutes.
const (
	DefaultIdleLockMinutes = 15
	MinIdleLockMinutes     = 1
	MaxIdleLockMinutes     = 240
)

// Settings are the preferences the UI shows and edits.
type Settings struct {
	IdleLockMinutes int `json:"idle_lock_minutes"`
}

// Service reads and writes the settings in one database.
type Service struct{ db *store.DB }

// New returns the settings service for db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Get returns the current settings, with defaults for what was never set.
func (s *Service) Get() (Settings, error) {
	var out Settings
	err := s.db.View(func(tx *store.Tx) (err error) {
		out.IdleLockMinutes, err = tx.IdleLockMinutes(DefaultIdleLockMinutes)
		return err
	})
	return out, err
}

// Update validates and stores new settings.
func (s *Service) Update(in Settings) (Settings, error) {
	if in.IdleLockMinutes < MinIdleLockMinutes || in.IdleLockMinutes > MaxIdleLockMinutes {
		return Settings{}, apperr.Field("idle_lock_minutes", apperr.MinutesRange(MinIdleLockMinutes, MaxIdleLockMinutes))
	}
	err := s.db.Update(func(tx *store.Tx) error { return tx.SetIdleLockMinutes(in.IdleLockMinutes) })
	if err != nil {
		return Settings{}, err
	}
	return in, nil
}
