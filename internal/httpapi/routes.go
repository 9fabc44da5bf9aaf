// Package httpapi is Concord's HTTP surface: the whole route table is in this
// file, and each module's handlers are in <module>_handlers.go. Handlers
// decode input, call a module's Service and encode the result; they hold no
// business rules and never touch SQL.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/buildinfo"
	"github.com/concord-erp/concord/internal/platform/httpx"
)

// Deps is what the HTTP layer needs from the composition root.
type Deps struct {
	Log *slog.Logger
	// Metrics is the registry served at /metrics; HTTP metrics are added to it.
	Metrics *prometheus.Registry
	// Ready reports whether the node can serve traffic (the database answers).
	Ready func(context.Context) error
	// Idempotency wraps the API so retried POSTs have one effect.
	Idempotency func(http.Handler) http.Handler
}

const apiDescription = `Concord is an integrated ERP + CRM. This is its complete REST API: the web
UI uses nothing else.

Conventions: amounts and quantities are decimal strings ("1234.50"); IDs are
opaque prefixed strings; errors are RFC 9457 problem documents with a stable
code; POST requests accept an Idempotency-Key header; lists are cursor
paginated with limit and after.`

// NewHandler returns the HTTP handler serving the API, the probes and the
// metrics.
func NewHandler(d Deps) http.Handler {
	mux := http.NewServeMux()
	api := httpx.NewAPI(mux, "Concord API", buildinfo.Get().Version, apiDescription)

	// Probes and metrics stay outside the API document: they are for
	// orchestrators and Prometheus, not for integrators.
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", readyz(d.Ready))
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.Metrics, promhttp.HandlerOpts{}))

	// /api/v1
	huma.Register(api, huma.Operation{
		OperationID: "get-system-version", Method: http.MethodGet, Path: "/api/v1/system/version",
		Summary: "Get the server version", Tags: []string{"System"},
	}, getVersion)

	mux.HandleFunc("/", notFound)

	metrics := httpx.NewMetrics(d.Metrics)
	return httpx.Middleware(d.Idempotency(mux), d.Log, metrics)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	httpx.WriteError(w, r, apperr.New(apperr.KindNotFound, apperr.CodeNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path))
}
