package avatar

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"runtime/metrics"
	"testing"

	"passdesk/backend/apperr"
)

// Sampling factors (H<<4 | V per component) of the JPEG layouts tested.
var (
	sampling420  = []byte{0x22, 0x11, 0x11}
	sampling444  = []byte{0x11, 0x11, 0x11}
	samplingGrey = []byte{0x11}
	samplingCMYK = []byte{0x11, 0x11, 0x11, 0x11}
)

// syntheticJPEG writes a valid w×h mid-grey JPEG with the given components
// (sampling factors as in the SOF) without an encoder, so that it can be
// progressive and CMYK, which image/jpeg's encoder never writes, and as
// large as the limits at a few hundred kilobytes. Every block holds only a
// zero DC difference: one 1-bit Huffman code ("0"), followed in a baseline
// scan by a 1-bit end-of-block; a progressive file is its DC scan alone,
// which is enough for image/jpeg to allocate (and keep) every coefficient.
// adobe adds the APP14 segment a 4-component file needs (transform 0: CMYK).
func syntheticJPEG(w, h int, sampling []byte, progressive, adobe bool) []byte {
	var b bytes.Buffer
	seg := func(marker byte, body ...byte) {
		b.Write([]byte{0xFF, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)})
		b.Write(body)
	}
	b.Write([]byte{0xFF, 0xD8})
	if adobe {
		seg(0xEE, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0)
	}
	seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)...) // table 0, all ones
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(sampling))}
	for i, hv := range sampling {
		sof = append(sof, byte(i+1), hv, 0)
	}
	marker := byte(0xC0)
	if progressive {
		marker = 0xC2
	}
	seg(marker, sof...)
	one := append([]byte{0, 1}, make([]byte, 15)...) // one code of length 1 …
	seg(0xC4, append(one, 0x00)...)                  // … for DC category 0
	end := byte(0)                                   // spectral selection end
	if !progressive {
		seg(0xC4, append(append([]byte{0x10}, one[1:]...), 0x00)...) // AC: EOB
		end = 63
	}
	sos := []byte{byte(len(sampling))}
	for i := range sampling {
		sos = append(sos, byte(i+1), 0x00)
	}
	seg(0xDA, append(sos, 0, end, 0)...)

	// Blocks: all components interleaved in MCUs, or one plane of blocks.
	var blocks int
	if len(sampling) == 1 {
		blocks = ((w + 7) / 8) * ((h + 7) / 8)
	} else {
		h0, v0 := int(sampling[0]>>4), int(sampling[0]&15)
		mcus := ((w + 8*h0 - 1) / (8 * h0)) * ((h + 8*v0 - 1) / (8 * v0))
		for _, hv := range sampling {
			blocks += mcus * int(hv>>4) * int(hv&15)
		}
	}
	bits := blocks
	if !progressive {
		bits *= 2
	}
	b.Write(make([]byte, bits/8))
	if r := bits % 8; r > 0 {
		b.WriteByte(0xFF >> r) // the last zero bits, padded with ones
	}
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// allocatedBytes returns how many bytes f allocates on the heap in all: an
// upper bound of the most it holds at once, read without sampling.
func allocatedBytes(f func()) int64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	f()
	metrics.Read(s)
	return int64(s[0].Value.Uint64() - before)
}

// estimate is workBytes for data, which must have a readable header.
func estimate(t testing.TB, data []byte) int64 {
	t.Helper()
	f := sniff(data)
	cfg, err := decodeConfig(f, data)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := workBytes(f, data, cfg)
	if !ok {
		t.Fatal("workBytes refused the header")
	}
	return n
}

