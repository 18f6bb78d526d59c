package avatar_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"sync"
	"testing"

	"github.com/plantel/plantel/backend/avatar"
)

// deepPNG writes a w×h PNG of the given bit depth and colour type (2: RGB, 0: gray) row by row,
// all black: a 16-bit 6300×6300 one is about 300 KB but decodes to 8 bytes a pixel.
func deepPNG(t testing.TB, w, h int, depth, colour byte) []byte {
	t.Helper()
	chunk := func(out *bytes.Buffer, kind string, body []byte) {
		if err := binary.Write(out, binary.BigEndian, uint32(len(body))); err != nil {
			t.Fatal(err)
		}
		c := crc32.NewIEEE()
		c.Write([]byte(kind))
		c.Write(body)
		out.WriteString(kind)
		out.Write(body)
		if err := binary.Write(out, binary.BigEndian, c.Sum32()); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunk(&out, "IHDR", append(ihdr, depth, colour, 0, 0, 0))
	samples := 3
	if colour == 0 {
		samples = 1
	}
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+w*samples*int(depth)/8)
	for y := 0; y < h; y++ {
		if _, err := z.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	z.Close()
	chunk(&out, "IDAT", idat.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// deepBomb is the reported picture: 16-bit RGB, 6300×6300 (39.7 megapixels, under the 40
// megapixel limit), about 300 KB; decoded it took 327 MB, four at once 1.3 GB.
func deepBomb(t testing.TB) []byte {
	bombOnce.Do(func() { bomb = deepPNG(t, 6300, 6300, 16, 2) })
	return bomb
}

func totalAllocMiB(fn func()) float64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return float64(b.TotalAlloc-a.TotalAlloc) / (1 << 20)
}

// A 16-bit picture under the pixel limit is refused from its header by what it would take
// to decode, before anything is decoded.
func TestDeepPictureIsRefusedByItsDecodeMemory(t *testing.T) {
	if raceOn {
		t.Skip("writes 238 MB through zlib: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	data := deepBomb(t)
	var err error
	mib := totalAllocMiB(func() { _, err = avatar.Process(data, avatar.Crop{}, avatar.DefaultLimits()) })
	t.Logf("%d KB 16-bit 6300×6300 PNG: %v, %.1f MiB allocated", len(data)>>10, err, mib)
	reason, params := refusal(t, err)
	if reason != avatar.ReasonMemory || params["width"] != 6300 || params["height"] != 6300 || params["maxBytes"] != avatar.DefaultMaxDecodeBytes {
		t.Fatalf("want reason memory with the size, got %v", err)
	}
	if mib > 16 {
		t.Fatalf("refusing took %.0f MiB", mib)
	}
	// Bytes per pixel, not pixels, decide: under a 20 MB budget a 2000×2000 picture is
	// refused at 16-bit RGB (32 MB decoded) and decoded at 8-bit gray (4 MB).
	lim := avatar.Limits{MaxDecodeBytes: 20 << 20}
	if reason, _ := refusal(t, avatarProcess(deepPNG(t, 2000, 2000, 16, 2), lim)); reason != avatar.ReasonMemory {
		t.Fatalf("16-bit RGB 2000×2000: %s", reason)
	}
	if err := avatarProcess(deepPNG(t, 2000, 2000, 8, 0), lim); err != nil {
		t.Fatalf("8-bit gray 2000×2000: %v", err)
	}
}

func avatarProcess(data []byte, lim avatar.Limits) error {
	_, err := avatar.Process(data, avatar.Crop{}, lim)
	return err
}

// Uploads that arrive together are decoded one after another: memory holds one picture.
func TestPicturesAreDecodedOneAtATime(t *testing.T) {
	if raceOn {
		t.Skip("decodes four 16-bit pictures: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	data := deepPNG(t, 800, 800, 16, 2) // 5 MB decoded
	runs0, _ := avatar.DecodeStats()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := avatar.Process(data, avatar.Crop{}, avatar.DefaultLimits()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	runs, peak := avatar.DecodeStats()
	if runs-runs0 != 4 || peak != 1 {
		t.Fatalf("%d decodes, %d at once; want 4, one at a time", runs-runs0, peak)
	}
}
