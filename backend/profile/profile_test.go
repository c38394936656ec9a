package profile_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

func ptr(s string) *string { return &s }

type fixture struct {
	db      *store.DB
	clock   *testutil.Clock
	profile *profile.Service
	ana     store.User
	bob     store.User
}

// setup signs up ana and bob in a fresh database, with a fake clock.
func setup(t *testing.T) fixture {
	t.Helper()
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	acc := testutil.Accounts(t, db, clock)
	ana, _ := testutil.SignUp(t, acc, "ana")
	bob, _ := testutil.SignUp(t, acc, "bob")
	return fixture{db: db, clock: clock, profile: profile.New(db, clock.Now), ana: ana, bob: bob}
}

// stored reads a user's record straight from the store.
func (f fixture) stored(t *testing.T, id uint64) store.User {
	t.Helper()
	var u store.User
	if err := f.db.View(func(tx *store.Tx) (err error) { u, err = tx.User(id); return }); err != nil {
		t.Fatal(err)
	}
	return u
}

// refuse applies a patch that must be refused with a message for field,
// and checks that neither user's record changed.
func (f fixture) refuse(t *testing.T, patch profile.Patch, field string) {
	t.Helper()
	ana, bob := f.stored(t, f.ana.ID), f.stored(t, f.bob.ID)
	f.clock.Advance(time.Hour)
	_, err := f.profile.Update(f.ana.ID, patch)
	if fields(err)[field].IsZero() {
		t.Fatalf("err = %v, want invalid with a message for %s", err, field)
	}
	if after := f.stored(t, f.ana.ID); after != ana {
		t.Fatalf("a refused patch changed the record:\nbefore %+v\nafter  %+v", ana, after)
	}
	if after := f.stored(t, f.bob.ID); after != bob {
		t.Fatalf("a refused patch of ana changed bob: %+v", after)
	}
}

func fields(err error) map[string]apperr.Message {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Invalid {
		return e.Fields
	}
	return nil
}

func TestGetProfileHasTheServiceShape(t *testing.T) {
	f := setup(t)
	p, err := f.profile.Get(f.ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != f.ana.ID || p.Username != "ana" || p.Email != "ana@example.com" || p.NumberPhone != nil || p.Avatar != nil ||
		p.DateJoined != "2026-11-28T12:00:00Z" {
		t.Fatalf("profile = %+v", p)
	}
	var shape map[string]any
	b, _ := json.Marshal(p)
	_ = json.Unmarshal(b, &shape)
	for _, key := range []string{"id", "username", "email", "first_name", "last_name", "number_phone", "avatar"} {
		if _, ok := shape[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, b)
		}
	}
	if shape["number_phone"] != nil || shape["avatar"] != nil {
		t.Errorf("no phone and no avatar must be null: %s", b)
	}
}

func TestUpdateChangesOnlyThePresentFields(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"last_name": "Pérez", "number_phone": "3001234567"}); err != nil {
		t.Fatal(err)
	}
	before := f.stored(t, f.ana.ID)
	f.clock.Advance(time.Hour)
	p, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstName != "Ana" || p.LastName != "Pérez" || p.NumberPhone == nil || *p.NumberPhone != "3001234567" ||
		p.Email != "ana@example.com" || p.Username != "ana" {
		t.Fatalf("after a first-name patch: %+v", p)
	}
	after := f.stored(t, f.ana.ID)
	if !after.UpdatedAt.Equal(f.clock.Now()) || !after.DateJoined.Equal(before.DateJoined) {
		t.Fatalf("updated_at %v (want the clock's %v), date_joined %v (want %v unchanged)",
			after.UpdatedAt, f.clock.Now(), after.DateJoined, before.DateJoined)
	}
	if p.UpdatedAt != f.clock.Now().Format(time.RFC3339) {
		t.Fatalf("returned updated_at %s", p.UpdatedAt)
	}
}

