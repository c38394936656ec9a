package testutil

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// NoisyPNG is a 48×48 PNG of a few kilobytes: noise does not compress, so
// a transfer of it takes more than one read.
func NoisyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	seed := uint32(7)
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = byte(seed >> 24)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
