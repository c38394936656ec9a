package profile_test

import (
	"errors"
	"strings"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/store"
)

func ptr(s string) *string { return &s }

type fixture struct {
	db      *store.DB
	clock   *testutil.Clock
	profile *profile.Service
	ana     store.User
	bob     store.User
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	acc := testutil.Accounts(t, db, clock)
	ana, _ := testutil.SignUp(t, acc, "ana")
	bob, _ := testutil.SignUp(t, acc, "bob")
	return fixture{db: db, clock: clock, profile: profile.New(db, clock.Now), ana: ana, bob: bob}
}

func (f fixture) stored(t *testing.T, id uint64) store.User {
	t.Helper()
	var u store.User
	if err := f.db.View(func(tx *store.Tx) (err error) { u, err = tx.User(id); return }); err != nil {
		t.Fatal(err)
	}
	return u
}

func fields(err error) map[string]string {
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
	if p.ID != f.ana.ID || p.Username != "ana" || p.Email != "ana@example.com" || p.NumberPhone != nil || p.Avatar != nil {
		t.Fatalf("profile = %+v", p)
	}
}

func TestUpdateChangesOnlyThePresentFields(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{LastName: ptr("Pérez"), NumberPhone: ptr("3001234567")}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(1000)
	p, err := f.profile.Update(f.ana.ID, profile.Patch{FirstName: ptr("Ana")})
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstName != "Ana" || p.LastName != "Pérez" || p.NumberPhone == nil || *p.NumberPhone != "3001234567" || p.Email != "ana@example.com" {
		t.Fatalf("after a first-name patch: %+v", p)
	}
}

func TestAPatchThatChangesNothingWritesNothing(t *testing.T) {
	f := setup(t)
	before := f.stored(t, f.ana.ID)
	f.clock.Advance(3600e9)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{Username: ptr("ana"), FirstName: ptr("")}); err != nil {
		t.Fatal(err)
	}
	if after := f.stored(t, f.ana.ID); !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("updated_at moved from %v to %v on a no-op patch", before.UpdatedAt, after.UpdatedAt)
	}
}

func TestPhoneRules(t *testing.T) {
	cases := []struct {
		phone string
		ok    bool
	}{
		{"3001234567", true},   // exactly 10 digits
		{"+300123456", true},   // leading + counts toward the 10
		{"+1234", true},        //
		{"30012345678", false}, // 11 characters
		{"300123456a", false},  // a letter
		{"300-123-45", false},  // punctuation
		{"30 0123456", false},  // inner space
		{"3+00123456", false},  // + not leading
		{"٣٠٠١٢٣٤٥٦٧", false},  // non-ASCII digits
		{"+", false},           // no digits
	}
	for _, c := range cases {
		t.Run(c.phone, func(t *testing.T) {
			f := setup(t)
			before := f.stored(t, f.ana.ID)
			_, err := f.profile.Update(f.ana.ID, profile.Patch{NumberPhone: ptr(c.phone)})
			after := f.stored(t, f.ana.ID)
			if c.ok {
				if err != nil || after.NumberPhone != c.phone {
					t.Fatalf("valid phone refused: %v (stored %q)", err, after.NumberPhone)
				}
				return
			}
			if fields(err)["number_phone"] == "" || after != before {
				t.Fatalf("invalid phone: err %v, stored %q", err, after.NumberPhone)
			}
		})
	}
}

func TestAnEmptyPhoneClearsIt(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{NumberPhone: ptr("3001234567")}); err != nil {
		t.Fatal(err)
	}
	p, err := f.profile.Update(f.ana.ID, profile.Patch{NumberPhone: ptr("")})
	if err != nil || p.NumberPhone != nil {
		t.Fatalf("clearing the phone: %+v, %v", p.NumberPhone, err)
	}
	if got, _ := f.profile.Get(f.ana.ID); got.NumberPhone != nil {
		t.Fatalf("phone still stored: %q", *got.NumberPhone)
	}
}