func TestAJSONPatchChangesOnlyTheKeysItHas(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Ana", "number_phone": "+1234"}); err != nil {
		t.Fatal(err)
	}
	var patch profile.Patch
	if err := json.Unmarshal([]byte(`{"last_name":"Pérez"}`), &patch); err != nil {
		t.Fatal(err)
	}
	p, err := f.profile.Update(f.ana.ID, patch)
	if err != nil || p.FirstName != "Ana" || p.LastName != "Pérez" || p.NumberPhone == nil || *p.NumberPhone != "+1234" {
		t.Fatalf("after {last_name}: %+v, %v", p, err)
	}
}

func TestAPatchThatChangesNothingWritesNothing(t *testing.T) {
	f := setup(t)
	before := f.stored(t, f.ana.ID)
	f.clock.Advance(time.Hour)
	for _, patch := range []profile.Patch{
		{},
		{"username": "ana", "first_name": "", "number_phone": ""},
		{"email": "  ana@example.com  "}, // trimmed, it is the same
	} {
		p, err := f.profile.Update(f.ana.ID, patch)
		if err != nil {
			t.Fatal(err)
		}
		if after := f.stored(t, f.ana.ID); after != before {
			t.Fatalf("a no-op patch wrote: updated_at %v → %v", before.UpdatedAt, after.UpdatedAt)
		}
		if p.UpdatedAt != before.UpdatedAt.Format(time.RFC3339) {
			t.Fatalf("a no-op patch reports updated_at %s", p.UpdatedAt)
		}
	}
}

func TestPhoneRules(t *testing.T) {
	f := setup(t)
	for phone, want := range map[string]string{
		"3001234567": "3001234567", "+300123456": "+300123456", "+1234": "+1234", "  3001234567  ": "3001234567",
		"300-123-4567": "3001234567", "(300) 123 4567": "3001234567", "+30 0123 456": "+300123456",
	} {
		p, err := f.profile.Update(f.ana.ID, profile.Patch{"number_phone": phone})
		if err != nil || p.NumberPhone == nil || *p.NumberPhone != want || f.stored(t, f.ana.ID).NumberPhone != want {
			t.Fatalf("valid phone %q: %v, %v", phone, p.NumberPhone, err)
		}
	}
	for _, phone := range []string{
		"30012345678",       // 11 characters
		"+3001234567",       // 11 with the +
		"300123456a", "abc", // letters
		"3+001234", "+",
		"+57 300 123 4567", // 12 digits once the spaces are gone
		"300_123_4567",
	} {
		t.Run(phone, func(t *testing.T) { f.refuse(t, profile.Patch{"number_phone": phone}, "number_phone") })
	}
}

func TestAnEmptyPhoneClearsIt(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"number_phone": "3001234567"}); err != nil {
		t.Fatal(err)
	}
	p, err := f.profile.Update(f.ana.ID, profile.Patch{"number_phone": ""})
	if err != nil || p.NumberPhone != nil {
		t.Fatalf("clearing the phone: %+v, %v", p.NumberPhone, err)
	}
	got, err := f.profile.Get(f.ana.ID)
	if err != nil || got.NumberPhone != nil {
		t.Fatalf("GetProfile after clearing: %+v, %v", got.NumberPhone, err)
	}
	if b, _ := json.Marshal(got); !strings.Contains(string(b), `"number_phone":null`) {
		t.Fatalf("json: %s", b)
	}
}

func TestInvalidEmailsAreRefused(t *testing.T) {
	f := setup(t)
	for _, email := range []string{
		"", "a", "a@", "@b.c", "a@b", "a b@c.d", "Name <a@b.co>",
		strings.Repeat("a", 189) + "@example.com", // 201 characters
		// Another user's address with a space nobody sees would be a
		// second account that looks like theirs.
		"bob\u00a0@example.com", "bob\u3000@example.com", "bob\u200b@example.com", "\u202ebob@example.com",
	} {
		t.Run(email, func(t *testing.T) { f.refuse(t, profile.Patch{"email": email}, "email") })
	}
	// The longest valid email is accepted (control for the 201 row).
	email200 := strings.Repeat("a", 188) + "@example.com"
	if p, err := f.profile.Update(f.ana.ID, profile.Patch{"email": email200}); err != nil || p.Email != email200 {
		t.Fatalf("200-character email: %v", err)
	}
}

