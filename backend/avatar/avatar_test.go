package avatar

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"image/draw"
	"runtime"
	"sync"
	"testing"

	"passdesk/backend/apperr"
)

// TestProcessRejects: every row is bad input and must come back as an
// invalid-code error carrying the given message for the "avatar" field.
func TestProcessRejects(t *testing.T) {
	goodJPEG := encodeJPEG(t, quad(96, 64), 90)
	goodPNG := encodePNG(t, quad(96, 64))
	wideJPEG := func(w, h uint16) []byte {
		// Patch the SOF0 dimensions of a real JPEG: the header lies.
		b := bytes.Clone(goodJPEG)
		i := bytes.Index(b, []byte{0xFF, 0xC0})
		binary.BigEndian.PutUint16(b[i+5:], h)
		binary.BigEndian.PutUint16(b[i+7:], w)
		return b
	}
	oversize := make([]byte, MaxFileBytes+1)
	copy(oversize, goodPNG) // a real PNG header does not save it

	wide := encodePNG(t, image.NewGray(image.Rect(0, 0, 100000, 1)))
	zeroWidth := pngHeader(0, 10)

	// A WebP whose VP8X canvas says 16×16 but whose VP8 frame is 96×64.
	lossy := readTestdata(t, "quad.webp")
	vp8 := lossy[12:]
	vp8x := make([]byte, 18)
	copy(vp8x, "VP8X")
	binary.LittleEndian.PutUint32(vp8x[4:], 10)
	vp8x[12], vp8x[15] = 15, 15 // canvas 16×16 (minus one, 24-bit)
	lying := append([]byte("RIFF\x00\x00\x00\x00WEBP"), append(vp8x, vp8...)...)
	binary.LittleEndian.PutUint32(lying[4:], uint32(len(lying)-8))

	tests := []struct {
		name string
		data []byte
		want apperr.Message
	}{
		{"empty file", nil, msgEmpty},
		{"one byte over 10 MiB (PNG header)", oversize, msgTooLarge},
		{"HTML named avatar.jpg", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), msgUnsupported},
		{"PE executable named avatar.jpg", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), []byte("This program cannot be run in DOS mode.")...), msgUnsupported},
		{"ZIP archive named avatar.jpg", zipBytes(t), msgUnsupported},
		{"SVG with <script>", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`), msgUnsupported},
		{"plain text", []byte("just some words"), msgUnsupported},
		{"text that starts with BM", []byte("BMW owners club newsletter, issue 4"), msgUnsupported},
		{"TIFF (not supported)", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), msgUnsupported},
		{"PDF", []byte("%PDF-1.7\n1 0 obj\n"), msgUnsupported},
		{"12000×12000 PNG bomb", readTestdata(t, "bomb.png"), msgTooWide},
		{"PNG header claiming 2^30×2^30", pngHeader(1<<30, 1<<30), msgTooWide},
		{"PNG header claiming 7000×7000 (49 MP)", pngHeader(7000, 7000), msgTooMany},
		{"PNG header with zero width", zeroWidth, msgUnreadable},
		{"100000×1 PNG", wide, msgTooWide},
		{"JPEG header claiming 9000×10", wideJPEG(9000, 10), msgTooWide},
		{"JPEG header claiming 7900×7900", wideJPEG(7900, 7900), msgTooMany},
		{"JPEG with sampling image/jpeg does not decode (2x2,2x1,1x1)", readTestdata(t, "layout-odd.jpg"), msgUnreadable},
		{"JPEG cut in half", goodJPEG[:len(goodJPEG)/2], msgUnreadable},
		{"JPEG cut after the header", goodJPEG[:200], msgUnreadable},
		{"JPEG magic then garbage", []byte("\xff\xd8\xff\xe0garbage garbage garbage"), msgUnreadable},
		{"PNG cut in half", goodPNG[:len(goodPNG)/2], msgUnreadable},
		{"PNG with a broken IDAT", pngHeader(10, 10), msgUnreadable},
		{"GIF magic then garbage", []byte("GIF89a\x10\x00\x10\x00garbage"), msgUnreadable},
		{"WebP whose frame is larger than its canvas", lying, msgUnreadable},
		{"WebP cut short", lossy[:40], msgUnreadable},
		{"BMP cut short", encodeBMP(t, quad(20, 20))[:80], msgUnreadable},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			av, err := p.Process(tt.data)
			if got := fieldMessage(t, err); got != tt.want {
				t.Fatalf("message %q, want %q", got, tt.want)
			}
			if av.JPEG != nil || av.Thumb != nil || av.Hash != "" {
				t.Fatalf("rejected input returned data: %+v", av)
			}
		})
	}
}

// TestBombRejectedBeforeDecode: the 12000×12000 PNG (144 MB of pixels) is
// refused from its header, allocating well under 1 MiB.
func TestBombRejectedBeforeDecode(t *testing.T) {
	bomb := readTestdata(t, "bomb.png")
	if len(bomb) < 100<<10 || len(bomb) > 200<<10 {
		t.Fatalf("bomb.png is %d bytes, want ~100–200 KB", len(bomb))
	}
	p := New()
	var before, after runtime.MemStats
	const runs = 10
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		if _, err := p.Process(bomb); fieldMessage(t, err) != msgTooWide {
			t.Fatalf("bomb: %v", err)
		}
	}
	runtime.ReadMemStats(&after)
	perRun := (after.TotalAlloc - before.TotalAlloc) / runs
	t.Logf("rejecting the bomb allocated %d bytes per call", perRun)
	if perRun > 256<<10 {
		t.Fatalf("rejecting the bomb allocated %d bytes per call, want well under 1 MiB", perRun)
	}
	allocs := testing.AllocsPerRun(runs, func() { p.Process(bomb) })
	if allocs > 100 {
		t.Fatalf("%v allocations per rejection", allocs)
	}
}

// TestProcessAccepts: every row is a valid picture; the output must be a
// 512×512 JPEG and a 128×128 thumbnail, with the colours checked where the
// row gives them (top-left, top-right, bottom-left, bottom-right quadrant of
// the centre square).
func TestProcessAccepts(t *testing.T) {
	q := quad(96, 64)
	q16 := image.NewNRGBA64(q.Rect)
	draw.Draw(q16, q16.Rect, q, image.Point{}, draw.Src)
	gray := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range gray.Pix {
		gray.Pix[i] = 77
	}
	// Paletted with a transparent left half: composited over white.
	pal := image.NewPaletted(image.Rect(0, 0, 64, 64), color.Palette{color.Transparent, color.RGBA{0, 0, 200, 255}})
	for y := 0; y < 64; y++ {
		for x := 32; x < 64; x++ {
			pal.SetColorIndex(x, y, 1)
		}
	}
	// NRGBA with a half-transparent top half over an opaque red bottom.
	alpha := image.NewNRGBA(image.Rect(0, 0, 50, 50))
	for y := 0; y < 50; y++ {
		for x := 0; x < 50; x++ {
			if y < 25 {
				alpha.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 128})
			} else {
				alpha.SetNRGBA(x, y, color.NRGBA{200, 0, 0, 255})
			}
		}
	}
	one := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	one.SetNRGBA(0, 0, color.NRGBA{10, 160, 90, 255})

	type quads struct{ tl, tr, bl, br color.NRGBA }
	qc := &quads{quadTL, quadTR, quadBL, quadBR}
	tests := []struct {
		name string
		data []byte
		want *quads
		tol  int
	}{
		{"PNG (any name)", encodePNG(t, q), qc, 8},
		{"baseline JPEG", encodeJPEG(t, q, 95), qc, 12},
		{"CMYK JPEG (ImageMagick, Adobe marker)", readTestdata(t, "cmyk.jpg"), qc, 30},
		{"16-bit PNG", encodePNG(t, q16), qc, 8},
		{"greyscale PNG", encodePNG(t, gray), &quads{color.NRGBA{77, 77, 77, 255}, color.NRGBA{77, 77, 77, 255}, color.NRGBA{77, 77, 77, 255}, color.NRGBA{77, 77, 77, 255}}, 3},
		{"paletted PNG with transparency", encodePNG(t, pal), &quads{white, color.NRGBA{0, 0, 200, 255}, white, color.NRGBA{0, 0, 200, 255}}, 8},
		{"NRGBA PNG with alpha", encodePNG(t, alpha), &quads{color.NRGBA{128, 128, 128, 255}, color.NRGBA{128, 128, 128, 255}, color.NRGBA{200, 0, 0, 255}, color.NRGBA{200, 0, 0, 255}}, 8},
		{"animated GIF (first frame is red)", animatedGIF(t), &quads{color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}}, 8},
		{"GIF whose first frame is smaller than its screen", smallFrameGIF(t), &quads{color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{255, 0, 0, 255}}, 8},
		{"WebP lossy (cwebp)", readTestdata(t, "quad.webp"), qc, 20},
		{"WebP lossless (cwebp)", readTestdata(t, "lossless.webp"), qc, 4},
		{"WebP with alpha, left half transparent", readTestdata(t, "alpha.webp"), &quads{white, quadTR, white, quadBR}, 20},
		{"BMP", encodeBMP(t, q), qc, 4},
		{"1×1 PNG, upscaled", encodePNG(t, one), &quads{color.NRGBA{10, 160, 90, 255}, color.NRGBA{10, 160, 90, 255}, color.NRGBA{10, 160, 90, 255}, color.NRGBA{10, 160, 90, 255}}, 6},
		{"1×1 JPEG", encodeJPEG(t, one, 95), nil, 0},
		{"8000×1 PNG (the side limit exactly)", encodePNG(t, image.NewGray(image.Rect(0, 0, 8000, 1))), nil, 0},
		{"progressive JPEG", readTestdata(t, "layout-progressive.jpg"), nil, 0},
		{"RGB JPEG", readTestdata(t, "layout-rgb.jpg"), nil, 0},
		{"JPEG with 16-bit quantisation tables", readTestdata(t, "layout-q16bit.jpg"), nil, 0},
		{"JPEG with restart markers", readTestdata(t, "layout-restart.jpg"), nil, 0},
		{"greyscale JPEG with restart markers", readTestdata(t, "layout-restart-gray.jpg"), nil, 0},
		{"4:4:4 JPEG", readTestdata(t, "layout-444.jpg"), nil, 0},
		{"4:2:2 JPEG", readTestdata(t, "layout-422.jpg"), nil, 0},
		{"4:2:0 JPEG", readTestdata(t, "layout-420.jpg"), nil, 0},
		{"4:4:0 JPEG", readTestdata(t, "layout-440.jpg"), nil, 0},
		{"greyscale JPEG", readTestdata(t, "layout-gray.jpg"), nil, 0},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			av, err := p.Process(tt.data)
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			m := checkOutput(t, av)
			if tt.want != nil {
				wantQuadrants(t, m, tt.want.tl, tt.want.tr, tt.want.bl, tt.want.br, tt.tol)
			}
			sum := sha256.Sum256(av.JPEG)
			if av.Hash != hex.EncodeToString(sum[:])[:16] {
				t.Fatalf("hash %s is not the sha256 prefix of the JPEG", av.Hash)
			}
		})
	}
}

// TestMetadataAndPayloadsStripped: EXIF (with GPS), XMP and comments, and
// bytes appended after the image, never reach the stored JPEG.
func TestMetadataAndPayloadsStripped(t *testing.T) {
	base := encodeJPEG(t, quad(120, 90), 90)
	const gps = "GPS-SECRET-47.6205N-122.3493W"
	withExif := insertSegment(base, 0xE1, exifPayload(binary.BigEndian, 1, gps))
	withExif = insertSegment(withExif, 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>XMP-SECRET</x:xmpmeta>"))
	withExif = insertSegment(withExif, 0xFE, []byte("COMMENT-SECRET"))
	html := []byte("<html><script>HTML-SECRET</script></html>")
	png := encodePNG(t, quad(120, 90))

	tests := []struct {
		name      string
		data      []byte
		forbidden []string
	}{
		{"JPEG with EXIF+GPS, XMP and a comment", withExif, []string{"Exif", gps, "GPS", "XMP-SECRET", "ns.adobe.com", "COMMENT-SECRET", "\xff\xe1"}},
		{"JPEG with a ZIP appended", append(bytes.Clone(base), zipBytes(t)...), []string{"PK\x03\x04", "ZIP-PAYLOAD-SECRET", "secret.txt"}},
		{"JPEG with HTML appended", append(bytes.Clone(base), html...), []string{"<html", "HTML-SECRET"}},
		{"PNG with a ZIP appended", append(bytes.Clone(png), zipBytes(t)...), []string{"PK\x03\x04", "ZIP-PAYLOAD-SECRET"}},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.forbidden[:1] {
				if !bytes.Contains(tt.data, []byte(s)) {
					t.Fatalf("fixture lacks %q", s)
				}
			}
			av, err := p.Process(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, av)
			for _, out := range [][]byte{av.JPEG, av.Thumb} {
				for _, s := range tt.forbidden {
					if bytes.Contains(out, []byte(s)) {
						t.Errorf("output contains %q", s)
					}
				}
			}
		})
	}
}

// markerPicture is an n×n grey picture with a red block at the top-left and
// a green block at the top-right.
func markerPicture(w, h, x0 int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Rect, image.NewUniform(color.NRGBA{128, 128, 128, 255}), image.Point{}, draw.Src)
	b := h / 5
	draw.Draw(m, image.Rect(0, 0, x0+b, b), image.NewUniform(color.NRGBA{230, 20, 20, 255}), image.Point{}, draw.Src)
	draw.Draw(m, image.Rect(w-x0-b, 0, w, b), image.NewUniform(color.NRGBA{20, 200, 20, 255}), image.Point{}, draw.Src)
	return m
}

// cornerColours samples the four corners of a 512 px avatar.
func cornerColours(m image.Image) map[string]color.NRGBA {
	return map[string]color.NRGBA{
		"TL": meanAt(m, 30, 30), "TR": meanAt(m, Size-31, 30),
		"BL": meanAt(m, 30, Size-31), "BR": meanAt(m, Size-31, Size-31),
	}
}

// TestEXIFOrientation: for each orientation the red (stored top-left) and
// green (stored top-right) markers must land where EXIF says the picture's
// corners are displayed; the other two corners stay grey.
func TestEXIFOrientation(t *testing.T) {
	red, green, grey := color.NRGBA{230, 20, 20, 255}, color.NRGBA{20, 200, 20, 255}, color.NRGBA{128, 128, 128, 255}
	tests := []struct {
		o          int
		order      binary.ByteOrder
		red, green string
	}{
		{1, binary.LittleEndian, "TL", "TR"},
		{2, binary.BigEndian, "TR", "TL"},
		{3, binary.LittleEndian, "BR", "BL"},
		{4, binary.BigEndian, "BL", "BR"},
		{5, binary.LittleEndian, "TL", "BL"},
		{6, binary.BigEndian, "TR", "BR"},
		{7, binary.LittleEndian, "BR", "TR"},
		{8, binary.BigEndian, "BL", "TL"},
	}
	p := New()
	for _, size := range []int{200, Size, 800} { // smaller than the output, its size, larger
		base := encodeJPEG(t, markerPicture(size, size, 0), 92)
		for _, tt := range tests {
			data := insertSegment(base, 0xE1, exifPayload(tt.order, tt.o, ""))
			if got := orientation(formatJPEG, data); got != tt.o {
				t.Fatalf("parsed orientation %d, want %d", got, tt.o)
			}
			av, err := p.Process(data)
			if err != nil {
				t.Fatal(err)
			}
			corners := cornerColours(checkOutput(t, av))
			for name, c := range corners {
				want := grey
				switch name {
				case tt.red:
					want = red
				case tt.green:
					want = green
				}
				if !near(c, want, 25) {
					t.Errorf("size %d orientation %d: %s is %v, want %v", size, tt.o, name, c, want)
				}
			}
		}
	}
}

// TestEXIFOrientation6NonSquare: a 400×300 picture stored sideways
// (orientation 6) with a red marker at the top-left of its centre square is
// displayed rotated 90° clockwise: the marker ends at the top-right.
func TestEXIFOrientation6NonSquare(t *testing.T) {
	// The centre square of 400×300 is x∈[50,350); the marker (red) spans
	// the stored top-left corner into that square, green the top-right.
	m := markerPicture(400, 300, 50)
	base := encodeJPEG(t, m, 92)
	p := New()
	for _, tc := range []struct {
		o          int
		red, green string
	}{{1, "TL", "TR"}, {6, "TR", "BR"}} {
		av, err := p.Process(insertSegment(base, 0xE1, exifPayload(binary.LittleEndian, tc.o, "")))
		if err != nil {
			t.Fatal(err)
		}
		c := cornerColours(checkOutput(t, av))
		if !near(c[tc.red], color.NRGBA{230, 20, 20, 255}, 25) {
			t.Errorf("orientation %d: red marker not at %s: %v", tc.o, tc.red, c)
		}
		if !near(c[tc.green], color.NRGBA{20, 200, 20, 255}, 25) {
			t.Errorf("orientation %d: green marker not at %s: %v", tc.o, tc.green, c)
		}
	}
}

// TestJPEGOrientationParser: hostile or odd EXIF never panics and reads as
// orientation 1 unless a valid value is present.
func TestJPEGOrientationParser(t *testing.T) {
	base := encodeJPEG(t, quad(16, 16), 90)
	good := exifPayload(binary.LittleEndian, 6, "")
	huge := bytes.Clone(good)
	binary.LittleEndian.PutUint16(huge[6+8:], 0xFFFF) // IFD0 entry count
	hugeNoOrientation := exifPayload(binary.LittleEndian, 0, "GPS")
	binary.LittleEndian.PutUint16(hugeNoOrientation[6+8:], 0xFFFF)
	farIFD := bytes.Clone(good)
	binary.LittleEndian.PutUint32(farIFD[6+4:], 0xFFFFFFF0)
	nine := exifPayload(binary.LittleEndian, 9, "")
	long := bytes.Clone(good)
	binary.LittleEndian.PutUint16(long[6+10+2:], 4) // type LONG instead of SHORT
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"no EXIF", base, 1},
		{"orientation 6", insertSegment(base, 0xE1, good), 6},
		{"orientation 9 (invalid)", insertSegment(base, 0xE1, nine), 1},
		{"entry count past the end, orientation first", insertSegment(base, 0xE1, huge), 6},
		{"entry count past the end, no orientation", insertSegment(base, 0xE1, hugeNoOrientation), 1},
		{"IFD offset past the end", insertSegment(base, 0xE1, farIFD), 1},
		{"orientation stored as LONG", insertSegment(base, 0xE1, long), 1},
		{"truncated TIFF header", insertSegment(base, 0xE1, []byte("Exif\x00\x00II*")), 1},
		{"bad byte order", insertSegment(base, 0xE1, []byte("Exif\x00\x00XX*\x00\x08\x00\x00\x00")), 1},
		{"segment length past the end", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'}, 1},
		{"only SOI", []byte{0xFF, 0xD8}, 1},
		{"XMP before EXIF", insertSegment(insertSegment(base, 0xE1, good), 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00")), 6},
	}
	for _, tt := range tests {
		if got := orientation(formatJPEG, tt.data); got != tt.want {
			t.Errorf("%s: orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestSniff: the format comes from the bytes only.
func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want format
	}{
		{"JPEG", []byte{0xFF, 0xD8, 0xFF, 0xE0}, formatJPEG},
		{"PNG", pngMagic, formatPNG},
		{"GIF87a", []byte("GIF87a"), formatGIF},
		{"GIF89a", []byte("GIF89a"), formatGIF},
		{"WebP", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), formatWebP},
		{"RIFF but WAVE", []byte("RIFF\x10\x00\x00\x00WAVEfmt "), formatUnknown},
		{"BMP", encodeBMP(t, quad(4, 4)), formatBMP},
		{"BM text", []byte("BM is not enough of a header"), formatUnknown},
		{"two bytes of JPEG", []byte{0xFF, 0xD8}, formatUnknown},
		{"SVG", []byte("<svg/>"), formatUnknown},
		{"empty", nil, formatUnknown},
	}
	for _, tt := range tests {
		if got := sniff(tt.data); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestProcessDeterministicAndConcurrent: one Pipeline is safe for concurrent
// use (run with -race) and gives identical bytes for identical input.
func TestProcessDeterministicAndConcurrent(t *testing.T) {
	inputs := [][]byte{encodeJPEG(t, quad(300, 200), 90), encodePNG(t, quad(64, 80)), animatedGIF(t)}
	p := New()
	want := make([]Avatar, len(inputs))
	for i, in := range inputs {
		av, err := p.Process(in)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = av
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, in := range inputs {
				av, err := p.Process(in)
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(av.JPEG, want[i].JPEG) || !bytes.Equal(av.Thumb, want[i].Thumb) || av.Hash != want[i].Hash {
					t.Errorf("input %d: output differs between runs", i)
				}
			}
		}()
	}
	wg.Wait()
}

// badResizer returns a picture of the wrong size.
type badResizer struct{}

func (badResizer) Resize(src image.Image, w, h int) image.Image {
	return image.NewRGBA(image.Rect(0, 0, w+1, h))
}

// boxResizer is a trivial nearest-neighbour Resizer, to show the seam works.
type boxResizer struct{}

func (boxResizer) Resize(src image.Image, w, h int) image.Image {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dst.Set(x, y, src.At(b.Min.X+x*b.Dx()/w, b.Min.Y+y*b.Dy()/h))
		}
	}
	return dst
}

// TestResizerSeam: another Resizer can be plugged in; one that misbehaves
// yields an internal error, not a broken avatar.
func TestResizerSeam(t *testing.T) {
	in := encodePNG(t, quad(64, 64))
	p := New()
	p.resizer = boxResizer{}
	av, err := p.Process(in)
	if err != nil {
		t.Fatal(err)
	}
	wantQuadrants(t, checkOutput(t, av), quadTL, quadTR, quadBL, quadBR, 8)

	p.resizer = badResizer{}
	if _, err := p.Process(in); !apperr.Is(err, apperr.Internal) {
		t.Fatalf("got %v, want an internal error", err)
	}
}

// countingResizer is the standard Resizer, counting its calls by target side.
type countingResizer struct{ calls map[int]int }

func (c countingResizer) Resize(src image.Image, w, h int) image.Image {
	c.calls[w]++
	return lanczos3{}.Resize(src, w, h)
}

// TestASquareOfTheAvatarsSizeIsOnlyReencoded: what the webview sends for a
// large picture (its centre square at Size) is kept pixel for pixel: only
// the thumbnail is resized.
func TestASquareOfTheAvatarsSizeIsOnlyReencoded(t *testing.T) {
	for _, c := range []struct {
		w, h       int
		wantResize int
	}{{Size, Size, 0}, {Size + 100, Size, 0}, {Size + 4, Size + 4, 1}, {Size - 4, Size - 4, 1}} {
		resizer := countingResizer{calls: map[int]int{}}
		p := New()
		p.resizer = resizer
		av, err := p.Process(encodePNG(t, quad(c.w, c.h)))
		if err != nil {
			t.Fatal(err)
		}
		wantQuadrants(t, checkOutput(t, av), quadTL, quadTR, quadBL, quadBR, 8)
		if resizer.calls[Size] != c.wantResize || resizer.calls[ThumbSize] != 1 {
			t.Errorf("%d×%d: resized to %d px %d times (want %d) and to %d px %d times (want once)",
				c.w, c.h, Size, resizer.calls[Size], c.wantResize, ThumbSize, resizer.calls[ThumbSize])
		}
	}
}

// TestZeroPipeline: a Pipeline{} (not from New) still works with defaults.
func TestZeroPipeline(t *testing.T) {
	var p Pipeline
	av, err := p.Process(encodePNG(t, quad(40, 40)))
	if err != nil {
		t.Fatal(err)
	}
	wantQuadrants(t, checkOutput(t, av), quadTL, quadTR, quadBL, quadBR, 8)
}

// TestErrorsArePublicSafe: the frontend sees the field message only.
func TestErrorsArePublicSafe(t *testing.T) {
	_, err := New().Process([]byte("<svg/>"))
	pub := apperr.ToPublic(err)
	if pub.Code != apperr.Invalid || pub.Fields["avatar"].Key != msgUnsupported.Key() || pub.Fields["avatar"].Params != nil {
		t.Fatalf("public error %+v", pub)
	}
}
