package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

type okOutput struct {
	Body struct {
		OK bool `json:"ok"`
	}
}

func ok(context.Context, *struct{}) (*okOutput, error) {
	out := &okOutput{}
	out.Body.OK = true
	return out, nil
}

// TestOperationsOfSwitchedOffModulesAnswer403 registers operations of
// business modules (which later issues add) through the real op helper and
// checks the rules every one of them will get: token scopes and module
// switches.
func TestOperationsOfSwitchedOffModulesAnswer403(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		catalog := authz.NewCatalog()
		ident := identity.NewService(d, catalog)
		h := newHandler(Deps{Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry(), Ready: d.Ping,
			Idempotency: func(h http.Handler) http.Handler { return h }, Catalog: catalog, Identity: ident}, func(s *server) {
			op(s, huma.Operation{OperationID: "test-list-leads", Method: http.MethodGet, Path: "/api/v1/test/leads"}, "crm.lead.read", ok)
			op(s, huma.Operation{OperationID: "test-create-order", Method: http.MethodPost, Path: "/api/v1/test/orders"}, "sales.order.create", ok)
		})
		srv := httptest.NewServer(h)
		defer srv.Close()

		sys := authz.WithPrincipal(context.Background(), authz.System("test"))
		rep, _, err := ident.CreateUser(sys, identity.CreateUserInput{Email: "rep@example.com", Name: "Rep", Roles: []string{"sales_rep"}, Password: "a long password"})
		require.NoError(t, err)
		full, err := ident.CreateToken(sys, identity.CreateTokenInput{Name: "full", Scopes: []string{"*"}, UserID: rep.ID})
		require.NoError(t, err)
		salesRead, err := ident.CreateToken(sys, identity.CreateTokenInput{Name: "ro", Scopes: []string{"sales:read", "crm:read"}, UserID: rep.ID})
		require.NoError(t, err)
		call := func(tok identity.Token, method, path string) (int, string) {
			r := httpxtest.Do(t, method, srv.URL+path, map[string]any{}, "Authorization", "Bearer "+tok.Secret)
			var p struct{ Code string }
			if r.Status >= 400 {
				r.JSON(t, &p)
			}
			return r.Status, p.Code
		}

		status, _ := call(full, "POST", "/api/v1/test/orders")
		require.Equal(t, 200, status, "a sales rep creates orders")
		status, c := call(salesRead, "POST", "/api/v1/test/orders")
		require.Equal(t, 403, status, "a token with scope sales:read cannot create an order")
		require.Equal(t, "forbidden", c)
		status, _ = call(salesRead, "GET", "/api/v1/test/leads")
		require.Equal(t, 200, status)

		_, err = ident.SetModule(sys, "crm", false)
		require.NoError(t, err)
		status, c = call(full, "GET", "/api/v1/test/leads")
		require.Equal(t, 403, status)
		require.Equal(t, "module_disabled", c)
		status, _ = call(full, "POST", "/api/v1/test/orders")
		require.Equal(t, 200, status, "other modules are unaffected")

		require.Contains(t, catalog.All(), "crm.lead.read", "the catalog knows every operation's permission")
	})
}
