package avatar_test

import (
	"bytes"
	"image"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/testutil"
)

func TestHandlerServesAvatarsWithImmutableCaching(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := avatar.New(env.DB)
	owner := env.SignIn(testutil.OwnerUsername)
	alpha := image.NewNRGBA(image.Rect(0, 0, 30, 30)) // transparent: stored as PNG
	id, err := svc.Set(ctx, owner, env.Owner, encodePNG(t, alpha), avatar.Crop{})
	must(t, err)
	h := avatar.Handler(svc)
	etag := `"` + id + `"`
	const cache = "private, max-age=31536000, immutable"

	cases := []struct {
		name, method, path, ifNoneMatch string
		status                          int
		size                            int // expected picture size for 200 GET
	}{
		{"large", http.MethodGet, avatar.URL(id, 512), "", 200, 512},
		{"small", http.MethodGet, avatar.URL(id, 64), "", 200, 64},
		{"head", http.MethodHead, avatar.URL(id, 64), "", 200, 0},
		{"cached", http.MethodGet, avatar.URL(id, 512), etag, 304, 0},
		{"cached among others", http.MethodGet, avatar.URL(id, 64), `"abc", W/` + etag, 304, 0},
		{"stale etag", http.MethodGet, avatar.URL(id, 64), `"abc"`, 200, 64},
		{"bad size", http.MethodGet, "/avatars/" + id + "/128", "", 400, 0},
		{"size not a number", http.MethodGet, "/avatars/" + id + "/big", "", 400, 0},
		{"unknown avatar", http.MethodGet, avatar.URL(strings.Repeat("a", 64), 512), "", 404, 0},
		{"malformed id", http.MethodGet, "/avatars/nothex/512", "", 404, 0},
		{"no size", http.MethodGet, "/avatars/" + id, "", 404, 0},
		{"extra segment", http.MethodGet, "/avatars/" + id + "/512/x", "", 404, 0},
		{"other path", http.MethodGet, "/index.html", "", 404, 0},
		{"post", http.MethodPost, avatar.URL(id, 512), "", 405, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, nil)
			if c.ifNoneMatch != "" {
				req.Header.Set("If-None-Match", c.ifNoneMatch)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d (%s)", res.StatusCode, c.status, body)
			}
			if c.status != 200 && c.status != 304 {
				return
			}
			if got := res.Header.Get("Cache-Control"); got != cache {
				t.Errorf("Cache-Control %q", got)
			}
			if got := res.Header.Get("ETag"); got != etag {
				t.Errorf("ETag %q, want %q", got, etag)
			}
			if c.status == 304 {
				if len(body) != 0 {
					t.Error("304 with a body")
				}
				return
			}
			if got := res.Header.Get("Content-Type"); got != avatar.MimePNG {
				t.Errorf("Content-Type %q", got)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			want, _, err := svc.Get(ctx, id, map[bool]int{true: 512, false: 64}[strings.HasSuffix(c.path, "/512")])
			must(t, err)
			if res.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
				t.Errorf("Content-Length %s, want %d", res.Header.Get("Content-Length"), len(want))
			}
			if c.method == http.MethodHead {
				if len(body) != 0 {
					t.Error("HEAD with a body")
				}
				return
			}
			if !bytes.Equal(body, want) {
				t.Fatal("body differs from the stored picture")
			}
			decode(t, body, c.size)
		})
	}
}
