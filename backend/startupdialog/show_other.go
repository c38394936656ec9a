//go:build !windows && !darwin && !(linux && cgo)

package startupdialog

// show has no dialog toolkit to use in a build without cgo (the tests, the
// command line) or on other systems: stderr carries the message.
func show(title, body string) error { return errNoDesktop }
