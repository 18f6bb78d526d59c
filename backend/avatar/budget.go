package avatar

import (
	"encoding/binary"
	"errors"
	"sync/atomic"
)

// The pixel limit alone does not bound memory: a 16-bit PNG decodes to 8 bytes a pixel, so a
// 300 KB file of 6300×6300 (under 40 megapixels) took 327 MB, and four uploads at once 1.3 GB.
// So the header is read for what the standard decoders will allocate (bytes per pixel from the
// PNG bit depth and colour type, or the JPEG components, their sampling and progressive
// coefficients) and the picture is refused above Limits.MaxDecodeBytes; and one picture is
// decoded at a time in the whole process (decodeSlot), so uploads arriving together queue
// instead of adding up.

// DefaultMaxDecodeBytes is the default memory budget of one decode: a 32-megapixel 8-bit RGBA
// PNG or any JPEG up to the pixel limit.
const DefaultMaxDecodeBytes int64 = 160 << 20

// ReasonMemory: decoding the picture would need more than params.maxBytes of memory (a high
// colour depth at a large size); params.width and params.height give its size.
const ReasonMemory = "memory"

// decodeSlot lets one picture be decoded (and re-encoded) at a time in the process.
var decodeSlot = make(chan struct{}, 1)

// decodeBytes estimates what decoding the w×h picture data of format allocates, from its
// header. An unreadable header is an error (the file is corrupt).
func decodeBytes(format string, data []byte, w, h int) (int64, error) {
	px := int64(w) * int64(h)
	if format == formatPNG {
		bpp, interlaced, err := pngBytesPerPixel(data)
		if err != nil {
			return 0, err
		}
		if interlaced {
			bpp *= 2 // each pass is decoded into its own image before the final one is built
		}
		return px*bpp + 1<<20, nil
	}
	perPixel, err := jpegBytesPerPixel(data)
	if err != nil {
		return 0, err
	}
	return int64(float64(px)*perPixel) + 1<<20, nil
}

// pngBytesPerPixel reads the IHDR chunk: image/png decodes gray to 1 (16-bit: 2) byte a
// pixel, palette to 1, and every colour type to RGBA or NRGBA, 4 (16-bit: 8).
func pngBytesPerPixel(data []byte) (int64, bool, error) {
	if len(data) < 29 || string(data[12:16]) != "IHDR" {
		return 0, false, errors.New("png: no IHDR")
	}
	depth, colour, interlaced := data[24], data[25], data[28] == 1
	switch colour {
	case 0:
		if depth == 16 {
			return 2, interlaced, nil
		}
		return 1, interlaced, nil
	case 3:
		return 1, interlaced, nil
	case 2, 4, 6:
		if depth == 16 {
			return 8, interlaced, nil
		}
		return 4, interlaced, nil
	}
	return 0, false, errors.New("png: unknown colour type")
}

// jpegBytesPerPixel reads the frame header (SOF0, SOF1 or SOF2, the ones image/jpeg decodes):
// each component is kept at its sampled share of the pixels (1 byte a sample), a progressive
// file also keeps 4 bytes of coefficients a sample, and a four-component (CMYK) file is then
// converted to 4 bytes a pixel.
func jpegBytesPerPixel(data []byte) (float64, error) {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 0, errors.New("jpeg: no marker")
		}
		m := data[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == markerSOI || m == markerTEM || (m >= markerRST0 && m <= markerRST7):
			i += 2
			continue
		case m == markerSOS || m == markerEOI:
			return 0, errors.New("jpeg: scan before the frame header")
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 0, errors.New("jpeg: truncated segment")
		}
		if m == 0xC0 || m == 0xC1 || m == 0xC2 {
			return sofBytesPerPixel(data[i+4:i+2+n], m == 0xC2)
		}
		i += 2 + n
	}
	return 0, errors.New("jpeg: no frame header")
}

func sofBytesPerPixel(seg []byte, progressive bool) (float64, error) {
	if len(seg) < 6 {
		return 0, errors.New("jpeg: short frame header")
	}
	nc := int(seg[5])
	if nc < 1 || nc > 4 || len(seg) < 6+3*nc {
		return 0, errors.New("jpeg: bad component count")
	}
	hmax, vmax := 1, 1
	for c := 0; c < nc; c++ {
		hv := seg[6+3*c+1]
		hmax, vmax = max(hmax, int(hv>>4)), max(vmax, int(hv&15))
	}
	share := 0.0
	for c := 0; c < nc; c++ {
		hv := seg[6+3*c+1]
		share += float64(max(1, int(hv>>4))*max(1, int(hv&15))) / float64(hmax*vmax)
	}
	per := share
	if progressive {
		per += 4 * share
	}
	if nc == 4 {
		per += 4
	}
	return per * 1.1, nil // blocks are padded to whole MCUs
}

var (
	decodeRuns   atomic.Int64 // pictures decoded since start
	decodeActive atomic.Int64
	decodePeak   atomic.Int64 // most decodes seen at once
)

// decodeBegin and decodeEnd bracket one decode: they count it and keep the peak.
func decodeBegin() {
	decodeRuns.Add(1)
	n := decodeActive.Add(1)
	for p := decodePeak.Load(); n > p && !decodePeak.CompareAndSwap(p, n); p = decodePeak.Load() {
	}
}

func decodeEnd() { decodeActive.Add(-1) }

// DecodeStats reports how many pictures Process has decoded since the process started and
// the most it decoded at once (tests use it).
func DecodeStats() (runs, peak int64) { return decodeRuns.Load(), decodePeak.Load() }
