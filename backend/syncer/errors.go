package syncer

import (
	"errors"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

var (
	errNoSession = apperr.New(apperr.Unauthenticated, "Sign in to use sync.")
	errNotLinked = apperr.New(apperr.Conflict, "This account is not linked to a server.")
	errLinked    = apperr.New(apperr.Conflict, "This account is already linked to a server. Unlink it first.")
	// errPaused stops a cycle that cannot go on until the user acts (sign in
	// to the server again, or resolve a refusal); it is not retried.
	errPaused = errors.New("sync is paused until the user acts")
)

func retryable(err error) bool { return remote.IsRetryable(err) }

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
		return apperr.New(apperr.Unavailable, "The server could not be reached. Check the address and your connection, then try again.")
	case remote.KindBadCredentials, remote.KindUnauthorized:
		return apperr.Field("password", "wrong email or password")
	case remote.KindInvalid:
		fields := map[string]string{}
		for name := range re.Fields {
			if name == "username" || name == "email" || name == "password" || name == "number_phone" {
				fields[name] = "was not accepted by the server"
			}
		}
		if len(fields) == 0 {
			return apperr.New(apperr.Invalid, "The server did not accept the request.")
		}
		return apperr.FieldErrors(fields)
	case remote.KindForbidden:
		return apperr.New(apperr.Forbidden, "The server refused the request.")
	default:
		return apperr.New(apperr.Unavailable, "The server answered in a way PassDesk does not understand. Check the address.")
	}
}

// rejectionError is how a kept refusal of a queued change is shown.
func rejectionError(r store.Rejection) error {
	if len(r.Fields) > 0 {
		fields := map[string]string{}
		for name := range r.Fields {
			fields[name] = "was not accepted by the server"
		}
		e := apperr.FieldErrors(fields)
		e.Message = "The server refused a change. Edit the field or keep the server's value."
		return e
	}
	return apperr.New(apperr.Invalid, "The server refused a change.")
}
