package page_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/page"
)

func TestCursorRoundTrip(t *testing.T) {
	type key struct {
		At string `json:"at"`
		ID string `json:"id"`
	}
	c := page.Encode(key{At: "2026-11-27T10:00:00Z", ID: "so_01"})
	require.NotContains(t, c, "=", "cursors are URL-safe without padding")
	var got key
	ok, err := page.Decode(c, &got)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, key{"2026-11-27T10:00:00Z", "so_01"}, got)

	ok, err = page.Decode("", &got)
	require.NoError(t, err)
	require.False(t, ok)

	for _, bad := range []string{"!!!", "bm90IGpzb24", page.Encode("a string, not the object")} {
		_, err := page.Decode(bad, &got)
		require.Equal(t, "invalid_cursor", errFieldCode(err), bad)
	}
}

func errFieldCode(err error) string {
	ae, ok := apperr.As(err)
	if !ok || len(ae.Fields) == 0 {
		return ""
	}
	return ae.Fields[0].Code
}

func TestBuild(t *testing.T) {
	key := func(s string) any { return s }
	l := page.Build([]string{"a", "b", "c"}, 2, key)
	require.Equal(t, []string{"a", "b"}, l.Data)
	require.NotNil(t, l.NextCursor)
	var after string
	_, err := page.Decode(*l.NextCursor, &after)
	require.NoError(t, err)
	require.Equal(t, "b", after, "the cursor points at the last item returned")

	l = page.Build([]string{"a", "b"}, 2, key)
	require.Nil(t, l.NextCursor, "no extra row: last page")
	l = page.Build[string](nil, 2, key)
	require.NotNil(t, l.Data)
	require.Empty(t, l.Data)
}

func TestPageSize(t *testing.T) {
	require.Equal(t, 50, page.Params{}.PageSize())
	require.Equal(t, 10, page.Params{Limit: 10}.PageSize())
	require.Equal(t, page.MaxLimit, page.Params{Limit: 10000}.PageSize())
}

func TestTimeSortCursor(t *testing.T) {
	fields := []page.SortField{{Name: "updated", Column: "updated_at", Time: true}}
	s, err := page.ParseSort("-updated", fields, "updated")
	require.NoError(t, err)
	require.True(t, s.Time)
	require.True(t, s.Desc)

	at := time.Date(2026, 11, 28, 9, 30, 5, 123456000, time.FixedZone("CET", 3600))
	v := page.TimeValue(at)
	require.Equal(t, "2026-11-28T08:30:05.123456Z", v, "UTC, every fractional digit")
	where, args, orderBy, err := s.Keyset(&page.Cursor{Value: v, ID: "so_1"}, 3)
	require.NoError(t, err)
	require.Equal(t, "(updated_at < $3 OR (updated_at = $3 AND id < $4))", where)
	require.Equal(t, "updated_at DESC, id DESC", orderBy)
	require.Equal(t, []any{at.UTC(), "so_1"}, args, "bound as an instant, which each driver writes as the column's type")

	for _, bad := range []string{"", "yesterday", "2026-11-28", "1764318605"} {
		_, _, _, err := s.Keyset(&page.Cursor{Value: bad, ID: "so_1"}, 1)
		require.Equal(t, "invalid_cursor", errFieldCode(err), bad)
	}
}
