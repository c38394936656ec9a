package syncer

import (
	"errors"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

var (
	errNoSession = apperr.New(apperr.Unauthenticated, apperr.SyncSignInFirst)
	errNotLinked = apperr.New(apperr.Conflict, apperr.SyncNotLinked)
	errLinked    = apperr.New(apperr.Conflict, apperr.SyncAlreadyLinked)
	// errServerSignIn is about the server account, not the local session:
	// forbidden, so the window does not take it for a signed-out session.
	errServerSignIn = apperr.New(apperr.Forbidden, apperr.SyncSignInBeforeDelete)
	// errPaused stops a cycle that cannot go on until the user acts (sign in
	// to the server again, or resolve a refusal); it is not retried.
	errPaused = errors.New("sync is paused until the user acts")
)

func retryAfter(err error) time.Duration {
	var re *remote.Error
	if errors.As(err, &re) {
		return re.RetryAfter
	}
	return 0
}

// userError turns a remote failure during an action the user started
// (link, sign in again, delete) into the app's error shape. The server's
// own texts (Spanish) are never shown; its status and code pick ours.
func userError(err error) error {
	var re *remote.Error
	if !errors.As(err, &re) {
		return err
	}
	switch re.Kind {
	case remote.KindUnreachable, remote.KindServer, remote.KindRateLimited:
		return apperr.New(apperr.Unavailable, apperr.SyncUnreachable)
	case remote.KindBadCredentials, remote.KindUnauthorized:
		return apperr.Field("password", apperr.SyncWrongCredentials)
	case remote.KindInvalid:
		fields := map[string]apperr.Message{}
		for name := range re.Fields {
			if name == "username" || name == "email" || name == "password" || name == "number_phone" {
				fields[name] = apperr.SyncNotAccepted
			}
		}
		if len(fields) == 0 {
			return apperr.New(apperr.Invalid, apperr.SyncRequestRefused)
		}
		return apperr.FieldErrors(fields)
	case remote.KindForbidden:
		return apperr.New(apperr.Forbidden, apperr.SyncForbidden)
	default:
		return apperr.New(apperr.Unavailable, apperr.SyncNotUnderstood)
	}
}

// refusalOf is how a kept refusal of a queued change is shown: in our words,
// never the server's (Spanish) texts.
func refusalOf(r store.Rejection) *apperr.Public {
	if len(r.Fields) == 0 {
		refusal := apperr.ToPublic(apperr.New(apperr.Invalid, apperr.SyncChangeRefused))
		return &refusal
	}
	fields := map[string]apperr.Message{}
	for name := range r.Fields {
		fields[name] = apperr.SyncNotAccepted
	}
	refusal := apperr.ToPublic(&apperr.Error{Code: apperr.Invalid, Message: apperr.SyncChangeRefusedFields, Fields: fields})
	return &refusal
}
