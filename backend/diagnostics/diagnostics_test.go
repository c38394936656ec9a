package diagnostics

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/buildinfo"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func fakeHost(home string, files map[string]string) host {
	return host{
		goos: "linux", goarch: "amd64",
		readFile: func(p string) ([]byte, error) {
			if v, ok := files[p]; ok {
				return []byte(v), nil
			}
			return nil, os.ErrNotExist
		},
		home: func() (string, error) { return home, nil },
	}
}

func TestTheReportHoldsNoUserData(t *testing.T) {
	// The home folder is named after the OS user, as it usually is.
	home := filepath.Join(t.TempDir(), "anagarcia")
	dataDir := filepath.Join(home, ".local", "share", "PassDesk")
	db, err := store.Open(filepath.Join(dataDir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := accounts.SignUpInput{Username: "anagarcia", Email: "ana.garcia@correo.es", Password: testutil.Password,
		FirstName: "Ana", LastName: "Garcíaez", NumberPhone: "600123456"}
	if _, err := testutil.Accounts(t, db, nil).SignUp(in); err != nil {
		t.Fatal(err)
	}

	r := collect(Info{WebView: "WebKitGTK 2.46.0", DataDir: dataDir, LogDir: filepath.Join(dataDir, "logs"), DB: db},
		fakeHost(home, map[string]string{
			"/etc/os-release":            "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
			"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
		}))
	text := r.String()
	for _, personal := range []string{in.Username, "ana.garcia", "correo.es", in.Password, in.FirstName, in.LastName, in.NumberPhone, "600123456"} {
		if strings.Contains(text, personal) {
			t.Errorf("report contains %q:\n%s", personal, text)
		}
	}
	for _, want := range []string{
		buildinfo.ProductName + " " + buildinfo.Version, "linux/amd64", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64",
		"WebKitGTK 2.46.0", runtime.Version(), filepath.FromSlash("~/.local/share/PassDesk"), filepath.FromSlash("~/.local/share/PassDesk/logs"),
		"1 account(s)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if r.DBBytes <= 0 || r.Schema != store.SchemaVersion() {
		t.Errorf("database facts: %+v", r)
	}
}

func TestUnknownsAndOtherSystems(t *testing.T) {
	h := fakeHost("/home/x", nil)
	h.goos = "windows"
	h.home = func() (string, error) { return "", errors.New("no home") }
	r := collect(Info{DataDir: "/data/p"}, h)
	if r.WebView != Unknown || r.OSRelease != Unknown || r.Kernel != Unknown || r.LogDir != Unknown || r.DataDir != "/data/p" {
		t.Fatalf("%+v", r)
	}
	if strings.Contains(r.String(), "database") {
		t.Fatalf("no database given, yet:\n%s", r)
	}
}

func TestOSReleaseName(t *testing.T) {
	for in, want := range map[string]string{
		"PRETTY_NAME='Fedora Linux 40'\nNAME=Fedora": "Fedora Linux 40",
		"NAME=Alpine\nVERSION=3.20":                  "Alpine 3.20",
		"# comment only":                             "",
	} {
		if got := osReleaseName([]byte(in)); got != want {
			t.Errorf("osReleaseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortenHome(t *testing.T) {
	home := func() (string, error) { return filepath.FromSlash("/home/ana"), nil }
	for in, want := range map[string]string{
		"/home/ana/.local/share/PassDesk": "~/.local/share/PassDesk",
		"/home/ana":                       "~",
		"/home/anabel/x":                  "/home/anabel/x",
		"/srv/passdesk":                   "/srv/passdesk",
	} {
		if got := shortenHome(filepath.FromSlash(in), home); got != filepath.FromSlash(want) {
			t.Errorf("shortenHome(%q) = %q, want %q", in, got, want)
		}
	}
}
