package avatar_test

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/plantel/plantel/backend/avatar"
)

// The turns below follow the EXIF definitions word for word, independently of the
// package's own mapping: a stored picture S with orientation o is shown as show(o, S).

func flipH(s *image.RGBA) *image.RGBA {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	d := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d.Set(w-1-x, y, s.At(x, y))
		}
	}
	return d
}

// rotCW turns a picture 90° clockwise: its top row becomes the right column.
func rotCW(s *image.RGBA) *image.RGBA {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	d := image.NewRGBA(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d.Set(h-1-y, x, s.At(x, y))
		}
	}
	return d
}

func rotCCW(s *image.RGBA) *image.RGBA { return rotCW(rotCW(rotCW(s))) }

func show(o int, s *image.RGBA) *image.RGBA {
	switch o {
	case 2: // mirror horizontal
		return flipH(s)
	case 3: // rotate 180
		return rotCW(rotCW(s))
	case 4: // mirror vertical
		return flipH(rotCW(rotCW(s)))
	case 5: // mirror horizontal and rotate 270 CW
		return rotCCW(flipH(s))
	case 6: // rotate 90 CW
		return rotCW(s)
	case 7: // mirror horizontal and rotate 90 CW
		return rotCW(flipH(s))
	case 8: // rotate 270 CW
		return rotCCW(s)
	}
	return s
}

// stored is the picture a camera writes with orientation o so that it shows as shown.
func stored(o int, shown *image.RGBA) *image.RGBA {
	inverse := map[int]int{6: 8, 8: 6}
	if i, ok := inverse[o]; ok {
		o = i
	}
	return show(o, shown)
}

// marked is a 120×80 shown picture: yellow outside the square sq, and inside it grey with
// a red cell at the top left, blue at the top right and green at the bottom left (each a
// quarter of the side), so any turn or misplaced crop moves a colour.
func marked(sq image.Rectangle) *image.RGBA {
	img := solid(120, 80, color.NRGBA{0xF0, 0xE0, 0x10, 0xFF})
	q := sq.Dx() / 4
	for y := sq.Min.Y; y < sq.Max.Y; y++ {
		for x := sq.Min.X; x < sq.Max.X; x++ {
			c := grey
			switch top, left, right := y < sq.Min.Y+q, x < sq.Min.X+q, x >= sq.Max.X-q; {
			case top && left:
				c = red
			case top && right:
				c = blue
			case !top && y >= sq.Max.Y-q && left:
				c = green
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func TestEveryEXIFOrientationIsApplied(t *testing.T) {
	crops := []struct {
		crop avatar.Crop
		sq   image.Rectangle // the square it selects in the 120×80 shown picture
	}{
		{avatar.Crop{}, image.Rect(20, 0, 100, 80)},                                              // centred largest square
		{avatar.Crop{X: 64.0 / 120, Y: 24.0 / 80, Size: 40.0 / 80}, image.Rect(64, 24, 104, 64)}, // zoomed, off-centre
	}
	for o := 1; o <= 8; o++ {
		for i, c := range crops {
			// Both TIFF byte orders, alternating, so each turns up with every orientation.
			bo := []binary.ByteOrder{binary.LittleEndian, binary.BigEndian}[(o+i)%2]
			t.Run(fmt.Sprintf("orientation %d %v crop %v", o, bo, c.sq), func(t *testing.T) {
				t.Parallel()
				s := stored(o, marked(c.sq))
				if o >= 5 && s.Rect.Dx() != 80 {
					t.Fatalf("stored picture should be portrait, is %v", s.Rect)
				}
				data := insertAfterSOI(encodeJPEG(t, s), exifSegment(o, bo))
				res, err := avatar.Process(data, c.crop, avatar.Limits{})
				must(t, err)
				large := decode(t, res.Large, avatar.LargeSize)
				small := decode(t, res.Small, avatar.SmallSize)
				for _, img := range []image.Image{large, small} {
					n := img.Bounds().Dx()
					at := func(fx, fy float64) color.Color { return img.At(int(fx*float64(n)), int(fy*float64(n))) }
					corners := []struct {
						name string
						got  color.Color
						want color.NRGBA
					}{
						{"top left", at(0.125, 0.125), red},
						{"top right", at(0.875, 0.125), blue},
						{"bottom left", at(0.125, 0.875), green},
						{"bottom right", at(0.875, 0.875), grey},
						{"centre", at(0.5, 0.5), grey},
					}
					for _, k := range corners {
						if !near(k.got, k.want, 40) {
							t.Errorf("%d px %s: %v, want %v", n, k.name, k.got, k.want)
						}
					}
				}
			})
		}
	}
}

func TestUnreadableEXIFMeansUpright(t *testing.T) {
	sq := image.Rect(20, 0, 100, 80)
	jpg := encodeJPEG(t, marked(sq))
	broken := exifSegment(6, binary.BigEndian)
	broken[10+6] = 'X' // byte order mark "XM": not TIFF
	outOfRange := exifSegment(9, binary.LittleEndian)
	for name, seg := range map[string][]byte{"bad tiff header": broken, "orientation 9": outOfRange} {
		res, err := avatar.Process(insertAfterSOI(jpg, seg), avatar.Crop{}, avatar.Limits{})
		must(t, err)
		if got := decode(t, res.Large, avatar.LargeSize).At(64, 64); !near(got, red, 40) {
			t.Errorf("%s: top left %v, want red (untouched)", name, got)
		}
	}
}
