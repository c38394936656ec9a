package startupdialog

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	berrors "go.etcd.io/bbolt/errors"

	"passdesk/backend/store"
)

// openErr is what store.Open answers for a data file it cannot create or
// open: the tests run as root, for whom no mode bits stop a write, so the
// permission cases are built the way the os package builds them.
func openErr(errno syscall.Errno) error {
	path := "/data/PassDesk/" + store.FileName
	return fmt.Errorf("open %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: errno})
}

// damagedFile is a data file whose first pages are not a bbolt file at all.
func damagedFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClassifyNamesEachCause(t *testing.T) {
	_, damaged := store.Open(damagedFile(t), store.Options{})
	cases := []struct {
		name string
		err  error
		want Kind
	}{
		{"in use (as store.Open wraps it)", fmt.Errorf("%w (%s)", store.ErrInUse, "/data/passdesk.db"), InUse},
		{"newer schema (as store.Open wraps it)", fmt.Errorf("%w (schema 9, this build knows up to 4)", store.ErrTooNew), TooNew},
		{"read-only folder: EACCES", openErr(syscall.EACCES), NotWritable},
		{"not allowed: EPERM", openErr(syscall.EPERM), NotWritable},
		{"read-only file system: EROFS", openErr(syscall.EROFS), NotWritable},
		{"creating the folder refused", fmt.Errorf("create data folder: %w", &fs.PathError{Op: "mkdir", Path: "/data", Err: syscall.EACCES}), NotWritable},
		{"garbage file, opened for real", damaged, Damaged},
		{"a page bbolt panicked on", fmt.Errorf("%w: runtime error: index out of range", store.ErrDamaged), Damaged},
		{"a meta page's checksum (as store.Open wraps bbolt's)", fmt.Errorf("open x: %w", berrors.ErrChecksum), Damaged},
		{"a bbolt format version it does not know", fmt.Errorf("open x: %w", berrors.ErrVersionMismatch), Damaged},
		{"something else", errors.New("%LOCALAPPDATA% is not set: use --data-dir"), Other},
		{"a full disk is not a permission problem", openErr(syscall.ENOSPC), Other},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Fatalf("%s: no error to classify", c.name)
		}
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s (%v): Classify = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}

func TestClassifyAFileHeldByAnotherOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// bbolt's flock is per open file, so a second Open in this process
	// waits out store.LockTimeout like another process would.
	_, err = store.Open(path, store.Options{})
	if Classify(err) != InUse {
		t.Fatalf("second open: %v, classified %d, want InUse", err, Classify(err))
	}
}

func TestComposeSaysWhyWhatToDoAndTheDetails(t *testing.T) {
	err := openErr(syscall.EACCES)
	m := Compose(err, "en")
	if m.Title != "PassDesk cannot write to its data folder" {
		t.Errorf("title = %q", m.Title)
	}
	if !strings.Contains(m.Reason, "read-only") || !strings.Contains(m.Action, "--data-dir") {
		t.Errorf("reason %q / action %q do not say why and what to do", m.Reason, m.Action)
	}
	if m.Detail != "Details: "+err.Error() {
		t.Errorf("detail = %q, want the error with its path", m.Detail)
	}
	if body := m.Body(); body != m.Reason+"\n\n"+m.Action+"\n\n"+m.Detail {
		t.Errorf("body = %q", body)
	}
}

func TestEveryKindHasItsOwnTextInBothLanguages(t *testing.T) {
	errs := map[Kind]error{
		InUse:       store.ErrInUse,
		TooNew:      store.ErrTooNew,
		Damaged:     store.ErrDamaged,
		NotWritable: openErr(syscall.EACCES),
		Other:       errors.New("boom"),
	}
	seen := map[string]Kind{}
	for kind, err := range errs {
		for _, lang := range []string{"en", "es"} {
			m := Compose(err, lang)
			if m.Title == "" || m.Reason == "" || m.Action == "" {
				t.Errorf("kind %d in %s: empty text in %+v", kind, lang, m)
			}
			if other, dup := seen[m.Title]; dup {
				t.Errorf("kind %d in %s: title %q already used by kind %d", kind, lang, m.Title, other)
			}
			seen[m.Title] = kind
			if !strings.HasSuffix(m.Detail, err.Error()) {
				t.Errorf("kind %d in %s: detail %q lacks the error", kind, lang, m.Detail)
			}
		}
		if en, es := Compose(err, "en"), Compose(err, "es"); en.Action == es.Action || en.Reason == es.Reason {
			t.Errorf("kind %d: the Spanish text is the English one", kind)
		}
	}
	if got := Compose(store.ErrInUse, "es"); got.Title != "PassDesk ya está abierto" || !strings.HasPrefix(got.Detail, "Detalles: ") {
		t.Errorf("Spanish in-use message = %+v", got)
	}
}

func TestLanguageFollowsTheLocale(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "es_ES.UTF-8"}, "es"},
		{map[string]string{"LANG": "es"}, "es"},
		{map[string]string{"LANG": "es-MX"}, "es"},
		{map[string]string{"LANG": "ES_AR.utf8"}, "es"},
		{map[string]string{"LANG": "es_ES@euro"}, "es"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "et_EE.UTF-8"}, "en"}, // Estonian, not Spanish
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		// The more specific variable wins, in gettext's order.
		{map[string]string{"LANG": "en_GB.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"},
		{map[string]string{"LANG": "es_ES.UTF-8", "LC_ALL": "C"}, "en"},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LANGUAGE": "es:en"}, "es"},
		{map[string]string{"LANG": "es_ES.UTF-8", "LANGUAGE": "en_GB:es"}, "en"},
		{map[string]string{"LANG": "es_ES.UTF-8", "LANGUAGE": ""}, "es"},
	}
	for _, c := range cases {
		if got := Language(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("Language(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestReportWithoutADesktopWritesToStderrAndReturns(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	var stderr bytes.Buffer
	err := fmt.Errorf("%w (%s)", store.ErrInUse, "/data/passdesk.db")
	Report(err, &stderr) // returns: on Linux the display check, without cgo no toolkit
	want := "passdesk: PassDesk is already open\n" + Compose(err, "en").Body() + "\n"
	if stderr.String() != want {
		t.Fatalf("stderr = %q, want %q", stderr.String(), want)
	}
}
