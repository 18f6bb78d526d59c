package avatar

import (
	"image"
	"image/color"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

// naiveShrink is the definition of the box shrink: each output pixel is the mean of the
// premultiplied 16-bit colours of its k×k block, read through At.
func naiveShrink(src image.Image, r image.Rectangle, k int) *image.RGBA {
	n := r.Dx() / k
	dst := image.NewRGBA(image.Rect(0, 0, n, n))
	for oy := 0; oy < n; oy++ {
		for ox := 0; ox < n; ox++ {
			var s [4]uint64
			for y := 0; y < k; y++ {
				for x := 0; x < k; x++ {
					cr, cg, cb, ca := src.At(r.Min.X+ox*k+x, r.Min.Y+oy*k+y).RGBA()
					s[0], s[1], s[2], s[3] = s[0]+uint64(cr), s[1]+uint64(cg), s[2]+uint64(cb), s[3]+uint64(ca)
				}
			}
			a := uint64(k * k)
			dst.SetRGBA(ox, oy, color.RGBA{uint8(s[0] / a >> 8), uint8(s[1] / a >> 8), uint8(s[2] / a >> 8), uint8(s[3] / a >> 8)})
		}
	}
	return dst
}

func TestBoxShrinkMatchesItsDefinition(t *testing.T) {
	const w, h = 67, 53
	pattern := func(x, y int) (uint8, uint8, uint8, uint8) {
		return uint8(x * 37 % 251), uint8(y * 53 % 241), uint8((x*y + 11) % 256), uint8(x*7 + y*3)
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	pal := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.NRGBA{200, 10, 10, 255}, color.NRGBA{0, 0, 200, 90}, color.NRGBA{}})
	srcs := map[string]image.Image{"nrgba": nrgba, "paletted": pal}
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411} {
		ycc := image.NewYCbCr(image.Rect(0, 0, w, h), ratio)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				a, b, c, _ := pattern(x, y)
				ycc.Y[ycc.YOffset(x, y)] = a
				ycc.Cb[ycc.COffset(x, y)] = b
				ycc.Cr[ycc.COffset(x, y)] = c
			}
		}
		srcs["ycbcr "+ratio.String()] = ycc
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a, b, c, d := pattern(x, y)
			nrgba.SetNRGBA(x, y, color.NRGBA{a, b, c, d})
			pal.SetColorIndex(x, y, uint8((x/3+y/5)%3))
		}
	}
	// Odd offsets, so subsampled chroma rows and columns are entered half way.
	for _, r := range []image.Rectangle{image.Rect(3, 5, 3+48, 5+48), image.Rect(0, 0, 50, 50)} {
		for name, src := range srcs {
			for _, k := range []int{2, 5} {
				rk := image.Rectangle{Min: r.Min, Max: r.Min.Add(image.Pt(r.Dx()/k*k, r.Dx()/k*k))}
				got, want := boxShrink(src, rk, k), naiveShrink(src, rk, k)
				for i := range want.Pix {
					if d := int(got.Pix[i]) - int(want.Pix[i]); d < -2 || d > 2 {
						t.Fatalf("%s k=%d %v: byte %d is %d, want %d", name, k, rk, i, got.Pix[i], want.Pix[i])
					}
				}
			}
		}
	}
}

// TestScaleSquareCloseToDirectFilter holds the fast path (box shrink, then the filter over
// a ratio under 2) to the quality of the plain Catmull-Rom filter over the whole crop: the
// mean difference per channel stays about one level, and no pixel strays far.
func TestScaleSquareCloseToDirectFilter(t *testing.T) {
	const side, n = 1600, 512 // k = 3: 1600 → 1599 → 533 → 512
	src := image.NewYCbCr(image.Rect(0, 0, side, side), image.YCbCrSubsampleRatio420)
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			v := 128 + 60*math.Sin(float64(x)/37)*math.Cos(float64(y)/23) + float64((x*7+y*13)%9) - 4
			if (x/100+y/100)%2 == 0 {
				v += 30
			}
			src.Y[src.YOffset(x, y)] = uint8(max(0, min(255, v)))
			src.Cb[src.COffset(x, y)] = uint8(128 + 40*math.Sin(float64(x)/60))
			src.Cr[src.COffset(x, y)] = uint8(128 + 40*math.Cos(float64(y)/50))
		}
	}
	r := src.Rect
	got := scaleSquare(src, r, n)
	want := image.NewRGBA(image.Rect(0, 0, n, n))
	draw.CatmullRom.Scale(want, want.Rect, src, r, draw.Src, nil)
	var sum, worst int
	for i := range want.Pix {
		d := int(got.Pix[i]) - int(want.Pix[i])
		if d < 0 {
			d = -d
		}
		sum += d
		worst = max(worst, d)
	}
	mean := float64(sum) / float64(len(want.Pix))
	if mean > 2 || worst > 48 {
		t.Fatalf("fast path vs direct filter: mean difference %.2f levels, worst %d; want ≤ 2 and ≤ 48", mean, worst)
	}
	t.Logf("mean difference %.2f levels, worst %d", mean, worst)
}

// TestShrinkYCbCrConvertsLikeTheStandardLibrary: the conversion written out in shrinkYCbCr
// gives exactly color.YCbCrToRGB, clamping included (a 1×1 "average" is the pixel itself),
// over every Y and Cb value with Cr spread over its whole range.
func TestShrinkYCbCrConvertsLikeTheStandardLibrary(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 256, 256), image.YCbCrSubsampleRatio444)
	for pass := range 4 {
		for y := 0; y < 256; y++ {
			for x := 0; x < 256; x++ {
				src.Y[src.YOffset(x, y)] = uint8(x)
				src.Cb[src.COffset(x, y)] = uint8(y)
				src.Cr[src.COffset(x, y)] = uint8((x*7 + y*13 + pass*64) % 256)
			}
		}
		dst := image.NewRGBA(image.Rect(0, 0, 256, 256))
		shrinkYCbCr(dst, src, src.Rect, 1, 0, 256)
		for y := 0; y < 256; y++ {
			for x := 0; x < 256; x++ {
				i := src.YOffset(x, y)
				r, g, b := color.YCbCrToRGB(src.Y[i], src.Cb[i], src.Cr[i])
				got := dst.RGBAAt(x, y)
				if got.R != r || got.G != g || got.B != b {
					t.Fatalf("Y=%d Cb=%d Cr=%d: got %d,%d,%d want %d,%d,%d", src.Y[i], src.Cb[i], src.Cr[i], got.R, got.G, got.B, r, g, b)
				}
			}
		}
	}
}
