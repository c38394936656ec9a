package avatar

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math"
	"testing"
)

// boxDown averages f×f blocks of m (edge blocks average what they cover),
// giving the picture the reduced-scale decoder approximates.
func boxDown(m image.Image, f int) *image.RGBA {
	src := toRGBA(m)
	w, h := (src.Rect.Dx()+f-1)/f, (src.Rect.Dy()+f-1)/f
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s [3]int
			n := 0
			for yy := y * f; yy < min(y*f+f, src.Rect.Dy()); yy++ {
				for xx := x * f; xx < min(x*f+f, src.Rect.Dx()); xx++ {
					i := src.PixOffset(xx, yy)
					s[0] += int(src.Pix[i])
					s[1] += int(src.Pix[i+1])
					s[2] += int(src.Pix[i+2])
					n++
				}
			}
			i := dst.PixOffset(x, y)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = uint8(s[0]/n), uint8(s[1]/n), uint8(s[2]/n), 255
		}
	}
	return dst
}

// scaledFull decodes the whole picture at n/8 and returns it cropped to the
// scaled picture size.
func scaledFull(t *testing.T, data []byte, n int) (image.Image, error) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := image.Rect(0, 0, scaledDim(cfg.Width, n), scaledDim(cfg.Height, n))
	m, err := decodeJPEGScaled(data, n, r)
	if err != nil {
		return nil, err
	}
	if !r.In(m.Bounds()) {
		t.Fatalf("decoded bounds %v do not contain %v", m.Bounds(), r)
	}
	return m.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r), nil
}

