package logging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The log rotates by size and keeps only MaxBackups old files (F13.5).
func TestLogRotatesBySizeAndKeepsNFiles(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := New(Options{Dir: dir, MaxSizeMB: 1, MaxBackups: 2})
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 64*1024)
	for i := 0; i < 80; i++ { // about 5 MB: four rotations
		log.Info().Int("i", i).Str("pad", line).Msg("filler")
	}
	closer.Close()
	// lumberjack removes old files in the background after a rotation.
	var backups []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		backups, _ = filepath.Glob(filepath.Join(dir, "logs", "plantel-*.log"))
		if len(backups) <= 2 {
			break
		}
	}
	if len(backups) == 0 || len(backups) > 2 {
		t.Fatalf("rotated files kept: %v", backups)
	}
	fi, err := os.Stat(Path(dir))
	if err != nil || fi.Size() > 1<<20 {
		t.Fatalf("current log: %v %v", fi, err)
	}
}
