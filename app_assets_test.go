package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	wailsassets "github.com/wailsapp/wails/v2/pkg/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"passdesk/backend/webassets"
)

// The embedded build through Wails' own asset handler, as the window loads
// it: the page, then every bundle it names, served whole and decompressed
// (the build stores them gzip-compressed: frontend/vite.config.ts).
func TestTheEmbeddedFrontendServesEveryBundleItsPageLoads(t *testing.T) {
	handler, err := wailsassets.NewAssetHandler(assetserver.Options{Assets: webassets.Gunzip(assets)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	page := get("/")
	if page.Code != http.StatusOK {
		t.Fatalf("GET / = %d", page.Code)
	}
	bundles := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(page.Body.String(), -1)
	if len(bundles) < 2 {
		t.Fatalf("index.html names %d bundles, want the script and the style sheet:\n%s", len(bundles), page.Body)
	}
	types := map[string]string{".js": "text/javascript", ".css": "text/css"}
	for _, m := range bundles {
		res := get(m[1])
		ext := regexp.MustCompile(`\.[a-z]+$`).FindString(m[1])
		body := res.Body.Bytes()
		switch {
		case res.Code != http.StatusOK:
			t.Errorf("GET %s = %d", m[1], res.Code)
		case len(body) < 1000 || bytes.HasPrefix(body, []byte{0x1f, 0x8b}):
			t.Errorf("GET %s: %d bytes, compressed %v; want the whole bundle, decompressed", m[1], len(body), bytes.HasPrefix(body, []byte{0x1f, 0x8b}))
		case !bytes.HasPrefix([]byte(res.Header().Get("Content-Type")), []byte(types[ext])):
			t.Errorf("GET %s: Content-Type %q, want %s", m[1], res.Header().Get("Content-Type"), types[ext])
		}
	}
}
