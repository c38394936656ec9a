package main

import (
	"passdesk/backend/guard"
	"passdesk/backend/session"
	"passdesk/backend/vaultsync"
)

// Saved-password sync (Settings → Sync), a separate opt-in: the service
// stores saved passwords unencrypted. Its progress rides on the profile
// sync's sync:status events; the window asks for this status on each.

// GetVaultSyncStatus reports whether saved passwords sync, and their conflicts.
func (a *App) GetVaultSyncStatus() (st vaultsync.Report, err error) {
	defer guard.Recover(&err, a.desk.log, "GetVaultSyncStatus")
	return session.WithKey(a.session, a.vaultSync.Status)
}

// SetVaultSync turns saved-password sync on (importing the server's
// entries at once) or off (entries stay on both sides).
func (a *App) SetVaultSync(on bool) (st vaultsync.Report, err error) {
	defer guard.Recover(&err, a.desk.log, "SetVaultSync")
	if on {
		return session.WithKey(a.session, a.vaultSync.Enable)
	}
	return session.WithKey(a.session, a.vaultSync.Disable)
}

// ResolveVaultSyncConflict keeps "mine", "server" or "both" for a saved
// password changed on both sides.
func (a *App) ResolveVaultSyncConflict(entryID uint64, keep string) (st vaultsync.Report, err error) {
	defer guard.Recover(&err, a.desk.log, "ResolveVaultSyncConflict")
	return session.WithKey(a.session, func(uid uint64, key []byte) (vaultsync.Report, error) {
		return a.vaultSync.Resolve(uid, key, entryID, keep)
	})
}
