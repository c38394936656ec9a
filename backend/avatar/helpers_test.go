package avatar

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"flag"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"

	"passdesk/backend/apperr"
)

var update = flag.Bool("update", false, "regenerate testdata/bomb.png")

// The four colours of the quadrant test picture.
var (
	quadTL = color.NRGBA{220, 30, 30, 255}  // red
	quadTR = color.NRGBA{30, 200, 60, 255}  // green
	quadBL = color.NRGBA{40, 60, 220, 255}  // blue
	quadBR = color.NRGBA{230, 210, 40, 255} // yellow
	white  = color.NRGBA{255, 255, 255, 255}
)

// quad returns a w×h picture split into four flat quadrants.
func quad(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		left, right := quadTL, quadTR
		if y >= h/2 {
			left, right = quadBL, quadBR
		}
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < w; x++ {
			c := left
			if x >= w/2 {
				c = right
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
	return m
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeBMP(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// animatedGIF has a red first frame and a blue second frame.
func animatedGIF(t testing.TB) []byte {
	t.Helper()
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}}
	f0 := image.NewPaletted(image.Rect(0, 0, 40, 30), pal) // index 0: red
	f1 := image.NewPaletted(image.Rect(0, 0, 40, 30), pal)
	for i := range f1.Pix {
		f1.Pix[i] = 1 // blue
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{f0, f1}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// smallFrameGIF has a 40×30 screen and a red first frame of 20×10 at (5, 5).
func smallFrameGIF(t testing.TB) []byte {
	t.Helper()
	frame := image.NewPaletted(image.Rect(5, 5, 25, 15), color.Palette{color.RGBA{255, 0, 0, 255}})
	var buf bytes.Buffer
	err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{frame}, Delay: []int{0}, Config: image.Config{ColorModel: frame.Palette, Width: 40, Height: 30}})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("secret.txt")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "ZIP-PAYLOAD-SECRET")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngChunk frames one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(&b, binary.BigEndian, crc.Sum32())
	return b.Bytes()
}

// pngHeader is a PNG signature plus a valid IHDR claiming w×h, 8-bit grey,
// followed by a tiny IDAT and IEND (the pixel data is not there).
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // bit depth 8, colour type grey
	out := append([]byte{}, pngMagic...)
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// writeBombPNG streams a uniform w×h 8-bit grey PNG without ever holding the
// image: each row is a filter byte and w zero bytes.
func writeBombPNG(w io.Writer, width, height int) error {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8] = 8
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	if err != nil {
		return err
	}
	row := make([]byte, 1+width)
	for y := 0; y < height; y++ {
		if _, err := zw.Write(row); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	for _, b := range [][]byte{pngMagic, pngChunk("IHDR", ihdr), pngChunk("IDAT", idat.Bytes()), pngChunk("IEND", nil)} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// insertSegment puts a JPEG marker segment right after SOI.
func insertSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// exifPayload builds an APP1 Exif body: IFD0 with Orientation (when o > 0)
// and, when gps is set, a GPS IFD whose latitude reference and a GPS
// processing-method string carry recognisable bytes.
func exifPayload(bo binary.ByteOrder, o int, gps string) []byte {
	var t bytes.Buffer
	if bo == binary.LittleEndian {
		t.WriteString("II*\x00")
	} else {
		t.WriteString("MM\x00*")
	}
	w16 := func(v uint16) { binary.Write(&t, bo, v) }
	w32 := func(v uint32) { binary.Write(&t, bo, v) }
	w32(8)                  // IFD0 right after the header
	var entries [][3]uint32 // tag, type, value
	if o > 0 {
		entries = append(entries, [3]uint32{0x0112, 3, uint32(o)})
	}
	gpsIFD := uint32(8 + 2 + 12*(len(entries)+1) + 4)
	if gps != "" {
		entries = append(entries, [3]uint32{0x8825, 4, gpsIFD})
	}
	w16(uint16(len(entries)))
	for _, e := range entries {
		w16(uint16(e[0]))
		w16(uint16(e[1]))
		w32(1)
		if e[1] == 3 {
			w16(uint16(e[2]))
			w16(0)
		} else {
			w32(e[2])
		}
	}
	w32(0) // no next IFD
	if gps != "" {
		for t.Len() < int(gpsIFD) {
			t.WriteByte(0)
		}
		strOff := gpsIFD + 2 + 12*2 + 4
		w16(2)
		w16(0x0001) // GPSLatitudeRef "N"
		w16(2)
		w32(2)
		t.WriteString("N\x00\x00\x00")
		w16(0x001B) // GPSProcessingMethod
		w16(7)
		w32(uint32(len(gps)))
		w32(strOff)
		w32(0)
		t.WriteString(gps)
	}
	return append([]byte("Exif\x00\x00"), t.Bytes()...)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fieldMessage returns the avatar field message of an invalid-input error.
func fieldMessage(t testing.TB, err error) apperr.Message {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got none")
	}
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *apperr.Error", err)
	}
	if e.Code != apperr.Invalid {
		t.Fatalf("code %q, want invalid (%v)", e.Code, err)
	}
	return e.Fields[field]
}

// checkOutput asserts the invariant of every accepted input and returns the
// decoded 512 px avatar.
func checkOutput(t testing.TB, av Avatar) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(av.JPEG))
	if err != nil {
		t.Fatalf("avatar does not decode: %v", err)
	}
	if b := m.Bounds(); b.Dx() != Size || b.Dy() != Size {
		t.Fatalf("avatar is %v, want %d×%d", b, Size, Size)
	}
	th, err := jpeg.Decode(bytes.NewReader(av.Thumb))
	if err != nil {
		t.Fatalf("thumbnail does not decode: %v", err)
	}
	if b := th.Bounds(); b.Dx() != ThumbSize || b.Dy() != ThumbSize {
		t.Fatalf("thumbnail is %v, want %d×%d", b, ThumbSize, ThumbSize)
	}
	if len(av.Hash) != 16 {
		t.Fatalf("hash %q is not 16 characters", av.Hash)
	}
	return m
}

// meanAt averages a 9×9 patch around (x, y).
func meanAt(m image.Image, x, y int) color.NRGBA {
	var r, g, b, n uint32
	for dy := -4; dy <= 4; dy++ {
		for dx := -4; dx <= 4; dx++ {
			cr, cg, cb, _ := m.At(x+dx, y+dy).RGBA()
			r, g, b, n = r+cr>>8, g+cg>>8, b+cb>>8, n+1
		}
	}
	return color.NRGBA{uint8(r / n), uint8(g / n), uint8(b / n), 255}
}

func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol
}

// wantQuadrants checks the colour in the middle of each quadrant of m.
func wantQuadrants(t testing.TB, m image.Image, tl, tr, bl, br color.NRGBA, tol int) {
	t.Helper()
	s := m.Bounds().Dx()
	for _, c := range []struct {
		x, y int
		want color.NRGBA
		name string
	}{{s / 4, s / 4, tl, "top-left"}, {3 * s / 4, s / 4, tr, "top-right"}, {s / 4, 3 * s / 4, bl, "bottom-left"}, {3 * s / 4, 3 * s / 4, br, "bottom-right"}} {
		if got := meanAt(m, c.x, c.y); !near(got, c.want, tol) {
			t.Errorf("%s is %v, want %v (±%d)", c.name, got, c.want, tol)
		}
	}
}
