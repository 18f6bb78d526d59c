package avatar_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
)

var (
	red   = color.NRGBA{0xE0, 0x10, 0x10, 0xFF}
	blue  = color.NRGBA{0x10, 0x20, 0xE0, 0xFF}
	green = color.NRGBA{0x10, 0xC0, 0x20, 0xFF}
	grey  = color.NRGBA{0x80, 0x80, 0x80, 0xFF}
)

// refusal returns params.reason of a CodeInvalid error, failing the test for anything else.
func refusal(t *testing.T, err error) (string, map[string]any) {
	t.Helper()
	e := apperr.As(err)
	if err == nil || e.Code != avatar.CodeInvalid {
		t.Fatalf("want %s, got %v", avatar.CodeInvalid, err)
	}
	reason, _ := e.Params["reason"].(string)
	return reason, e.Params
}

func TestAcceptsEveryKindOfJPEGAndPNG(t *testing.T) {
	t.Parallel()
	gray16 := image.NewGray16(image.Rect(0, 0, 80, 60))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, 80, 60))
	nrgba := image.NewNRGBA(image.Rect(0, 0, 80, 60))
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, 80, 60))
	pal := image.NewPaletted(image.Rect(0, 0, 80, 60), color.Palette{red, blue})
	palAlpha := image.NewPaletted(image.Rect(0, 0, 80, 60), color.Palette{red, color.NRGBA{}})
	for y := 0; y < 60; y++ {
		for x := 0; x < 80; x++ {
			gray16.SetGray16(x, y, color.Gray16{0x8000})
			rgba64.SetRGBA64(x, y, color.RGBA64{0xE0E0, 0x1010, 0x1010, 0xFFFF})
			nrgba.SetNRGBA(x, y, red)
			nrgba64.SetNRGBA64(x, y, color.NRGBA64{0x1010, 0x2020, 0xE0E0, 0xFFFF})
			if x >= 40 { // the right half is see-through
				nrgba.SetNRGBA(x, y, color.NRGBA{})
				nrgba64.SetNRGBA64(x, y, color.NRGBA64{0x1010, 0x2020, 0xE0E0, 0x8000})
				pal.SetColorIndex(x, y, 1)
				palAlpha.SetColorIndex(x, y, 1)
			}
		}
	}
	progressive, err := os.ReadFile("testdata/progressive.jpg")
	must(t, err)
	ycck, err := os.ReadFile("testdata/cmyk.jpg")
	must(t, err)
	cmyk := cmykJPEG(t, 80, 60, func(x, y int) color.CMYK {
		if x < 40 {
			return color.CMYK{0, 0xFF, 0xFF, 0x20} // red ink: magenta + yellow
		}
		return color.CMYK{0xFF, 0xC0, 0, 0x20} // blue ink: cyan + magenta
	})
	cmykRed, cmykBlue := color.NRGBA{0xDF, 0, 0, 0xFF}, color.NRGBA{0, 0x38, 0xDF, 0xFF}
	transparent := color.NRGBA{}
	cases := []struct {
		name        string
		data        []byte
		mime        string
		left, right color.NRGBA // colour at the middle of the left and right thirds
		marker      byte        // a frame marker the input must have (to prove the fixture's kind)
	}{
		{"jpeg 4:2:0", encodeJPEG(t, halves(80, 60, red, blue)), avatar.MimeJPEG, red, blue, 0xC0},
		{"jpeg grayscale", encodeJPEG(t, image.NewGray(image.Rect(0, 0, 80, 60))), avatar.MimeJPEG, color.NRGBA{0, 0, 0, 0xFF}, color.NRGBA{0, 0, 0, 0xFF}, 0xC0},
		{"jpeg progressive", progressive, avatar.MimeJPEG, red, blue, 0xC2},
		{"jpeg cmyk (adobe)", cmyk, avatar.MimeJPEG, cmykRed, cmykBlue, 0xC0},
		{"jpeg ycck (imagemagick)", ycck, avatar.MimeJPEG, red, blue, 0xC0},
		{"png rgb", encodePNG(t, halves(80, 60, red, blue)), avatar.MimeJPEG, red, blue, 0},
		{"png paletted", encodePNG(t, pal), avatar.MimeJPEG, red, blue, 0},
		{"png paletted with transparency", encodePNG(t, palAlpha), avatar.MimePNG, red, transparent, 0},
		{"png alpha", encodePNG(t, nrgba), avatar.MimePNG, red, transparent, 0},
		{"png 16-bit gray", encodePNG(t, gray16), avatar.MimeJPEG, color.NRGBA{0x80, 0x80, 0x80, 0xFF}, color.NRGBA{0x80, 0x80, 0x80, 0xFF}, 0},
		{"png 16-bit rgb", encodePNG(t, rgba64), avatar.MimeJPEG, red, red, 0},
		{"png 16-bit alpha", encodePNG(t, nrgba64), avatar.MimePNG, blue, color.NRGBA{0x10, 0x20, 0xE0, 0x80}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.marker != 0 && !bytes.Contains(c.data, []byte{0xFF, c.marker}) {
				t.Fatalf("fixture lacks marker %#x", c.marker)
			}
			res, err := avatar.Process(c.data, avatar.Crop{}, avatar.Limits{})
			must(t, err)
			if res.Mime != c.mime {
				t.Fatalf("mime %s, want %s", res.Mime, c.mime)
			}
			if len(res.Hash) != 64 || strings.Trim(res.Hash, "0123456789abcdef") != "" {
				t.Fatalf("hash %q", res.Hash)
			}
			large, small := decode(t, res.Large, avatar.LargeSize), decode(t, res.Small, avatar.SmallSize)
			for _, img := range []image.Image{large, small} {
				n := img.Bounds().Dx()
				if got := img.At(n/6, n/2); !near(got, c.left, 24) {
					t.Errorf("%d px: left %v, want %v", n, got, c.left)
				}
				if got := img.At(n-n/6, n/2); !near(got, c.right, 24) {
					t.Errorf("%d px: right %v, want %v", n, got, c.right)
				}
			}
		})
	}
}

