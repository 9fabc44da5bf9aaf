package app_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/httpapi"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
)

type operation struct {
	method, path, perm string
}

func operations(t *testing.T, e *env) []operation {
	r := e.do("", "GET", "/api/openapi.json", nil)
	require.Equal(t, 200, r.Status, "the API document is public")
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	r.JSON(t, &doc)
	var ops []operation
	for path, methods := range doc.Paths {
		for method, raw := range methods {
			var o map[string]any
			require.NoError(t, json.Unmarshal(raw, &o))
			perm, _ := o[httpapi.PermissionExtension].(string)
			require.NotEmpty(t, perm, "%s %s declares no permission", method, path)
			ops = append(ops, operation{strings.ToUpper(method), path, perm})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return ops
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestEveryOperationIsGuarded walks the whole API document: without
// credentials every operation but sign-in answers 401, and a signed-in user
// without the permission gets 403. New endpoints are covered automatically.
func TestEveryOperationIsGuarded(t *testing.T) {
	e := newEnv(t, db.SQLite)
	nobody := e.token(e.user("nobody@example.com")) // a user with no role
	var public []string
	ops := operations(t, e)
	require.Greater(t, len(ops), 20)
	for _, o := range ops {
		path := pathParam.ReplaceAllString(o.path, "x")
		var body any
		if o.method == http.MethodPost || o.method == http.MethodPatch || o.method == http.MethodPut {
			body = map[string]any{}
		}
		if o.perm == authz.Public {
			public = append(public, o.method+" "+o.path)
			continue
		}
		r := e.do("", o.method, path, body)
		require.Equal(t, 401, r.Status, "%s %s without credentials: %s", o.method, o.path, r.Body)
		require.Equal(t, "unauthenticated", code(t, r))

		r = e.do("garbage", o.method, path, body)
		require.Equal(t, 401, r.Status, "%s %s with a bad token", o.method, o.path)
		require.Equal(t, "invalid_token", code(t, r))

		r = e.do(nobody, o.method, path, body)
		if o.perm == authz.Authenticated {
			require.NotContains(t, []int{401, 403}, r.Status, "%s %s only needs a signed-in user: %s", o.method, o.path, r.Body)
			continue
		}
		require.Equal(t, 403, r.Status, "%s %s (%s) for a user without it: %s", o.method, o.path, o.perm, r.Body)
		require.Equal(t, "forbidden", code(t, r))
	}
	require.Equal(t, []string{"POST /api/v1/auth/login", "POST /api/v1/leads/capture"}, public,
		"sign-in and the website's lead form are the only public operations")

	// Outside the document: probes and docs are public, metrics are not.
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/docs": 200, "/api/openapi.yaml": 200, "/metrics": 401} {
		require.Equal(t, want, e.do("", "GET", path, nil).Status, path)
	}
}

// TestTokenScopes: a token never does more than its scopes allow, even for
// an admin.
func TestTokenScopes(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.user("admin@example.com", "admin")
		readOnly := e.token(admin, "identity:read")
		r := e.do(readOnly, "GET", "/api/v1/users", nil)
		require.Equal(t, 200, r.Status)
		r = e.do(readOnly, "POST", "/api/v1/users", map[string]any{"email": "x@example.com", "name": "X", "roles": []string{}})
		require.Equal(t, 403, r.Status, "identity:read cannot create")
		require.Equal(t, "forbidden", code(t, r))
		salesRead := e.token(admin, "sales:read")
		require.Equal(t, 403, e.do(salesRead, "GET", "/api/v1/users", nil).Status, "nor read another module")

		// A token stops working when revoked or when its user is deactivated.
		full := e.token(admin)
		var tokens struct {
			Data []struct{ ID, Prefix string }
		}
		e.do(full, "GET", "/api/v1/tokens", nil).JSON(t, &tokens)
		require.Len(t, tokens.Data, 3)
		r = e.do(full, "DELETE", "/api/v1/tokens/"+tokens.Data[0].ID, nil)
		require.Equal(t, 200, r.Status)
		require.Equal(t, 401, e.do(readOnly, "GET", "/api/v1/users", nil).Status, "revoked at once")

		other := e.user("other@example.com", "admin")
		otherTok := e.token(other)
		r = e.do(full, "GET", "/api/v1/users/"+other.ID, nil)
		etag := r.Header.Get("ETag")
		r = e.do(full, "PATCH", "/api/v1/users/"+other.ID, map[string]any{"active": false}, "If-Match", etag)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, 401, e.do(otherTok, "GET", "/api/v1/auth/me", nil).Status, "a deactivated user's tokens stop")
	})
}

// TestRecordRules: without identity.token.all a user sees and revokes only
// their own tokens; another user's token is not found, not forbidden, so IDs
// cannot be probed.
func TestRecordRules(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.token(e.user("admin@example.com", "admin"))
		r := e.do(admin, "POST", "/api/v1/roles", map[string]any{"name": "integrator", "description": "API access",
			"permissions": []string{"identity.token.read", "identity.token.create", "identity.token.revoke"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		ana, bob := e.user("ana@example.com", "integrator"), e.user("bob@example.com", "integrator")
		anaTok, bobTok := e.token(ana), e.token(bob)

		var created struct{ ID string }
		r = e.do(anaTok, "POST", "/api/v1/tokens", map[string]any{"name": "shop sync", "scopes": []string{"sales:write"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &created)

		r = e.do(bobTok, "GET", "/api/v1/tokens/"+created.ID, nil)
		require.Equal(t, 404, r.Status)
		require.NotContains(t, string(r.Body), "shop sync")
		require.Equal(t, 404, e.do(bobTok, "DELETE", "/api/v1/tokens/"+created.ID, nil).Status)
		var list struct {
			Data []struct {
				UserID string `json:"user_id"`
			}
		}
		e.do(bobTok, "GET", "/api/v1/tokens?user_id="+ana.ID, nil).JSON(t, &list)
		for _, tk := range list.Data {
			require.Equal(t, bob.ID, tk.UserID, "bob lists only his own tokens")
		}
		r = e.do(bobTok, "POST", "/api/v1/tokens", map[string]any{"name": "x", "scopes": []string{"*"}, "user_id": ana.ID})
		require.Equal(t, 404, r.Status, "nor creates tokens for ana")

		require.Equal(t, 200, e.do(anaTok, "GET", "/api/v1/tokens/"+created.ID, nil).Status)
		require.Equal(t, 200, e.do(admin, "GET", "/api/v1/tokens/"+created.ID, nil).Status, "admin holds identity.token.all")

		// Custom roles may only grant permissions that exist.
		r = e.do(admin, "POST", "/api/v1/roles", map[string]any{"name": "typo", "description": "",
			"permissions": []string{"identity.tokn.read", "not a permission"}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"permissions[0]","code":"unknown_permission"`)
		require.Contains(t, string(r.Body), `"field":"permissions[1]","code":"invalid"`)
		r = e.do(admin, "PATCH", "/api/v1/roles/admin", map[string]any{"description": "x", "permissions": []string{"*"}, "version": 1})
		require.Equal(t, "builtin_role", code(t, r))
		require.Equal(t, "role_in_use", code(t, e.do(admin, "DELETE", "/api/v1/roles/integrator", nil)))
	})
}