func TestInvalidEmails(t *testing.T) {
	for _, email := range []string{
		"", "a", "a@", "@b.co", "a@b", "a b@c.de", "Name <a@b.co>", "a@b..co", "a@.b.co", "a@b.co.",
		strings.Repeat("a", 190) + "@example.com", // 202 characters
	} {
		t.Run(email, func(t *testing.T) {
			f := setup(t)
			_, err := f.profile.Update(f.ana.ID, profile.Patch{Email: ptr(email)})
			if fields(err)["email"] == "" {
				t.Fatalf("email %q accepted (err %v)", email, err)
			}
			if f.stored(t, f.ana.ID).Email != "ana@example.com" {
				t.Fatal("a refused email was stored")
			}
		})
	}
}

func TestEmailTakenByAnotherUserInAnotherCaseIsRefused(t *testing.T) {
	f := setup(t)
	_, err := f.profile.Update(f.ana.ID, profile.Patch{Email: ptr("BOB@Example.com")})
	if fields(err)["email"] != "already in use" {
		t.Fatalf("err = %v", err)
	}
	// Changing the case of one's own email is not a conflict.
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{Email: ptr("Ana@Example.com")}); err != nil {
		t.Fatalf("own email in another case: %v", err)
	}
}

func TestNameLengthLimit(t *testing.T) {
	f := setup(t)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{FirstName: ptr(strings.Repeat("é", 200))}); err != nil {
		t.Fatalf("200 characters refused: %v", err)
	}
	_, err := f.profile.Update(f.ana.ID, profile.Patch{LastName: ptr(strings.Repeat("a", 201))})
	if fields(err)["last_name"] == "" {
		t.Fatalf("201 characters accepted: %v", err)
	}
}

func TestUsernameRules(t *testing.T) {
	for _, c := range []struct {
		username string
		ok       bool
	}{
		{"josé.o+1@x", true}, {"李_雷-1", true}, {strings.Repeat("u", 150), true},
		{"ana smith", false}, {"a/b", false}, {"", false}, {strings.Repeat("u", 151), false}, {"<b>", false},
	} {
		t.Run(c.username, func(t *testing.T) {
			f := setup(t)
			_, err := f.profile.Update(f.ana.ID, profile.Patch{Username: ptr(c.username)})
			if c.ok != (err == nil) || (!c.ok && fields(err)["username"] == "") {
				t.Fatalf("username %q: err %v, want ok=%v", c.username, err, c.ok)
			}
		})
	}
}

func TestNamesAreStoredAndReturnedLiterally(t *testing.T) {
	for _, name := range []string{"José", "李", "Zoë 👩‍💻", "<img src=x onerror=alert(1)>", "O'Brien \"Bob\" & co"} {
		t.Run(name, func(t *testing.T) {
			f := setup(t)
			if _, err := f.profile.Update(f.ana.ID, profile.Patch{FirstName: ptr(name), LastName: ptr(name)}); err != nil {
				t.Fatal(err)
			}
			p, _ := f.profile.Get(f.ana.ID)
			if p.FirstName != name || p.LastName != name {
				t.Fatalf("stored %q / %q, want %q", p.FirstName, p.LastName, name)
			}
		})
	}
}

func TestOneInvalidFieldMeansNothingIsWritten(t *testing.T) {
	f := setup(t)
	before := f.stored(t, f.ana.ID)
	f.clock.Advance(3600e9)
	_, err := f.profile.Update(f.ana.ID, profile.Patch{
		FirstName: ptr("Valid"), Email: ptr("new@example.com"), NumberPhone: ptr("12345678901"), Username: ptr("bad name"),
	})
	got := fields(err)
	if got["number_phone"] == "" || got["username"] == "" || len(got) != 2 {
		t.Fatalf("want errors for number_phone and username only, got %v", err)
	}
	if after := f.stored(t, f.ana.ID); after != before {
		t.Fatalf("a refused patch changed the record:\nbefore %+v\nafter  %+v", before, after)
	}
	var free bool
	_ = f.db.View(func(tx *store.Tx) error { _, taken := tx.UserIDByLogin("new@example.com"); free = !taken; return nil })
	if !free {
		t.Fatal("a refused patch indexed the new email")
	}
}

func TestEditingOneUserNeverTouchesAnother(t *testing.T) {
	f := setup(t)
	bobBefore := f.stored(t, f.bob.ID)
	if _, err := f.profile.Update(f.ana.ID, profile.Patch{FirstName: ptr("Ana"), Email: ptr("ana2@example.com")}); err != nil {
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
	if _, err := f.profile.Update(999, profile.Patch{FirstName: ptr("x")}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("err = %v", err)
	}
}
