package avatar_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"os"
	"testing"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
)

// FuzzProcess feeds arbitrary bytes and crops to the decoder entry point. Whatever the
// input, Process must not panic, must stay within fuzzAllocLimit of memory (allocated in all,
// an upper bound of its peak), and must either refuse with a coded error (avatar_invalid
// with a known reason, or validation on the crop) or return two well-formed pictures.
const fuzzAllocLimit = 64 // MiB

func FuzzProcess(f *testing.F) {
	jpg := encodeJPEG(f, halves(40, 24, red, blue))
	seeds := [][]byte{
		jpg,
		insertAfterSOI(jpg, exifSegment(6, binary.LittleEndian), iccSegment(), commentSegment()),
		insertAfterSOI(jpg, exifSegment(7, binary.BigEndian)),
		encodePNG(f, halves(24, 40, red, blue)),
		encodePNG(f, image.NewNRGBA(image.Rect(0, 0, 9, 9))),
		encodePNG(f, image.NewPaletted(image.Rect(0, 0, 9, 9), color.Palette{red, color.NRGBA{}})),
		encodePNG(f, image.NewGray16(image.Rect(0, 0, 9, 9))),
		cmykJPEG(f, 16, 16, func(x, y int) color.CMYK { return color.CMYK{uint8(x * 16), 0, uint8(y * 16), 0} }),
		pngHeaderOnly(50000, 50000),
		deepPNG(f, 300, 200, 16, 2),
		jpg[:len(jpg)/2],
		[]byte("GIF89a\x01\x00\x01\x00"),
		[]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
	}
	for _, name := range []string{"testdata/progressive.jpg", "testdata/cmyk.jpg"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for i, s := range seeds {
		f.Add(s, 0.0, 0.0, 0.0)
		f.Add(s, 0.1*float64(i%5), 0.05, 0.5)
	}
	lim := avatar.Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 18, MaxDecodeBytes: 4 << 20}
	reasons := map[any]bool{avatar.ReasonType: true, avatar.ReasonSize: true, avatar.ReasonDimensions: true, avatar.ReasonCorrupt: true, avatar.ReasonMemory: true}
	f.Fuzz(func(t *testing.T, data []byte, x, y, size float64) {
		var res *avatar.Result
		var err error
		if mib := totalAllocMiB(func() { res, err = avatar.Process(data, avatar.Crop{X: x, Y: y, Size: size}, lim) }); mib > fuzzAllocLimit {
			t.Fatalf("%d bytes took %.0f MiB (limit %d)", len(data), mib, fuzzAllocLimit)
		}
		if err != nil {
			e := apperr.As(err)
			switch {
			case e.Code == avatar.CodeInvalid && reasons[e.Params["reason"]]:
			case e.Code == apperr.CodeValidation && e.Field == "crop":
			default:
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		large, format, err := image.Decode(bytes.NewReader(res.Large))
		if err != nil || large.Bounds() != image.Rect(0, 0, avatar.LargeSize, avatar.LargeSize) || "image/"+format != res.Mime {
			t.Fatalf("large: %v %v %s/%s", err, large.Bounds(), format, res.Mime)
		}
		small, _, err := image.Decode(bytes.NewReader(res.Small))
		if err != nil || small.Bounds() != image.Rect(0, 0, avatar.SmallSize, avatar.SmallSize) {
			t.Fatalf("small: %v", err)
		}
		if sum := sha256.Sum256(res.Large); hex.EncodeToString(sum[:]) != res.Hash {
			t.Fatal("hash is not the SHA-256 of the large picture")
		}
	})
}
