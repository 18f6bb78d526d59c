package avatar_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"
	"testing"

	"github.com/plantel/plantel/backend/avatar"
)

// photoJPEG encodes a w×h picture with the texture of a photograph (smooth shading, edges
// and sensor-like noise) at quality 90, the way a phone or camera would.
func photoJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rnd := rand.New(rand.NewSource(7))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 128 + 60*math.Sin(float64(x)/97)*math.Cos(float64(y)/61) + float64(rnd.Intn(17)-8)
			if (x/250+y/250)%2 == 0 {
				v += 30
			}
			img.Y[img.YOffset(x, y)] = uint8(max(0, min(255, v)))
		}
	}
	for y := 0; y < h/2; y++ {
		for x := 0; x < w/2; x++ {
			i := img.COffset(2*x, 2*y)
			img.Cb[i] = uint8(128 + 40*math.Sin(float64(x)/150))
			img.Cr[i] = uint8(128 + 40*math.Cos(float64(y)/120))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkProcess4000x3000 runs a 12 MP camera JPEG through the whole pipeline: sniff,
// header checks, EXIF, decode, centred crop, both sizes, encode, hash.
func BenchmarkProcess4000x3000(b *testing.B) {
	data := photoJPEG(b, 4000, 3000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessPNG4000x3000 is the same for a PNG with transparency (the generic path).
func BenchmarkProcessPNG4000x3000(b *testing.B) {
	img := image.NewNRGBA(image.Rect(0, 0, 4000, 3000))
	for y := 0; y < 3000; y++ {
		for x := 0; x < 4000; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x + y), uint8(255 - x%200)})
		}
	}
	data := encodePNG(b, img)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := avatar.Process(data, avatar.Crop{}, avatar.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
