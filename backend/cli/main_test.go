package cli_test

import (
	"os"
	"testing"
)

// TestMain gives the tests their own runtime and cache folders, where the
// control channel's sockets go, so that no test touches the user's.
func TestMain(m *testing.M) {
	var dirs []string
	for _, v := range []string{"XDG_RUNTIME_DIR", "XDG_CACHE_HOME"} {
		dir, err := os.MkdirTemp("", "pd")
		if err != nil {
			panic(err)
		}
		dirs = append(dirs, dir)
		os.Setenv(v, dir)
	}
	status := m.Run()
	for _, dir := range dirs {
		_ = os.RemoveAll(dir)
	}
	os.Exit(status)
}
