// Package authz answers "may this principal do that?". It holds the
// principal of a request (a user signed in through a session, a user acting
// through an API token, or the system itself), matches permissions named
// module.resource.action against role grants with wildcards, and applies a
// token's scopes on top. It knows no business module: modules declare their
// permissions as strings and ask Require or CanAll.
package authz

import (
	"context"
	"slices"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// Special permissions an operation may declare instead of a real one.
const (
	// SelfUpdate is what a token's scopes must allow for a write that any
	// signed-in user may make about themselves (profile, password,
	// sessions); reads about oneself need no scope.
	SelfUpdate = "identity.self.update"
	// Public operations need no credentials (login, probes, docs).
	Public = "public"
	// Authenticated operations need a signed-in principal and nothing more
	// (e.g. reading one's own profile).
	Authenticated = "authenticated"
)

// Errors.
var (
	ErrUnauthenticated = apperr.New(apperr.KindUnauthenticated, "unauthenticated",
		"sign in or send a valid API token (Authorization: Bearer …)")
	ErrForbidden = apperr.New(apperr.KindForbidden, "forbidden", "you do not have the permission to do this")
)

// Principal is who is acting.
type Principal struct {
	// UserID is the acting user; empty for the system.
	UserID string
	Email  string
	Name   string
	// TokenID is set when the user acts through an API token.
	TokenID string
	// SessionID is set when the user acts through a web session.
	SessionID string
	// Roles are the user's role names.
	Roles []string
	// Grants are the permission patterns of the user's roles.
	Grants []string
	// Scopes restrict a token to part of its user's permissions; nil means
	// no restriction (sessions).
	Scopes []string
	// Locale and TimeZone are the user's display preferences.
	Locale   string
	TimeZone string
	system   string
}

// System returns the principal of work done by Concord itself or by an
// operator at the command line; it may do anything. name says which
// ("cli", "worker").
func System(name string) *Principal {
	return &Principal{Grants: []string{"*"}, system: name}
}

// ActorType is "user", "token" or "system", as recorded in the audit trail.
func (p *Principal) ActorType() string {
	switch {
	case p.system != "":
		return "system"
	case p.TokenID != "":
		return "token"
	default:
		return "user"
	}
}

// ActorID identifies the actor in the audit trail: the user ID (with the
// token ID for token use) or "system:<name>".
func (p *Principal) ActorID() string {
	switch {
	case p.system != "":
		return "system:" + p.system
	case p.TokenID != "":
		return p.UserID + "/" + p.TokenID
	default:
		return p.UserID
	}
}

// Can reports whether p holds perm: one of its grants matches and, for a
// token, one of its scopes allows it.
func (p *Principal) Can(perm string) bool {
	if p == nil {
		return false
	}
	granted := slices.ContainsFunc(p.Grants, func(g string) bool { return Match(g, perm) })
	return granted && p.Scoped(perm)
}

// Scoped reports whether p's token scopes (if any) allow perm, ignoring
// role grants. Operations open to every signed-in user use it so that a
// narrowly scoped token cannot, say, rename its user.
func (p *Principal) Scoped(perm string) bool {
	if p.Scopes == nil {
		return true
	}
	return slices.ContainsFunc(p.Scopes, func(s string) bool { return ScopeAllows(s, perm) })
}

// Super reports whether p holds every permission ("*"), as admins do.
// Granting or taking away such power is reserved to principals that have it.
func (p *Principal) Super() bool {
	return p != nil && slices.Contains(p.Grants, "*") && p.Scoped("*.*.*")
}

// CanAll reports whether p may see and change every record of a resource,
// not only the records it owns (record rules). moduleResource is e.g.
// "sales.order"; the permission checked is "sales.order.all".
func (p *Principal) CanAll(moduleResource string) bool {
	return p.Can(moduleResource + ".all")
}

// Match reports whether a grant pattern covers a permission. Patterns are
// dotted like permissions; a "*" segment matches any one segment, and a
// trailing "*" segment matches the rest ("sales.*" covers
// "sales.order.create"; "*" covers everything).
func Match(pattern, perm string) bool {
	ps, qs := strings.Split(pattern, "."), strings.Split(perm, ".")
	for i, seg := range ps {
		if seg == "*" && i == len(ps)-1 {
			return len(qs) >= i+1
		}
		if i >= len(qs) || (seg != "*" && seg != qs[i]) {
			return false
		}
	}
	return len(ps) == len(qs)
}

// ScopeAllows reports whether a token scope allows a permission. Scopes are
// "*" (everything the user may do), "<module>:write" (every action of the
// module) and "<module>:read" (the module's read actions).
func ScopeAllows(scope, perm string) bool {
	if scope == "*" {
		return true
	}
	mod, level, ok := strings.Cut(scope, ":")
	if !ok {
		return false
	}
	parts := strings.Split(perm, ".")
	if parts[0] != mod {
		return false
	}
	switch level {
	case "write":
		return true
	case "read":
		action := parts[len(parts)-1]
		return action == "read" || action == "all"
	}
	return false
}

type ctxKey struct{}

type authErrKey struct{}

// WithAuthError records that the request presented credentials that were
// refused (a bad bearer token). Public operations still run; every other
// operation answers with err instead of "unauthenticated", which tells the
// client what is wrong.
func WithAuthError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, authErrKey{}, err)
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal of ctx, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// Require returns nil when the principal of ctx holds perm,
// ErrUnauthenticated when there is none, and ErrForbidden otherwise.
// Public and Authenticated are accepted as perm.
func Require(ctx context.Context, perm string) error {
	if perm == Public {
		return nil
	}
	p := FromContext(ctx)
	if p == nil {
		if err, ok := ctx.Value(authErrKey{}).(error); ok {
			return err
		}
		return ErrUnauthenticated
	}
	if perm == Authenticated || p.Can(perm) {
		return nil
	}
	return apperr.New(apperr.KindForbidden, "forbidden", "you do not have the permission "+perm)
}
