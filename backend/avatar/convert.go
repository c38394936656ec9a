package avatar

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/nfnt/resize"
)

// lanczos3 is the production Resizer: nfnt/resize with the Lanczos3 kernel.
type lanczos3 struct{}

func (lanczos3) Resize(src image.Image, width, height int) image.Image {
	return resize.Resize(uint(width), uint(height), src, resize.Lanczos3)
}

// toRGBA returns m as a zero-origin opaque *image.RGBA, converting (over
// white) only when it is not one already.
func toRGBA(m image.Image) *image.RGBA {
	if r, ok := m.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, m, b.Min, draw.Over)
	return dst
}

// squareRGBA converts the square crop of src (crop must lie inside
// src.Bounds()) to an opaque *image.RGBA whose side is min(crop side,
// target). When the crop is larger than target it is area-averaged (an exact
// box filter with fractional pixel weights) on the way, one source row at a
// time, so the only full-size buffer is the decoded image itself.
// Transparent pixels are composited over white.
func squareRGBA(src image.Image, crop image.Rectangle, target int) *image.RGBA {
	s := crop.Dx()
	d := min(s, target)
	dst := image.NewRGBA(image.Rect(0, 0, d, d))
	row := newRowReader(src, crop)
	if d == s {
		for y := 0; y < s; y++ {
			row.read(crop.Min.Y+y, dst.Pix[y*dst.Stride:y*dst.Stride+4*s])
		}
		return dst
	}

	// Source pixel i covers [i*d, (i+1)*d) and output pixel j covers
	// [j*s, (j+1)*s) on a common axis, so a source pixel overlaps at most two
	// output pixels (s > d): j0 = i*d/s gets w0 and j0+1 gets d-w0. The same
	// table serves rows and columns. Rows are summed first (plain loops over
	// whole rows), columns once per finished output row.
	j0s := make([]int32, s)
	w0s := make([]uint32, s)
	for i := 0; i < s; i++ {
		j0 := i * d / s
		w0 := min((i+1)*d, (j0+1)*s) - i*d
		j0s[i], w0s[i] = int32(j0), uint32(w0)
	}
	du := uint32(d)

	line := make([]uint8, 4*s)
	// Vertical sums of up to two pending output rows: each is at most
	// s*255 < 2^32. Output row cur lives in acc[cur&1].
	acc := [2][]uint32{make([]uint32, 4*s), make([]uint32, 4*s)}
	hsum := make([]uint64, 3*d+3) // horizontal sums, at most s*s*255
	// 1/s² in 40-bit fixed point: hsum*inv stays below 2^49.
	inv := (uint64(1)<<40 + uint64(s)*uint64(s)/2) / (uint64(s) * uint64(s))
	cur := 0
	emit := func() {
		a := acc[cur&1][:4*s]
		clear(hsum)
		for i := 0; i < s; i++ {
			j, w0 := 3*int(j0s[i]), uint64(w0s[i])
			w1 := uint64(du) - w0
			r, g, b := uint64(a[4*i]), uint64(a[4*i+1]), uint64(a[4*i+2])
			h := hsum[j : j+6 : j+6]
			h[0] += w0 * r
			h[1] += w0 * g
			h[2] += w0 * b
			h[3] += w1 * r
			h[4] += w1 * g
			h[5] += w1 * b
		}
		out := dst.Pix[cur*dst.Stride : cur*dst.Stride+4*d]
		for j := 0; j < d; j++ {
			o := out[4*j : 4*j+4 : 4*j+4]
			o[0] = uint8((hsum[3*j]*inv + 1<<39) >> 40)
			o[1] = uint8((hsum[3*j+1]*inv + 1<<39) >> 40)
			o[2] = uint8((hsum[3*j+2]*inv + 1<<39) >> 40)
			o[3] = 0xFF
		}
		clear(a)
		cur++
	}
	for y := 0; y < s; y++ {
		row.read(crop.Min.Y+y, line)
		j0, w0 := int(j0s[y]), w0s[y]
		for cur < j0 {
			emit()
		}
		a := acc[j0&1][:len(line)]
		for k, v := range line {
			a[k] += w0 * uint32(v)
		}
		if w0 < du {
			w1 := du - w0
			a = acc[(j0+1)&1][:len(line)]
			for k, v := range line {
				a[k] += w1 * uint32(v)
			}
		}
	}
	for cur < d {
		emit()
	}
	return dst
}

// rowReader writes one row of the crop as opaque RGBA bytes (alpha composited
// over white), with a fast path for each image type the decoders produce.
type rowReader struct {
	src  image.Image
	x0   int
	n    int
	pal  [256][4]uint8 // for *image.Paletted
	read func(y int, dst []uint8)
}

