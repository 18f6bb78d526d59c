package avatar

import (
	"bytes"
	"encoding/binary"
)

// The EXIF orientation is read by this small parser rather than a module: the only tag
// needed is IFD0's Orientation, the Go EXIF modules on the proxy are either unmaintained
// (rwcarlsen/goexif) or large general-purpose readers (dsoprea/go-exif), and a parser this
// size is easy to keep bounded and is covered by FuzzProcess. Every read is bounds-checked
// against one JPEG segment (at most 64 KB), so no input can make it loop or allocate.

const (
	markerSOI  = 0xD8
	markerEOI  = 0xD9
	markerSOS  = 0xDA
	markerAPP1 = 0xE1
	markerTEM  = 0x01
	markerRST0 = 0xD0
	markerRST7 = 0xD7

	tagOrientation = 0x0112
	typeShort      = 3
)

var exifHeader = []byte("Exif\x00\x00")

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 when there is none
// or it is unreadable. It walks the marker segments before the first scan and reads the
// first APP1 segment that holds Exif data.
func jpegOrientation(data []byte) int {
	if len(data) < 2 || data[0] != 0xFF || data[1] != markerSOI {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		m := data[i+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == markerSOI || m == markerTEM || (m >= markerRST0 && m <= markerRST7):
			i += 2 // markers without a length
			continue
		case m == markerSOS || m == markerEOI:
			return 1 // metadata segments come before the first scan
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if m == markerAPP1 && bytes.HasPrefix(seg, exifHeader) {
			if o := tiffOrientation(seg[len(exifHeader):]); o != 0 {
				return o
			}
			return 1
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the Orientation tag of IFD0 of a TIFF structure (the body of an
// Exif segment). It returns 0 when the structure is malformed or the tag is absent or out
// of range.
func tiffOrientation(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(b[2:]) != 42 {
		return 0
	}
	ifd := uint64(bo.Uint32(b[4:]))
	if ifd < 8 || ifd+2 > uint64(len(b)) {
		return 0
	}
	count := int(bo.Uint16(b[ifd:]))
	for k := 0; k < count; k++ {
		e := ifd + 2 + 12*uint64(k)
		if e+12 > uint64(len(b)) {
			return 0
		}
		if bo.Uint16(b[e:]) != tagOrientation {
			continue
		}
		// One or two SHORTs fit in the 4-byte value field; the first one is the orientation.
		if c := bo.Uint32(b[e+4:]); bo.Uint16(b[e+2:]) != typeShort || c == 0 || c > 2 {
			return 0
		}
		if o := int(bo.Uint16(b[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 0
	}
	return 0
}