// TestScaledDecoderLayouts: each layout the scaled decoder claims is decoded
// at 1/8, 1/4 and 1/2 close to the box-averaged full decode by image/jpeg;
// the layouts it does not handle are refused as unsupported (and Process
// still accepts them through image/jpeg).
func TestScaledDecoderLayouts(t *testing.T) {
	tests := []struct {
		file      string
		supported bool // by the scaled decoder
	}{
		{"layout-444.jpg", true},
		{"layout-422.jpg", true},
		{"layout-420.jpg", true},
		{"layout-440.jpg", true},
		{"layout-gray.jpg", true},
		{"layout-restart.jpg", true},
		{"layout-restart-gray.jpg", true},
		{"layout-q16bit.jpg", true},
		{"layout-progressive.jpg", false},
		{"layout-rgb.jpg", false},
		{"cmyk.jpg", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readTestdata(t, tt.file)
			full, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			sub := false
			if y, ok := full.(*image.YCbCr); ok {
				sub = y.SubsampleRatio != image.YCbCrSubsampleRatio444
			}
			for _, n := range []int{1, 2, 4} {
				m, err := scaledFull(t, data, n)
				if !tt.supported {
					if !errors.Is(err, errScaledUnsupported) {
						t.Fatalf("n=%d: got %v, want errScaledUnsupported", n, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("n=%d: %v", n, err)
				}
				ref := boxDown(full, 8/n)
				if m.Bounds().Size() != ref.Rect.Size() {
					t.Fatalf("n=%d: size %v, want %v", n, m.Bounds().Size(), ref.Rect.Size())
				}
				db := psnr(t, m, ref)
				t.Logf("n=%d: %.1f dB versus box-averaged image/jpeg", n, db)
				want := 34.0
				switch {
				case tt.file == "layout-q16bit.jpg":
					want = 26 // quality 5: blocks are far from flat
				case n == 1 && sub:
					// At 1/8 a subsampled chroma block is one sample per
					// 2×2 output pixels; the reference averages finer chroma.
					want = 30
				}
				if db < want {
					t.Errorf("n=%d: %.1f dB, want ≥ %.0f", n, db, want)
				}
			}
			av, err := New().Process(data)
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			checkOutput(t, av)
		})
	}
}

// TestUnusualSamplingRejected: 4:2:0 luma with 4:2:2 Cb is legal JPEG that
// neither decoder handles; it is refused cleanly.
func TestUnusualSamplingRejected(t *testing.T) {
	data := readTestdata(t, "layout-odd.jpg")
	if _, err := decodeJPEGScaled(data, 4, image.Rect(0, 0, 100, 68)); !errors.Is(err, errScaledUnsupported) {
		t.Fatalf("scaled decoder: %v", err)
	}
	if _, err := New().Process(data); fieldMessage(t, err) != msgUnreadable {
		t.Fatalf("Process: %v", err)
	}
}

// TestScaledDecoderDCIsBlockMean: at 1/8 each output pixel is the DC term,
// i.e. the mean of its 8×8 block as image/jpeg reconstructs it.
func TestScaledDecoderDCIsBlockMean(t *testing.T) {
	data := readTestdata(t, "layout-gray.jpg")
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g := full.(*image.Gray)
	m, err := scaledFull(t, data, 1)
	if err != nil {
		t.Fatal(err)
	}
	dc := m.(*image.Gray)
	worst := 0.0
	for by := 0; by < g.Rect.Dy()/8; by++ {
		for bx := 0; bx < g.Rect.Dx()/8; bx++ {
			sum := 0
			for y := 0; y < 8; y++ {
				for x := 0; x < 8; x++ {
					sum += int(g.GrayAt(8*bx+x, 8*by+y).Y)
				}
			}
			d := math.Abs(float64(dc.GrayAt(bx, by).Y) - float64(sum)/64)
			worst = max(worst, d)
		}
	}
	if worst > 1.5 {
		t.Fatalf("DC differs from the block mean by up to %.2f", worst)
	}
}

// TestScaledDecoderCrop: decoding only a crop gives exactly the pixels of
// the full decode at the same scale.
func TestScaledDecoderCrop(t *testing.T) {
	for _, file := range []string{"layout-420.jpg", "layout-422.jpg", "layout-440.jpg", "layout-gray.jpg", "layout-restart.jpg"} {
		data := readTestdata(t, file)
		for _, n := range []int{1, 2, 4} {
			full, err := scaledFull(t, data, n)
			if err != nil {
				t.Fatal(err)
			}
			crop := image.Rect(3*n, 5*n, 17*n, 15*n).Intersect(full.Bounds())
			part, err := decodeJPEGScaled(data, n, crop)
			if err != nil {
				t.Fatal(err)
			}
			if !crop.In(part.Bounds()) {
				t.Fatalf("%s n=%d: bounds %v do not contain %v", file, n, part.Bounds(), crop)
			}
			if part.Bounds().Dx() >= full.Bounds().Dx() {
				t.Fatalf("%s n=%d: a crop decoded the full width", file, n)
			}
			for y := crop.Min.Y; y < crop.Max.Y; y++ {
				for x := crop.Min.X; x < crop.Max.X; x++ {
					if a, b := full.At(x, y), part.At(x, y); a != b {
						t.Fatalf("%s n=%d: (%d,%d) is %v in the crop, %v in the full decode", file, n, x, y, b, a)
					}
				}
			}
		}
	}
}

// TestScaledDecoderHostile: truncations and byte flips anywhere in a
// baseline JPEG either decode or fail cleanly; truncation inside the scan
// is always an error.
func TestScaledDecoderHostile(t *testing.T) {
	for _, file := range []string{"layout-420.jpg", "layout-restart.jpg", "layout-gray.jpg"} {
		data := readTestdata(t, file)
		sos := bytes.Index(data, []byte{0xFF, 0xDA})
		all := image.Rect(0, 0, 100, 68) // the 200×136 fixtures at 1/2
		for cut := 0; cut < len(data)-2; cut += 7 {
			_, err := decodeJPEGScaled(data[:cut], 4, all)
			if cut > sos && cut < len(data)-64 && err == nil {
				t.Fatalf("%s cut at %d/%d: no error", file, cut, len(data))
			}
		}
		for i := 2; i < len(data); i += 11 {
			for _, v := range []byte{0x00, 0xFF, data[i] ^ 0x55} {
				b := bytes.Clone(data)
				b[i] = v
				for _, n := range []int{1, 4} {
					decodeJPEGScaled(b, n, image.Rect(0, 0, 1000, 1000)) // must not panic
				}
			}
		}
	}
}

// TestHuffmanTableRejectsOversubscribed: a DHT with more codes than its
// lengths allow is corrupt.
func TestHuffmanTableRejectsOversubscribed(t *testing.T) {
	var h huffTable
	counts := make([]byte, 16)
	counts[0] = 3 // three 1-bit codes
	if err := h.build(counts, []byte{1, 2, 3}); err == nil {
		t.Fatal("over-subscribed table accepted")
	}
	counts[0] = 2
	if err := h.build(counts, []byte{1, 2, 3}); err == nil {
		t.Fatal("count/value mismatch accepted")
	}
	if err := h.build(counts, []byte{0x00, 0x13}); err != nil {
		t.Fatal(err)
	}
}