func newRowReader(src image.Image, crop image.Rectangle) *rowReader {
	r := &rowReader{src: src, x0: crop.Min.X, n: crop.Dx()}
	switch m := src.(type) {
	case *image.YCbCr:
		r.read = func(y int, dst []uint8) { r.ycbcr(m, y, dst) }
	case *image.Gray:
		r.read = func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(r.x0, y):]
			for i := 0; i < r.n; i++ {
				v := p[i]
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = v, v, v, 0xFF
			}
		}
	case *image.RGBA: // premultiplied
		r.read = func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(r.x0, y):]
			for i := 0; i < r.n; i++ {
				w := 0xFF - p[4*i+3]
				dst[4*i] = p[4*i] + w
				dst[4*i+1] = p[4*i+1] + w
				dst[4*i+2] = p[4*i+2] + w
				dst[4*i+3] = 0xFF
			}
		}
	case *image.NRGBA:
		r.read = func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(r.x0, y):]
			for i := 0; i < r.n; i++ {
				a := uint32(p[4*i+3])
				w := 0xFF - a
				dst[4*i] = uint8((uint32(p[4*i])*a+127)/0xFF + w)
				dst[4*i+1] = uint8((uint32(p[4*i+1])*a+127)/0xFF + w)
				dst[4*i+2] = uint8((uint32(p[4*i+2])*a+127)/0xFF + w)
				dst[4*i+3] = 0xFF
			}
		}
	case *image.CMYK:
		r.read = func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(r.x0, y):]
			for i := 0; i < r.n; i++ {
				dst[4*i], dst[4*i+1], dst[4*i+2] = color.CMYKToRGB(p[4*i], p[4*i+1], p[4*i+2], p[4*i+3])
				dst[4*i+3] = 0xFF
			}
		}
	case *image.Paletted:
		for i := range r.pal {
			r.pal[i] = [4]uint8{0, 0, 0, 0xFF} // an index past the palette reads as black
			if i < len(m.Palette) && m.Palette[i] != nil {
				r.pal[i] = overWhite(m.Palette[i])
			}
		}
		r.read = func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(r.x0, y):]
			for i := 0; i < r.n; i++ {
				c := &r.pal[p[i]]
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = c[0], c[1], c[2], 0xFF
			}
		}
	default: // 16-bit PNG, NYCbCrA (WebP with alpha), …: the generic path
		r.read = func(y int, dst []uint8) {
			for i := 0; i < r.n; i++ {
				c := overWhite(src.At(r.x0+i, y))
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = c[0], c[1], c[2], 0xFF
			}
		}
	}
	return r
}

// overWhite composites c over opaque white and returns 8-bit RGBA.
func overWhite(c color.Color) [4]uint8 {
	if c == nil {
		return [4]uint8{0, 0, 0, 0xFF}
	}
	r, g, b, a := c.RGBA() // premultiplied, 16-bit
	w := 0xFFFF - a
	return [4]uint8{uint8((r + w) >> 8), uint8((g + w) >> 8), uint8((b + w) >> 8), 0xFF}
}

func (r *rowReader) ycbcr(m *image.YCbCr, y int, dst []uint8) {
	var hs, vs uint
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		hs = 1
	case image.YCbCrSubsampleRatio420:
		hs, vs = 1, 1
	case image.YCbCrSubsampleRatio440:
		vs = 1
	case image.YCbCrSubsampleRatio411:
		hs = 2
	case image.YCbCrSubsampleRatio410:
		hs, vs = 2, 1
	}
	// The same arithmetic as (*image.YCbCr).YOffset / COffset.
	yp := m.Y[(y-m.Rect.Min.Y)*m.YStride+(r.x0-m.Rect.Min.X):]
	cRow := ((y >> vs) - (m.Rect.Min.Y >> vs)) * m.CStride
	cMinX := m.Rect.Min.X >> hs
	cb, cr := m.Cb[cRow:], m.Cr[cRow:]
	for i := 0; i < r.n; i++ {
		ci := ((r.x0 + i) >> hs) - cMinX
		dst[4*i], dst[4*i+1], dst[4*i+2] = yccToRGB(yp[i], cb[ci], cr[ci])
		dst[4*i+3] = 0xFF
	}
}

// yccToRGB is color.YCbCrToRGB (JFIF full-range), copied so that it inlines.
func yccToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy1 := int32(y) * 0x10101
	cb1 := int32(cb) - 128
	cr1 := int32(cr) - 128
	r := yy1 + 91881*cr1
	if uint32(r)&0xff000000 == 0 {
		r >>= 16
	} else {
		r = ^(r >> 31)
	}
	g := yy1 - 22554*cb1 - 46802*cr1
	if uint32(g)&0xff000000 == 0 {
		g >>= 16
	} else {
		g = ^(g >> 31)
	}
	b := yy1 + 116130*cb1
	if uint32(b)&0xff000000 == 0 {
		b >>= 16
	} else {
		b = ^(b >> 31)
	}
	return uint8(r), uint8(g), uint8(b)
}

// orient turns a square picture upright according to an EXIF Orientation
// value (1–8). The centre square of a rotated or mirrored picture is the
// rotated or mirrored centre square, so this runs on the small pre-scaled
// square rather than on the full image.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	n := m.Rect.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, n, n))
	last := n - 1
	for y := 0; y < n; y++ {
		src := m.Pix[y*m.Stride : y*m.Stride+4*n]
		for x := 0; x < n; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored horizontally
				dx, dy = last-x, y
			case 3: // rotated 180°
				dx, dy = last-x, last-y
			case 4: // mirrored vertically
				dx, dy = x, last-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // needs 90° clockwise
				dx, dy = last-y, x
			case 7: // transversed
				dx, dy = last-y, last-x
			case 8: // needs 90° counter-clockwise
				dx, dy = y, last-x
			}
			copy(dst.Pix[dy*dst.Stride+4*dx:dy*dst.Stride+4*dx+4], src[4*x:4*x+4])
		}
	}
	return dst
}
