package avatar

import (
	"image"
	"math"

	"github.com/plantel/plantel/backend/apperr"
)

// Crop is the square the user chose in the window, in fractions of the picture as it is
// shown, that is after the EXIF orientation is applied:
//
//   - X is the square's left edge as a fraction of the shown width (0 = left edge);
//   - Y is its top edge as a fraction of the shown height (0 = top edge);
//   - Size is its side as a fraction of the shown picture's shorter side (1 = the largest
//     square that fits, smaller = zoomed in).
//
// So the square spans X·width … X·width + Size·min(width, height) across and
// Y·height … Y·height + Size·min(width, height) down, and must lie inside the picture.
// The zero Crop means the largest square centred in the picture.
type Crop struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Size float64 `json:"size"`
}

// cropSlack is how far (in fractions) a crop may stick out of the picture from rounding in
// the window before it is refused; it is clamped back inside.
const cropSlack = 1e-3

// IsZero reports whether c is the zero Crop (the centred largest square).
func (c Crop) IsZero() bool { return c == Crop{} }

// Validate checks c without knowing the picture: finite numbers, X and Y in [0, 1], Size in
// (0, 1]. It returns a validation error on field "crop" (rule "range").
func (c Crop) Validate() error {
	if c.IsZero() {
		return nil
	}
	for _, v := range []float64{c.X, c.Y, c.Size} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1+cropSlack {
			return apperr.Validation("crop", "range")
		}
	}
	if c.Size == 0 {
		return apperr.Validation("crop", "range")
	}
	return nil
}

// rect returns the crop square in pixels of a shown picture of w×h, or a validation error
// when the square does not fit inside it.
func (c Crop) rect(w, h int) (image.Rectangle, error) {
	if err := c.Validate(); err != nil {
		return image.Rectangle{}, err
	}
	short := min(w, h)
	if c.IsZero() {
		x, y := (w-short)/2, (h-short)/2
		return image.Rect(x, y, x+short, y+short), nil
	}
	side := c.Size * float64(short)
	fw, fh := float64(w), float64(h)
	if c.X*fw+side > fw*(1+cropSlack)+0.5 || c.Y*fh+side > fh*(1+cropSlack)+0.5 {
		return image.Rectangle{}, apperr.Validation("crop", "range")
	}
	s := min(max(int(math.Round(side)), 1), short)
	x := min(int(math.Round(c.X*fw)), w-s)
	y := min(int(math.Round(c.Y*fh)), h-s)
	return image.Rect(x, y, x+s, y+s), nil
}
