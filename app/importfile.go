package app

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/plantel/plantel/backend/apperr"
)

// importFile is a CSV or XLSX file the user chose to import: its bytes, base name and
// format (the extension). Cancelled means the dialog was closed.
type importFile struct {
	data      []byte
	name      string
	format    string
	cancelled bool
}

// chooseImportFile asks for a CSV or XLSX file through the native open dialog and reads it,
// refusing one over maxBytes before reading it.
func (c *Core) chooseImportFile(title string, maxBytes int) (*importFile, error) {
	path, err := c.Runtime.OpenFile(c.Context(), title, importFilters...)
	if err != nil {
		return nil, c.fail(apperr.Internal(err))
	}
	if path == "" {
		return &importFile{cancelled: true}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, apperr.Validation("file", "unreadable")
	}
	if info.Size() > int64(maxBytes) {
		return nil, apperr.Validation("file", "too_large").WithParam("max", maxBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, apperr.Validation("file", "unreadable")
	}
	return &importFile{data: data, name: filepath.Base(path),
		format: strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")}, nil
}
