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
	if public.Code != Internal || strings.Contains(public.Message, "secret") {
		t.Fatalf("public = %+v", public)
	}
	if !strings.Contains(err.Error(), "permission denied") {
		t.Fatal("the log form of the error must keep the cause")
	}
}

func TestUnknownErrorsBecomeInternal(t *testing.T) {
	if got := ToPublic(errors.New("boom")); got.Code != Internal || got.Message == "boom" {
		t.Fatalf("got %+v", got)
	}
}

func TestFieldErrorsKeepTheirFields(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", Field("email", "already in use"))
	public := ToPublic(err)
	if public.Code != Invalid || public.Fields["email"] != "already in use" || !Is(err, Invalid) || Is(err, Conflict) {
		t.Fatalf("public = %+v", public)
	}
}

func TestAsFindsTheErrorThroughWrapping(t *testing.T) {
	orig := New(Conflict, "changed elsewhere")
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
	withFields, _ := json.Marshal(ToPublic(FieldErrors(map[string]string{"email": "already in use"})))
	if string(withFields) != `{"code":"invalid","message":"Some fields are not valid.","fields":{"email":"already in use"}}` {
		t.Fatalf("json = %s", withFields)
	}
	internal, _ := json.Marshal(ToPublic(Wrap(errors.New("SECRET-DETAIL"), "load")))
	if strings.Contains(string(internal), "SECRET") || strings.Contains(string(internal), "fields") {
		t.Fatalf("json = %s", internal)
	}
	// The error itself marshals without its cause too, should it ever be sent as is.
	direct, _ := json.Marshal(Wrap(errors.New("SECRET-DETAIL"), "load"))
	if strings.Contains(string(direct), "SECRET") {
		t.Fatalf("json = %s", direct)
	}
}
