package syncer

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"
	"testing"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

func TestLinkingWithSignUpCreatesTheServerAccountFromTheLocalProfile(t *testing.T) {
	h := newHarness(t)
	h.edit(profile.Patch{"first_name": "Ana", "number_phone": "3001234567"})
	st := h.link(ModeSignUp)
	if st.State != StateSynced || st.RemoteEmail != h.email {
		t.Fatalf("status after linking = %+v, want synced with %s", st, h.email)
	}
	r := h.remoteProfile()
	if r.Username != h.user.Username || r.FirstName != "Ana" || r.NumberPhone == nil || *r.NumberPhone != "3001234567" {
		t.Fatalf("server profile = %+v, want the local profile's fields", r)
	}
}

func TestLinkRefusesBadInputAndChangesNothing(t *testing.T) {
	h := newHarness(t)
	// The server account exists, so each case below differs from a link
	// that succeeds (the control at the end) in its one fault only, and is
	// refused for that fault, which its error names.
	c, err := remote.New(h.url, remote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.SignUp(t.Context(), map[string]any{"username": randomName("web"), "email": h.email}, h.password); err != nil {
		t.Fatal(err)
	}
	valid := LinkInput{ServerURL: h.url, Mode: ModeSignIn, Email: h.email, Password: h.password}
	with := func(change func(*LinkInput)) LinkInput { in := valid; change(&in); return in }
	cases := map[string]struct {
		in    LinkInput
		field string
		msg   apperr.Message // the field error, and its message when several share a field
		code  apperr.Code
	}{
		"no server": {in: with(func(in *LinkInput) { in.ServerURL = "" }), field: "server_url"},
		"not a URL": {in: with(func(in *LinkInput) { in.ServerURL = "ftp://example.com/api/" }), field: "server_url"},
		"bad email": {in: with(func(in *LinkInput) { in.Email = "nope" }), field: "email"},
		// Valid here (RFC 6532), refused by the service's EmailValidator:
		// said before the round trip, in words that say why.
		"non-ASCII local part": {in: with(func(in *LinkInput) { in.Email = "josé@example.com" }), field: "email", msg: apperr.EmailNotForServer},
		"no password":          {in: with(func(in *LinkInput) { in.Password = "" }), field: "password", msg: apperr.Required},
		"unknown mode":         {in: with(func(in *LinkInput) { in.Mode = "merge" }), field: "mode"},
		"wrong password":       {in: with(func(in *LinkInput) { in.Password = "x" }), field: "password", msg: apperr.SyncWrongCredentials},
		"unknown account":      {in: with(func(in *LinkInput) { in.Email = randomName("nobody") + "@example.com" }), field: "password", msg: apperr.SyncWrongCredentials},
		"nobody listening":     {in: with(func(in *LinkInput) { in.ServerURL = "http://127.0.0.1:1/api/" }), code: apperr.Unavailable},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := h.engine.Link(tc.in)
			e := apperr.As(err)
			switch {
			case e == nil:
				t.Fatalf("Link = %v, want a typed error", err)
			case tc.field != "" && (e.Fields[tc.field].IsZero() || (!tc.msg.IsZero() && e.Fields[tc.field] != tc.msg)):
				t.Fatalf("Link = %v (fields %v), want the %s field refused (%v)", err, e.Fields, tc.field, tc.msg)
			case tc.code != "" && e.Code != tc.code:
				t.Fatalf("Link = %v, want code %s", err, tc.code)
			}
			if st := h.status(); st.State != StateOff {
				t.Fatalf("status after a refused link = %+v, want off", st)
			}
		})
	}
	if st, err := h.engine.Link(valid); err != nil || st.State == StateOff {
		t.Fatalf("control: the valid link = %+v, %v; want linked", st, err)
	}
}

func TestOfflineEditsAreAllDeliveredAfterReconnecting(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.link(ModeSignUp)
	h.srv.SetDown(true)
	for i := range 120 {
		h.edit(profile.Patch{"first_name": fmt.Sprintf("Ana %d", i), "last_name": fmt.Sprintf("Ruiz %d", i%7)})
	}
	h.waitFor("offline, retrying", func(st Status) bool { return st.State == StateOffline && st.NextRetryAt != nil })
	if st := h.status(); st.Pending == 0 {
		t.Fatal("no changes are queued while the server is down")
	}
	h.srv.SetDown(false)
	h.waitDelivered() // the worker's own retry, not a cycle the test runs
	r, l := h.remoteProfile(), h.local()
	if r.FirstName != l.FirstName || r.LastName != l.LastName || l.FirstName != "Ana 119" {
		t.Fatalf("after reconnecting: server %q %q, local %q %q; want both Ana 119 / Ruiz 0", r.FirstName, r.LastName, l.FirstName, l.LastName)
	}
}

