package media_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/media"
	"passdesk/backend/profile"
)

type signedIn struct{ id uint64 }

func (s signedIn) UserID() (uint64, error) {
	if s.id == 0 {
		return 0, errors.New("nobody signed in")
	}
	return s.id, nil
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestAvatarsAreServedOnlyToTheirOwnerAtTheirCurrentURL(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	ana, _ := testutil.SignUp(t, acc, "ana")
	bob, _ := testutil.SignUp(t, acc, "bob")
	profiles := profile.New(db, nil)
	p, err := profiles.SetAvatar(ana.ID, []byte("big-jpeg"), []byte("thumb-jpeg"), "abc123")
	if err != nil {
		t.Fatal(err)
	}
	url := *p.Avatar
	current := strconv.FormatUint(ana.ID, 10) + "-abc123.jpg"
	if url != "/media/avatars/"+current {
		t.Fatalf("avatar URL %q", url)
	}

	asAna := media.Handler(db, signedIn{ana.ID})
	rec := get(asAna, url)
	if rec.Code != http.StatusOK || rec.Body.String() != "big-jpeg" || rec.Header().Get("Content-Type") != "image/jpeg" {
		t.Fatalf("owner: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	// No cache of the webview's keeps the picture once it is gone here.
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q, want no-store", cc)
	}
	if rec := get(asAna, "/media/avatars/"+strconv.FormatUint(ana.ID, 10)+"-abc123-thumb.jpg"); rec.Body.String() != "thumb-jpeg" {
		t.Fatalf("thumb: %d %q", rec.Code, rec.Body.String())
	}

	for name, c := range map[string]struct {
		h    http.Handler
		path string
	}{
		"another user's session": {media.Handler(db, signedIn{bob.ID}), url},
		"nobody signed in":       {media.Handler(db, signedIn{}), url},
		"an old hash":            {asAna, "/media/avatars/" + strconv.FormatUint(ana.ID, 10) + "-old.jpg"},
		"path traversal out":     {asAna, "/media/avatars/../../passdesk.db"},
		// Each of these names Ana's current picture once the dots are
		// resolved, so only the refusal of a traversal keeps them out.
		"path traversal back in":       {asAna, "/media/avatars/../avatars/" + current},
		"path traversal through a dir": {asAna, "/media/avatars/x/../" + current},
		"path traversal, encoded":      {asAna, "/media/avatars/x%2F..%2F" + current},
		"not a jpg":                    {asAna, "/media/avatars/" + strconv.FormatUint(ana.ID, 10) + "-abc123.png"},
		"no extension":                 {asAna, "/media/avatars/" + strings.TrimSuffix(current, ".jpg")},
		"no hash":                      {asAna, "/media/avatars/" + strconv.FormatUint(ana.ID, 10) + "-.jpg"},
		"user id that is not a number": {asAna, "/media/avatars/x-abc123.jpg"},
	} {
		if rec := get(c.h, c.path); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", name, rec.Code)
		}
	}

	if _, err := profiles.RemoveAvatar(ana.ID); err != nil {
		t.Fatal(err)
	}
	if rec := get(asAna, url); rec.Code != http.StatusNotFound {
		t.Fatalf("removed avatar still served: %d", rec.Code)
	}
	if p, _ := profiles.Get(ana.ID); p.Avatar != nil {
		t.Fatalf("profile still points at %q", *p.Avatar)
	}
}
