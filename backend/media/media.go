// Package media serves stored pictures to the webview through the app's
// asset handler: /media/avatars/<user>-<hash>.jpg (and -thumb.jpg).
package media

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"passdesk/backend/store"
)

// Prefix is the URL path under which avatars are served.
const Prefix = "/media/avatars/"

// CurrentUser tells whose session is open (session.Manager).
type CurrentUser interface {
	UserID() (uint64, error)
}

// Handler serves the signed-in user's avatar and nothing else: another
// user's picture, an old hash or a malformed path is a plain 404, so the
// answer does not reveal whether another account has a picture.
func Handler(db *store.DB, current CurrentUser) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		owner, hash, thumb, ok := parse(r.URL.Path)
		uid, err := current.UserID()
		if !ok || err != nil || uid != owner {
			http.NotFound(w, r)
			return
		}
		var picture []byte
		err = db.View(func(tx *store.Tx) error {
			u, err := tx.User(uid)
			if err != nil || u.AvatarHash != hash {
				return err
			}
			picture, err = tx.Avatar(uid, thumb)
			return err
		})
		if errors.Is(err, store.ErrDamaged) {
			http.Error(w, "the picture is damaged", http.StatusInternalServerError)
			return
		}
		if len(picture) == 0 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Content-Length", strconv.Itoa(len(picture)))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		// Kept in no cache: WebKit's disk cache would hold the picture's
		// bytes past the session, the account's deletion or the picture's
		// removal. The URL changes with the picture, so nothing stale shows
		// either way, and reading it again from the database is cheap.
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodGet {
			_, _ = w.Write(picture)
		}
	})
}

// parse splits "/media/avatars/<user>-<hash>[-thumb].jpg".
func parse(path string) (user uint64, hash string, thumb, ok bool) {
	name, found := strings.CutPrefix(path, Prefix)
	if !found {
		return 0, "", false, false
	}
	name, found = strings.CutSuffix(name, ".jpg")
	if !found {
		return 0, "", false, false
	}
	name, thumb = strings.CutSuffix(name, "-thumb")
	idText, hash, found := strings.Cut(name, "-")
	if !found || hash == "" || strings.ContainsAny(hash, "/.-") {
		return 0, "", false, false
	}
	user, err := strconv.ParseUint(idText, 10, 64)
	if err != nil || user == 0 {
		return 0, "", false, false
	}
	return user, hash, thumb, true
}
