// Package avatar turns an uploaded picture into the two JPEGs PassDesk stores
// for a user (SPEC §6): a 512×512 avatar and a 128×128 thumbnail.
//
// The input is identified by its content (magic bytes), never by its name or
// declared type, and every limit is enforced before the image is decoded:
// the file size, the dimensions read from the header, then the memory the
// decode and resize would take, estimated from the header (MaxWorkBytes).
// Decoding is left to the standard library and golang.org/x/image; decoder
// panics are recovered. The centre square is resized with nfnt/resize's
// Lanczos3, turned upright (EXIF orientation of a JPEG, PNG or WebP) and
// re-encoded, so metadata (EXIF, GPS, XMP, ICC) and anything appended after
// the image never survive.
package avatar

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"

	"github.com/nfnt/resize"

	"passdesk/backend/apperr"
)

const (
	// MaxFileBytes is the largest upload accepted (10 MiB).
	MaxFileBytes = 10 << 20
	// MaxSide is the largest width or height accepted, in pixels.
	MaxSide = 8000
	// MaxPixels is the largest width×height accepted.
	MaxPixels = 40_000_000
	// Size is the side of the stored avatar, in pixels.
	Size = 512
	// ThumbSize is the side of the stored thumbnail, in pixels.
	ThumbSize = 128
)

// field is the frontend's name for the avatar input in error messages.
const field = "avatar"

// What the avatar field says about a refused picture.
var (
	msgEmpty       = apperr.PictureEmpty
	msgTooLarge    = apperr.PictureTooLarge(MaxFileBytes >> 20)
	msgUnsupported = apperr.PictureUnsupported
	msgTooWide     = apperr.PictureSide(MaxSide)
	msgTooMany     = apperr.PictureMegapixels(MaxPixels / 1_000_000)
	msgUnreadable  = apperr.PictureUnreadable
	msgTooComplex  = apperr.PictureTooComplex
	msgAnimated    = apperr.PictureAnimated
)

// defaultQuality is the JPEG quality of the stored avatar and thumbnail.
const defaultQuality = 85

// Avatar is the processed picture, ready to be stored.
type Avatar struct {
	JPEG  []byte // Size×Size baseline JPEG
	Thumb []byte // ThumbSize×ThumbSize baseline JPEG
	Hash  string // first 16 hex characters of the SHA-256 of JPEG
}

// Resizer is our seam over nfnt/resize (archived upstream) so it can be
// swapped for another implementation without touching the pipeline.
type Resizer interface {
	Resize(src image.Image, width, height int) image.Image
}

// Pipeline validates, decodes and re-encodes avatars. It holds no mutable
// state, so one Pipeline may be used from many goroutines at once.
type Pipeline struct {
	resizer Resizer
	quality int
}

// New returns the standard pipeline: nfnt/resize Lanczos3 behind Resizer and
// JPEG quality defaultQuality.
func New() *Pipeline {
	return &Pipeline{resizer: lanczos3{}, quality: defaultQuality}
}

// settings returns p's settings with New's defaults for unset fields, so
// that a zero Pipeline works too.
func (p *Pipeline) settings() (Resizer, int) {
	r, quality := p.resizer, p.quality
	if r == nil {
		r = lanczos3{}
	}
	if quality <= 0 || quality > 100 {
		quality = defaultQuality
	}
	return r, quality
}

// lanczos3 is the production Resizer: nfnt/resize with the Lanczos3 kernel.
type lanczos3 struct{}

func (lanczos3) Resize(src image.Image, width, height int) image.Image {
	return resize.Resize(uint(width), uint(height), src, resize.Lanczos3)
}

func invalid(msg apperr.Message) error { return apperr.Field(field, msg) }

