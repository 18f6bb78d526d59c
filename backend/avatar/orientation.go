package avatar

import "image"

// EXIF orientation values (TIFF tag 0x0112): how the stored pixels must be turned to be
// shown upright.
//
//	1 as stored            5 transposed (mirror, then 90° counter-clockwise)
//	2 mirrored             6 rotated 90° clockwise
//	3 rotated 180°         7 transversed (mirror, then 90° clockwise)
//	4 flipped vertically   8 rotated 90° counter-clockwise
//
// The pipeline never turns the full decoded picture: it maps the crop square from shown
// coordinates back to stored ones (sourceRect), scales that square, and turns only the
// 512 px result (orientSquare). Turning commutes with cropping and scaling a square, so the
// result is the same at a fraction of the cost.

// swapsAxes reports whether orientation o shows the picture with width and height swapped.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// shownSize is the size of a w×h stored picture as shown under orientation o.
func shownSize(w, h, o int) (int, int) {
	if swapsAxes(o) {
		return h, w
	}
	return w, h
}

// sourceRect maps r, a rectangle in shown coordinates, to the stored picture of w×h.
func sourceRect(r image.Rectangle, w, h, o int) image.Rectangle {
	x0, y0, x1, y1 := r.Min.X, r.Min.Y, r.Max.X, r.Max.Y
	switch o {
	case 2:
		return image.Rect(w-x1, y0, w-x0, y1)
	case 3:
		return image.Rect(w-x1, h-y1, w-x0, h-y0)
	case 4:
		return image.Rect(x0, h-y1, x1, h-y0)
	case 5:
		return image.Rect(y0, x0, y1, x1)
	case 6:
		return image.Rect(y0, h-x1, y1, h-x0)
	case 7:
		return image.Rect(w-y1, h-x1, w-y0, h-x0)
	case 8:
		return image.Rect(w-y1, x0, w-y0, x1)
	}
	return r
}

// orientSquare returns src (a square whose bounds start at 0,0) as shown under orientation
// o: shown pixel (x, y) is the stored pixel the orientation brings there.
func orientSquare(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	n := src.Rect.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, n, n))
	last := n - 1
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = last-x, y
			case 3:
				sx, sy = last-x, last-y
			case 4:
				sx, sy = x, last-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, last-x
			case 7:
				sx, sy = last-y, last-x
			case 8:
				sx, sy = last-y, x
			}
			s := sy*src.Stride + sx*4
			d := y*dst.Stride + x*4
			copy(dst.Pix[d:d+4], src.Pix[s:s+4])
		}
	}
	return dst
}
