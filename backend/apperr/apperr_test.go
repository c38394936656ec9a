package apperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestInternalErrorsHideTheirCauseFromTheUser(t *testing.T) {
	err := Wrap(errors.New("open /home/ana/secret.db: permission denied"), "load")
	public := ToPublic(fmt.Errorf("while signing in: %w", err))
	if public.Code != Internal || public.Key != "error.generic" || public.Params != nil || public.Fields != nil {
		t.Fatalf("public = %+v", public)
	}
	if !strings.Contains(err.Error(), "permission denied") {
		t.Fatal("the log form of the error must keep the cause")
	}
}

func TestUnknownErrorsBecomeInternal(t *testing.T) {
	if got := ToPublic(errors.New("boom")); got.Code != Internal || got.Key != Generic.Key() {
		t.Fatalf("got %+v", got)
	}
}

func TestFieldErrorsKeepTheirFieldsAndParameters(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", FieldErrors(map[string]Message{"email": InUse, "username": TooLong(150)}))
	public := ToPublic(err)
	if public.Code != Invalid || public.Key != "error.fieldsInvalid" || !Is(err, Invalid) || Is(err, Conflict) {
		t.Fatalf("public = %+v", public)
	}
	if got := public.Fields["email"]; got.Key != "fieldError.inUse" || got.Params != nil {
		t.Fatalf("email = %+v", got)
	}
	if got := public.Fields["username"]; got.Key != "fieldError.tooLong" || got.Params["max"] != 150 {
		t.Fatalf("username = %+v", got)
	}
	if As(err).Fields["username"] != TooLong(150) || As(err).Fields["username"] == TooLong(151) {
		t.Fatal("messages with parameters must compare by key and values")
	}
}

func TestAsFindsTheErrorThroughWrapping(t *testing.T) {
	orig := New(Conflict, SyncNotLinked)
	wrapped := fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", orig))
	if got := As(wrapped); got != orig {
		t.Fatalf("As = %+v, want the original error", got)
	}
	if !errors.Is(wrapped, orig) || !Is(wrapped, Conflict) || Is(wrapped, Internal) {
		t.Fatal("Is/errors.Is do not see the code through the wrapping")
	}
	if As(nil) != nil || Wrap(nil, "nothing") != nil || Is(nil, Internal) {
		t.Fatal("a nil error must stay nil")
	}
}

func TestWrapKeepsTheCauseForErrorsIs(t *testing.T) {
	cause := errors.New("disk on fire")
	err := Wrap(cause, "save")
	if !errors.Is(err, cause) || !Is(err, Internal) {
		t.Fatalf("err = %v: cause or code lost", err)
	}
}

func TestThePublicShapeIsTheFrontendsJSON(t *testing.T) {
	withFields, _ := json.Marshal(ToPublic(FieldErrors(map[string]Message{"email": InUse, "avatar": PictureTooLarge(10)})))
	want := `{"code":"invalid","key":"error.fieldsInvalid","fields":{"avatar":{"key":"fieldError.pictureTooLarge","params":{"max_mib":10}},"email":{"key":"fieldError.inUse"}}}`
	if string(withFields) != want {
		t.Fatalf("json = %s\nwant   %s", withFields, want)
	}
	top, _ := json.Marshal(ToPublic(New(Unavailable, NoFileManager("/home/ana/.local/share/passdesk"))))
	if string(top) != `{"code":"unavailable","key":"error.noFileManager","params":{"folder":"/home/ana/.local/share/passdesk"}}` {
		t.Fatalf("json = %s", top)
	}
	internal, _ := json.Marshal(ToPublic(Wrap(errors.New("SECRET-DETAIL"), "load")))
	if strings.Contains(string(internal), "SECRET") || strings.Contains(string(internal), "fields") {
		t.Fatalf("json = %s", internal)
	}
	// The error itself marshals without its cause too, should it ever be sent as is.
	direct, _ := json.Marshal(Wrap(errors.New("SECRET-DETAIL"), "load"))
	if strings.Contains(string(direct), "SECRET") || !strings.Contains(string(direct), "error.generic") {
		t.Fatalf("json = %s", direct)
	}
}

func TestTheLogFormNamesKeysParametersAndFields(t *testing.T) {
	err := Field("idle_lock_minutes", MinutesRange(1, 240))
	if got := err.Error(); got != "invalid: error.fieldsInvalid; idle_lock_minutes: fieldError.range{min=1,max=240}" {
		t.Fatalf("Error() = %q", got)
	}
}

func TestTheZeroMessageSaysNothing(t *testing.T) {
	var m Message
	if !m.IsZero() || m.Key() != "" || m.Params() != nil || m.String() != "" || Required.IsZero() {
		t.Fatalf("zero message = %+v", m)
	}
}

func TestEveryCatalogueKeyIsUniqueAndNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, spec := range Catalogue() {
		if seen[spec.Key] || !strings.Contains(spec.Key, ".") {
			t.Fatalf("bad or repeated key %q", spec.Key)
		}
		seen[spec.Key] = true
	}
	for _, m := range []Message{Required, TooLong(1), NoFileManager("/x"), SyncUnreachable} {
		if !seen[m.Key()] {
			t.Fatalf("%s is not in the catalogue", m.Key())
		}
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a key defined twice must panic at start-up")
		}
	}()
	define("fieldError.required")
}