func TestEmailTakenByAnotherUserInAnotherCaseIsRefused(t *testing.T) {
	f := setup(t)
	f.refuse(t, profile.Patch{"email": "BOB@Example.com"}, "email")
	_, err := f.profile.Update(f.ana.ID, profile.Patch{"email": "BOB@Example.com"})
	if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["email"] != apperr.InUse {
		t.Fatalf("err = %v, want invalid, email: already in use", err)
	}
	f.refuse(t, profile.Patch{"username": "BOB"}, "username")
	// Changing the case of one's own email is not a conflict. The domain is
	// stored lower-case (its IDNA form, as Django's normalize_email does).
	if p, err := f.profile.Update(f.ana.ID, profile.Patch{"email": "Ana@Example.com"}); err != nil || p.Email != "Ana@example.com" {
		t.Fatalf("own email in another case: %v", err)
	}
}

func TestChangingTheEmailFreesTheOldOne(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"email": "ana2@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.profile.Update(f.bob.ID, profile.Patch{"email": "ANA@example.com"}); err != nil {
		t.Fatalf("ana's old email should be free: %v", err)
	}
	f.refuse(t, profile.Patch{"email": "ana@EXAMPLE.com"}, "email")
}

func TestNameLengthLimit(t *testing.T) {
	f := setup(t)
	for _, name := range []string{strings.Repeat("a", 200), strings.Repeat("é", 200)} {
		p, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": name, "last_name": name})
		if err != nil || p.FirstName != name || p.LastName != name {
			t.Fatalf("200 characters refused: %v", err)
		}
	}
	f.refuse(t, profile.Patch{"first_name": strings.Repeat("a", 201)}, "first_name")
	f.refuse(t, profile.Patch{"last_name": strings.Repeat("a", 201)}, "last_name")
}

func TestUsernameRules(t *testing.T) {
	f := setup(t)
	for _, username := range []string{"josé.o+1@x", "李_雷-1", strings.Repeat("u", 150)} {
		if p, err := f.profile.Update(f.ana.ID, profile.Patch{"username": username}); err != nil || p.Username != username {
			t.Fatalf("username %q refused: %v", username, err)
		}
	}
	for _, username := range []string{"ana smith", "a/b", "", "   ", strings.Repeat("u", 151), "<b>"} {
		t.Run(username, func(t *testing.T) { f.refuse(t, profile.Patch{"username": username}, "username") })
	}
}

func TestNamesAreStoredAndReturnedLiterally(t *testing.T) {
	f := setup(t)
	for _, name := range []string{"José", "李", "Zoë 👩‍💻", "<img src=x onerror=alert(1)>", `O'Brien "Bob" & co`} {
		if _, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": name, "last_name": name}); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		p, err := f.profile.Get(f.ana.ID)
		if err != nil || p.FirstName != name || p.LastName != name {
			t.Fatalf("stored %q / %q, want %q", p.FirstName, p.LastName, name)
		}
		// JSON (what Wails sends) escapes for transport only: decoding gives the bytes back.
		var back profile.Profile
		b, _ := json.Marshal(p)
		if err := json.Unmarshal(b, &back); err != nil || back.FirstName != name {
			t.Fatalf("JSON round trip of %q gives %q", name, back.FirstName)
		}
	}
}

// Names are displayed text: validate.Text's rule, with its message.
func TestNamesRefuseBidiAndInvisibleCharacters(t *testing.T) {
	f := setup(t)
	_, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "\u202eevil", "last_name": "a\u0085b"})
	if got := fields(err); got["first_name"] != apperr.InvisibleChars || got["last_name"] != apperr.ControlChars || len(got) != 2 {
		t.Fatalf("want InvisibleChars for first_name and ControlChars for last_name, got %v", err)
	}
	if p, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Zoë 👩\u200d💻", "last_name": "می\u200cخواهم"}); err != nil || p.FirstName != "Zoë 👩\u200d💻" {
		t.Fatalf("joiners inside an emoji and a Persian word: %+v, %v", p, err)
	}
}

