package profilefield_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/profilefield"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// Every row is whole: a field missing a part would be silently skipped by
// the loops that validate, merge and send.
func TestEveryFieldIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range profilefield.All {
		if f.Name == "" || f.Remote == "" || f.Value == nil || f.Server == nil || f.Check == nil || seen[f.Name] {
			t.Fatalf("incomplete or repeated row %+v", f)
		}
		seen[f.Name] = true
	}
}

// Each row points at its own place in the stored user and in the server's
// user, the one whose JSON name is the row's.
func TestEveryFieldReadsAndWritesItsOwnPlace(t *testing.T) {
	for _, f := range profilefield.All {
		var u store.User
		profilefield.Set(&u, f.Name, "marker-"+f.Name)
		if got := jsonField(t, u, f.Name); got != "marker-"+f.Name {
			t.Errorf("%s writes the stored user's %q field, not its own", f.Name, got)
		}
		var r remote.User
		if err := json.Unmarshal([]byte(`{"`+f.Remote+`":"server-`+f.Name+`"}`), &r); err != nil {
			t.Fatal(err)
		}
		if got := profilefield.ServerValues(r)[f.Name]; got != "server-"+f.Name {
			t.Errorf("%s reads %q from the server's user, want its %q field", f.Name, got, f.Remote)
		}
	}
}

func jsonField(t *testing.T, u store.User, name string) any {
	t.Helper()
	raw, _ := json.Marshal(u)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m[name]
}

func TestTheRemoteBodyCarriesOnlyProfileFieldsAndNullForNoPhone(t *testing.T) {
	body := profilefield.RemoteBody(map[string]string{"first_name": "Ana", "number_phone": "", "password": "secret", "is_staff": "true"})
	want := map[string]any{"first_name": "Ana", "number_phone": nil}
	if !reflect.DeepEqual(body, want) {
		t.Fatalf("body = %#v, want %#v", body, want)
	}
	if got := profilefield.RemoteBody(map[string]string{"number_phone": "3001234567", "last_name": ""}); !reflect.DeepEqual(got, map[string]any{"number_phone": "3001234567", "last_name": ""}) {
		t.Fatalf("body = %#v", got)
	}
}

func TestServerNullIsNoValue(t *testing.T) {
	var r remote.User
	_ = json.Unmarshal([]byte(`{"id":3,"username":"ana","number_phone":null,"password":"leaked"}`), &r)
	got := profilefield.ServerValues(r)
	if got["number_phone"] != "" || got["username"] != "ana" || len(got) != len(profilefield.All) {
		t.Fatalf("values = %v", got)
	}
}

func TestEmailsThatDifferOnlyInCaseAreTheSameForSync(t *testing.T) {
	email, _ := profilefield.ByName("email")
	username, _ := profilefield.ByName("username")
	if !email.Equal("Ana@Example.com", "ana@example.com") || email.Equal("ana@example.com", "ana2@example.com") {
		t.Fatal("email equality for the merge")
	}
	if username.Equal("Ana", "ana") {
		t.Fatal("usernames are compared as they are")
	}
}

func TestNormalizeAndCheckUseTheFieldsRules(t *testing.T) {
	phone, _ := profilefield.ByName("number_phone")
	if got := phone.Normalize("  ＋３４６００ "); got != "+34600" || !phone.Check(got).IsZero() {
		t.Fatalf("phone %q: %v", got, phone.Check(got))
	}
	name, _ := profilefield.ByName("first_name")
	if name.Check(strings.Repeat("a", 201)) != apperr.TooLong(200) {
		t.Fatal("first_name length rule")
	}
	if _, ok := profilefield.ByName("password"); ok {
		t.Fatal("the password is not a profile field")
	}
	names := make([]string, len(profilefield.All))
	for i, f := range profilefield.All {
		names[i] = f.Name
	}
	if !slices.Equal(names, []string{"username", "email", "first_name", "last_name", "number_phone"}) {
		t.Fatalf("fields = %v", names)
	}
}