func TestRefusesOtherFormatsWhateverTheirName(t *testing.T) {
	var gifData bytes.Buffer
	must(t, gif.Encode(&gifData, halves(20, 20, red, blue), nil))
	cases := []struct{ name, detected, data string }{
		{"photo.jpg is a gif", "gif", gifData.String()},
		{"photo.jpg is a webp", "webp", "RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a"},
		{"photo.jpg is an svg", "svg", `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`},
		{"photo.png is an svg with prolog", "svg", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<SVG xmlns=\"http://www.w3.org/2000/svg\"></SVG>"},
		{"photo.jpg is a heic", "heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"},
		{"photo.jpg is an avif", "avif", "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1"},
		{"photo.jpg is a pdf", "pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"},
		{"photo.jpg is text", "text", "Hola, this is not a picture — ¿verdad?\n"},
		{"photo.jpg is a bmp", "bmp", "BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"},
		{"photo.jpg is a tiff", "tiff", "II*\x00\x08\x00\x00\x00"},
		{"photo.jpg is empty", "empty", ""},
		{"photo.jpg is binary junk", "unknown", "\x00\x01\x02\x03\xFE\xFF\x80"},
		{"half a JPEG magic", "unknown", "\xFF\xD8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := avatar.Process([]byte(c.data), avatar.Crop{}, avatar.Limits{})
			reason, params := refusal(t, err)
			if reason != avatar.ReasonType || params["detected"] != c.detected {
				t.Fatalf("got %v, want type refusal detecting %s", err, c.detected)
			}
		})
	}
}

func TestRefusesFilesOverTheSizeLimit(t *testing.T) {
	data := encodeJPEG(t, halves(80, 60, red, blue))
	_, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{MaxBytes: int64(len(data) - 1)})
	reason, params := refusal(t, err)
	if reason != avatar.ReasonSize || params["max"] != int64(len(data)-1) {
		t.Fatalf("got %v", err)
	}
	if _, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{MaxBytes: int64(len(data))}); err != nil {
		t.Fatalf("a file of exactly the limit was refused: %v", err)
	}
	if avatar.DefaultLimits() != (avatar.Limits{MaxBytes: 15 << 20, MaxPixels: 40_000_000, MaxDecodeBytes: 160 << 20}) {
		t.Fatalf("defaults %+v", avatar.DefaultLimits())
	}
}