// TestSyntheticJPEG: the generator writes what image/jpeg decodes, in each
// layout, to the size asked.
func TestSyntheticJPEG(t *testing.T) {
	for _, progressive := range []bool{false, true} {
		for _, tc := range []struct {
			sampling []byte
			adobe    bool
			model    color.Model
		}{{sampling420, false, color.YCbCrModel}, {sampling444, false, color.YCbCrModel}, {samplingGrey, false, color.GrayModel}, {samplingCMYK, true, color.CMYKModel}} {
			data := syntheticJPEG(203, 101, tc.sampling, progressive, tc.adobe)
			m, err := decodeFull(formatJPEG, data)
			if err != nil {
				t.Fatalf("progressive %v, %x: %v", progressive, tc.sampling, err)
			}
			if m.Bounds() != image.Rect(0, 0, 203, 101) || m.ColorModel() != tc.model {
				t.Fatalf("progressive %v, %x: %v %T", progressive, tc.sampling, m.Bounds(), m)
			}
			l, ok := readJPEGLayout(data)
			if !ok || l.progressive != progressive || len(l.sampling) != len(tc.sampling) {
				t.Fatalf("layout %+v", l)
			}
		}
	}
}

// TestWorkEstimateBoundsAllocations: for pictures of every kind the
// decoders produce, everything Process allocates stays within the estimate
// it was admitted on; and the decoder's part of the estimate is what the
// decoder allocates, give or take 1 MiB of tables and readers and 25 %, so
// that it neither misses a buffer nor refuses pictures the budget affords.
func TestWorkEstimateBoundsAllocations(t *testing.T) {
	w, h := 1200, 900 // large enough for the per-pixel terms to dominate
	if raceEnabled {
		w, h = 400, 300 // the pixel loops are ~10× slower; races need no size
	}
	rgba := quad(w, h)
	rgba.Pix[3] = 0x80 // not opaque: NRGBA
	grey := image.NewGray(image.Rect(0, 0, w, h))
	grey16 := image.NewGray16(image.Rect(0, 0, w, h))
	rgb64 := image.NewRGBA64(image.Rect(0, 0, w, h))
	pal := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"baseline 4:2:0 JPEG", syntheticJPEG(w, h, sampling420, false, false)},
		{"baseline 4:4:4 JPEG", syntheticJPEG(w, h, sampling444, false, false)},
		{"baseline greyscale JPEG", syntheticJPEG(w, h, samplingGrey, false, false)},
		{"baseline CMYK JPEG", syntheticJPEG(w, h, samplingCMYK, false, true)},
		{"progressive 4:2:0 JPEG", syntheticJPEG(w, h, sampling420, true, false)},
		{"progressive 4:4:4 JPEG", syntheticJPEG(w, h, sampling444, true, false)},
		{"progressive greyscale JPEG", syntheticJPEG(w, h, samplingGrey, true, false)},
		{"progressive CMYK JPEG", syntheticJPEG(w, h, samplingCMYK, true, true)},
		{"encoded photo JPEG", photoJPEG(w, h)},
		{"NRGBA PNG", encodePNG(t, rgba)},
		{"greyscale PNG", encodePNG(t, grey)},
		{"16-bit greyscale PNG", encodePNG(t, grey16)},
		{"16-bit RGB PNG", encodePNG(t, rgb64)},
		{"paletted PNG", encodePNG(t, pal)},
		{"greyscale PNG with tRNS (decoded as NRGBA)", pngWithChunk(encodePNG(t, grey), "tRNS", []byte{0, 0})},
		{"interlaced 16-bit RGB PNG", readTestdata(t, "interlaced.png")},
		{"GIF", gifBuf.Bytes()},
		{"BMP", encodeBMP(t, rgba)},
		{"WebP lossy", readTestdata(t, "quad.webp")},
		{"WebP lossless", readTestdata(t, "lossless.webp")},
		{"WebP with alpha", readTestdata(t, "alpha.webp")},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			est := estimate(t, tt.data)
			var err error
			got := allocatedBytes(func() { _, err = p.Process(tt.data) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("Process allocated %.1f MiB, estimated %.1f MiB", float64(got)/(1<<20), float64(est)/(1<<20))
			if got > est {
				t.Errorf("Process allocated %d bytes, more than the estimate %d", got, est)
			}

			f := sniff(tt.data)
			cfg, _ := decodeConfig(f, tt.data)
			decEst, _ := decodeBytes(f, tt.data, cfg)
			decGot := allocatedBytes(func() { _, err = decodeFull(f, tt.data) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("decoder allocated %.2f MiB, estimated %.2f MiB", float64(decGot)/(1<<20), float64(decEst)/(1<<20))
			if decGot > decEst+1<<20 || decEst > decGot*5/4+1<<20 {
				t.Errorf("decoder allocated %d bytes, estimated %d", decGot, decEst)
			}
		})
	}
}

