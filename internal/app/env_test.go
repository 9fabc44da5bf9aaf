package app_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/app"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/config"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

// env is a running Concord node on a fresh database, reached through its
// real HTTP handler.
type env struct {
	t    *testing.T
	app  *app.App
	base string
	sys  context.Context
	// url is the node's database, for commands run beside it.
	url string
}

func newEnv(t *testing.T, dialect db.Dialect) *env {
	t.Helper()
	url := dbtest.URL(t, dialect)
	// Webhook receivers in the tests listen on loopback, which the SSRF
	// guard refuses unless allowed.
	cfg := config.Config{DatabaseURL: url, Addr: "127.0.0.1:0", WebhookAllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &env{t: t, app: a, base: srv.URL, sys: authz.WithPrincipal(context.Background(), authz.System("test")), url: url}
}

// forEngine runs fn on a fresh node per engine, then the ledger check and
// the event check: whatever a test did, the ledger agrees with the
// documents and every event emitted matches the event catalog.
func forEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			fn(t, e)
			if t.Failed() {
				return
			}
			rep, err := app.CheckLedger(e.sys, e.app)
			require.NoError(t, err)
			require.Empty(t, rep.Problems, "the ledger check")
			// Every event the scenario emitted is in the event catalog and
			// matches its schema.
			problems, err := app.CheckEvents(e.sys, e.app)
			require.NoError(t, err)
			require.Empty(t, problems, "events that do not match the event catalog")
		})
	}
}

const testPassword = "correct horse battery"

// user creates a user with the given roles and testPassword.
func (e *env) user(email string, roles ...string) identity.User {
	e.t.Helper()
	if roles == nil {
		roles = []string{}
	}
	u, _, err := e.app.Identity.CreateUser(e.sys, identity.CreateUserInput{Email: email, Name: email, Roles: roles, Password: testPassword})
	require.NoError(e.t, err)
	return u
}

// token returns a bearer token of a user with the given scopes (* if none).
func (e *env) token(u identity.User, scopes ...string) string {
	e.t.Helper()
	if len(scopes) == 0 {
		scopes = []string{"*"}
	}
	t, err := e.app.Identity.CreateToken(e.sys, identity.CreateTokenInput{Name: "test", Scopes: scopes, UserID: u.ID})
	require.NoError(e.t, err)
	return t.Secret
}

// do sends a request with a bearer token ("" for none).
func (e *env) do(token, method, path string, body any, headers ...string) httpxtest.Response {
	e.t.Helper()
	if token != "" {
		headers = append(headers, "Authorization", "Bearer "+token)
	}
	return httpxtest.Do(e.t, method, e.base+path, body, headers...)
}

// code returns the problem code of a response, "" for a success.
func code(t *testing.T, r httpxtest.Response) string {
	t.Helper()
	if r.Status < 400 {
		return ""
	}
	var p struct {
		Code string `json:"code"`
	}
	r.JSON(t, &p)
	return p.Code
}
