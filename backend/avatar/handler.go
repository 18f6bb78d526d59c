package avatar

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/plantel/plantel/backend/apperr"
)

// PathPrefix is where Handler serves avatars: PathPrefix + "<avatar id>/<512|64>".
const PathPrefix = "/avatars/"

// cacheControl lets the window keep an avatar forever: its id is the hash of its content,
// so a changed avatar has a new URL.
const cacheControl = "private, max-age=31536000, immutable"

// URL is the path at which Handler serves avatar id at size.
func URL(id string, size int) string {
	return PathPrefix + id + "/" + strconv.Itoa(size)
}

// Handler serves GET and HEAD /avatars/<id>/<512|64> from svc, for the Wails asset server:
// the window shows avatars with plain <img src="/avatars/..."> and the webview caches them.
// It answers 200 with Content-Type, an ETag (the quoted id) and immutable caching; 304 when
// If-None-Match names the ETag; 400 for a size other than 512 or 64; 404 for an unknown
// avatar or any other path; 405 for other methods.
func Handler(svc *Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, PathPrefix)
		id, sizeText, ok2 := strings.Cut(rest, "/")
		if !ok || !ok2 || id == "" || strings.Contains(sizeText, "/") {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		size, err := strconv.Atoi(sizeText)
		if err != nil || (size != LargeSize && size != SmallSize) {
			http.Error(w, "size must be 512 or 64", http.StatusBadRequest)
			return
		}
		if !validID(id) {
			http.NotFound(w, r)
			return
		}
		etag := `"` + id + `"`
		h := w.Header()
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			// The content behind an id never changes, so a client holding it is up to date.
			h.Set("ETag", etag)
			h.Set("Cache-Control", cacheControl)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		data, mime, err := svc.Get(r.Context(), id, size)
		switch apperr.CodeOf(err) {
		case "":
		case apperr.CodeNotFound:
			http.NotFound(w, r)
			return
		default:
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", mime)
		h.Set("Content-Length", strconv.Itoa(len(data)))
		h.Set("ETag", etag)
		h.Set("Cache-Control", cacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(data)
		}
	})
}

// etagMatches reports whether an If-None-Match header names etag (weak comparison, as
// RFC 9110 asks for If-None-Match). "*" is not honoured; browsers do not send it for images.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == etag {
			return true
		}
	}
	return false
}
