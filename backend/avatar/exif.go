package avatar

import (
	"bytes"
	"encoding/binary"
	"image"
)

// orientation returns the EXIF Orientation (1–8) stored in a picture of
// format f, or 1 when there is none or it cannot be read. The formats that
// can carry EXIF are JPEG (an APP1 "Exif" segment), PNG (the eXIf chunk of
// the PNG 1.5 extensions, PNG third edition) and WebP (the EXIF chunk of the
// extended format); GIF and BMP cannot.
func orientation(f format, data []byte) int {
	var tiff []byte
	switch f {
	case formatJPEG:
		jpegSegments(data, func(marker byte, seg []byte) bool {
			if marker == 0xE1 && bytes.HasPrefix(seg, exifHeader) {
				tiff = seg[len(exifHeader):]
				return false // only the first Exif segment counts
			}
			return true
		})
	case formatPNG:
		pngChunks(data, func(typ string, body []byte) bool {
			if typ == "eXIf" {
				tiff = body
				return false
			}
			return typ != "IEND"
		})
	case formatWebP:
		riffChunks(data, func(id string, body []byte) bool {
			if id == "EXIF" {
				tiff = body
				return false
			}
			return true
		})
	}
	// PNG and WebP store the bare TIFF structure, but some writers keep
	// JPEG's "Exif\0\0" in front of it.
	return exifOrientation(bytes.TrimPrefix(tiff, exifHeader))
}

var exifHeader = []byte("Exif\x00\x00")

// jpegSegments calls fn with each marker segment's marker and body (without
// the length) from SOI up to the first scan, until fn returns false. Every
// length is bounds-checked; a malformed stream just ends the walk.
func jpegSegments(data []byte, fn func(marker byte, seg []byte) bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return
	}
	pos := 2
	for pos+4 <= len(data) {
		if data[pos] != 0xFF {
			return
		}
		marker := data[pos+1]
		if marker == 0xFF { // fill byte
			pos++
			continue
		}
		pos += 2
		if marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8) { // no payload
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return
		}
		n := int(binary.BigEndian.Uint16(data[pos:]))
		if n < 2 || pos+n > len(data) {
			return
		}
		seg := data[pos+2 : pos+n]
		pos += n
		if !fn(marker, seg) {
			return
		}
	}
}

// pngChunks calls fn with each chunk's type and body after the signature,
// until fn returns false or the data ends. CRCs are not checked (the
// decoder does that for the chunks it reads).
func pngChunks(data []byte, fn func(typ string, body []byte) bool) {
	pos := len(pngMagic)
	for pos+8 <= len(data) {
		n := int64(binary.BigEndian.Uint32(data[pos:]))
		typ := string(data[pos+4 : pos+8])
		body := int64(pos + 8)
		if n > int64(len(data))-body {
			return
		}
		if !fn(typ, data[body:body+n]) {
			return
		}
		pos = int(body + n + 4) // and the CRC
	}
}

// exifOrientation reads IFD0's Orientation tag (0x0112) from a TIFF
// structure (the body of an Exif segment or chunk). Every offset is
// bounds-checked; nothing here allocates.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int64(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[ifd:]))
	for i := int64(0); i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if typ != 3 || n < 1 { // SHORT, stored inline
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// orient turns a square picture upright according to an EXIF Orientation
// value (1–8). The centre square of a rotated or mirrored picture is the
// rotated or mirrored centre square, so this runs on the 512 px result
// rather than on the full image.
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
