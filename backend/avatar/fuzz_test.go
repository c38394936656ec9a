package avatar

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/apperr"
)

// FuzzProcess: whatever the bytes, Process never panics, and either returns
// an invalid-code error about the avatar field or a 512×512 JPEG with a
// 128×128 thumbnail and the right hash; the pipeline's own parsers never
// panic.
//
// The committed corpus is in testdata/fuzz/FuzzProcess; plain `go test` runs
// it. To fuzz: go test -run '^$' -fuzz FuzzProcess -fuzztime 2m ./backend/avatar/
func FuzzProcess(f *testing.F) {
	// Valid pictures of every format, kept small so mutation is fast.
	small := quad(24, 16)
	f.Add(encodePNG(f, small))
	f.Add(encodeJPEG(f, small, 80))
	f.Add(encodeBMP(f, small))
	f.Add(animatedGIF(f))
	f.Add(insertSegment(encodeJPEG(f, small, 80), 0xE1, exifPayload(binary.BigEndian, 6, "GPS")))
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".jpg") || strings.HasSuffix(name, ".webp") {
			b, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	// Hostile ones.
	f.Add([]byte{})
	f.Add([]byte("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"))
	f.Add([]byte("MZ\x90\x00\x03\x00\x00\x00"))
	f.Add(zipBytes(f))
	f.Add(pngHeader(1<<30, 1<<30))
	f.Add(pngHeader(7000, 7000))
	jpg := encodeJPEG(f, small, 80)
	f.Add(jpg[:len(jpg)/2])
	f.Add(append(bytes.Clone(jpg), zipBytes(f)...))
	f.Add([]byte("RIFF\x20\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00\xff\xff\x00\xff\xff\x00"))

	p := New()
	f.Fuzz(func(t *testing.T, data []byte) {
		// The pipeline's own header readers run here outside Process's
		// recover too, so that a panic in them cannot pass for "could not
		// be read".
		f := sniff(data)
		orientation(f, data)
		if cfg, err := decodeConfig(f, data); err == nil {
			workBytes(f, data, cfg)
		}

		av, err := p.Process(data)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("error with code other than invalid: %v", err)
			}
			if pub := apperr.ToPublic(err); pub.Fields[field].Key == "" {
				t.Fatalf("no avatar field message: %+v", pub)
			}
			return
		}
		checkOutput(t, av)
		sum := sha256.Sum256(av.JPEG)
		if av.Hash != hex.EncodeToString(sum[:])[:16] {
			t.Fatalf("bad hash %s", av.Hash)
		}
	})
}
