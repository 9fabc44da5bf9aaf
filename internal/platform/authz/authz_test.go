package authz_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
)

func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, perm string
		want          bool
	}{
		{"*", "sales.order.create", true},
		{"sales.*", "sales.order.create", true},
		{"sales.*", "salesx.order.create", false},
		{"sales.order.*", "sales.order.approve", true},
		{"sales.*.read", "sales.order.read", true},
		{"sales.*.read", "sales.order.create", false},
		{"*.*.read", "ledger.entry.read", true},
		{"sales.order.read", "sales.order.read", true},
		{"sales.order.read", "sales.order.read.all", false},
		{"sales.order", "sales.order.read", false},
		{"sales.order.all", "sales.order.all", true},
	}
	for _, c := range cases {
		require.Equal(t, c.want, authz.Match(c.pattern, c.perm), "%s vs %s", c.pattern, c.perm)
	}
}

func TestTokenScopesNarrowTheUsersGrants(t *testing.T) {
	rep := &authz.Principal{UserID: "usr_1", Grants: []string{"sales.*", "party.customer.read"}}
	require.True(t, rep.Can("sales.order.create"))
	require.False(t, rep.Can("ledger.entry.read"))

	tok := *rep
	tok.TokenID = "tok_1"
	tok.Scopes = []string{"sales:read"}
	require.True(t, tok.Can("sales.order.read"))
	require.False(t, tok.Can("sales.order.create"), "a sales:read token cannot create an order")
	require.False(t, tok.Can("party.customer.read"), "nor read outside its scopes")

	tok.Scopes = []string{"*"}
	require.True(t, tok.Can("sales.order.create"))
	require.False(t, tok.Can("ledger.entry.read"), "a scope never adds what the user lacks")

	tok.Scopes = []string{}
	require.False(t, tok.Can("sales.order.read"), "an empty scope list allows nothing")
}

func TestRequire(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, authz.Require(ctx, authz.Public))
	require.Equal(t, "unauthenticated", apperr.CodeOf(authz.Require(ctx, authz.Authenticated)))
	viewer := authz.WithPrincipal(ctx, &authz.Principal{UserID: "u", Grants: []string{"*.*.read"}})
	require.NoError(t, authz.Require(viewer, authz.Authenticated))
	require.NoError(t, authz.Require(viewer, "sales.order.read"))
	require.Equal(t, "forbidden", apperr.CodeOf(authz.Require(viewer, "sales.order.create")))

	sys := authz.System("cli")
	require.True(t, sys.Can("anything.at.all"))
	require.Equal(t, "system", sys.ActorType())
	require.Equal(t, "system:cli", sys.ActorID())
}
