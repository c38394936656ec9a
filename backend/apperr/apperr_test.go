package apperr

import (
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
