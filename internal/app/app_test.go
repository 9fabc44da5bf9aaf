package app_test

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

func TestProbesMetricsAndDocs(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			e := newEnv(t, dialect)
			a, base := e.app, e.base
			admin := e.token(e.user("root@example.com", "admin"))

			r := httpxtest.Do(t, "GET", base+"/healthz", nil)
			require.Equal(t, 200, r.Status)
			require.JSONEq(t, `{"status":"ok"}`, string(r.Body))
			r = httpxtest.Do(t, "GET", base+"/readyz", nil)
			require.Equal(t, 200, r.Status)

			r = e.do(admin, "GET", "/api/v1/system/version", nil)
			require.Equal(t, 200, r.Status)
			require.Contains(t, string(r.Body), `"version":`)

			require.Equal(t, 401, e.do("", "GET", "/metrics", nil).Status, "metrics need a token")
			r = e.do(admin, "GET", "/metrics", nil)
			require.Equal(t, 200, r.Status)
			require.Contains(t, string(r.Body), `concord_http_requests_total{method="GET",route="GET /api/v1/system/version",status="200"} 1`)
			require.Contains(t, string(r.Body), "go_goroutines")

			r = httpxtest.Do(t, "GET", base+"/api/docs", nil)
			require.Equal(t, 200, r.Status)
			require.Contains(t, r.Header.Get("Content-Type"), "text/html")
			require.Contains(t, string(r.Body), "/api/openapi")

			r = httpxtest.Do(t, "GET", base+"/api/v1/no/such/page", nil)
			require.Equal(t, 404, r.Status)
			require.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
			// Any other path is the web app's (or, in a binary built without
			// it, the page that says how to build it).
			r = httpxtest.Do(t, "GET", base+"/customers", nil)
			require.Contains(t, r.Header.Get("Content-Type"), "text/html")
			require.Equal(t, "no-cache", r.Header.Get("Cache-Control"))
			r = e.do(admin, "POST", "/api/v1/no/such/page", nil)
			require.Equal(t, 404, r.Status, "an unknown path is unknown for every method, web app or not")
			require.Equal(t, "not_found", code(t, r))
			require.Empty(t, r.Header.Get("Allow"))
			r = e.do(admin, "DELETE", "/api/v1/system/version", nil)
			require.Equal(t, 405, r.Status, "a known path with the wrong method")
			require.Equal(t, "method_not_allowed", code(t, r))
			require.Contains(t, r.Header.Get("Allow"), "GET")

			// A node whose database is gone is alive but not ready.
			require.NoError(t, a.DB.Close())
			r = httpxtest.Do(t, "GET", base+"/readyz", nil)
			require.Equal(t, 503, r.Status)
			require.Contains(t, string(r.Body), `"code":"not_ready"`)
			require.Equal(t, 200, httpxtest.Do(t, "GET", base+"/healthz", nil).Status)
		})
	}
}

// TestOpenAPIDocumentIsValid checks the served document with an independent
// implementation (kin-openapi), not with the library that generated it.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	base := newEnv(t, db.SQLite).base
	r := httpxtest.Do(t, "GET", base+"/api/openapi.json", nil)
	require.Equal(t, 200, r.Status)

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(r.Body)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(doc.OpenAPI, "3.1"), "OpenAPI version %s", doc.OpenAPI)
	require.True(t, doc.IsOpenAPI31OrLater())
	require.NoError(t, doc.Validate(loader.Context))

	require.NotNil(t, doc.Paths.Find("/api/v1/system/version"))
	require.Contains(t, doc.Components.Schemas, "Problem", "errors are documented as problem documents")
	problem := doc.Components.Schemas["Problem"].Value
	for _, f := range []string{"type", "title", "status", "code", "errors", "request_id"} {
		require.Contains(t, problem.Properties, f)
	}

	y := httpxtest.Do(t, "GET", base+"/api/openapi.yaml", nil)
	require.Equal(t, 200, y.Status)
	require.Contains(t, string(y.Body), "openapi: 3.1")
}
