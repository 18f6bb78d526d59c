package avatar_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// This file builds the test pictures in code: plain encodings, JPEGs with hand-written
// EXIF/ICC/comment segments, a CMYK JPEG, PNGs with extra chunks or a forged header.

func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// solid is a w×h picture of one colour.
func solid(w, h int, c color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	return img
}

// halves is a w×h picture, left half left, right half right.
func halves(w, h int, left, right color.Color) *image.RGBA {
	img := solid(w, h, left)
	for y := 0; y < h; y++ {
		for x := w / 2; x < w; x++ {
			img.Set(x, y, right)
		}
	}
	return img
}

// segment is one JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// insertAfterSOI puts segments right after a JPEG's SOI marker.
func insertAfterSOI(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// exifSegment is an APP1 Exif segment whose IFD0 holds Make, Orientation and a GPS IFD
// (latitude 52°13'N), in byte order bo.
func exifSegment(orientation int, bo binary.ByteOrder) []byte {
	t := make([]byte, 112)
	if bo == binary.LittleEndian {
		copy(t, "II")
	} else {
		copy(t, "MM")
	}
	bo.PutUint16(t[2:], 42)
	bo.PutUint32(t[4:], 8)
	entry := func(at int, tag, typ uint16, count, value uint32) {
		bo.PutUint16(t[at:], tag)
		bo.PutUint16(t[at+2:], typ)
		bo.PutUint32(t[at+4:], count)
		bo.PutUint32(t[at+8:], value)
	}
	bo.PutUint16(t[8:], 3)
	entry(10, 0x010F, 2, 8, 50) // Make, ASCII at offset 50
	entry(22, 0x0112, 3, 1, 0)  // Orientation, SHORT inline
	bo.PutUint16(t[30:], uint16(orientation))
	entry(34, 0x8825, 4, 1, 58) // GPS IFD at offset 58
	copy(t[50:], "Plantel\x00")
	bo.PutUint16(t[58:], 2)
	entry(60, 0x0001, 2, 2, 0) // GPSLatitudeRef "N"
	copy(t[68:], "N\x00")
	entry(72, 0x0002, 5, 3, 88) // GPSLatitude, 3 RATIONALs at offset 88
	for i, v := range []uint32{52, 1, 13, 1, 0, 1} {
		bo.PutUint32(t[88+4*i:], v)
	}
	return segment(0xE1, append([]byte("Exif\x00\x00"), t...))
}

// iccSegment and commentSegment are other metadata a camera or editor leaves behind.
func iccSegment() []byte {
	return segment(0xE2, append([]byte("ICC_PROFILE\x00\x01\x01"), bytes.Repeat([]byte{0x42}, 128)...))
}

func commentSegment() []byte { return segment(0xFE, []byte("shot at home, 52.2297 N 21.0122 E")) }

// cmykJPEG builds a baseline CMYK JPEG the way Photoshop writes one (Adobe APP14 with
// transform 0, inverted samples), which image/jpeg cannot encode: each ink plane is
// encoded as a grayscale JPEG, and the four entropy-coded scans are spliced behind one
// 4-component frame header. Go's encoder always uses the same quantisation and Huffman
// tables for a quality, so one plane's tables serve all four.
func cmykJPEG(tb testing.TB, w, h int, ink func(x, y int) color.CMYK) []byte {
	tb.Helper()
	var scans [4][]byte
	var dqt, dht []byte
	for p := 0; p < 4; p++ {
		plane := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				c := ink(x, y)
				plane.Pix[y*plane.Stride+x] = 255 - [4]uint8{c.C, c.M, c.Y, c.K}[p]
			}
		}
		enc := encodeJPEG(tb, plane)
		for i := 2; ; {
			m, n := enc[i+1], int(binary.BigEndian.Uint16(enc[i+2:]))
			switch m {
			case 0xDB:
				dqt = enc[i : i+2+n]
			case 0xC4:
				dht = enc[i : i+2+n]
			}
			if m == 0xDA {
				scans[p] = enc[i+2+n : len(enc)-2] // entropy data up to EOI
				break
			}
			i += 2 + n
		}
	}
	out := []byte{0xFF, 0xD8}
	out = append(out, segment(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00"))...)
	out = append(out, dqt...)
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 4}
	for c := byte(1); c <= 4; c++ {
		sof = append(sof, c, 0x11, 0)
	}
	out = append(out, segment(0xC0, sof)...)
	out = append(out, dht...)
	for p := 0; p < 4; p++ {
		out = append(out, segment(0xDA, []byte{1, byte(p + 1), 0x00, 0, 63, 0})...)
		out = append(out, scans[p]...)
	}
	return append(out, 0xFF, 0xD9)
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	c := make([]byte, 4, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// pngHeaderOnly is a PNG that announces w×h RGB pixels in a valid IHDR and has no data.
func pngHeaderOnly(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// pngWithChunks inserts chunks right after a PNG's IHDR.
func pngWithChunks(p []byte, chunks ...[]byte) []byte {
	at := 8 + 12 + 13
	out := append([]byte{}, p[:at]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[at:]...)
}

// jpegMarkers lists the markers of a JPEG after SOI up to its first scan, failing the test
// unless the file is a whole JPEG (SOI … EOI).
func jpegMarkers(tb testing.TB, data []byte) []byte {
	tb.Helper()
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) || !bytes.HasSuffix(data, []byte{0xFF, 0xD9}) {
		tb.Fatalf("not a complete JPEG")
	}
	var ms []byte
	for i := 2; i+4 <= len(data); {
		m := data[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return ms
}

// pngChunks lists the chunk types of a PNG.
func pngChunks(tb testing.TB, data []byte) []string {
	tb.Helper()
	var types []string
	for i := 8; i+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		types = append(types, string(data[i+4:i+8]))
		i += 12 + n
	}
	return types
}

// decode decodes an output encoding and checks its size.
func decode(tb testing.TB, data []byte, size int) image.Image {
	tb.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("output does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
		tb.Fatalf("output is %v, want %d×%d", b, size, size)
	}
	return img
}

// near reports whether c is within tol of want on every 8-bit channel.
func near(c color.Color, want color.NRGBA, tol int) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(n.R, want.R) && d(n.G, want.G) && d(n.B, want.B) && d(n.A, want.A)
}
