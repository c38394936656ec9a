package startupdialog

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// errNoDesktop is show's answer when there is no desktop session to show
// a dialog on (a terminal or ssh session on Linux, a build without cgo):
// stderr then carries the message alone.
var errNoDesktop = errors.New("no desktop session to show a dialog on")

// Report writes why PassDesk could not start to stderr and, when a desktop
// session is there, shows it in a native error dialog, returning once the
// user has dismissed it. Without one it returns at once: it never waits
// for a display that is not there.
func Report(err error, stderr io.Writer) {
	m := Compose(err, Language(os.Getenv))
	fmt.Fprintf(stderr, "passdesk: %s\n%s\n", m.Title, m.Body())
	if showErr := show(m.Title, m.Body()); showErr != nil && !errors.Is(showErr, errNoDesktop) {
		fmt.Fprintln(stderr, "passdesk: the error dialog could not be shown:", showErr)
	}
}