// largestAccepted is the largest square side (a multiple of 8) whose
// picture, as made by mk, fits the budget.
func largestAccepted(t testing.TB, mk func(side int) []byte) int {
	lo, hi := 8, MaxSide // the budget admits lo and not hi
	if estimate(t, mk(hi)) <= MaxWorkBytes {
		t.Fatalf("a %d px square fits the budget", hi)
	}
	for hi-lo > 8 {
		mid := (lo + hi) / 2 &^ 7
		if estimate(t, mk(mid)) <= MaxWorkBytes {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// TestMemoryBudgetAtTheLimit: the largest progressive 4:4:4 and CMYK
// squares the budget admits are processed within it; 8 px more a side is
// refused as too large to process, before anything is decoded.
func TestMemoryBudgetAtTheLimit(t *testing.T) {
	p := New()
	for _, tc := range []struct {
		name string
		mk   func(side int) []byte
	}{
		{"progressive 4:4:4", func(s int) []byte { return syntheticJPEG(s, s, sampling444, true, false) }},
		{"progressive CMYK", func(s int) []byte { return syntheticJPEG(s, s, samplingCMYK, true, true) }},
		{"baseline CMYK", func(s int) []byte { return syntheticJPEG(s, s, samplingCMYK, false, true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			side := largestAccepted(t, tc.mk)
			t.Logf("largest accepted: %d×%d", side, side)
			over := tc.mk(side + 8)
			if got := allocatedBytes(func() { _, err := p.Process(over); fieldMessageIs(t, err, msgTooComplex) }); got > 1<<20 {
				t.Errorf("refusing %d px allocated %d bytes", side+8, got)
			}
			if testing.Short() || raceEnabled {
				return // decoding ~15 MP takes seconds, minutes under -race
			}
			var err error
			got := allocatedBytes(func() { _, err = p.Process(tc.mk(side)) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("allocated %.1f MiB", float64(got)/(1<<20))
			if got > MaxWorkBytes {
				t.Errorf("allocated %d bytes, over the budget", got)
			}
		})
	}
}

// TestFortyMegapixelsProgressiveRefused: the files (40 MP
// progressive JPEGs that pass every header limit and that image/jpeg decodes
// with 294, 580 and 923 MiB) are refused from their headers; a 40 MP
// baseline 4:2:0 photo, the common case, still fits.
func TestFortyMegapixelsProgressiveRefused(t *testing.T) {
	const w, h = 8000, 5000
	p := New()
	for _, tc := range []struct {
		name     string
		sampling []byte
	}{{"4:2:0", sampling420}, {"4:4:4", sampling444}, {"CMYK", samplingCMYK}} {
		data := syntheticJPEG(w, h, tc.sampling, true, len(tc.sampling) == 4)
		got := allocatedBytes(func() {
			_, err := p.Process(data)
			fieldMessageIs(t, err, msgTooComplex)
		})
		if got > 1<<20 {
			t.Errorf("%s: refusing allocated %d bytes", tc.name, got)
		}
	}
	baseline := syntheticJPEG(w, h, sampling420, false, false)
	if est := estimate(t, baseline); est > MaxWorkBytes {
		t.Fatalf("a 40 MP baseline 4:2:0 JPEG needs %d bytes, over the budget", est)
	}
	if testing.Short() || raceEnabled {
		return
	}
	if _, err := p.Process(baseline); err != nil {
		t.Fatal(err)
	}
}

func fieldMessageIs(t testing.TB, err error, want apperr.Message) {
	t.Helper()
	if got := fieldMessage(t, err); got != want {
		t.Fatalf("message %v, want %v", got, want)
	}
}

// webpWithEXIF wraps a simple-format WebP (RIFF, then one VP8 or VP8L chunk)
// of w×h in the extended format with an EXIF chunk after the image.
func webpWithEXIF(simple []byte, w, h int, tiff []byte) []byte {
	vp8x := make([]byte, 10)
	vp8x[0] = 0x08 // EXIF present
	putUint24 := func(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
	putUint24(vp8x[4:], w-1)
	putUint24(vp8x[7:], h-1)
	chunk := func(id string, body []byte) []byte {
		c := binary.LittleEndian.AppendUint32([]byte(id), uint32(len(body)))
		c = append(c, body...)
		if len(body)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	out := []byte("RIFF\x00\x00\x00\x00WEBP")
	out = append(out, chunk("VP8X", vp8x)...)
	out = append(out, simple[12:]...)
	out = append(out, chunk("EXIF", tiff)...)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out
}

// pngWithChunk inserts a chunk right after a PNG's IHDR.
func pngWithChunk(png []byte, typ string, body []byte) []byte {
	at := len(pngMagic) + 8 + 13 + 4
	out := append([]byte{}, png[:at]...)
	out = append(out, pngChunk(typ, body)...)
	return append(out, png[at:]...)
}

// TestOrientationEveryFormat: a 64×64 PNG tagged with an orientation (eXIf)
// comes out like its JPEG twin (APP1 Exif), and so does a WebP (EXIF chunk),
// for all eight orientations. The quadrants of the test picture are four
// distinct colours, so each orientation puts them in its own places.
func TestOrientationEveryFormat(t *testing.T) {
	// Where each stored quadrant (TL, TR, BL, BR) is displayed: the
	// displayed picture's quadrants are listed as the stored ones they show.
	display := map[int][4]color.NRGBA{
		1: {quadTL, quadTR, quadBL, quadBR},
		2: {quadTR, quadTL, quadBR, quadBL},
		3: {quadBR, quadBL, quadTR, quadTL},
		4: {quadBL, quadBR, quadTL, quadTR},
		5: {quadTL, quadBL, quadTR, quadBR},
		6: {quadBL, quadTL, quadBR, quadTR},
		7: {quadBR, quadTR, quadBL, quadTL},
		8: {quadTR, quadBR, quadTL, quadBL},
	}
	pngTwin, jpegTwin := encodePNG(t, quad(64, 64)), encodeJPEG(t, quad(64, 64), 95)
	webp := readTestdata(t, "lossless.webp") // the quad picture at 96×64
	p := New()
	for o := 1; o <= 8; o++ {
		for _, tc := range []struct {
			format string
			data   []byte
			tol    int
		}{
			{"JPEG", insertSegment(jpegTwin, 0xE1, exifPayload(binary.BigEndian, o, "")), 12},
			{"PNG", pngWithChunk(pngTwin, "eXIf", exifPayload(binary.LittleEndian, o, "")[len(exifHeader):]), 8},
			{"PNG (eXIf with the Exif prefix)", pngWithChunk(pngTwin, "eXIf", exifPayload(binary.BigEndian, o, "")), 8},
			{"WebP", webpWithEXIF(webp, 96, 64, exifPayload(binary.BigEndian, o, "")[len(exifHeader):]), 4},
		} {
			t.Run(fmt.Sprintf("%s orientation %d", tc.format, o), func(t *testing.T) {
				if got := orientation(sniff(tc.data), tc.data); got != o {
					t.Fatalf("read orientation %d, want %d", got, o)
				}
				av, err := p.Process(tc.data)
				if err != nil {
					t.Fatal(err)
				}
				want := display[o]
				wantQuadrants(t, checkOutput(t, av), want[0], want[1], want[2], want[3], tc.tol)
			})
		}
	}
}

// TestAnimatedWebP: x/image/webp decodes still pictures only, so an
// animated WebP (ImageMagick, two frames) is refused as such, not as a file
// that could not be read.
func TestAnimatedWebP(t *testing.T) {
	_, err := New().Process(readTestdata(t, "animated.webp"))
	fieldMessageIs(t, err, msgAnimated)
}
