package syncer

import (
	"errors"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// msgNotAccepted is the field message for a value the server refused.
const msgNotAccepted = "was not accepted by the server"

var (
	errNoSession = apperr.New(apperr.Unauthenticated, "Sign in to use sync.")
	errNotLinked = apperr.New(apperr.Conflict, "This account is not linked to a server.")
	errLinked    = apperr.New(apperr.Conflict, "This account is already linked to a server. Unlink it first.")
	// errServerSignIn is about the server account, not the local session:
	// forbidden, so the window does not take it for a signed-out session.
	errServerSignIn = apperr.New(apperr.Forbidden, "Sign in to the server again (in Settings) before deleting the server account.")
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
		return apperr.New(apperr.Unavailable, "The server could not be reached. Check the address and your connection, then try again.")
	case remote.KindBadCredentials, remote.KindUnauthorized:
		return apperr.Field("password", "wrong email or password")
	case remote.KindInvalid:
		fields := map[string]string{}
		for name := range re.Fields {
			if name == "username" || name == "email" || name == "password" || name == "number_phone" {
				fields[name] = msgNotAccepted
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

// refusalOf is how a kept refusal of a queued change is shown: in our words,
// never the server's (Spanish) texts.
func refusalOf(r store.Rejection) *Refusal {
	if len(r.Fields) == 0 {
		return &Refusal{Code: string(apperr.Invalid), Message: "The server refused a change."}
	}
	fields := map[string]string{}
	for name := range r.Fields {
		fields[name] = msgNotAccepted
	}
	return &Refusal{Code: string(apperr.Invalid), Message: "The server refused a change. Edit the field or keep the server's value.", Fields: fields}
}
