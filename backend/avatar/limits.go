// Package avatar turns an uploaded picture into a user's avatar: it accepts JPEG and PNG
// only (decided by content), refuses oversized files and decompression bombs before
// decoding, applies the JPEG EXIF orientation and the crop chosen in the window, resizes
// to two squares, re-encodes (which drops every bit of metadata), stores the result in the
// database through the one write path and serves it to the window over HTTP.
package avatar

import (
	"github.com/plantel/plantel/backend/apperr"
)

// CodeInvalid is the error code of every refused picture; params.reason says why.
const CodeInvalid = "avatar_invalid"

// Reasons an upload is refused (params.reason of a CodeInvalid error).
const (
	// ReasonType: the content is not a JPEG or PNG; params.detected names what it looks
	// like ("gif", "webp", "svg", "heic", "pdf", "text", "empty", "unknown"...).
	ReasonType = "type"
	// ReasonSize: the file is larger than params.max bytes.
	ReasonSize = "size"
	// ReasonDimensions: the header announces width×height above params.maxPixels.
	ReasonDimensions = "dimensions"
	// ReasonCorrupt: the file is truncated or cannot be decoded.
	ReasonCorrupt = "corrupt"
)

// Output sizes, in pixels per side.
const (
	LargeSize = 512
	SmallSize = 64
)

// Default limits.
const (
	DefaultMaxBytes  int64 = 15 << 20   // 15 MB
	DefaultMaxPixels       = 40_000_000 // 40 megapixels
)

// Limits bound what Process accepts. A zero field takes its default.
type Limits struct {
	// MaxBytes is the largest accepted file, in bytes (default 15 MB).
	MaxBytes int64
	// MaxPixels is the largest accepted width×height, read from the header before the
	// image is decoded (default 40 megapixels).
	MaxPixels int
	// MaxDecodeBytes is the most memory the decoder may need for the picture, estimated from
	// the header (pixels × bytes per pixel of its depth and colour type; default 160 MB).
	MaxDecodeBytes int64
}

// DefaultLimits returns the default limits: 15 MB, 40 megapixels and 160 MB to decode.
func DefaultLimits() Limits {
	return Limits{MaxBytes: DefaultMaxBytes, MaxPixels: DefaultMaxPixels, MaxDecodeBytes: DefaultMaxDecodeBytes}
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxDecodeBytes <= 0 {
		l.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	return l
}

func refuse(reason string) *apperr.Error {
	return apperr.New(CodeInvalid).WithParam("reason", reason)
}

func refuseType(detected string) error {
	return refuse(ReasonType).WithParam("detected", detected)
}

func refuseSize(max int64) error {
	return refuse(ReasonSize).WithParam("max", max)
}

func refuseDimensions(maxPixels, width, height int) error {
	return refuse(ReasonDimensions).WithParam("maxPixels", maxPixels).
		WithParam("width", width).WithParam("height", height)
}

func refuseCorrupt(cause error) error {
	e := refuse(ReasonCorrupt)
	e.Cause = cause
	return e
}
