package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/concord-erp/concord/internal/platform/authz"
)

// OpenAPI returns the API document exactly as GET /api/openapi.json serves
// it. The handler is built with no services behind its operations (only the
// route table is needed), so tools such as the web UI's typed-client
// generator can have the document without a database. The request is
// served in process through the real handler rather than by marshalling
// the document here, so the two can never differ.
func OpenAPI() ([]byte, error) { return OpenAPIAt("/api/openapi.json") }

// OpenAPIAt returns the document served at path, e.g.
// /api/openapi-3.0.json (the OpenAPI 3.0 version, for client generators
// that do not read 3.1 yet).
func OpenAPIAt(path string) ([]byte, error) {
	h := NewHandler(Deps{
		Log:         slog.New(slog.DiscardHandler),
		Metrics:     prometheus.NewRegistry(),
		Idempotency: func(h http.Handler) http.Handler { return h },
		Catalog:     authz.NewCatalog(),
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("openapi: the document answered %d", rec.Code)
	}
	return rec.Body.Bytes(), nil
}
