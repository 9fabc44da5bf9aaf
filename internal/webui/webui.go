// Package webui serves Concord's single-page web app: the files that
// `cd web && npm run build` writes to internal/webui/dist, embedded in the
// binary. It knows nothing of the business: the app is a client of the
// public REST API like any other.
//
// Caching: files under /assets/ have content hashes in their names, so they
// are immutable and cached for a year; index.html (and every client-side
// route, which is answered with it) is revalidated on each load so a new
// release is picked up at once.
package webui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/httpx"
)

// dist holds the build output; in a checkout where the UI was never built it
// holds only a placeholder, and the handler explains how to build it.
//
//go:embed all:dist
var dist embed.FS

// Cache-Control values of the two kinds of files.
const (
	immutable = "public, max-age=31536000, immutable"
	noCache   = "no-cache"
)

// Handler returns the handler of the web app embedded in the binary.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is embedded, so it always exists
	}
	return New(sub)
}

// New returns a handler serving the app in fsys, whose root holds
// index.html and assets/. Paths under /api/ are never the app's: they
// answer the API's own not_found problem. When fsys has no index.html (the
// UI was not built) every page explains how to build it.
func New(fsys fs.FS) http.Handler {
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return unbuilt{}
	}
	sum := sha256.Sum256(index)
	return &app{fsys: fsys, index: index, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, files: http.FileServerFS(fsys)}
}

type app struct {
	fsys  fs.FS
	index []byte
	etag  string // lets a revalidation of index.html answer 304
	files http.Handler
}

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") {
		apiNotFound(w, r)
		return
	}
	if strings.HasPrefix(p, "/assets/") {
		// A missing asset is a 404, not the app: a stale index.html asking
		// for an old bundle must fail loudly rather than load HTML as a
		// script.
		if f, err := fs.Stat(a.fsys, strings.TrimPrefix(path.Clean(p), "/")); err != nil || f.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", immutable)
		a.files.ServeHTTP(w, r)
		return
	}
	// Other files at the root (favicon.svg, robots.txt) are served as they
	// are, but revalidated since their names carry no hash.
	if name := strings.TrimPrefix(path.Clean(p), "/"); name != "" && name != "index.html" && !strings.Contains(name, "/") {
		if f, err := fs.Stat(a.fsys, name); err == nil && !f.IsDir() {
			w.Header().Set("Cache-Control", noCache)
			a.files.ServeHTTP(w, r)
			return
		}
	}
	// Everything else is a client-side route of the single-page app.
	w.Header().Set("Cache-Control", noCache)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", a.etag)
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(a.index))
}

// apiNotFound answers a path under /api/ that no operation serves, exactly
// as the API does for unknown paths.
func apiNotFound(w http.ResponseWriter, r *http.Request) {
	httpx.WriteError(w, r, apperr.New(apperr.KindNotFound, apperr.CodeNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path))
}

// unbuilt is served by a binary built without the web UI.
type unbuilt struct{}

func (unbuilt) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
		apiNotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", noCache)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(unbuiltPage))
}

const unbuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Concord: web UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f1f1f}code,pre{background:#f4f4f4;border-radius:4px;padding:.1rem .3rem}pre{padding:.75rem}</style></head>
<body>
<h1>The web UI is not built into this binary</h1>
<p>This <code>concord</code> binary was built without the web UI. The REST API works:
see <a href="/api/docs">/api/docs</a>.</p>
<p>To build the UI into the binary, run from the repository root:</p>
<pre>make run</pre>
<p>or, step by step (needs Node.js 20.19 or newer):</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build &amp;&amp; cd .. &amp;&amp; make build</pre>
</body>
</html>
`
