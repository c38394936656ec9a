package syncer

import (
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/profile"
	"passdesk/backend/profilefield"
	"passdesk/backend/store"
)

// State is the one-word sync state the UI shows.
type State string

const (
	StateOff          State = "off"           // not linked
	StateSavedLocally State = "saved_locally" // changes wait to be sent
	StateSyncing      State = "syncing"
	StateSynced       State = "synced"
	StateOffline      State = "offline" // the server is unreachable; retrying
	StateConflict     State = "conflict"
	StateNeedsSignIn  State = "needs_signin"
	StateError        State = "error" // the server refused a change for good
)

// Conflict is a field changed on both sides, as the user chooses between them.
type Conflict struct {
	Field  string `json:"field"`
	Mine   string `json:"mine"`
	Server string `json:"server"`
}

// Status is everything the UI shows about sync.
type Status struct {
	State          State      `json:"state"`
	ServerURL      string     `json:"server_url"`
	RemoteUsername string     `json:"remote_username"`
	RemoteEmail    string     `json:"remote_email"`
	Pending        int        `json:"pending"`
	Conflicts      []Conflict `json:"conflicts"`
	LastSyncedAt   *string    `json:"last_synced_at"`
	NextRetryAt    *string    `json:"next_retry_at"`
	// Error is a kept server refusal of a queued change, in the app's error shape.
	Error *apperr.Public `json:"error"`
	// Problems are parts of sync that failed while the rest went through
	// (issue 12 §1), e.g. the server's picture could not be downloaded;
	// "Sync now" (SyncNow) tries them again. Never nil.
	Problems []Problem `json:"problems"`
	// Transfer is a picture transfer under way for more than
	// Config.ProgressAfter (a second), or nil.
	Transfer *Transfer `json:"transfer"`
}

// Parts of sync that can fail, or move, on their own.
const (
	partAvatarDownload = "avatar_download" // the server's picture, to this computer
	partAvatarUpload   = "avatar_upload"   // this computer's picture, to the server
)

// Problem is one part of sync that failed while the rest went through.
type Problem struct {
	Part  string        `json:"part"` // avatar_download
	Error apperr.Public `json:"error"`
}

// Transfer is the progress of a picture transfer.
type Transfer struct {
	Part  string `json:"part"`  // avatar_download or avatar_upload
	Done  int64  `json:"done"`  // bytes
	Total int64  `json:"total"` // bytes; 0 when the server does not say
}

// Status reports the signed-in user's sync state.
func (e *Engine) Status() (Status, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess == nil {
		return Status{}, errNoSession
	}
	return e.statusLocked(e.sess)
}

func (e *Engine) statusLocked(s *session) (Status, error) {
	st := Status{State: StateOff, Conflicts: []Conflict{}, Problems: []Problem{}}
	err := e.cfg.DB.View(func(tx *store.Tx) error {
		link, linked, err := tx.SyncLink(s.userID)
		if err != nil || !linked {
			return err
		}
		u, err := tx.User(s.userID)
		if err != nil {
			return err
		}
		state, err := tx.SyncState(s.userID)
		if err != nil {
			return err
		}
		if st.Pending, err = tx.OutboxLen(s.userID); err != nil {
			return err
		}
		st.ServerURL, st.RemoteUsername, st.RemoteEmail = link.ServerURL, link.RemoteUsername, link.RemoteEmail
		st.Conflicts = conflictsOf(u, state.Conflicts)
		st.LastSyncedAt = stamp(state.LastSyncedAt)
		if state.Rejected != nil {
			st.Error = refusalOf(*state.Rejected)
		}
		st.State = e.stateLocked(link, state, st.Pending)
		if e.picture != nil {
			st.Problems = append(st.Problems, Problem{Part: partAvatarDownload, Error: apperr.ToPublic(apperr.New(apperr.Unavailable, apperr.SyncAvatarDownload))})
		}
		if e.moving != nil && !e.cfg.Now().Before(e.moving.since.Add(e.cfg.ProgressAfter)) {
			t := e.moving.Transfer
			st.Transfer = &t
		}
		return nil
	})
	if st.State == StateOffline && !e.nextRetry.IsZero() {
		at := e.nextRetry.UTC().Format(time.RFC3339)
		st.NextRetryAt = &at
	}
	return st, err
}

// stateLocked picks the one state to show, most pressing first.
func (e *Engine) stateLocked(link store.SyncLink, state store.SyncState, pending int) State {
	switch {
	case link.NeedsSignIn:
		return StateNeedsSignIn
	case len(state.Conflicts) > 0:
		return StateConflict
	case state.Rejected != nil:
		return StateError
	case e.syncing:
		return StateSyncing
	case e.offline:
		return StateOffline
	case pending > 0 || state.LastSyncedAt == 0:
		return StateSavedLocally
	default:
		return StateSynced
	}
}

// conflictsOf shows each conflict with this computer's current value, which
// may have been edited again since the conflict was found.
func conflictsOf(u store.User, stored []store.SyncConflict) []Conflict {
	out := make([]Conflict, 0, len(stored))
	local := profilefield.Values(u)
	for _, c := range stored {
		mine := local[c.Field]
		if c.Field == avatarField {
			mine = ""
			if u.AvatarHash != "" {
				mine = profile.AvatarURL(u.ID, u.AvatarHash)
			}
		}
		out = append(out, Conflict{Field: c.Field, Mine: mine, Server: c.Server})
	}
	return out
}

func stamp(unix int64) *string {
	if unix == 0 {
		return nil
	}
	s := time.Unix(unix, 0).UTC().Format(time.RFC3339)
	return &s
}
