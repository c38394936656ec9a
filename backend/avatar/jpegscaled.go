package avatar

// A small JPEG decoder for the common case — baseline (or extended
// sequential) Huffman JPEG, 8-bit, grey or YCbCr with 4:4:4, 4:2:2, 4:2:0 or
// 4:4:0 sampling, all components in one interleaved scan — that reconstructs
// each 8×8 block at 1/2, 1/4 or 1/8 size straight from its low-frequency DCT
// coefficients (the reduced inverse DCT that libjpeg's scale_denom uses), and
// only for the MCUs that the centre crop needs. It skips most of the inverse
// DCT work and all of the full-size buffers, which is what makes an avatar
// from a 12-megapixel photo cheap.
//
// Everything else (progressive, arithmetic-coded, 12-bit, CMYK, RGB-flagged,
// multi-scan) and anything that looks wrong is refused, and the caller then
// falls back to image/jpeg, so this decoder only ever needs to be right, never
// lenient. It reads from a byte slice with every index checked.

import (
	"encoding/binary"
	"errors"
	"image"
)

var (
	errScaledUnsupported = errors.New("avatar: jpeg layout not handled by the scaled decoder")
	errScaledCorrupt     = errors.New("avatar: corrupt jpeg")
)

// decodeJPEGFast decodes the JPEG at the smallest of 1/8, 1/4 or 1/2 scale
// whose centre square is still at least minSide pixels, and returns the image
// (covering at least that square) with the square's bounds. ok is false when
// no reduced scale is large enough or the scaled decoder refuses the file;
// the caller then decodes with image/jpeg.
func decodeJPEGFast(data []byte, w, h, minSide int) (m image.Image, crop image.Rectangle, ok bool) {
	for _, n := range [...]int{1, 2, 4} {
		sw, sh := scaledDim(w, n), scaledDim(h, n)
		if min(sw, sh) < minSide {
			continue
		}
		crop = centreSquare(image.Rect(0, 0, sw, sh))
		m, err := decodeJPEGScaled(data, n, crop)
		if err != nil {
			return nil, image.Rectangle{}, false
		}
		return m, crop, true
	}
	return nil, image.Rectangle{}, false
}

// scaledDim is the size of a dimension decoded at n/8 scale (rounded up, as
// libjpeg does).
func scaledDim(v, n int) int { return (v*n + 7) / 8 }

// zigzag[k] is the natural (row-major) index of the k-th coefficient in
// zig-zag order.
var zigzag = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}

// discard is the scratch slot of a coefficient block that receives the
// coefficients a reduced IDCT does not use (a store there is cheaper than a
// hard-to-predict branch).
const discard = 16

// coefBlock holds the kept n×n low frequencies (row-major) plus the scratch
// slot.
type coefBlock [discard + 1]int32

// keepTables[n][k] is where the k-th zig-zag coefficient goes in a coefBlock
// for a reduced IDCT of size n: r*n+c, or discard. keepTables[0] keeps
// nothing (blocks outside the crop).
var keepTables = func() (t [5][64]uint8) {
	for n := 0; n <= 4; n++ {
		for k := 0; k < 64; k++ {
			r, c := int(zigzag[k])/8, int(zigzag[k])%8
			t[n][k] = discard
			if r < n && c < n {
				t[n][k] = uint8(r*n + c)
			}
		}
	}
	return t
}()

const lutBits = 10

type huffTable struct {
	lut     [1 << lutBits]uint16 // code length<<8 | symbol; 0 when the code is longer than lutBits
	fastAC  [1 << lutBits]int32  // value<<16 | run<<8 | code+value length; 0 when not resolvable
	maxCode [17]int32            // largest code of each length, -1 if none
	valOff  [17]int32            // vals index of a code of length l is code+valOff[l]
	vals    [256]uint8
	defined bool
}

