package datadir

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	home := func() (string, error) { return "/home/ana", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cases := []struct {
		name, flag, goos string
		vars             map[string]string
		home             func() (string, error)
		want             string
		wantErr          bool
	}{
		{name: "flag wins", flag: "/data/flag", goos: "linux", vars: map[string]string{EnvVar: "/data/env"}, home: home, want: "/data/flag"},
		{name: "env next", goos: "linux", vars: map[string]string{EnvVar: "/data/env", "XDG_DATA_HOME": "/xdg"}, home: home, want: "/data/env"},
		{name: "linux XDG", goos: "linux", vars: map[string]string{"XDG_DATA_HOME": "/xdg"}, home: home, want: "/xdg/PassDesk"},
		{name: "linux relative XDG is ignored", goos: "linux", vars: map[string]string{"XDG_DATA_HOME": "rel"}, home: home, want: "/home/ana/.local/share/PassDesk"},
		{name: "linux default", goos: "linux", home: home, want: "/home/ana/.local/share/PassDesk"},
		{name: "windows", goos: "windows", vars: map[string]string{"LOCALAPPDATA": "/C/Users/ana/AppData/Local"}, home: home, want: "/C/Users/ana/AppData/Local/PassDesk"},
		{name: "windows without LOCALAPPDATA", goos: "windows", home: home, wantErr: true},
		{name: "macOS", goos: "darwin", home: home, want: "/home/ana/Library/Application Support/PassDesk"},
		{name: "no home", goos: "linux", home: noHome, wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := resolve(c.flag, env(c.vars), c.goos, c.home)
			if c.wantErr {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil || got != filepath.FromSlash(c.want) {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestARelativeFlagBecomesAbsolute(t *testing.T) {
	got, err := resolve("rel/dir", func(string) string { return "" }, "linux", nil)
	if err != nil || !filepath.IsAbs(got) {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestResolveReadsTheEnvironmentButTheFlagWins(t *testing.T) {
	env := t.TempDir()
	t.Setenv(EnvVar, env)
	if got, err := Resolve(""); err != nil || got != env {
		t.Fatalf("with $%s: got %q, %v", EnvVar, got, err)
	}
	flag := t.TempDir()
	if got, err := Resolve(flag); err != nil || got != flag {
		t.Fatalf("with --data-dir: got %q, %v", got, err)
	}
}
