package httpapi

import (
	"context"
	"net/http"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/buildinfo"
	"github.com/concord-erp/concord/internal/platform/httpx"
)

// healthz answers 200 while the process is up; it checks nothing else, so an
// orchestrator restarts the process only when it is truly stuck.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// readyz answers 200 when the node can serve traffic and 503 when its
// database does not answer, so a load balancer sends requests elsewhere.
func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := ready(r.Context()); err != nil {
			httpx.Logger(r.Context()).Warn("not ready", "error", err)
			httpx.WriteError(w, r, apperr.New(apperr.KindUnavailable, "not_ready", "the database does not answer"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(`{"status":"ready"}` + "\n"))
	}
}

// SystemVersion describes the running build.
type SystemVersion buildinfo.Info

type versionOutput struct {
	Body SystemVersion
}

func getVersion(_ context.Context, _ *struct{}) (*versionOutput, error) {
	return &versionOutput{Body: SystemVersion(buildinfo.Get())}, nil
}
