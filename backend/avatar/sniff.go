package avatar

import (
	"bytes"
	"unicode/utf8"
)

// Formats Process accepts, as returned by sniff.
const (
	formatJPEG = "jpeg"
	formatPNG  = "png"
)

var (
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
	utf8BOM   = []byte("\xEF\xBB\xBF")
)

// sniff names the format of data from its first bytes only; a file's name never matters.
// It returns formatJPEG or formatPNG for the accepted formats, and otherwise a short name
// of what the content looks like, for the refusal's params.detected.
func sniff(data []byte) string {
	switch {
	case len(data) == 0:
		return "empty"
	case bytes.HasPrefix(data, magicJPEG):
		return formatJPEG
	case bytes.HasPrefix(data, magicPNG):
		return formatPNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return isoBrand(string(data[8:12]))
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case bytes.HasPrefix(data, []byte("BM")):
		return "bmp"
	case bytes.HasPrefix(data, []byte{0, 0, 1, 0}):
		return "ico"
	case bytes.HasPrefix(data, []byte{0xFF, 0x0A}), bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cJXL ")):
		return "jxl"
	}
	return sniffText(data)
}

// isoBrand names the major brand of an ISO base media file (HEIC and AVIF photos).
func isoBrand(brand string) string {
	switch brand {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
		return "heic"
	case "avif", "avis":
		return "avif"
	}
	return "unknown"
}

// sniffText recognises SVG (markup naming an svg element near the start) and plain text.
func sniffText(data []byte) string {
	head := data[:min(len(data), 4096)]
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<")) && bytes.Contains(bytes.ToLower(trimmed), []byte("<svg")) {
		return "svg"
	}
	// A text file is valid UTF-8 (a rune may be cut at the end of head) without control bytes.
	sample := head[:min(len(head), 512)]
	for len(sample) > 0 {
		r, n := utf8.DecodeRune(sample)
		if r == utf8.RuneError && n <= 1 {
			if len(sample) >= utf8.UTFMax || utf8.FullRune(sample) {
				return "unknown"
			}
			break
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return "unknown"
		}
		sample = sample[n:]
	}
	return "text"
}
