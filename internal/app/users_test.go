package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx"
)

func TestUserAdministrationIsValidatedAndAudited(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		adminUser := e.user("admin@example.com", "admin")
		admin := e.token(adminUser)

		r := e.do(admin, "POST", "/api/v1/users", map[string]any{"email": "Li.Wei@Example.cn", "name": "李伟", "locale": "zh-CN",
			"time_zone": "Asia/Shanghai", "roles": []string{"sales_rep"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var created struct {
			ID                string   `json:"id"`
			Roles             []string `json:"roles"`
			GeneratedPassword string   `json:"generated_password"`
		}
		r.JSON(t, &created)
		require.Len(t, created.GeneratedPassword, 20, "no password given: one is generated and shown once")
		require.Equal(t, "/api/v1/users/"+created.ID, r.Header.Get("Location"))
		createReq := r.Header.Get(httpx.RequestIDHeader)

		b := &browser{e: e, cookies: map[string]string{}}
		require.Equal(t, 200, b.login("li.wei@example.cn", created.GeneratedPassword).Status)

		// Duplicates (case-insensitive) and bad fields are 4xx with the field named.
		r = e.do(admin, "POST", "/api/v1/users", map[string]any{"email": "LI.WEI@example.cn", "name": "x", "roles": []string{}})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "email_taken", code(t, r))
		r = e.do(admin, "POST", "/api/v1/users", map[string]any{"email": "ok@example.com", "name": "x", "locale": "fr", "roles": []string{}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"locale"`)
		r = e.do(admin, "POST", "/api/v1/users", map[string]any{"email": "not-an-email", "name": " ", "locale": "en",
			"time_zone": "Mars/Olympus", "roles": []string{"wizard"}, "password": "short"})
		require.Equal(t, 422, r.Status)
		for _, f := range []string{`"field":"email","code":"invalid"`, `"field":"name","code":"required"`, `"field":"time_zone"`,
			`"field":"roles[0]","code":"unknown_role"`, `"field":"password","code":"too_short"`} {
			require.Contains(t, string(r.Body), f)
		}
		r = e.do(admin, "POST", "/api/v1/users", map[string]any{"email": "ok@example.com", "name": "x", "roles": []string{}, "is_admin": true})
		require.Equal(t, 422, r.Status, "unknown fields are refused, not ignored")
		require.Contains(t, string(r.Body), "is_admin")
		r = e.do(admin, "POST", "/api/v1/users", map[string]any{"email": 42, "name": "x", "roles": []string{}})
		require.Equal(t, 422, r.Status, "wrong types are refused")
		require.Contains(t, string(r.Body), `"field":"email"`)
		var count struct{ Data []any }
		e.do(admin, "GET", "/api/v1/users?limit=200", nil).JSON(t, &count)
		require.Len(t, count.Data, 2, "no rejected request created anything")

		// Update with optimistic concurrency.
		r = e.do(admin, "GET", "/api/v1/users/"+created.ID, nil)
		etag := r.Header.Get("ETag")
		r = e.do(admin, "PATCH", "/api/v1/users/"+created.ID, map[string]any{"roles": []string{"sales_manager"}}, "If-Match", etag)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(admin, "PATCH", "/api/v1/users/"+created.ID, map[string]any{"name": "stale"}, "If-Match", etag)
		require.Equal(t, 412, r.Status)
		require.Equal(t, "version_conflict", code(t, r))

		// The audit trail has who, what, before and after, and the request.
		r = e.do(admin, "GET", "/api/v1/audit?entity_type=user&entity_id="+created.ID, nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var trail struct {
			Data []struct {
				Action    string          `json:"action"`
				ActorType string          `json:"actor_type"`
				ActorID   string          `json:"actor_id"`
				Before    json.RawMessage `json:"before"`
				After     json.RawMessage `json:"after"`
				RequestID string          `json:"request_id"`
			}
		}
		r.JSON(t, &trail)
		require.Len(t, trail.Data, 2)
		upd, crt := trail.Data[0], trail.Data[1]
		require.Equal(t, "update", upd.Action)
		require.Equal(t, "token", upd.ActorType)
		require.True(t, strings.HasPrefix(upd.ActorID, adminUser.ID+"/tok_"))
		require.Contains(t, string(upd.Before), `"roles":["sales_rep"]`)
		require.Contains(t, string(upd.After), `"roles":["sales_manager"]`)
		require.NotContains(t, string(upd.After), "email", "only changed fields")
		require.Equal(t, "create", crt.Action)
		require.Equal(t, createReq, crt.RequestID)
		require.NotContains(t, string(crt.After), "password", "secrets never enter the trail")

		// Deactivating the only other admin is fine; the last one is not.
		r = e.do(admin, "PATCH", "/api/v1/users/"+adminUser.ID, map[string]any{"active": false, "version": 1})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "last_admin", code(t, r))

		// An admin reset ends the user's sessions.
		r = e.do(admin, "POST", "/api/v1/users/"+created.ID+"/reset-password", map[string]any{"password": "a brand new secret"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, 401, b.do("GET", "/api/v1/auth/me", nil).Status)
		require.Equal(t, 200, b.login("li.wei@example.cn", "a brand new secret").Status)
		r = b.do("POST", "/api/v1/auth/password", map[string]any{"current_password": "wrong", "new_password": "another long secret"}, "X-CSRF-Token", b.csrf)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"current_password"`)
		r = b.do("POST", "/api/v1/auth/password", map[string]any{"current_password": "a brand new secret", "new_password": "another long secret"}, "X-CSRF-Token", b.csrf)
		require.Equal(t, 204, r.Status, "%s", r.Body)
		require.Equal(t, 200, b.do("GET", "/api/v1/auth/me", nil).Status, "changing one's password keeps the current session")
	})
}

func TestModuleSwitches(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.token(e.user("admin@example.com", "admin"))
		viewer := e.token(e.user("viewer@example.com", "viewer"))
		r := e.do(viewer, "PATCH", "/api/v1/modules/crm", map[string]any{"enabled": false})
		require.Equal(t, 403, r.Status)
		r = e.do(admin, "PATCH", "/api/v1/modules/crm", map[string]any{"enabled": false})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, 404, e.do(admin, "PATCH", "/api/v1/modules/identity", map[string]any{"enabled": false}).Status,
			"identity cannot be switched off")
		var mods struct {
			Data []struct {
				Module  string `json:"module"`
				Enabled bool   `json:"enabled"`
			}
		}
		e.do(viewer, "GET", "/api/v1/modules", nil).JSON(t, &mods)
		state := map[string]bool{}
		for _, m := range mods.Data {
			state[m.Module] = m.Enabled
		}
		require.False(t, state["crm"])
		require.True(t, state["sales"])
		require.Len(t, state, 10)
	})
}