func TestRefusesTooManyPixelsFromTheHeader(t *testing.T) {
	data := encodeJPEG(t, halves(80, 60, red, blue))
	_, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{MaxPixels: 80*60 - 1})
	reason, params := refusal(t, err)
	if reason != avatar.ReasonDimensions || params["maxPixels"] != 80*60-1 || params["width"] != 80 || params["height"] != 60 {
		t.Fatalf("got %v", err)
	}
	// A JPEG whose frame header claims 60000×60000 (patched into a small valid file).
	forged := append([]byte{}, data...)
	sof := bytes.Index(forged, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(forged[sof+5:], 60000)
	binary.BigEndian.PutUint16(forged[sof+7:], 60000)
	_, err = avatar.Process(forged, avatar.Crop{}, avatar.Limits{})
	if reason, _ := refusal(t, err); reason != avatar.ReasonDimensions {
		t.Fatalf("forged jpeg: %v", err)
	}
}

func TestRefusesA50000x50000PNGBombWithoutAllocatingIt(t *testing.T) {
	bomb := pngHeaderOnly(50000, 50000)
	_, err := avatar.Process(bomb, avatar.Crop{}, avatar.Limits{})
	reason, params := refusal(t, err)
	if reason != avatar.ReasonDimensions || params["width"] != 50000 || params["height"] != 50000 || params["maxPixels"] != avatar.DefaultMaxPixels {
		t.Fatalf("got %v", err)
	}
	// Decoding it would need 7.5 GB; refusing it must cost next to nothing.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	allocs := testing.AllocsPerRun(20, func() { _, _ = avatar.Process(bomb, avatar.Crop{}, avatar.Limits{}) })
	runtime.ReadMemStats(&after)
	perRun := (after.TotalAlloc - before.TotalAlloc) / 21
	if allocs > 40 || perRun > 64<<10 {
		t.Fatalf("refusing the bomb allocated %.0f times, %d bytes per call", allocs, perRun)
	}
}

func TestTruncatedFilesAreCorrupt(t *testing.T) {
	jpg := encodeJPEG(t, halves(80, 60, red, blue))
	pngData := encodePNG(t, halves(80, 60, red, blue))
	cases := map[string][]byte{
		"jpeg magic only":     jpg[:3],
		"jpeg headers only":   jpg[:bytes.Index(jpg, []byte{0xFF, 0xDA})],
		"jpeg half":           jpg[:len(jpg)/2],
		"jpeg without EOI":    jpg[:len(jpg)-20],
		"png signature only":  pngData[:8],
		"png cut in IHDR":     pngData[:20],
		"png half":            pngData[:len(pngData)/2],
		"png without IEND":    pngData[:len(pngData)-12],
		"png bad IHDR crc":    append(append(append([]byte{}, pngData[:29]...), ^pngData[29]), pngData[30:]...),
		"png zero width":      pngHeaderOnly(0, 10),
		"jpeg garbage frames": append(append([]byte{}, jpg[:20]...), bytes.Repeat([]byte{0xFF, 0xDA, 0, 2}, 300)...),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{})
			if reason, _ := refusal(t, err); reason != avatar.ReasonCorrupt {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestMetadataIsDroppedByReencoding(t *testing.T) {
	t.Parallel()
	jpg := insertAfterSOI(encodeJPEG(t, halves(80, 60, red, blue)), exifSegment(1, binary.BigEndian), iccSegment(), commentSegment())
	alpha := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	pngData := pngWithChunks(encodePNG(t, alpha),
		pngChunk("tEXt", []byte("Comment\x00shot at home")),
		pngChunk("eXIf", exifSegment(1, binary.BigEndian)[10:]),
		pngChunk("iCCP", []byte("sRGB\x00\x00\x78\x9C\x03\x00\x00\x00\x00\x01")))
	for name, data := range map[string][]byte{"jpeg": jpg, "png": pngData} {
		t.Run(name, func(t *testing.T) {
			res, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{})
			must(t, err)
			for _, out := range [][]byte{res.Large, res.Small} {
				for _, s := range []string{"Exif", "ICC_PROFILE", "Plantel", "shot at home", "iCCP", "tEXt", "eXIf"} {
					if bytes.Contains(out, []byte(s)) {
						t.Fatalf("output still holds %q", s)
					}
				}
				if res.Mime == avatar.MimeJPEG {
					if ms := jpegMarkers(t, out); string(ms) != "\xDB\xC0\xC4\xDA" {
						t.Fatalf("output markers % X, want only DQT SOF0 DHT SOS", ms)
					}
				} else if cs := strings.Join(pngChunks(t, out), " "); cs != "IHDR IDAT IEND" {
					t.Fatalf("output chunks %s", cs)
				}
			}
		})
	}
}

func TestCropIsValidated(t *testing.T) {
	t.Parallel()
	data := encodeJPEG(t, halves(120, 80, red, blue))
	bad := []avatar.Crop{
		{X: math.NaN(), Size: 0.5}, {X: math.Inf(1), Size: 0.5}, {X: -0.1, Size: 0.5}, {Y: 1.5, Size: 0.5},
		{Size: -1}, {Size: 1.2}, {X: 0.2}, // a position without a size
		{X: 0.5, Y: 0, Size: 1},   // 60 + 80 > 120: sticks out on the right
		{X: 0, Y: 0.5, Size: 0.6}, // 40 + 48 > 80: sticks out at the bottom
	}
	for _, c := range bad {
		_, err := avatar.Process(data, c, avatar.Limits{})
		if e := apperr.As(err); err == nil || e.Code != apperr.CodeValidation || e.Field != "crop" {
			t.Errorf("crop %+v: got %v, want validation on crop", c, err)
		}
	}
	// Rounding slack from the window is clamped, not refused.
	if _, err := avatar.Process(data, avatar.Crop{X: 40.0/120 + 1e-9, Y: 0, Size: 1}, avatar.Limits{}); err != nil {
		t.Fatalf("right-aligned crop: %v", err)
	}
	// A crop picks its square: the right half of the picture (X 60/120) is all blue.
	res, err := avatar.Process(data, avatar.Crop{X: 0.5, Y: 0.25, Size: 0.5}, avatar.Limits{})
	must(t, err)
	large := decode(t, res.Large, avatar.LargeSize)
	for _, p := range []image.Point{{10, 10}, {500, 10}, {10, 500}, {256, 256}} {
		if !near(large.At(p.X, p.Y), blue, 24) {
			t.Fatalf("crop of the blue half has %v at %v", large.At(p.X, p.Y), p)
		}
	}
}

func TestSamePictureGivesTheSameHash(t *testing.T) {
	t.Parallel()
	data := encodeJPEG(t, halves(120, 80, red, blue))
	a, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{})
	must(t, err)
	b, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{})
	must(t, err)
	c, err := avatar.Process(data, avatar.Crop{X: 0, Y: 0, Size: 1}, avatar.Limits{})
	must(t, err)
	if a.Hash != b.Hash || a.Hash == c.Hash {
		t.Fatalf("hashes %s %s %s", a.Hash, b.Hash, c.Hash)
	}
}