func (h *huffTable) build(counts []byte, vals []byte) error {
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	if total == 0 || total > 256 || total != len(vals) {
		return errScaledCorrupt
	}
	*h = huffTable{defined: true}
	copy(h.vals[:], vals)
	code, k := int32(0), 0
	for l := 1; l <= 16; l++ {
		n := int(counts[l-1])
		h.maxCode[l] = -1
		if n > 0 {
			h.valOff[l] = int32(k) - code
			for i := 0; i < n; i++ {
				if code >= 1<<l {
					return errScaledCorrupt // over-subscribed
				}
				if l <= lutBits {
					shift := lutBits - l
					e := uint16(l)<<8 | uint16(vals[k])
					for j := code << shift; j < (code+1)<<shift; j++ {
						h.lut[j] = e
					}
				}
				code++
				k++
			}
			h.maxCode[l] = code - 1
		}
		code <<= 1
	}
	for i, e := range h.lut {
		if e == 0 {
			continue
		}
		l, rs := int(e>>8), uint8(e)
		run, s := int32(rs>>4), int(rs&15)
		if s == 0 || l+s > lutBits {
			continue
		}
		v := uint32(i>>(lutBits-l-s)) & (1<<s - 1)
		h.fastAC[i] = extend(v, uint(s))<<16 | run<<8 | int32(l+s)
	}
	return nil
}

// extend turns s received bits into a signed coefficient (JPEG F.2.2.1).
func extend(v uint32, s uint) int32 {
	if v < 1<<(s-1) {
		return int32(v) - int32(1<<s) + 1
	}
	return int32(v)
}

// bitReader serves the entropy-coded segment MSB first, removing stuffed
// zero bytes. At a marker or the end of the data it feeds zero bytes and
// counts them, so that over-reading can be detected afterwards.
type bitReader struct {
	data []byte
	pos  int
	acc  uint64 // valid bits are the top n
	n    uint
	pad  int // zero bytes fed past a marker or the end
}

func (br *bitReader) fill() {
	if br.pos+8 <= len(br.data) {
		// Fast path: take whole bytes from the next eight unless one of
		// them is 0xFF (stuffing or a marker).
		v := binary.BigEndian.Uint64(br.data[br.pos:])
		if x := ^v; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 {
			k := (64 - br.n) >> 3 // 1..8 whole bytes fit
			v = v >> (64 - 8*k) << (64 - 8*k)
			br.acc |= v >> br.n
			br.n += 8 * k
			br.pos += int(k)
			return
		}
	}
	for br.n <= 56 {
		var c byte
		if br.pos < len(br.data) {
			c = br.data[br.pos]
			if c != 0xFF {
				br.pos++
			} else if br.pos+1 < len(br.data) && br.data[br.pos+1] == 0x00 {
				br.pos += 2
			} else {
				c = 0
				br.pad++
			}
		} else {
			br.pad++
		}
		br.acc |= uint64(c) << (56 - br.n)
		br.n += 8
	}
}

// overrun reports whether bits past the end of the segment were consumed.
func (br *bitReader) overrun() bool { return int(br.n) < 8*br.pad }

func (br *bitReader) decode(h *huffTable) (uint8, bool) {
	if e := h.lut[br.acc>>(64-lutBits)]; e != 0 {
		l := uint(e >> 8)
		br.acc <<= l
		br.n -= l
		return uint8(e), true
	}
	for l := lutBits + 1; l <= 16; l++ {
		code := int32(br.acc >> (64 - uint(l)))
		if code <= h.maxCode[l] {
			br.acc <<= uint(l)
			br.n -= uint(l)
			return h.vals[code+h.valOff[l]], true
		}
	}
	return 0, false
}

func (br *bitReader) receive(s uint) int32 {
	v := uint32(br.acc >> (64 - s))
	br.acc <<= s
	br.n -= s
	return extend(v, s)
}

// restart discards the rest of the current interval and consumes the
// expected RSTn marker.
func (br *bitReader) restart(want int) error {
	if br.overrun() {
		return errScaledCorrupt
	}
	// Unread data before the marker would be an encoder bug; skip it as
	// libjpeg does, but require the marker to be the expected one.
	for br.pos+1 < len(br.data) && !(br.data[br.pos] == 0xFF && br.data[br.pos+1] != 0x00 && br.data[br.pos+1] != 0xFF) {
		br.pos++
	}
	if br.pos+1 >= len(br.data) || br.data[br.pos+1] != byte(0xD0+want) {
		return errScaledCorrupt
	}
	br.pos += 2
	br.acc, br.n, br.pad = 0, 0, 0
	return nil
}

