package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

// browser is a cookie-carrying client, as the web UI is.
type browser struct {
	e       *env
	cookies map[string]string
	csrf    string
}

func (b *browser) do(method, path string, body any, headers ...string) httpxtest.Response {
	b.e.t.Helper()
	var pairs []string
	for k, v := range b.cookies {
		pairs = append(pairs, k+"="+v)
	}
	if len(pairs) > 0 {
		headers = append(headers, "Cookie", strings.Join(pairs, "; "))
	}
	r := b.e.do("", method, path, body, headers...)
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return r
}

func (b *browser) login(email, password string) httpxtest.Response {
	r := b.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password})
	if r.Status == 200 {
		var res struct {
			CSRFToken string `json:"csrf_token"`
		}
		r.JSON(b.e.t, &res)
		b.csrf = res.CSRFToken
	}
	return r
}

func TestBrowserSession(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		e.user("Ana.Admin@Example.com", "admin")
		b := &browser{e: e, cookies: map[string]string{}}

		r := b.login("ana.admin@example.COM", testPassword)
		require.Equal(t, 200, r.Status, "e-mail is case-insensitive: %s", r.Body)
		setCookies := strings.Join(r.Header.Values("Set-Cookie"), "\n")
		require.Regexp(t, `concord_session=[^;]+; Path=/; Max-Age=\d+; HttpOnly; SameSite=Lax`, setCookies)
		require.Contains(t, setCookies, "concord_csrf=")
		require.Equal(t, b.csrf, b.cookies["concord_csrf"], "the CSRF token is in the body and in a readable cookie")

		r = b.do("GET", "/api/v1/auth/me", nil)
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), `"email":"Ana.Admin@Example.com"`)

		// Writes with the cookie need the CSRF token.
		r = b.do("PATCH", "/api/v1/auth/me", map[string]any{"locale": "zh-CN"})
		require.Equal(t, 403, r.Status)
		require.Equal(t, "csrf_failed", code(t, r))
		r = b.do("PATCH", "/api/v1/auth/me", map[string]any{"locale": "zh-CN"}, "X-CSRF-Token", "forged")
		require.Equal(t, "csrf_failed", code(t, r))
		r = b.do("PATCH", "/api/v1/auth/me", map[string]any{"locale": "zh-CN", "time_zone": "Asia/Shanghai"}, "X-CSRF-Token", b.csrf)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"locale":"zh-CN"`)

		// A cross-site write from another origin is refused before anything else.
		r = b.do("PATCH", "/api/v1/auth/me", map[string]any{"locale": "en"}, "X-CSRF-Token", b.csrf, "Sec-Fetch-Site", "cross-site")
		require.Equal(t, 403, r.Status)
		require.Equal(t, "cross_origin_request", code(t, r))

		// Sessions are listed and revocable; logout ends this one.
		var sessions struct {
			Data []struct {
				ID      string `json:"id"`
				Current bool   `json:"current"`
			}
		}
		other := &browser{e: e, cookies: map[string]string{}}
		require.Equal(t, 200, other.login("ana.admin@example.com", testPassword).Status)
		b.do("GET", "/api/v1/auth/sessions", nil).JSON(t, &sessions)
		require.Len(t, sessions.Data, 2)
		for _, s := range sessions.Data {
			if !s.Current {
				r = b.do("DELETE", "/api/v1/auth/sessions/"+s.ID, nil, "X-CSRF-Token", b.csrf)
				require.Equal(t, 204, r.Status, "%s", r.Body)
			}
		}
		require.Equal(t, 401, other.do("GET", "/api/v1/auth/me", nil).Status, "the revoked session is over")

		r = b.do("POST", "/api/v1/auth/logout", nil, "X-CSRF-Token", b.csrf)
		require.Equal(t, 204, r.Status, "%s", r.Body)
		require.Empty(t, b.cookies["concord_session"], "logout clears the cookie")
		b.cookies["concord_session"] = "stale"
		require.Equal(t, 401, b.do("GET", "/api/v1/auth/me", nil).Status)
	})
}

// TestSignInThrottling: the 6th wrong password for one account within a
// minute is refused with 429 before the password is checked, and an
// unknown account gets exactly the same answers.
func TestSignInThrottling(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		e.user("victim@example.com", "viewer")
		attempt := func(email, pw string) (int, string) {
			r := e.do("", "POST", "/api/v1/auth/login", map[string]any{"email": email, "password": pw})
			return r.Status, code(t, r)
		}
		for _, email := range []string{"victim@example.com", "nobody@example.com"} {
			for i := range 5 {
				status, c := attempt(email, "wrong password "+string(rune('a'+i)))
				require.Equal(t, 401, status, "%s attempt %d", email, i+1)
				require.Equal(t, "invalid_credentials", c)
			}
			r := e.do("", "POST", "/api/v1/auth/login", map[string]any{"email": email, "password": "wrong again"})
			require.Equal(t, 429, r.Status, "%s: the 6th attempt in a minute is throttled", email)
			require.Equal(t, "too_many_attempts", code(t, r))
			require.Equal(t, "60", r.Header.Get("Retry-After"))
		}
		status, _ := attempt("victim@example.com", testPassword)
		require.Equal(t, 429, status, "even the right password waits until the minute is over")
	})
}