func TestServerErrorsResetsAndRateLimitsAreRetried(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.link(ModeSignUp)
	for what, fault := range map[string]func(){
		"three 500s": func() { h.srv.FailNext(3, 500) },
		"two 503s":   func() { h.srv.FailNext(2, 503) },
		"two resets": func() { h.srv.ResetNext(2) },
		"a 429":      func() { h.srv.FailNext(1, 429) },
	} {
		mark := len(h.reported(0))
		fault()
		name := randomName("n")
		h.edit(profile.Patch{"first_name": name})
		// Only the worker runs cycles here: the change arrives only if the
		// engine schedules the retries itself.
		h.waitDelivered()
		retrying := 0
		for _, st := range h.reported(mark) {
			if st.State == StateOffline && st.NextRetryAt != nil {
				retrying++
			}
		}
		if retrying == 0 {
			t.Fatalf("%s: delivered without the engine ever reporting a scheduled retry", what)
		}
		if r := h.remoteProfile(); r.FirstName != name {
			t.Fatalf("%s: server first name = %q, want %q", what, r.FirstName, name)
		}
	}
}

func TestAChangeCommittedBeforeACrashIsDeliveredAfterRestart(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	h.engine.Stop() // the worker is gone before it could send
	if _, err := h.profiles.Update(h.user.ID, profile.Patch{"last_name": "Delivered"}); err != nil {
		t.Fatal(err)
	}
	h.restart()
	h.waitSynced()
	if r := h.remoteProfile(); r.LastName != "Delivered" {
		t.Fatalf("server last name after restart = %q, want Delivered", r.LastName)
	}
}

func TestEditsOfDifferentFieldsOnBothSidesAreBothKept(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	h.engine.Stop()
	h.webEdit(map[string]any{"last_name": "FromWeb"})
	if _, err := h.profiles.Update(h.user.ID, profile.Patch{"first_name": "FromDesk"}); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitSynced()
	r, l := h.remoteProfile(), h.local()
	if r.FirstName != "FromDesk" || r.LastName != "FromWeb" || l.FirstName != "FromDesk" || l.LastName != "FromWeb" {
		t.Fatalf("server %q %q, local %q %q; want FromDesk FromWeb on both", r.FirstName, r.LastName, l.FirstName, l.LastName)
	}
}

func TestEditsOfOneFieldOnBothSidesWaitForTheUser(t *testing.T) {
	for _, keep := range []string{"mine", "server"} {
		t.Run("keep "+keep, func(t *testing.T) {
			h := newHarness(t)
			h.link(ModeSignUp)
			h.engine.Stop()
			h.webEdit(map[string]any{"first_name": "Web"})
			if _, err := h.profiles.Update(h.user.ID, profile.Patch{"first_name": "Desk"}); err != nil {
				t.Fatal(err)
			}
			h.start()
			st := h.waitFor("a conflict", func(st Status) bool { return st.State == StateConflict })
			if len(st.Conflicts) != 1 || st.Conflicts[0] != (Conflict{Field: "first_name", Mine: "Desk", Server: "Web"}) {
				t.Fatalf("conflicts = %+v, want first_name Desk vs Web", st.Conflicts)
			}
			h.cycle() // a whole cycle while the conflict is open
			if r, l := h.remoteProfile(), h.local(); r.FirstName != "Web" || l.FirstName != "Desk" {
				t.Fatalf("while unresolved: server %q, local %q; neither may be overwritten", r.FirstName, l.FirstName)
			}
			if _, err := h.engine.Resolve("first_name", keep); err != nil {
				t.Fatal(err)
			}
			h.waitSynced()
			want := map[string]string{"mine": "Desk", "server": "Web"}[keep]
			if r, l := h.remoteProfile(), h.local(); r.FirstName != want || l.FirstName != want {
				t.Fatalf("after keeping %s: server %q, local %q; want %q on both", keep, r.FirstName, l.FirstName, want)
			}
		})
	}
}

func TestResolveRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	// An open conflict on first_name, so each refusal below is for its own
	// fault, not for the want of a conflict.
	h.engine.Stop()
	h.webEdit(map[string]any{"first_name": "Web"})
	if _, err := h.profiles.Update(h.user.ID, profile.Patch{"first_name": "Desk"}); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitFor("a conflict", func(st Status) bool { return st.State == StateConflict })
	for _, c := range []struct {
		field, keep string
		check       func(*apperr.Error) bool
	}{
		{"first_name", "both", func(e *apperr.Error) bool { return !e.Fields["keep"].IsZero() }},
		{"last_name", "mine", func(e *apperr.Error) bool { return e.Code == apperr.NotFound }},
		{"password", "server", func(e *apperr.Error) bool { return e.Code == apperr.NotFound }},
	} {
		if _, err := h.engine.Resolve(c.field, c.keep); apperr.As(err) == nil || !c.check(apperr.As(err)) {
			t.Errorf("Resolve(%q, %q) = %v, want it refused for that field or choice", c.field, c.keep, err)
		}
	}
	if st := h.status(); len(st.Conflicts) != 1 || st.Conflicts[0].Field != "first_name" {
		t.Fatalf("conflicts after the refusals = %+v, want first_name still open", st.Conflicts)
	}
	if _, err := h.engine.Resolve("first_name", "mine"); err != nil {
		t.Fatalf("control: resolving the open conflict: %v", err)
	}
}

func TestAnExpiredAccessTokenIsRefreshedQuietly(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.link(ModeSignUp)
	h.srv.ExpireTokens()
	h.edit(profile.Patch{"first_name": "AfterExpiry"})
	h.waitSynced()
	if r := h.remoteProfile(); r.FirstName != "AfterExpiry" {
		t.Fatalf("server first name = %q, want AfterExpiry", r.FirstName)
	}
}

func TestAnAccessTokenAboutToExpireIsRenewedBeforeUse(t *testing.T) {
	if os.Getenv("PASSDESK_REMOTE_URL") != "" {
		t.Skip("needs the built-in server's token lifetime and request log")
	}
	srv := remotetest.New(remotetest.Options{AccessTTL: 20 * time.Second})
	t.Cleanup(srv.Close)
	h := newHarnessOn(t, srv.URL, srv, Config{RefreshAhead: time.Minute})
	h.link(ModeSignUp)
	h.edit(profile.Patch{"first_name": "Renewed"})
	h.waitSynced()
	refreshes := 0
	for _, r := range srv.Requests() {
		if r.Status == 401 {
			t.Fatalf("%s %s got 401: the token should have been renewed before it was sent", r.Method, r.Path)
		}
		if r.Path == "/api/token/refresh/" {
			refreshes++
		}
	}
	if refreshes == 0 {
		t.Fatal("no refresh although every access token was within RefreshAhead of its expiry")
	}
}

func TestARefusedRefreshAsksForSignInAndKeepsTheOutbox(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.link(ModeSignUp)
	h.engine.Stop()
	h.srv.ExpireTokens()
	h.srv.ExpireRefreshTokens()
	if _, err := h.profiles.Update(h.user.ID, profile.Patch{"first_name": "Waiting"}); err != nil {
		t.Fatal(err)
	}
	h.start()
	st := h.waitFor("needs sign-in", func(st Status) bool { return st.State == StateNeedsSignIn })
	if st.Pending != 1 {
		t.Fatalf("pending = %d, want the edit kept", st.Pending)
	}
	// About the server account, not the local session (which the window
	// would end on an unauthenticated error).
	if err := h.engine.DeleteRemoteAccount(); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("deleting the server account while it needs sign-in = %v, want forbidden", err)
	}
	if _, err := h.engine.SignInAgain("wrong password"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("SignInAgain with a wrong password = %v, want invalid", err)
	}
	if _, err := h.engine.SignInAgain(h.password); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	if r := h.remoteProfile(); r.FirstName != "Waiting" {
		t.Fatalf("server first name = %q, want Waiting", r.FirstName)
	}
}

