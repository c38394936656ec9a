package avatar

import (
	"encoding/binary"
	"image"
	"image/color"
)

// MaxWorkBytes is the memory one avatar may take to make (256 MiB): the
// decoder's buffers plus the resize's. The header limits alone do not bound
// it: a 40 MP progressive JPEG passes them, and image/jpeg then keeps every
// DCT coefficient (4 bytes a sample) until the end — 580 MiB for 4:4:4,
// 923 MiB for an unsubsampled CMYK file of 1.9 MB (issue 15).
const MaxWorkBytes = 256 << 20

// workBytes estimates, from the header only, the most memory Process holds
// at once for a picture: what the decoder allocates (decodeBytes) plus what
// the resize allocates on top of the decoded image. It is an upper bound
// for the decoders and the resizer in use (image/jpeg, image/png,
// image/gif, x/image/webp and x/image/bmp as of Go 1.26 and x/image 0.41,
// nfnt/resize): garbage the decoder leaves is counted as live. ok is false
// when the header is not one the decoder would accept.
func workBytes(f format, data []byte, cfg image.Config) (n int64, ok bool) {
	decoded, ok := decodeBytes(f, data, cfg)
	if !ok {
		return 0, false
	}
	s := min(int64(cfg.Width), int64(cfg.Height)) // the centre square's side
	// nfnt's first pass (s×Size, up to 8 bytes a pixel), its result, and
	// the fixed part.
	resize := 8*Size*s + 8*Size*Size + workOverhead
	if cfg.ColorModel == color.YCbCrModel || cfg.ColorModel == color.NYCbCrAModel {
		// nfnt copies a YCbCr crop (an NYCbCrA is flattened to one) to
		// 3 bytes a pixel.
		resize += 3 * s * s
	}
	return decoded + resize, true
}

// decodeBytes estimates what the decoder of format f allocates for a
// picture, from its header (cfg and the header bytes).
func decodeBytes(f format, data []byte, cfg image.Config) (n int64, ok bool) {
	w, h := int64(cfg.Width), int64(cfg.Height)
	switch f {
	case formatJPEG:
		l, ok := readJPEGLayout(data)
		if !ok || int64(l.width) != w || int64(l.height) != h {
			return 0, false
		}
		// Grey stays in its plane and YCbCr in its planes; CMYK, YCCK and
		// RGB-flagged files are converted into a picture of their own.
		return l.decodeBytes(cfg.ColorModel != color.GrayModel && cfg.ColorModel != color.YCbCrModel), true
	case formatPNG:
		bpp, interlaced, ok := pngLayout(data)
		if !ok {
			return 0, false
		}
		if interlaced {
			// Each of the 7 passes is decoded into an image of its own
			// (together as large as the picture) and then merged.
			bpp *= 2
		}
		return bpp * w * h, true
	case formatGIF:
		return w * h, true // one paletted frame, no larger than the screen
	case formatWebP:
		return webpDecodeBytes(data, w, h), true
	case formatBMP:
		return 4 * w * h, true // RGBA; paletted files take a quarter of that
	}
	return 0, false
}

// workOverhead covers the fixed part of the work: the 512 px and 128 px
// pictures in their intermediate forms, the JPEG encoder's buffers and the
// decoders' tables.
const workOverhead = 4 << 20

// jpegLayout is what a JPEG's SOF segment says about its decoded size.
type jpegLayout struct {
	width, height int
	progressive   bool
	sampling      []struct{ h, v int } // per component, as in the SOF
}

// readJPEGLayout reads the first SOF segment (baseline, extended sequential
// or progressive: the processes image/jpeg decodes).
func readJPEGLayout(data []byte) (l jpegLayout, ok bool) {
	jpegSegments(data, func(marker byte, seg []byte) bool {
		if marker != 0xC0 && marker != 0xC1 && marker != 0xC2 {
			return true
		}
		if len(seg) < 6 || len(seg) < 6+3*int(seg[5]) {
			return false
		}
		l.height = int(binary.BigEndian.Uint16(seg[1:]))
		l.width = int(binary.BigEndian.Uint16(seg[3:]))
		l.progressive = marker == 0xC2
		for i := 0; i < int(seg[5]); i++ {
			hv := seg[6+3*i+1]
			l.sampling = append(l.sampling, struct{ h, v int }{int(hv >> 4), int(hv & 0x0F)})
		}
		ok = len(l.sampling) > 0 && l.sampling[0].h > 0 && l.sampling[0].v > 0
		return false
	})
	return l, ok
}

// decodeBytes follows image/jpeg's allocations: one byte a sample for each
// component's plane, padded to whole MCUs (the MCU being set by the first
// component's sampling); for a progressive file also every DCT coefficient,
// 64 int32 per 8×8 block, kept to the end; and a 4-byte-a-pixel copy when
// the result is converted.
func (l jpegLayout) decodeBytes(converted bool) int64 {
	h0, v0 := l.sampling[0].h, l.sampling[0].v
	if len(l.sampling) == 1 {
		h0, v0 = 1, 1 // a single component is never interleaved
	}
	mxx := int64((l.width + 8*h0 - 1) / (8 * h0))
	myy := int64((l.height + 8*v0 - 1) / (8 * v0))
	var planes int64
	for _, s := range l.sampling {
		if len(l.sampling) == 1 {
			s.h, s.v = 1, 1
		}
		planes += 64 * int64(s.h*s.v) * mxx * myy
	}
	n := planes
	if l.progressive {
		n += 4 * planes
	}
	if converted {
		n += 4 * int64(l.width) * int64(l.height)
	}
	return n
}

// pngLayout reads IHDR and the chunks before the first IDAT, and returns the
// bytes a pixel that image/png decodes into (a tRNS chunk turns grey and RGB
// into NRGBA or NRGBA64) and whether the file is interlaced.
func pngLayout(data []byte) (bpp int64, interlaced, ok bool) {
	var depth, colour byte
	trns := false
	pngChunks(data, func(typ string, body []byte) bool {
		switch typ {
		case "IHDR":
			if len(body) < 13 {
				return false
			}
			depth, colour, interlaced, ok = body[8], body[9], body[12] == 1, true
		case "tRNS":
			trns = true
		case "IDAT":
			return false
		}
		return true
	})
	if !ok {
		return 0, false, false
	}
	wide := int64(1) // 16-bit samples take twice the room
	if depth == 16 {
		wide = 2
	}
	switch colour {
	case 0: // grey
		if trns {
			return 4 * wide, interlaced, true
		}
		return wide, interlaced, true
	case 3: // paletted
		return 1, interlaced, true
	case 2, 4, 6: // RGB, grey with alpha, RGBA
		return 4 * wide, interlaced, true
	}
	return 0, false, false
}

// webpDecodeBytes follows x/image/webp: a lossy frame is a 4:2:0 YCbCr
// picture padded to 16 px macroblocks; a lossless one is decoded into
// 4 bytes a pixel and, when colour-indexed, expanded into another 4. An
// alpha channel (VP8X flag) is one byte a pixel, and when it is compressed
// it is first decoded as a lossless picture of its own.
func webpDecodeBytes(data []byte, w, h int64) int64 {
	var n int64
	riffChunks(data, func(id string, body []byte) bool {
		switch id {
		case "VP8 ":
			mw, mh := (w+15)/16*16, (h+15)/16*16
			n += mw*mh + 2*(mw/2)*(mh/2)
		case "VP8L":
			n += 8 * w * h
		case "ALPH":
			n += w * h
			if len(body) > 0 && body[0]&0x03 == 1 {
				n += 8 * w * h
			}
		}
		return true
	})
	return n
}
