package avatar

import (
	"image"
	"image/color"
	"testing"
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