type jpegComponent struct {
	id     byte
	h, v   int
	tq     int
	td, ta int
	plane  []uint8
	stride int
}

type scaledDecoder struct {
	width, height int
	ncomp         int
	comp          [3]jpegComponent
	quant         [4][64]int32 // zig-zag order
	qdef          [4]bool
	dc, ac        [4]huffTable
	ri            int
	jfif, adobe   bool
	adobeXform    byte
	sof           bool
}

// decodeJPEGScaled decodes data at n/8 scale (n = 1, 2 or 4), reconstructing
// only the MCUs that intersect crop (in scaled coordinates). The returned
// image's bounds are MCU-aligned and contain crop.
func decodeJPEGScaled(data []byte, n int, crop image.Rectangle) (image.Image, error) {
	if n != 1 && n != 2 && n != 4 {
		return nil, errScaledUnsupported
	}
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, errScaledCorrupt
	}
	d := new(scaledDecoder)
	pos := 2
	for {
		// Markers may be preceded by any number of 0xFF fill bytes.
		if pos >= len(data) || data[pos] != 0xFF {
			return nil, errScaledCorrupt
		}
		for pos < len(data) && data[pos] == 0xFF {
			pos++
		}
		if pos >= len(data) {
			return nil, errScaledCorrupt
		}
		marker := data[pos]
		pos++
		switch {
		case marker == 0xD8, marker == 0xD9, marker == 0x00, marker >= 0xD0 && marker <= 0xD7:
			return nil, errScaledCorrupt // SOI again, EOI before a scan, stray RST
		case marker == 0x01: // TEM, no payload
			continue
		}
		if pos+2 > len(data) {
			return nil, errScaledCorrupt
		}
		segLen := int(binary.BigEndian.Uint16(data[pos:]))
		if segLen < 2 || pos+segLen > len(data) {
			return nil, errScaledCorrupt
		}
		seg := data[pos+2 : pos+segLen]
		pos += segLen
		var err error
		switch marker {
		case 0xC0, 0xC1: // baseline, extended sequential (Huffman)
			err = d.parseSOF(seg)
		case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
			err = errScaledUnsupported // progressive, lossless, arithmetic, hierarchical
		case 0xC4:
			err = d.parseDHT(seg)
		case 0xDB:
			err = d.parseDQT(seg)
		case 0xDD:
			if len(seg) != 2 {
				err = errScaledCorrupt
			} else {
				d.ri = int(binary.BigEndian.Uint16(seg))
			}
		case 0xDC: // DNL
			err = errScaledUnsupported
		case 0xE0:
			if len(seg) >= 5 && string(seg[:5]) == "JFIF\x00" {
				d.jfif = true
			}
		case 0xEE:
			if len(seg) >= 12 && string(seg[:5]) == "Adobe" {
				d.adobe, d.adobeXform = true, seg[11]
			}
		case 0xDA:
			return d.decodeScan(data, pos, seg, n, crop)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *scaledDecoder) parseSOF(seg []byte) error {
	if d.sof {
		return errScaledCorrupt
	}
	d.sof = true
	if len(seg) < 6 {
		return errScaledCorrupt
	}
	if seg[0] != 8 {
		return errScaledUnsupported // 12-bit
	}
	d.height = int(binary.BigEndian.Uint16(seg[1:]))
	d.width = int(binary.BigEndian.Uint16(seg[3:]))
	d.ncomp = int(seg[5])
	if d.height == 0 || d.width == 0 || d.width > MaxSide || d.height > MaxSide || d.width*d.height > MaxPixels {
		return errScaledUnsupported
	}
	if d.ncomp != 1 && d.ncomp != 3 {
		return errScaledUnsupported // CMYK/YCCK and oddities: image/jpeg
	}
	if len(seg) != 6+3*d.ncomp {
		return errScaledCorrupt
	}
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		c.id = seg[6+3*i]
		c.h, c.v = int(seg[7+3*i]>>4), int(seg[7+3*i]&15)
		c.tq = int(seg[8+3*i])
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3 {
			return errScaledCorrupt
		}
		for j := 0; j < i; j++ {
			if d.comp[j].id == c.id {
				return errScaledCorrupt
			}
		}
	}
	if d.ncomp == 1 {
		// A single-component scan is never interleaved: one block per MCU.
		d.comp[0].h, d.comp[0].v = 1, 1
		return nil
	}
	if d.comp[0].h > 2 || d.comp[0].v > 2 ||
		d.comp[1].h != 1 || d.comp[1].v != 1 || d.comp[2].h != 1 || d.comp[2].v != 1 {
		return errScaledUnsupported
	}
	return nil
}