func TestLargePicturesAreShrunkWithoutShiftingThem(t *testing.T) {
	if raceOn {
		t.Skip("multi-megapixel pictures take too long under the race detector")
	}
	t.Parallel()
	// A crop of 2048 px or more is box-shrunk before the Catmull-Rom pass: through the YCbCr
	// path for a JPEG and the generic premultiplied path for a PNG with alpha. Both must
	// keep the quadrants where they are and not bleed colour out of transparent pixels.
	quadrants := func(w, h int) *image.NRGBA {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				c := red
				if x >= w/2 {
					c = blue
				}
				if y >= h/2 {
					c.A = 0x80
				}
				img.SetNRGBA(x, y, c)
			}
		}
		return img
	}
	var buf bytes.Buffer
	must(t, (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, quadrants(2200, 2048)))
	cases := []struct {
		name  string
		data  []byte
		alpha uint8
	}{
		{"png 2200x2048 with alpha", buf.Bytes(), 0x80},
		{"jpeg 2048x2200", encodeJPEG(t, halves(2048, 2200, red, blue)), 0xFF},
	}
	for _, c := range cases {
		res, err := avatar.Process(c.data, avatar.Crop{}, avatar.Limits{})
		must(t, err)
		out := decode(t, res.Large, avatar.LargeSize)
		want := map[image.Point]color.NRGBA{{200, 200}: red, {312, 200}: blue,
			{200, 312}: {red.R, red.G, red.B, c.alpha}, {312, 312}: {blue.R, blue.G, blue.B, c.alpha}}
		for p, w := range want {
			if !near(out.At(p.X, p.Y), w, 8) {
				t.Errorf("%s: at %v got %v, want %v", c.name, p, out.At(p.X, p.Y), w)
			}
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
