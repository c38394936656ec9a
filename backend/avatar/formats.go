package avatar

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"
)

type format int

const (
	formatUnknown format = iota
	formatJPEG
	formatPNG
	formatGIF
	formatWebP
	formatBMP
)

func (f format) String() string {
	switch f {
	case formatJPEG:
		return "jpeg"
	case formatPNG:
		return "png"
	case formatGIF:
		return "gif"
	case formatWebP:
		return "webp"
	case formatBMP:
		return "bmp"
	}
	return "unknown"
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// sniff identifies the format from the leading bytes only. Names and
// declared MIME types are never consulted.
func sniff(b []byte) format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return formatJPEG
	case bytes.HasPrefix(b, pngMagic):
		return formatPNG
	case bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a")):
		return formatGIF
	case len(b) >= 16 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP" && string(b[12:15]) == "VP8":
		return formatWebP
	case len(b) >= 18 && b[0] == 'B' && b[1] == 'M':
		// "BM" alone is too weak (plain text can start with it): also
		// require one of the DIB header sizes that BMP files use.
		switch binary.LittleEndian.Uint32(b[14:18]) {
		case 12, 16, 40, 52, 56, 64, 108, 124:
			return formatBMP
		}
	}
	return formatUnknown
}

var errDimensions = errors.New("avatar: frame size differs from the header")

// decodeConfig reads only the header of the sniffed format (the equivalent of
// image.DecodeConfig, but without letting another registered format claim the
// bytes). For WebP it also checks the size of the actual frame, which the
// extended (VP8X) header does not bind.
func decodeConfig(f format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.DecodeConfig(r)
	case formatPNG:
		return png.DecodeConfig(r)
	case formatGIF:
		return gif.DecodeConfig(r)
	case formatWebP:
		cfg, err := webp.DecodeConfig(r)
		if err != nil {
			return cfg, err
		}
		if err := checkWebPFrame(data, cfg.Width, cfg.Height); err != nil {
			return image.Config{}, err
		}
		return cfg, nil
	case formatBMP:
		return bmp.DecodeConfig(r)
	}
	return image.Config{}, errors.New("avatar: unknown format")
}

// decodeFull decodes the whole image (the first frame of a GIF).
func decodeFull(f format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.Decode(r)
	case formatPNG:
		return png.Decode(r)
	case formatGIF:
		return gif.Decode(r) // the first frame only
	case formatWebP:
		return webp.Decode(r)
	case formatBMP:
		return bmp.Decode(r)
	}
	return nil, errors.New("avatar: unknown format")
}

// errAnimatedWebP marks an animated WebP: x/image/webp decodes still
// pictures only (it finds no frame outside the ANMF chunks).
var errAnimatedWebP = errors.New("avatar: animated webp")

// checkWebPFrame walks the RIFF chunks and makes sure that every VP8 or VP8L
// bitstream has exactly the canvas size that DecodeConfig reported:
// x/image/webp allocates by the bitstream's own size (up to 16383² pixels),
// which an extended (VP8X) file does not tie to the canvas it declares. An
// animation yields errAnimatedWebP.
func checkWebPFrame(data []byte, w, h int) error {
	frames := 0
	var err error
	riffChunks(data, func(id string, chunk []byte) bool {
		var fw, fh int
		var ok bool
		switch id {
		case "VP8 ":
			fw, fh, ok = vp8Size(chunk)
		case "VP8L":
			fw, fh, ok = vp8lSize(chunk)
		case "ANIM", "ANMF":
			err = errAnimatedWebP
			return false
		default:
			return true
		}
		if !ok || fw != w || fh != h {
			err = errDimensions
			return false
		}
		frames++
		return true
	})
	if err == nil && frames == 0 {
		err = errDimensions
	}
	return err
}

// riffChunks calls fn with each top-level chunk's id and body in a RIFF
// file, until fn returns false or the data (or the RIFF length) ends. A
// truncated last chunk is passed as far as it goes: its decoder reports it.
func riffChunks(data []byte, fn func(id string, body []byte) bool) {
	if len(data) < 12 {
		return
	}
	riffLen := int64(binary.LittleEndian.Uint32(data[4:8]))
	end := min(int64(len(data)), 8+riffLen)
	pos := int64(12)
	for pos+8 <= end {
		id := string(data[pos : pos+4])
		n := int64(binary.LittleEndian.Uint32(data[pos+4 : pos+8]))
		body := pos + 8
		n = min(n, end-body)
		if !fn(id, data[body:body+n]) {
			return
		}
		pos = body + n + n&1
	}
}

// vp8Size reads the frame size of a lossy key frame (RFC 6386 §9.1).
func vp8Size(b []byte) (w, h int, ok bool) {
	if len(b) < 10 || b[3] != 0x9d || b[4] != 0x01 || b[5] != 0x2a {
		return 0, 0, false
	}
	w = int(binary.LittleEndian.Uint16(b[6:8]) & 0x3fff)
	h = int(binary.LittleEndian.Uint16(b[8:10]) & 0x3fff)
	return w, h, true
}

// vp8lSize reads the size of a lossless bitstream (RFC 9649 §3.2).
func vp8lSize(b []byte) (w, h int, ok bool) {
	if len(b) < 5 || b[0] != 0x2f {
		return 0, 0, false
	}
	v := binary.LittleEndian.Uint32(b[1:5])
	return int(v&0x3fff) + 1, int(v>>14&0x3fff) + 1, true
}