func (d *scaledDecoder) parseDQT(seg []byte) error {
	for len(seg) > 0 {
		pq, tq := seg[0]>>4, int(seg[0]&15)
		if tq > 3 {
			return errScaledCorrupt
		}
		seg = seg[1:]
		switch pq {
		case 0:
			if len(seg) < 64 {
				return errScaledCorrupt
			}
			for k := 0; k < 64; k++ {
				d.quant[tq][k] = int32(seg[k])
			}
			seg = seg[64:]
		case 1:
			if len(seg) < 128 {
				return errScaledCorrupt
			}
			for k := 0; k < 64; k++ {
				d.quant[tq][k] = int32(binary.BigEndian.Uint16(seg[2*k:]))
			}
			seg = seg[128:]
		default:
			return errScaledCorrupt
		}
		d.qdef[tq] = true
	}
	return nil
}

func (d *scaledDecoder) parseDHT(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 {
			return errScaledCorrupt
		}
		tc, th := seg[0]>>4, int(seg[0]&15)
		if tc > 1 || th > 3 {
			return errScaledCorrupt
		}
		counts := seg[1:17]
		total := 0
		for _, c := range counts {
			total += int(c)
		}
		if len(seg) < 17+total {
			return errScaledCorrupt
		}
		t := &d.dc[th]
		if tc == 1 {
			t = &d.ac[th]
		}
		if err := t.build(counts, seg[17:17+total]); err != nil {
			return err
		}
		seg = seg[17+total:]
	}
	return nil
}

func (d *scaledDecoder) isRGB() bool {
	// The same rule as image/jpeg: JFIF means YCbCr; otherwise an Adobe
	// marker decides; otherwise component ids 'R','G','B' mean RGB.
	if d.jfif {
		return false
	}
	if d.adobe {
		return d.adobeXform == 0
	}
	return d.comp[0].id == 'R' && d.comp[1].id == 'G' && d.comp[2].id == 'B'
}

