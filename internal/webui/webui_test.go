package webui_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/webui"
)

var built = fstest.MapFS{
	"index.html":                {Data: []byte(`<!doctype html><script type="module" src="/assets/index-3f9a.js"></script>`)},
	"assets/index-3f9a.js":      {Data: []byte(`console.log("app")`)},
	"assets/index-77c1.css":     {Data: []byte(`body{}`)},
	"favicon.svg":               {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	"assets/fonts/inter-1a.ttf": {Data: []byte(`font`)},
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHashedAssetsAreImmutable(t *testing.T) {
	h := webui.New(built)
	for _, p := range []string{"/assets/index-3f9a.js", "/assets/index-77c1.css", "/assets/fonts/inter-1a.ttf"} {
		w := get(t, h, p)
		require.Equal(t, 200, w.Code, p)
		require.Equal(t, "public, max-age=31536000, immutable", w.Header().Get("Cache-Control"), p)
	}
	w := get(t, h, "/assets/index-3f9a.js")
	require.Contains(t, w.Header().Get("Content-Type"), "javascript")
	require.Equal(t, `console.log("app")`, w.Body.String())
}

func TestMissingAssetIsNotFoundNotTheApp(t *testing.T) {
	w := get(t, webui.New(built), "/assets/index-old.js")
	require.Equal(t, 404, w.Code, "a stale page asking for an old bundle must not get HTML back")
	require.Empty(t, w.Header().Get("Cache-Control"), "a 404 must not be cached for a year")
}

func TestIndexAndClientRoutesAreRevalidated(t *testing.T) {
	h := webui.New(built)
	for _, p := range []string{"/", "/index.html", "/login", "/customers/pty_01J", "/products?q=tea"} {
		w := get(t, h, p)
		require.Equal(t, 200, w.Code, p)
		require.Equal(t, "no-cache", w.Header().Get("Cache-Control"), p)
		require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"), p)
		require.Contains(t, w.Body.String(), "/assets/index-3f9a.js", p)
	}
	etag := get(t, h, "/").Header().Get("ETag")
	require.NotEmpty(t, etag)
	require.Equal(t, 304, get(t, h, "/customers", "If-None-Match", etag).Code, "an unchanged index is not sent again")

	w := get(t, h, "/favicon.svg")
	require.Equal(t, 200, w.Code)
	require.Equal(t, "no-cache", w.Header().Get("Cache-Control"), "unhashed root files are revalidated")
	require.Contains(t, w.Body.String(), "<svg")
}

func TestAPIPathsStayTheAPIs(t *testing.T) {
	for name, h := range map[string]http.Handler{"built": webui.New(built), "unbuilt": webui.New(fstest.MapFS{})} {
		for _, p := range []string{"/api/v1/no-such-thing", "/api"} {
			w := get(t, h, p)
			require.Equal(t, 404, w.Code, name+" "+p)
			require.Equal(t, "application/problem+json", w.Header().Get("Content-Type"), name+" "+p)
			var problem struct{ Code string }
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &problem))
			require.Equal(t, "not_found", problem.Code)
		}
	}
}

func TestUnbuiltBinaryExplainsHowToBuildTheUI(t *testing.T) {
	h := webui.New(fstest.MapFS{".gitkeep": {Data: []byte("placeholder")}})
	for _, p := range []string{"/", "/customers"} {
		w := get(t, h, p)
		require.Equal(t, http.StatusServiceUnavailable, w.Code)
		require.Equal(t, "no-cache", w.Header().Get("Cache-Control"))
		require.Contains(t, w.Header().Get("Content-Type"), "text/html")
		require.Contains(t, w.Body.String(), "make run")
		require.Contains(t, w.Body.String(), "cd web &amp;&amp; npm ci &amp;&amp; npm run build")
	}
}

// TestEmbeddedBuildIsServable checks the real embedded tree: whether or not
// the UI was built in this checkout, "/" answers a page, never an error.
func TestEmbeddedBuildIsServable(t *testing.T) {
	w := get(t, webui.Handler(), "/")
	require.Contains(t, []int{200, 503}, w.Code)
	require.Contains(t, w.Header().Get("Content-Type"), "text/html")
}