// Process checks data, decodes it and returns the stored avatar. Bad input
// (including a picture whose decode would take more than MaxWorkBytes, or
// an animated WebP) yields an apperr error with code invalid and a message
// for the "avatar" field; only an unexpected internal failure yields code
// internal.
func (p *Pipeline) Process(data []byte) (av Avatar, err error) {
	defer func() {
		if r := recover(); r != nil {
			// A decoder choked on hostile input.
			av, err = Avatar{}, invalid(msgUnreadable)
		}
	}()

	if len(data) == 0 {
		return Avatar{}, invalid(msgEmpty)
	}
	if len(data) > MaxFileBytes {
		return Avatar{}, invalid(msgTooLarge)
	}
	f := sniff(data)
	if f == formatUnknown {
		return Avatar{}, invalid(msgUnsupported)
	}
	if f == formatPNG && len(data) >= 24 && string(data[12:16]) == "IHDR" {
		// image/png refuses some absurd sizes (2^30×2^30) as a mere format
		// error; say what is wrong with them.
		if w, h := binary.BigEndian.Uint32(data[16:]), binary.BigEndian.Uint32(data[20:]); w > MaxSide || h > MaxSide {
			return Avatar{}, invalid(msgTooWide)
		}
	}
	cfg, err := decodeConfig(f, data)
	if errors.Is(err, errAnimatedWebP) {
		return Avatar{}, invalid(msgAnimated)
	}
	if err != nil {
		return Avatar{}, invalid(msgUnreadable)
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return Avatar{}, err
	}
	if need, ok := workBytes(f, data, cfg); !ok {
		return Avatar{}, invalid(msgUnreadable)
	} else if need > MaxWorkBytes {
		return Avatar{}, invalid(msgTooComplex)
	}

	m, err := decodeFull(f, data)
	if err != nil {
		return Avatar{}, invalid(msgUnreadable)
	}
	b := m.Bounds()
	if b.Empty() || !b.In(image.Rect(0, 0, cfg.Width, cfg.Height)) {
		// The decoder disagreed with the header the limits were checked on
		// (a GIF's first frame may be smaller than its screen, no larger).
		return Avatar{}, invalid(msgUnreadable)
	}
	switch c := m.(type) {
	case *image.CMYK:
		m = cmykToRGBA(c)
	case *image.NYCbCrA:
		m = flattenAlpha(c)
	}
	square, ok := m.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return Avatar{}, apperr.Wrap(fmt.Errorf("%T has no SubImage", m), "avatar: crop")
	}

	resizer, quality := p.settings()
	crop := square.SubImage(centreSquare(b))
	var big *image.RGBA
	if crop.Bounds().Dx() == Size {
		// Already the avatar's size, as the webview sends a large picture:
		// nothing to resize (a Lanczos pass at 1:1 only costs time).
		big = toRGBA(crop)
	} else {
		big = toRGBA(resizer.Resize(crop, Size, Size))
	}
	if big.Rect.Dx() != Size || big.Rect.Dy() != Size {
		return Avatar{}, apperr.Wrap(fmt.Errorf("resizer returned %v", big.Rect), "avatar: resize")
	}
	big = orient(big, orientation(f, data))
	small := toRGBA(resizer.Resize(big, ThumbSize, ThumbSize))
	if small.Rect.Dx() != ThumbSize || small.Rect.Dy() != ThumbSize {
		return Avatar{}, apperr.Wrap(fmt.Errorf("resizer returned %v", small.Rect), "avatar: thumbnail")
	}

	full, err := encodeOutput(big, quality)
	if err != nil {
		return Avatar{}, err
	}
	thumb, err := encodeOutput(small, quality)
	if err != nil {
		return Avatar{}, err
	}
	sum := sha256.Sum256(full)
	return Avatar{JPEG: full, Thumb: thumb, Hash: hex.EncodeToString(sum[:])[:16]}, nil
}

// checkDimensions applies the header limits; it runs before any full decode.
func checkDimensions(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return invalid(msgUnreadable)
	case w > MaxSide || h > MaxSide:
		return invalid(msgTooWide)
	case w*h > MaxPixels:
		return invalid(msgTooMany)
	}
	return nil
}

// centreSquare is the largest square centred in r, its corner rounded down
// to a multiple of 4 pixels so that a subsampled YCbCr crop starts on a
// chroma sample (nfnt/resize reads the chroma from the crop's first one).
func centreSquare(r image.Rectangle) image.Rectangle {
	s := min(r.Dx(), r.Dy())
	x0 := r.Min.X + (r.Dx()-s)/2&^3
	y0 := r.Min.Y + (r.Dy()-s)/2&^3
	return image.Rect(x0, y0, x0+s, y0+s)
}

// cmykToRGBA converts a CMYK picture (a CMYK or YCCK JPEG) to RGBA in its
// own buffer, both being 4 bytes a pixel: nfnt/resize has no CMYK path and
// would otherwise read it through At, boxing a colour for each of its tens
// of millions of reads, and a copy would add a fourth of the budget.
func cmykToRGBA(m *image.CMYK) *image.RGBA {
	for i := 0; i+4 <= len(m.Pix); i += 4 {
		p := m.Pix[i : i+4 : i+4]
		p[0], p[1], p[2] = color.CMYKToRGB(p[0], p[1], p[2], p[3])
		p[3] = 0xFF
	}
	return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
}

// flattenAlpha composites a lossy WebP's alpha channel over white in its
// own planes and returns the now opaque 4:2:0 YCbCr picture, which
// nfnt/resize handles natively (it would otherwise read an NYCbCrA through
// At, boxing a colour for each read). Blending is affine, so it can be done
// in YCbCr (white is Y 255, Cb and Cr 128); each chroma sample takes the
// mean alpha of the pixels it covers.
func flattenAlpha(m *image.NYCbCrA) *image.YCbCr {
	blend := func(v, a, white uint32) uint8 { return uint8((v*a + white*(255-a) + 127) / 255) }
	r := m.Rect
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := m.YOffset(x, y)
			m.Y[i] = blend(uint32(m.Y[i]), uint32(m.A[m.AOffset(x, y)]), 255)
		}
	}
	for cy := r.Min.Y / 2; cy < (r.Max.Y+1)/2; cy++ {
		for cx := r.Min.X / 2; cx < (r.Max.X+1)/2; cx++ {
			var sum, n uint32
			for y := max(2*cy, r.Min.Y); y < min(2*cy+2, r.Max.Y); y++ {
				for x := max(2*cx, r.Min.X); x < min(2*cx+2, r.Max.X); x++ {
					sum, n = sum+uint32(m.A[m.AOffset(x, y)]), n+1
				}
			}
			a := (sum + n/2) / n
			i := m.COffset(2*cx, 2*cy)
			m.Cb[i] = blend(uint32(m.Cb[i]), a, 128)
			m.Cr[i] = blend(uint32(m.Cr[i]), a, 128)
		}
	}
	return &m.YCbCr
}

// toRGBA returns m as a zero-origin opaque *image.RGBA, composited over
// white (JPEG has no transparency).
func toRGBA(m image.Image) *image.RGBA {
	if r, ok := m.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) && r.Opaque() {
		return r
	}
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, m, b.Min, draw.Over)
	return dst
}

func encodeOutput(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, apperr.Wrap(err, "avatar: encode jpeg")
	}
	return buf.Bytes(), nil
}
