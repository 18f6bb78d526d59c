package avatar

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"github.com/plantel/plantel/backend/apperr"
)

// Output encodings.
const (
	MimeJPEG = "image/jpeg"
	MimePNG  = "image/png"
)

// jpegQuality is the quality of both encoded sizes: no visible loss at 512 px and about
// 40–90 KB for a photo.
const jpegQuality = 90

// maxScans bounds the scans of a JPEG. Real progressive files have about ten; a crafted
// file with thousands of near-empty scans would make the decoder sweep the whole picture
// once per scan.
const maxScans = 256

// Result is a processed avatar: the picture at LargeSize and SmallSize, both in Mime.
type Result struct {
	// Large is the LargeSize×LargeSize encoding.
	Large []byte
	// Small is the SmallSize×SmallSize encoding.
	Small []byte
	// Mime is MimeJPEG, or MimePNG when the cropped picture has transparency.
	Mime string
	// Hash is the lower-case hex SHA-256 of Large: the avatar's id.
	Hash string
}

// Process turns an uploaded file into an avatar. It accepts JPEG and PNG decided by content
// only, refuses a file over lim.MaxBytes, or whose header announces more than lim.MaxPixels
// or a picture that needs more than lim.MaxDecodeBytes to decode, before decoding anything;
// it decodes one picture at a time in the process; applies the JPEG EXIF orientation and crop, resizes to
// LargeSize and SmallSize and re-encodes, which drops all metadata (EXIF with its GPS
// position, ICC profiles, comments, text chunks).
//
// A refused file gives a CodeInvalid error whose params.reason is ReasonType, ReasonSize,
// ReasonDimensions, ReasonMemory or ReasonCorrupt; a malformed crop gives a validation error on "crop".
func Process(data []byte, crop Crop, lim Limits) (*Result, error) {
	lim = lim.withDefaults()
	format := sniff(data)
	if format != formatJPEG && format != formatPNG {
		return nil, refuseType(format)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, refuseSize(lim.MaxBytes)
	}
	if err := crop.Validate(); err != nil {
		return nil, err
	}
	var cfg image.Config
	var err error
	orientation := 1
	if format == formatJPEG {
		if bytes.Count(data, []byte{0xFF, markerSOS}) > maxScans {
			return nil, refuseCorrupt(errors.New("too many scans"))
		}
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
		orientation = jpegOrientation(data)
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, refuseCorrupt(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, refuseCorrupt(errors.New("empty picture"))
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(lim.MaxPixels) {
		return nil, refuseDimensions(lim.MaxPixels, cfg.Width, cfg.Height)
	}
	need, err := decodeBytes(format, data, cfg.Width, cfg.Height)
	if err != nil {
		return nil, refuseCorrupt(err)
	}
	if need > lim.MaxDecodeBytes {
		return nil, refuse(ReasonMemory).WithParam("maxBytes", lim.MaxDecodeBytes).
			WithParam("width", cfg.Width).WithParam("height", cfg.Height)
	}
	sw, sh := shownSize(cfg.Width, cfg.Height, orientation)
	shown, err := crop.rect(sw, sh)
	if err != nil {
		return nil, err
	}

	decodeSlot <- struct{}{} // one picture in memory at a time, process-wide
	decodeBegin()
	defer func() { decodeEnd(); <-decodeSlot }()
	var img image.Image
	if format == formatJPEG {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, refuseCorrupt(err)
	}
	b := img.Bounds()
	if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, refuseCorrupt(errors.New("decoded size differs from header"))
	}
	r := sourceRect(shown, cfg.Width, cfg.Height, orientation).Add(b.Min)
	return encode(img, r, orientation)
}

// encode crops r out of img, scales, orients and encodes both sizes.
func encode(img image.Image, r image.Rectangle, orientation int) (*Result, error) {
	large := orientSquare(scaleSquare(img, r, LargeSize), orientation)
	small := image.NewRGBA(image.Rect(0, 0, SmallSize, SmallSize))
	draw.CatmullRom.Scale(small, small.Rect, large, large.Rect, draw.Src, nil)

	res := &Result{Mime: MimeJPEG}
	if !opaque(img, r) {
		res.Mime = MimePNG
	}
	var err error
	if res.Large, err = encodeAs(res.Mime, large); err != nil {
		return nil, err
	}
	if res.Small, err = encodeAs(res.Mime, small); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(res.Large)
	res.Hash = hex.EncodeToString(sum[:])
	return res, nil
}

// opaque reports whether the part r of img has no transparency, so JPEG can hold it.
func opaque(img image.Image, r image.Rectangle) bool {
	type opaquer interface{ Opaque() bool }
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		if o, ok := s.SubImage(r).(opaquer); ok {
			return o.Opaque()
		}
	}
	return false
}

// encodeAs encodes m (premultiplied) as mime. Neither encoder writes any metadata.
func encodeAs(mime string, m *image.RGBA) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if mime == MimePNG {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality})
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return buf.Bytes(), nil
}