func (d *scaledDecoder) decodeScan(data []byte, pos int, seg []byte, n int, crop image.Rectangle) (image.Image, error) {
	if !d.sof {
		return nil, errScaledCorrupt
	}
	if d.ncomp == 3 && (d.isRGB() || d.adobe && d.adobeXform != 1) {
		return nil, errScaledUnsupported
	}
	if len(seg) < 1 {
		return nil, errScaledCorrupt
	}
	ns := int(seg[0])
	if ns != d.ncomp {
		return nil, errScaledUnsupported // non-interleaved multi-scan
	}
	if len(seg) != 4+2*ns {
		return nil, errScaledCorrupt
	}
	var order [3]int
	for i := 0; i < ns; i++ {
		id, tables := seg[1+2*i], seg[2+2*i]
		ci := -1
		for j := 0; j < d.ncomp; j++ {
			if d.comp[j].id == id {
				ci = j
			}
		}
		if ci < 0 {
			return nil, errScaledCorrupt
		}
		for j := 0; j < i; j++ {
			if order[j] == ci {
				return nil, errScaledCorrupt
			}
		}
		order[i] = ci
		c := &d.comp[ci]
		c.td, c.ta = int(tables>>4), int(tables&15)
		if c.td > 3 || c.ta > 3 || !d.dc[c.td].defined || !d.ac[c.ta].defined || !d.qdef[c.tq] {
			return nil, errScaledCorrupt
		}
	}
	if ss, se, a := seg[1+2*ns], seg[2+2*ns], seg[3+2*ns]; ss != 0 || se != 63 || a != 0 {
		return nil, errScaledUnsupported
	}

	hmax, vmax := d.comp[0].h, d.comp[0].v
	mcuCols := (d.width + 8*hmax - 1) / (8 * hmax)
	mcuRows := (d.height + 8*vmax - 1) / (8 * vmax)
	smw, smh := n*hmax, n*vmax // scaled MCU size
	crop = crop.Intersect(image.Rect(0, 0, scaledDim(d.width, n), scaledDim(d.height, n)))
	if crop.Empty() {
		return nil, errScaledCorrupt
	}
	mx0, mx1 := crop.Min.X/smw, min(mcuCols, (crop.Max.X+smw-1)/smw)
	my0, my1 := crop.Min.Y/smh, min(mcuRows, (crop.Max.Y+smh-1)/smh)
	for i := 0; i < d.ncomp; i++ {
		c := &d.comp[i]
		c.stride = (mx1 - mx0) * c.h * n
		c.plane = make([]uint8, c.stride*(my1-my0)*c.v*n)
	}

	br := bitReader{data: data, pos: pos}
	var pred [3]int32
	var coef coefBlock
	keep := &keepTables[n]
	rst, mcu := 0, 0
	for my := 0; my < my1; my++ {
		rowIn := my >= my0
		for mx := 0; mx < mcuCols; mx++ {
			if d.ri > 0 && mcu > 0 && mcu%d.ri == 0 {
				if err := br.restart(rst); err != nil {
					return nil, err
				}
				rst = (rst + 1) & 7
				pred = [3]int32{}
			}
			mcu++
			in := rowIn && mx >= mx0 && mx < mx1
			k := &keepTables[0]
			if in {
				k = keep
			}
			for s := 0; s < ns; s++ {
				ci := order[s]
				c := &d.comp[ci]
				q := &d.quant[c.tq]
				for by := 0; by < c.v; by++ {
					for bx := 0; bx < c.h; bx++ {
						if !d.decodeBlock(&br, &d.dc[c.td], &d.ac[c.ta], q, &pred[ci], k, &coef) {
							return nil, errScaledCorrupt
						}
						if in {
							x := ((mx-mx0)*c.h + bx) * n
							y := ((my-my0)*c.v + by) * n
							idctReduced(n, &coef, c.plane[y*c.stride+x:], c.stride)
						}
					}
				}
			}
		}
		if br.overrun() {
			return nil, errScaledCorrupt // truncated
		}
	}

	r := image.Rect(mx0*smw, my0*smh, mx1*smw, my1*smh)
	if d.ncomp == 1 {
		return &image.Gray{Pix: d.comp[0].plane, Stride: d.comp[0].stride, Rect: r}, nil
	}
	ratio := image.YCbCrSubsampleRatio444
	switch {
	case hmax == 2 && vmax == 2:
		ratio = image.YCbCrSubsampleRatio420
	case hmax == 2:
		ratio = image.YCbCrSubsampleRatio422
	case vmax == 2:
		ratio = image.YCbCrSubsampleRatio440
	}
	return &image.YCbCr{
		Y: d.comp[0].plane, Cb: d.comp[1].plane, Cr: d.comp[2].plane,
		YStride: d.comp[0].stride, CStride: d.comp[1].stride,
		SubsampleRatio: ratio,
		Rect:           r,
	}, nil
}

// decodeBlock entropy-decodes one 8×8 block, keeps the dequantised
// coefficients that keep selects (zeroing coef first) and updates the DC
// predictor. It returns false on an invalid Huffman code.
func (d *scaledDecoder) decodeBlock(br *bitReader, dc, ac *huffTable, q *[64]int32, pred *int32, keep *[64]uint8, coef *coefBlock) bool {
	*coef = coefBlock{}
	if br.n < 32 {
		br.fill()
	}
	s, ok := br.decode(dc)
	if !ok || s > 15 {
		return false
	}
	if s > 0 {
		*pred += br.receive(uint(s))
	}
	coef[keep[0]] = dequant(*pred, q[0])
	for k := 1; k < 64; {
		if br.n < 32 {
			br.fill()
		}
		if f := ac.fastAC[br.acc>>(64-lutBits)]; f != 0 {
			l := uint(f & 31)
			br.acc <<= l
			br.n -= l
			k += int(f>>8) & 15
			if k > 63 {
				return false
			}
			coef[keep[k]] = dequant(f>>16, q[k])
			k++
			continue
		}
		rs, ok := br.decode(ac)
		if !ok {
			return false
		}
		r, s := int(rs>>4), uint(rs&15)
		if s == 0 {
			if r != 15 {
				break // end of block
			}
			k += 16 // sixteen zeros
			continue
		}
		k += r
		if k > 63 {
			return false
		}
		v := br.receive(s)
		coef[keep[k]] = dequant(v, q[k])
		k++
	}
	return true
}