func TestAPermanentRefusalIsShownAndTheChangeKept(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	// Longer than the server allows; valid locally only if the local rule
	// changes, so the test writes the queued change itself.
	err := h.db.Update(func(tx *store.Tx) error {
		return tx.Enqueue(h.user.ID, store.OutboxChange{Fields: map[string]string{"number_phone": "12345678901234"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	st := h.waitSynced2Error()
	if st.Error == nil || st.Error.Fields["number_phone"].Key != apperr.SyncNotAccepted.Key() || st.Pending != 1 {
		t.Fatalf("status = %+v, want the refusal of number_phone shown and the change kept", st)
	}
	h.edit(profile.Patch{"number_phone": "3001234567"}) // the user corrects it
	h.waitSynced()
	if r := h.remoteProfile(); r.NumberPhone == nil || *r.NumberPhone != "3001234567" {
		t.Fatalf("server phone = %v, want the corrected one", r.NumberPhone)
	}
}

func (h *harness) waitSynced2Error() Status {
	h.engine.Wake()
	return h.waitFor("a kept refusal", func(st Status) bool { return st.State == StateError })
}

func TestTheAvatarMakesTheRoundTrip(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	pic := testPicture(t, avatar.New())
	if _, err := h.profiles.SetAvatar(h.user.ID, pic.JPEG, pic.Thumb, pic.Hash); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	r := h.remoteProfile()
	if r.Avatar == nil {
		t.Fatal("the server has no avatar after the upload was synced")
	}
	c, access, id := h.web()
	served, err := c.FetchAvatar(t.Context(), *r.Avatar, nil)
	if err != nil || !bytes.Equal(served, pic.JPEG) {
		t.Fatalf("server avatar: %d bytes, %v; want the local JPEG (%d bytes)", len(served), err, len(pic.JPEG))
	}
	// Removed on the web: removed here too.
	if _, err := c.ClearAvatar(t.Context(), access, id); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	if l := h.local(); l.AvatarHash != "" {
		t.Fatalf("local avatar hash = %q after the server removed it, want none", l.AvatarHash)
	}
	// Uploaded on the web: pulled here.
	if _, err := c.UploadAvatar(t.Context(), access, id, pic.JPEG, nil); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	if l := h.local(); l.AvatarHash == "" {
		t.Fatal("the web's new avatar did not reach this computer")
	}
}

func TestDeletingTheAccountCanTakeTheServerAccountAlong(t *testing.T) {
	for _, alsoRemote := range []bool{false, true} {
		t.Run("remote="+strconv.FormatBool(alsoRemote), func(t *testing.T) {
			h := newHarness(t)
			h.link(ModeSignUp)
			if alsoRemote {
				if err := h.engine.DeleteRemoteAccount(); err != nil {
					t.Fatal(err)
				}
			}
			if err := h.accounts.DeleteAccount(h.user.ID, "correct horse 42"); err != nil {
				t.Fatal(err)
			}
			h.engine.Forget(h.user.ID)
			c, err := remote.New(h.url, remote.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = c.SignIn(t.Context(), h.email, h.password)
			if exists := err == nil; exists == alsoRemote {
				t.Fatalf("server account exists = %v after deleting with remote=%v (sign-in: %v)", exists, alsoRemote, err)
			}
		})
	}
}

func TestTheServerTokensAreNeverInTheFileInClear(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	h.engine.mu.Lock()
	access := h.engine.access // in memory only
	h.engine.mu.Unlock()
	h.engine.Stop()
	var sealed []byte
	if err := h.db.View(func(tx *store.Tx) (err error) { sealed, err = tx.SealedRemoteToken(h.user.ID); return err }); err != nil {
		t.Fatal(err)
	}
	refresh, err := vault.OpenSecret(h.dataKey, h.user.ID, tokenPurpose, sealed)
	if err != nil {
		t.Fatalf("the stored token does not open with the data key: %v", err)
	}
	if _, ok := remote.ExpiresAt(string(refresh)); !ok {
		t.Fatalf("the sealed secret is not a token: %q", refresh)
	}
	raw, err := os.ReadFile(h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if access == "" {
		t.Fatal("no access token in memory after linking")
	}
	for what, secret := range map[string][]byte{"refresh token": refresh, "access token": []byte(access), "password": []byte(h.password)} {
		if bytes.Contains(raw, secret) {
			t.Fatalf("the server %s is stored in clear in the database file", what)
		}
	}
}

// Unlinking deletes the sealed server token, and no freed page of the file
// keeps its bytes (they would still open with the data key).
func TestUnlinkingLeavesNoByteOfTheSealedTokenInTheFile(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	h.edit(profile.Patch{"first_name": "BeforeUnlink"})
	h.waitSynced()
	var sealed []byte
	if err := h.db.View(func(tx *store.Tx) (err error) { sealed, err = tx.SealedRemoteToken(h.user.ID); return err }); err != nil || sealed == nil {
		t.Fatalf("no sealed token after linking: %v", err)
	}
	if raw, _ := os.ReadFile(h.dbPath); !bytes.Contains(raw, sealed) {
		t.Fatal("control: the scan does not find the sealed token while linked")
	}
	if _, err := h.engine.Unlink(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, sealed) {
		t.Fatal("after unlinking, the file still holds the sealed server token")
	}
	if st := h.status(); st.State != StateOff {
		t.Fatalf("status after unlinking: %+v", st)
	}
}

func TestWithAKeychainTheTokenLivesThereAndUnlinkOrDeletionRemovesIt(t *testing.T) {
	kc := &memoryKeychain{secrets: map[string]string{}}
	tokenLivesInTheKeychain(t, kc, func(account string) (string, bool) { s, ok := kc.secrets[account]; return s, ok },
		func() int { return len(kc.secrets) })
}

func TestWithoutAWorkingKeychainTheTokenIsSealedInstead(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	h := newHarnessOn(t, url, srv, Config{Keychain: &memoryKeychain{secrets: map[string]string{}, broken: true}})
	h.link(ModeSignUp)
	h.edit(profile.Patch{"first_name": "Sealed"})
	h.waitSynced()
	if r := h.remoteProfile(); r.FirstName != "Sealed" {
		t.Fatalf("server first name = %q, want Sealed", r.FirstName)
	}
}

func testPicture(t *testing.T, pipeline *avatar.Pipeline) avatar.Avatar {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	pic, err := pipeline.Process(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return pic
}

// The service lets a bidi override or a C1 control into a name; the merge
// never stores one here: it becomes a conflict, and keeping the server's
// value is refused in words that say why.
func TestAServerValueTheLocalRulesRefuseBecomesAConflict(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	before := h.local().FirstName
	h.webEdit(map[string]any{"first_name": "\u202egnp.exe", "last_name": "FromWeb"})
	h.engine.Wake()
	st := h.waitFor("a conflict", func(st Status) bool { return st.State == StateConflict })
	if len(st.Conflicts) != 1 || st.Conflicts[0].Field != "first_name" {
		t.Fatalf("conflicts = %+v, want first_name", st.Conflicts)
	}
	if l := h.local(); l.FirstName != before || l.LastName != "FromWeb" {
		t.Fatalf("local = %q %q; want the own first name kept and the other field taken", l.FirstName, l.LastName)
	}
	_, err := h.engine.Resolve("first_name", "server")
	if e := apperr.As(err); e == nil || e.Message != apperr.SyncServerValueRefused {
		t.Fatalf("keeping the server's override: %v, want SyncServerValueRefused", err)
	}
	if _, err := h.engine.Resolve("first_name", "mine"); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	if r := h.remoteProfile(); r.FirstName != before {
		t.Fatalf("server first name = %q after keeping mine, want %q", r.FirstName, before)
	}
}

func TestAServerNameTakenByAnotherLocalAccountBecomesAConflict(t *testing.T) {
	h := newHarness(t)
	other := testutil.SignUpUnlocked(t, h.accounts, randomName("bo"))
	h.link(ModeSignUp)
	h.webEdit(map[string]any{"username": other.User.Username, "last_name": "FromWeb"})
	h.engine.Wake()
	st := h.waitFor("a conflict", func(st Status) bool { return st.State == StateConflict })
	if len(st.Conflicts) != 1 || st.Conflicts[0] != (Conflict{Field: "username", Mine: h.user.Username, Server: other.User.Username}) {
		t.Fatalf("conflicts = %+v, want the username the other local account holds", st.Conflicts)
	}
	if l := h.local(); l.Username != h.user.Username || l.LastName != "FromWeb" {
		t.Fatalf("local = %q %q; want the own username kept and the other field taken", l.Username, l.LastName)
	}
	if _, err := h.engine.Resolve("username", "mine"); err != nil {
		t.Fatal(err)
	}
	h.waitSynced()
	if r := h.remoteProfile(); r.Username != h.user.Username {
		t.Fatalf("server username = %q after keeping mine, want %q", r.Username, h.user.Username)
	}
}
