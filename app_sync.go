package main

import (
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"passdesk/backend/guard"
	"passdesk/backend/syncer"
)

// EventSyncStatus carries every change of the sync status to the frontend.
const EventSyncStatus = "sync:status"

func (a *App) emitSyncStatus(st syncer.Status) {
	if a.ctx != nil {
		runtime.EventsEmit(a.ctx, EventSyncStatus, st)
	}
}

// GetSyncStatus reports the signed-in account's sync state.
func (a *App) GetSyncStatus() (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "GetSyncStatus")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	return a.sync.Status()
}

// LinkRemote links the signed-in account to an account on a server.
func (a *App) LinkRemote(in syncer.LinkInput) (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "LinkRemote")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	return a.sync.Link(in)
}

// UnlinkRemote turns sync off; the local profile stays as it is.
func (a *App) UnlinkRemote() (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "UnlinkRemote")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	return a.sync.Unlink()
}

// SyncNow asks for a sync at once, retrying what failed for good (a server
// picture that could not be downloaded); progress arrives as sync:status events.
func (a *App) SyncNow() (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "SyncNow")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	a.sync.SyncNow()
	return a.sync.Status()
}

// ResolveSyncConflict keeps "mine" or "server" for a field changed on both sides.
func (a *App) ResolveSyncConflict(field, keep string) (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "ResolveSyncConflict")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	return a.sync.Resolve(field, keep)
}

// SignInRemoteAgain resumes a sync that needs the server password again.
func (a *App) SignInRemoteAgain(password string) (st syncer.Status, err error) {
	defer guard.Recover(&err, a.desk.log, "SignInRemoteAgain")
	if _, err := a.session.UserID(); err != nil {
		return syncer.Status{}, err
	}
	return a.sync.SignInAgain(password)
}