// dequant multiplies and clamps to a range no real image exceeds, which also
// keeps the fixed-point IDCT below from overflowing.
func dequant(v, q int32) int32 {
	p := int64(v) * int64(q)
	if p < -16384 {
		return -16384
	}
	if p > 16383 {
		return 16383
	}
	return int32(p)
}

func clamp8(v int32) uint8 {
	if uint32(v) > 255 {
		if v < 0 {
			return 0
		}
		return 255
	}
	return uint8(v)
}

// Fixed-point (×4096) constants of the 4-point reduced IDCT: ½·cos(π/4),
// ½·cos(π/8), ½·cos(3π/8).
const (
	idctK0 = 1448
	idctK1 = 1892
	idctK3 = 784
)

// idctReduced writes the n×n reduced inverse DCT of coef (the top-left n×n
// coefficients, row-major) to dst with the given stride. Sample x of the
// result is the full 8-point inverse DCT, limited to frequencies below n,
// evaluated at the centre of the 8/n pixels it replaces:
// f(x) = Σ ½·C(u)·F(u)·cos((2x+1)uπ/2n).
func idctReduced(n int, coef *coefBlock, dst []uint8, stride int) {
	switch n {
	case 1:
		dst[0] = clamp8((coef[0]+4)>>3 + 128)
	case 2:
		a, b, c, e := coef[0], coef[1], coef[2], coef[3] // F00 F01 F10 F11
		dst[0] = clamp8((a+b+c+e+4)>>3 + 128)
		dst[1] = clamp8((a-b+c-e+4)>>3 + 128)
		dst[stride] = clamp8((a+b-c-e+4)>>3 + 128)
		dst[stride+1] = clamp8((a-b-c+e+4)>>3 + 128)
	case 4:
		flat := true
		for _, v := range coef[1:discard] {
			if v != 0 {
				flat = false
				break
			}
		}
		if flat {
			// Only the DC term: ¼·F00·½ = F00/8.
			v := clamp8((coef[0]+4)>>3 + 128)
			for y := 0; y < 4; y++ {
				row := dst[y*stride : y*stride+4]
				row[0], row[1], row[2], row[3] = v, v, v, v
			}
			return
		}
		var t [16]int32
		for v := 0; v < 4; v++ { // rows: keep 3 fractional bits
			f := coef[4*v : 4*v+4]
			e0 := idctK0 * (f[0] + f[2])
			e1 := idctK0 * (f[0] - f[2])
			o0 := idctK1*f[1] + idctK3*f[3]
			o1 := idctK3*f[1] - idctK1*f[3]
			t[4*v+0] = (e0 + o0 + 256) >> 9
			t[4*v+1] = (e1 + o1 + 256) >> 9
			t[4*v+2] = (e1 - o1 + 256) >> 9
			t[4*v+3] = (e0 - o0 + 256) >> 9
		}
		for x := 0; x < 4; x++ { // columns
			f0, f1, f2, f3 := t[x], t[4+x], t[8+x], t[12+x]
			e0 := idctK0 * (f0 + f2)
			e1 := idctK0 * (f0 - f2)
			o0 := idctK1*f1 + idctK3*f3
			o1 := idctK3*f1 - idctK1*f3
			const round = 1 << 14
			dst[x] = clamp8((e0+o0+round)>>15 + 128)
			dst[stride+x] = clamp8((e1+o1+round)>>15 + 128)
			dst[2*stride+x] = clamp8((e1-o1+round)>>15 + 128)
			dst[3*stride+x] = clamp8((e0-o0+round)>>15 + 128)
		}
	}
}
