package remote_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
)

func TestSavedPasswordsMakeTheRoundTripOverTheObservedContract(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	tokens, u, _ := signUp(t, c)
	none := func(int64) bool { return false }

	p := remote.Password{NamePages: "Mail", URL: "https://mail.example.com", PasswordSaved: "s3cret"}
	first, err := c.CreatePassword(ctx, tokens.Access, u.ID, p, none)
	if err != nil || first == 0 {
		t.Fatalf("create: %d %v", first, err)
	}
	// The same fields again: the answer has no id, the list tells the new
	// one from the first, which the caller knows.
	second, err := c.CreatePassword(ctx, tokens.Access, u.ID, p, func(id int64) bool { return id == first })
	if err != nil || second == 0 || second == first {
		t.Fatalf("create a twin: %d %v (first %d)", second, err, first)
	}
	if err := c.UpdatePassword(ctx, tokens.Access, first, map[string]string{"password_saved": "n3w"}); err != nil {
		t.Fatalf("update: %v", err)
	}
	list, err := c.Passwords(ctx, tokens.Access)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]remote.Password{}
	for _, sp := range list {
		byID[sp.ID] = sp.Password
	}
	if byID[first] != (remote.Password{NamePages: "Mail", URL: "https://mail.example.com", PasswordSaved: "n3w"}) || byID[second] != p {
		t.Fatalf("the list: %+v", list)
	}
	if err := c.DeletePassword(ctx, tokens.Access, first); err != nil {
		t.Fatalf("delete: %v", err)
	}
	// The same client at once: a reused connection would be reset here.
	for range 3 {
		if _, err := c.Passwords(ctx, tokens.Access); err != nil {
			t.Fatalf("the request after a delete: %v", err)
		}
	}
	if err := c.DeletePassword(ctx, tokens.Access, first); !remote.IsNotFound(err) || remote.IsRetryable(err) {
		t.Fatalf("deleting it again: %v, want not found", err)
	}
	if err := c.UpdatePassword(ctx, tokens.Access, first, map[string]string{"name_pages": "x"}); !remote.IsNotFound(err) {
		t.Fatalf("updating a deleted one: %v, want not found", err)
	}
	_, err = c.CreatePassword(ctx, tokens.Access, u.ID, remote.Password{URL: "not a url", PasswordSaved: "p"}, none)
	if kindOf(err) != remote.KindInvalid || fieldOf(err, "url") == "" {
		t.Fatalf("an invalid URL: %v, want the server's field error", err)
	}
	if srv == nil {
		return
	}
	for _, r := range srv.Requests() {
		switch {
		case r.Method == "DELETE" && !r.Close:
			t.Errorf("%s %s reused its connection", r.Method, r.Path)
		case r.Method == "PUT" && slices.Contains(r.BodyFields, "user"):
			t.Errorf("%s %s sent the user field", r.Method, r.Path)
		case r.Method == "POST" && strings.HasSuffix(r.Path, "save-passwords/"):
			got := slices.Sorted(slices.Values(r.BodyFields))
			if !slices.Equal(got, []string{"name_pages", "password_saved", "url", "user"}) {
				t.Errorf("save sent %v", got)
			}
		}
	}
	if got := srv.SavedPasswords(u.ID); len(got) != 1 || got[0].User != u.ID {
		t.Errorf("on the server: %+v", got)
	}
}
