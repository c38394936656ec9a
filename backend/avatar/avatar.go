// Package avatar turns an uploaded picture into the two JPEGs PassDesk stores
// for a user (SPEC §6): a 512×512 avatar and a 128×128 thumbnail.
//
// The input is identified by its content (magic bytes), never by its name or
// declared type, and every limit is enforced before the image is decoded in
// full: the file size, then the dimensions read from the header. Decoder
// panics are recovered. The picture is turned upright (EXIF orientation for
// JPEG), centre-cropped to a square, resized and re-encoded, so metadata
// (EXIF, GPS, XMP, ICC) and anything appended after the image never survive.
//
// For speed the full-size image is never fed to the Lanczos3 filter: baseline
// JPEGs are decoded straight at 1/2, 1/4 or 1/8 scale from their low DCT
// coefficients (and only the blocks of the centre square are reconstructed),
// every other input is area-averaged down to twice the target size, and only
// then does nfnt/resize's Lanczos3 make the final 512 px picture.
package avatar

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"

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

// User-facing messages (shown under the avatar field).
const (
	msgEmpty       = "is empty"
	msgTooLarge    = "is larger than 10 MiB"
	msgUnsupported = "is not a supported image (use JPEG, PNG, GIF, WebP or BMP)"
	msgTooWide     = "is larger than 8000 pixels a side"
	msgTooMany     = "has more than 40 megapixels"
	msgUnreadable  = "could not be read"
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
	// prescale is the largest side handed to the final Lanczos3 pass
	// (2×Size): bigger centre squares are area-averaged down to it first.
	prescale int
	// dctMin is the smallest centre square a reduced-scale (1/2, 1/4, 1/8)
	// JPEG decode may produce: √2×Size, so that Lanczos3 still shrinks the
	// result by ≥ 1.41× and smooths the reduced IDCT's block edges. (With
	// Size itself, edge-heavy pictures fell to ~25 dB against the naive
	// resize; with √2×Size photo-like ones stay above 40 dB.)
	dctMin int
}

// New returns the standard pipeline: nfnt/resize Lanczos3 behind Resizer,
// preceded by a cheap pre-scale, and JPEG quality defaultQuality.
func New() *Pipeline {
	return &Pipeline{resizer: lanczos3{}, quality: defaultQuality, prescale: 2 * Size, dctMin: Size * 1448 / 1024}
}

// settings returns p's settings with New's defaults for unset fields, so
// that a zero Pipeline works too.
func (p *Pipeline) settings() (r Resizer, quality, prescale, dctMin int) {
	d := New()
	r, quality, prescale, dctMin = p.resizer, p.quality, p.prescale, p.dctMin
	if r == nil {
		r = d.resizer
	}
	if quality <= 0 || quality > 100 {
		quality = d.quality
	}
	if prescale < Size {
		prescale = d.prescale
	}
	if dctMin < Size {
		dctMin = d.dctMin
	}
	return r, quality, prescale, dctMin
}

func invalid(msg string) error { return apperr.Field(field, msg) }

// Process checks data, decodes it and returns the stored avatar. Bad input
// yields an apperr error with code invalid and a message for the "avatar"
// field; only an unexpected internal failure yields code internal.
func (p *Pipeline) Process(data []byte) (av Avatar, err error) {
	defer func() {
		if r := recover(); r != nil {
			// A decoder (ours or a library's) choked on hostile input.
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
	if err != nil {
		return Avatar{}, invalid(msgUnreadable)
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return Avatar{}, err
	}

	resizer, quality, prescale, dctMin := p.settings()
	square, err := decodeSquare(f, data, cfg, prescale, dctMin)
	if err != nil {
		return Avatar{}, err
	}
	if f == formatJPEG {
		square = orient(square, jpegOrientation(data))
	}

	big := toRGBA(resizer.Resize(square, Size, Size))
	if big.Rect.Dx() != Size || big.Rect.Dy() != Size {
		return Avatar{}, apperr.Wrap(fmt.Errorf("resizer returned %v", big.Rect), "avatar: resize")
	}
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

// decodeSquare decodes the centre square of the image into an opaque RGBA
// picture whose side is min(square side, prescale). Baseline JPEGs go
// through the reduced-scale decoder when their square is at least dctMin
// pixels at 1/2 scale; everything else is decoded in full.
func decodeSquare(f format, data []byte, cfg image.Config, prescale, dctMin int) (*image.RGBA, error) {
	if f == formatJPEG {
		if m, crop, ok := decodeJPEGFast(data, cfg.Width, cfg.Height, dctMin); ok {
			return squareRGBA(m, crop, prescale), nil
		}
	}
	m, err := decodeFull(f, data)
	if err != nil {
		return nil, invalid(msgUnreadable)
	}
	b := m.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > MaxSide || b.Dy() > MaxSide || b.Dx()*b.Dy() > MaxPixels {
		// The decoder disagreed with its own header.
		return nil, invalid(msgUnreadable)
	}
	return squareRGBA(m, centreSquare(b), prescale), nil
}

// centreSquare is the largest square centred in r.
func centreSquare(r image.Rectangle) image.Rectangle {
	s := min(r.Dx(), r.Dy())
	x0 := r.Min.X + (r.Dx()-s)/2
	y0 := r.Min.Y + (r.Dy()-s)/2
	return image.Rect(x0, y0, x0+s, y0+s)
}

func encodeOutput(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, apperr.Wrap(err, "avatar: encode jpeg")
	}
	return buf.Bytes(), nil
}
