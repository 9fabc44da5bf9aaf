package httpapi

import (
	"net/http"
	"strings"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/httpx"
)

// Cookie and header names of browser sessions. The session cookie is
// HttpOnly; the CSRF cookie is readable by the web UI, which echoes it in
// the CSRF header of every write (double submit, checked against the
// session's stored digest).
const (
	sessionCookie = "concord_session"
	csrfCookie    = "concord_csrf"
	csrfHeader    = "X-CSRF-Token"
	loginPath     = "/api/v1/auth/login"
)

// ErrCSRF is returned for a cookie-authenticated write without the session's
// CSRF token.
var ErrCSRF = apperr.New(apperr.KindForbidden, "csrf_failed", "missing or wrong "+csrfHeader+" header for a signed-in browser request")

// authenticate attaches the request's principal, from a bearer token or a
// session cookie. A bad bearer token makes every guarded operation answer
// invalid_token (public ones still work); a stale session cookie just means
// "not signed in". Whether the principal may do what it asks is decided per
// operation (see op).
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, token, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				next.ServeHTTP(w, r.WithContext(authz.WithAuthError(ctx, identity.ErrInvalidToken)))
				return
			}
			p, err := s.deps.Identity.AuthenticateToken(ctx, strings.TrimSpace(token))
			if apperr.KindOf(err) == apperr.KindUnauthenticated {
				next.ServeHTTP(w, r.WithContext(authz.WithAuthError(ctx, err)))
				return
			}
			if err != nil {
				httpx.WriteError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(authz.WithPrincipal(ctx, p)))
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || r.URL.Path == loginPath {
			next.ServeHTTP(w, r)
			return
		}
		p, csrf, err := s.deps.Identity.AuthenticateSession(ctx, c.Value)
		if apperr.KindOf(err) == apperr.KindUnauthenticated {
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		if !safeMethod(r.Method) && !identity.CheckCSRF(r.Header.Get(csrfHeader), csrf) {
			httpx.WriteError(w, r, ErrCSRF)
			return
		}
		next.ServeHTTP(w, r.WithContext(authz.WithPrincipal(ctx, p)))
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sessionCookies returns the cookies that carry a session, or that clear it
// when token is empty.
func sessionCookies(token, csrf string, secure bool, maxAge int) []http.Cookie {
	if token == "" {
		maxAge = -1
	}
	return []http.Cookie{
		{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: maxAge},
		{Name: csrfCookie, Value: csrf, Path: "/", HttpOnly: false, Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: maxAge},
	}
}