func TestOneInvalidFieldMeansNothingIsWritten(t *testing.T) {
	f := setup(t)
	_, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Valid", "email": "new@example.com", "number_phone": "12345678901", "username": "bad name"})
	got := fields(err)
	if got["number_phone"] != apperr.PhoneTooLong(validate.MaxPhone) || got["username"] != apperr.UsernameChars || len(got) != 2 {
		t.Fatalf("want errors for number_phone and username only, got %v", err)
	}
	f.refuse(t, profile.Patch{"first_name": "Valid", "email": "new@example.com", "number_phone": "12345678901"}, "number_phone")
	// A valid patch whose email is taken is refused in the write
	// transaction: the valid first name must not land either.
	f.refuse(t, profile.Patch{"first_name": "Valid", "email": "bob@example.com"}, "email")
	var free bool
	_ = f.db.View(func(tx *store.Tx) error {
		_, taken, _ := tx.UserIDByLogin("new@example.com")
		free = !taken
		return nil
	})
	if !free {
		t.Fatal("a refused patch indexed the new email")
	}
}

func TestEditingOneUserNeverTouchesAnother(t *testing.T) {
	f := setup(t)
	bobBefore := f.stored(t, f.bob.ID)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Ana", "email": "ana2@example.com"}); err != nil {
		t.Fatal(err)
	}
	if bobAfter := f.stored(t, f.bob.ID); bobAfter != bobBefore {
		t.Fatalf("bob changed: %+v", bobAfter)
	}
}

func TestAMissingUserIsNotFound(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Get(999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("err = %v", err)
	}
	if _, err := f.profile.Update(999, profile.Patch{"first_name": "x"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("err = %v", err)
	}
}

func TestALinkedProfileEditIsQueuedInTheSameTransaction(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := profile.New(db, nil)
	u, _ := testutil.SignUp(t, testutil.Accounts(t, db, testutil.NewClock()), "ana")
	if err := db.Update(func(tx *store.Tx) error { return tx.PutSyncLink(u.ID, store.SyncLink{RemoteID: 1}) }); err != nil {
		t.Fatal(err)
	}
	first, same, bad := "Ana", u.Username, "not an email"
	if _, err := svc.Update(u.ID, profile.Patch{"first_name": first, "username": same}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(u.ID, profile.Patch{"first_name": first}); err != nil { // no change: nothing to send
		t.Fatal(err)
	}
	if _, err := svc.Update(u.ID, profile.Patch{"email": bad}); err == nil {
		t.Fatal("an invalid email was accepted")
	}
	var items []store.OutboxItem
	if err := db.View(func(tx *store.Tx) (err error) { items, err = tx.Outbox(u.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0].Change.Fields) != 1 || items[0].Change.Fields["first_name"] != "Ana" {
		t.Fatalf("outbox = %+v, want exactly one change of first_name to Ana", items)
	}
}

// TestProfileEditsAreStoredInTheirNormalForms: a username typed NFD or in
// fullwidth letters, an email with a Unicode domain in capitals, and a name
// typed NFD are stored as sign-up stores them.
func TestProfileEditsAreStoredInTheirNormalForms(t *testing.T) {
	f := setup(t)
	p, err := f.profile.Update(f.ana.ID, profile.Patch{"username": "Jose\u0301", "email": "Ana@MÜNCHEN．DE", "first_name": "Jose\u0301"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Username != "José" || p.Email != "Ana@münchen.de" || p.FirstName != "José" {
		t.Fatalf("stored %+q, %+q, %+q", p.Username, p.Email, p.FirstName)
	}
	if _, err := f.profile.Update(f.bob.ID, profile.Patch{"username": "ＪＯＳÉ"}); fields(err)["username"] != apperr.InUse {
		t.Fatalf("bob taking ana's name in fullwidth capitals: %v", err)
	}
}

func TestAPatchNamingNoProfileFieldChangesNothing(t *testing.T) {
	f := setup(t)
	before := f.stored(t, f.ana.ID)
	for _, name := range []string{"password", "id", "avatar", "is_staff", "First_Name", ""} {
		_, err := f.profile.Update(f.ana.ID, profile.Patch{"first_name": "Changed", name: "x"})
		if got := fields(err); got[name] != apperr.NotAChoice || len(got) != 1 {
			t.Fatalf("patch with %q: %v", name, err)
		}
	}
	if after := f.stored(t, f.ana.ID); after != before {
		t.Fatalf("a refused patch wrote: %+v", after)
	}
}
