// Package diagnostics gathers what support needs to know about an
// installation — versions, platform, where the data and logs live — and
// nothing about the people using it: no names, e-mail addresses or account
// data, and the home folder in paths is shortened to "~" so the OS user
// name stays out too.
package diagnostics

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"passdesk/backend/buildinfo"
	"passdesk/backend/store"
)

// Unknown stands for a fact that could not be found out.
const Unknown = "unknown"

// Info is what the caller knows and this package cannot find by itself.
type Info struct {
	WebView string    // the embedded browser engine and its version
	DataDir string    // the data folder in use
	LogDir  string    // the log folder in use
	DB      *store.DB // the open database, for its size and shape; may be nil
}

// Report is the collected diagnostics.
type Report struct {
	Product   string `json:"product"`
	Version   string `json:"version"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	OSRelease string `json:"os_release"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"go_version"`
	WebView   string `json:"webview"`
	DataDir   string `json:"data_dir"`
	LogDir    string `json:"log_dir"`
	Schema    int    `json:"schema"`
	DBBytes   int64  `json:"db_bytes"`
	Accounts  int    `json:"accounts"`
}

// Collect gathers the report.
func Collect(in Info) Report {
	return collect(in, host{goos: runtime.GOOS, goarch: runtime.GOARCH, readFile: os.ReadFile, home: os.UserHomeDir})
}

// host is the machine as collect sees it, replaceable in tests.
type host struct {
	goos, goarch string
	readFile     func(string) ([]byte, error)
	home         func() (string, error)
}

func collect(in Info, h host) Report {
	r := Report{
		Product:   buildinfo.ProductName,
		Version:   buildinfo.Version,
		OS:        h.goos,
		Arch:      h.goarch,
		OSRelease: Unknown,
		Kernel:    Unknown,
		GoVersion: runtime.Version(),
		WebView:   orUnknown(in.WebView),
		DataDir:   orUnknown(shortenHome(in.DataDir, h.home)),
		LogDir:    orUnknown(shortenHome(in.LogDir, h.home)),
	}
	if h.goos == "linux" {
		if b, err := h.readFile("/etc/os-release"); err == nil {
			r.OSRelease = orUnknown(osReleaseName(b))
		}
		if b, err := h.readFile("/proc/sys/kernel/osrelease"); err == nil {
			r.Kernel = orUnknown(strings.TrimSpace(string(b)))
		}
	}
	if in.DB != nil {
		r.Schema = store.SchemaVersion()
		if st, err := os.Stat(in.DB.Path()); err == nil {
			r.DBBytes = st.Size()
		}
		_ = in.DB.View(func(tx *store.Tx) error {
			return tx.ForEachUser(func(store.User) error { r.Accounts++; return nil })
		})
	}
	return r
}

// osReleaseName is PRETTY_NAME (else NAME VERSION) from os-release(5).
func osReleaseName(b []byte) string {
	vals := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		vals[k] = strings.Trim(v, `"'`)
	}
	if v := vals["PRETTY_NAME"]; v != "" {
		return v
	}
	return strings.TrimSpace(vals["NAME"] + " " + vals["VERSION"])
}

// shortenHome writes path relative to the home folder as ~/…, so the OS
// user name (usually the home folder's name) is not in the report.
func shortenHome(path string, home func() (string, error)) string {
	h, err := home()
	if err != nil || h == "" || path == "" {
		return path
	}
	rel, err := filepath.Rel(h, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	if rel == "." {
		return "~"
	}
	return "~" + string(filepath.Separator) + rel
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return Unknown
	}
	return s
}

// String renders the report as plain text for pasting into a support request.
func (r Report) String() string {
	var b strings.Builder
	row := func(name string, value any) { fmt.Fprintf(&b, "%-12s %v\n", name+":", value) }
	fmt.Fprintf(&b, "%s %s diagnostics\n", r.Product, r.Version)
	row("os", r.OS+"/"+r.Arch)
	row("os release", r.OSRelease)
	row("kernel", r.Kernel)
	row("webview", r.WebView)
	row("go", r.GoVersion)
	row("data folder", r.DataDir)
	row("log folder", r.LogDir)
	if r.Schema > 0 {
		row("database", fmt.Sprintf("schema %d, %d bytes, %d account(s)", r.Schema, r.DBBytes, r.Accounts))
	}
	return b.String()
}