func TestSecurityHeadersAndLimits(t *testing.T) {
	e := newEnv(t, "sqlite")
	admin := e.token(e.user("admin@example.com", "admin"))
	r := e.do(admin, "GET", "/api/v1/auth/me", nil)
	require.Contains(t, r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	require.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "strict-origin-when-cross-origin", r.Header.Get("Referrer-Policy"))

	huge := `{"email":"a@example.com","name":"` + strings.Repeat("x", 2<<20) + `","roles":[]}`
	r = e.do(admin, "POST", "/api/v1/users", huge)
	require.Equal(t, 413, r.Status)
	require.Equal(t, "request_too_large", code(t, r))
}

// TestNoPrivilegeEscalation: holding identity.user.update is not enough to
// make oneself admin or to take over an admin's account; and a token
// cannot mint a wider token or change its user outside its scopes.
func TestNoPrivilegeEscalation(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.user("admin@example.com", "admin")
		adminTok := e.token(admin)
		r := e.do(adminTok, "POST", "/api/v1/roles", map[string]any{"name": "user_manager", "description": "HR",
			"permissions": []string{"identity.user.*"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		hrUser := e.user("hr@example.com", "user_manager")
		hr := e.token(hrUser)

		r = e.do(hr, "PATCH", "/api/v1/users/"+hrUser.ID, map[string]any{"roles": []string{"admin"}, "version": 1})
		require.Equal(t, 403, r.Status, "%s", r.Body)
		r = e.do(hr, "POST", "/api/v1/users", map[string]any{"email": "evil@example.com", "name": "Evil", "roles": []string{"admin"}})
		require.Equal(t, 403, r.Status)
		r = e.do(hr, "POST", "/api/v1/users/"+admin.ID+"/reset-password", map[string]any{"password": "i own you now"})
		require.Equal(t, 403, r.Status)
		r = e.do(hr, "POST", "/api/v1/users", map[string]any{"email": "rep@example.com", "name": "Rep", "roles": []string{"sales_rep"}})
		require.Equal(t, 201, r.Status, "ordinary roles are fine: %s", r.Body)
		require.Equal(t, "no-store", r.Header.Get("Cache-Control"), "a generated password is never cached")

		narrow := e.token(admin, "identity:write")
		r = e.do(narrow, "POST", "/api/v1/tokens", map[string]any{"name": "wider", "scopes": []string{"*"}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"code":"exceeds_scope"`)
		r = e.do(narrow, "POST", "/api/v1/tokens", map[string]any{"name": "same", "scopes": []string{"identity:read"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)

		salesRead := e.token(admin, "sales:read")
		require.Equal(t, 200, e.do(salesRead, "GET", "/api/v1/auth/me", nil).Status, "any token may read who it is")
		r = e.do(salesRead, "PATCH", "/api/v1/auth/me", map[string]any{"name": "renamed"})
		require.Equal(t, 403, r.Status, "but not change its user outside its scopes")

		// A bad token does not break public endpoints.
		require.Equal(t, 200, e.do("garbage", "GET", "/healthz", nil).Status)
		require.Equal(t, 401, e.do("garbage", "POST", "/api/v1/auth/login", map[string]any{"email": "admin@example.com", "password": "x"}).Status)
	})
}

// TestSecretsAreNotKeptForReplay: an idempotent retry of a request whose
// response held a secret does not create a second token and does not
// reveal the first one's secret.
func TestSecretsAreNotKeptForReplay(t *testing.T) {
	e := newEnv(t, "sqlite")
	admin := e.token(e.user("admin@example.com", "admin"))
	body := map[string]any{"name": "shop", "scopes": []string{"sales:write"}}
	r := e.do(admin, "POST", "/api/v1/tokens", body, "Idempotency-Key", "tok-1")
	require.Equal(t, 201, r.Status)
	require.Contains(t, string(r.Body), `"secret":"cnd_`)
	r = e.do(admin, "POST", "/api/v1/tokens", body, "Idempotency-Key", "tok-1")
	require.Equal(t, 409, r.Status)
	require.Equal(t, "response_not_replayable", code(t, r))
	require.NotContains(t, string(r.Body), "cnd_")
	var list struct{ Data []any }
	e.do(admin, "GET", "/api/v1/tokens", nil).JSON(t, &list)
	require.Len(t, list.Data, 2, "the test's own token and one shop token")
}
