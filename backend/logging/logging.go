// Package logging sets up zerolog: JSON lines to a size-rotated file in the data
// directory, plus readable console output in development. Nothing logged may hold a
// secret; callers log ids, never passwords, hashes, codes or tokens.
package logging

import (
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Options configure New.
type Options struct {
	// Dir is the data directory; the log goes to Dir/logs/plantel.log.
	Dir string
	// Console also writes human-readable lines to stderr (development).
	Console bool
	// Debug lowers the minimum level from info to debug.
	Debug bool
	// MaxSizeMB rotates the file past this size (default 10); MaxBackups old files are kept
	// (default 5).
	MaxSizeMB, MaxBackups int
}

// New returns the logger and the closer of its file.
func New(o Options) (zerolog.Logger, io.Closer, error) {
	if o.MaxSizeMB == 0 {
		o.MaxSizeMB = 10
	}
	if o.MaxBackups == 0 {
		o.MaxBackups = 5
	}
	dir := filepath.Join(o.Dir, "logs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return zerolog.Nop(), nil, err
	}
	file := &lumberjack.Logger{Filename: filepath.Join(dir, "plantel.log"), MaxSize: o.MaxSizeMB,
		MaxBackups: o.MaxBackups, MaxAge: 90}
	var w io.Writer = file
	if o.Console {
		w = zerolog.MultiLevelWriter(file, zerolog.ConsoleWriter{Out: os.Stderr, TimeFormat: time.TimeOnly})
	}
	level := zerolog.InfoLevel
	if o.Debug {
		level = zerolog.DebugLevel
	}
	log := zerolog.New(w).Level(level).With().Timestamp().Logger()
	return log, file, nil
}

// Path is where New writes the log for data directory dir.
func Path(dir string) string { return filepath.Join(dir, "logs", "plantel.log") }
