package wake

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestOnlyLogindsPrepareForSleepFalseIsAResume(t *testing.T) {
	name := loginIface + "." + sleepMember
	for _, tc := range []struct {
		what string
		s    dbus.Signal
		want bool
	}{
		{"resumed", dbus.Signal{Path: loginPath, Name: name, Body: []any{false}}, true},
		{"going to sleep", dbus.Signal{Path: loginPath, Name: name, Body: []any{true}}, false},
		{"another signal of logind's", dbus.Signal{Path: loginPath, Name: loginIface + ".SessionNew", Body: []any{false}}, false},
		{"another object", dbus.Signal{Path: "/org/freedesktop/login1/session/c1", Name: name, Body: []any{false}}, false},
		{"the bus's own", dbus.Signal{Path: "/org/freedesktop/DBus", Name: "org.freedesktop.DBus.NameAcquired", Body: []any{":1.4"}}, false},
		{"no argument", dbus.Signal{Path: loginPath, Name: name}, false},
		{"not a boolean", dbus.Signal{Path: loginPath, Name: name, Body: []any{"false"}}, false},
		{"two arguments", dbus.Signal{Path: loginPath, Name: name, Body: []any{false, false}}, false},
	} {
		if got := resumed(&tc.s); got != tc.want {
			t.Errorf("%s: resumed = %v, want %v", tc.what, got, tc.want)
		}
	}
}
