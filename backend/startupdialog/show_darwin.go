//go:build darwin

package startupdialog

import "os/exec"

// show asks osascript for an alert. The texts travel as arguments, never
// inside the script, so no quoting can break it.
func show(title, body string) error {
	return exec.Command("osascript",
		"-e", "on run argv",
		"-e", "display alert (item 1 of argv) message (item 2 of argv) as critical buttons {\"OK\"} default button \"OK\"",
		"-e", "end run",
		title, body).Run()
}
