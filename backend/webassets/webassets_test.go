package webassets

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func gz(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const script = "console.log('PassDesk');\n"

func tree(t *testing.T) fs.FS {
	return Gunzip(fstest.MapFS{
		"dist/index.html":          {Data: []byte(`<script src="/assets/app.js"></script>`)},
		"dist/assets/app.js.gz":    {Data: gz(t, script), Mode: 0o444},
		"dist/assets/plain.css":    {Data: []byte("body{}")},
		"dist/assets/broken.js.gz": {Data: []byte("not gzip")},
	})
}

func TestACompressedFileOpensUnderItsPlainNameDecompressed(t *testing.T) {
	file, err := tree(t).Open("dist/assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.Name() != "app.js" || info.Size() != int64(len(script)) || info.IsDir() || info.Mode() != 0o444 {
		t.Errorf("stat = %q, %d bytes, dir %v, mode %v; want app.js, %d bytes, a file, 0444", info.Name(), info.Size(), info.IsDir(), info.Mode(), len(script))
	}
	got, err := io.ReadAll(file)
	if err != nil || string(got) != script {
		t.Errorf("content = %q, %v; want %q", got, err, script)
	}
	// Wails' asset server reads the first bytes to sniff the type, then seeks back.
	if _, err := file.(io.Seeker).Seek(0, io.SeekStart); err != nil {
		t.Errorf("seek: %v", err)
	}
}

func TestOtherFilesAndDirectoriesOpenAsTheyAre(t *testing.T) {
	fsys := tree(t)
	if got, err := fs.ReadFile(fsys, "dist/assets/plain.css"); err != nil || string(got) != "body{}" {
		t.Errorf("plain.css = %q, %v", got, err)
	}
	entries, err := fs.ReadDir(fsys, "dist/assets")
	if err != nil || len(entries) != 3 {
		t.Errorf("ReadDir = %d entries, %v; want the 3 stored files", len(entries), err)
	}
	// Wails looks for index.html with WalkDir, then serves from fs.Sub.
	sub, err := fs.Sub(fsys, "dist")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fs.ReadFile(sub, "assets/app.js"); err != nil || string(got) != script {
		t.Errorf("through fs.Sub: %q, %v", got, err)
	}
}

func TestAMissingFileIsReportedUnderTheNameAskedFor(t *testing.T) {
	_, err := tree(t).Open("dist/assets/missing.js")
	var pathErr *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pathErr) || pathErr.Path != "dist/assets/missing.js" {
		t.Errorf("err = %v; want not-exist for dist/assets/missing.js", err)
	}
}

func TestACorruptCompressedFileIsAnErrorNotAMissingFile(t *testing.T) {
	_, err := tree(t).Open("dist/assets/broken.js")
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v; want a decompression error", err)
	}
}

func TestServedOverHTTPWithRanges(t *testing.T) {
	sub, err := fs.Sub(tree(t), "dist")
	if err != nil {
		t.Fatal(err)
	}
	server := http.FileServer(http.FS(sub))
	req := httptest.NewRequest(http.MethodGet, "/assets/app.js", nil)
	req.Header.Set("Range", "bytes=0-6")
	rec := httptest.NewRecorder()
	server.ServeHTTP(rec, req)
	if rec.Code != http.StatusPartialContent || rec.Body.String() != script[:7] ||
		!strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
		t.Errorf("GET with a range = %d %q (%s); want 206 %q as JavaScript", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"), script[:7])
	}
}
