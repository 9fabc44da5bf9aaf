package idempotency_test

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
	"github.com/concord-erp/concord/internal/platform/idempotency"
)

func count(t *testing.T, d *db.DB, table string) int {
	var n int
	require.NoError(t, d.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

// TestConcurrentRepeatsHaveOneEffect is the acceptance check of the
// platform issue: 20 concurrent POSTs with one key and one body create one
// note (one row, one event, one document number) and get 20 identical
// responses.
func TestConcurrentRepeatsHaveOneEffect(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		srv := httptest.NewServer(httpxtest.Handler(t, d))
		defer srv.Close()
		const n = 20
		body := map[string]any{"body": "order 42"}
		responses := make([]httpxtest.Response, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				responses[i] = httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", body, idempotency.Header, "key-1")
			}()
		}
		close(start)
		wg.Wait()

		replayed := 0
		for _, r := range responses {
			require.Equal(t, 201, r.Status, "%s", r.Body)
			require.JSONEq(t, string(responses[0].Body), string(r.Body), "every repeat gets the first response")
			require.Equal(t, responses[0].Header.Get("Location"), r.Header.Get("Location"))
			require.Equal(t, responses[0].Header.Get("ETag"), r.Header.Get("ETag"))
			if r.Header.Get(idempotency.ReplayedHeader) == "true" {
				replayed++
			}
		}
		require.Equal(t, n-1, replayed, "all but the first are replays")
		require.Equal(t, 1, count(t, d, "note"))
		require.Equal(t, 1, count(t, d, "outbox_event"))
		var note httpxtest.Note
		responses[0].JSON(t, &note)
		require.True(t, strings.HasSuffix(note.Number, "-00001"), note.Number)

		// A later retry, long after the first finished, is a replay too.
		r := httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", body, idempotency.Header, "key-1")
		require.Equal(t, 201, r.Status)
		require.JSONEq(t, string(responses[0].Body), string(r.Body))

		// The same key with another body is refused and changes nothing.
		r = httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", map[string]any{"body": "order 43"}, idempotency.Header, "key-1")
		require.Equal(t, 422, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"code":"idempotency_key_reused"`)
		require.Equal(t, 1, count(t, d, "note"))

		// Another key is another request.
		r = httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", map[string]any{"body": "order 43"}, idempotency.Header, "key-2")
		require.Equal(t, 201, r.Status)
		require.Equal(t, 2, count(t, d, "note"))
	})
}

func TestRejectedRequestsAreStoredToo(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		srv := httptest.NewServer(httpxtest.Handler(t, d))
		defer srv.Close()
		bad := map[string]any{"body": "forbidden"}
		first := httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", bad, idempotency.Header, "k")
		require.Equal(t, 422, first.Status)
		again := httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", bad, idempotency.Header, "k")
		require.Equal(t, 422, again.Status)
		require.Equal(t, "true", again.Header.Get(idempotency.ReplayedHeader))
		require.Equal(t, "application/problem+json", again.Header.Get("Content-Type"))
		require.Zero(t, count(t, d, "note"))
	})
}

func TestServerErrorsReleaseTheKey(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		srv := httptest.NewServer(httpxtest.Handler(t, d))
		defer srv.Close()
		body := map[string]any{"body": "flaky"}
		r := httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", body, idempotency.Header, "k")
		require.Equal(t, 500, r.Status, "%s", r.Body)
		r = httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", body, idempotency.Header, "k")
		require.Equal(t, 201, r.Status, "after a 5xx the same key runs the request again: %s", r.Body)
		require.Empty(t, r.Header.Get(idempotency.ReplayedHeader))
		require.Equal(t, 1, count(t, d, "note"))
	})
}

func TestInvalidKeysAndPlainPosts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		srv := httptest.NewServer(httpxtest.Handler(t, d))
		defer srv.Close()
		for _, key := range []string{strings.Repeat("k", 256), "with space", "tab\tkey", "ünï"} {
			r := httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", map[string]any{"body": "x"}, idempotency.Header, key)
			require.Equal(t, 400, r.Status, "key %q", key)
			require.Contains(t, string(r.Body), `"code":"invalid_idempotency_key"`)
		}
		require.Zero(t, count(t, d, "note"))

		// Without a key, each POST is its own request.
		for range 2 {
			require.Equal(t, 201, httpxtest.Do(t, "POST", srv.URL+"/api/v1/notes", map[string]any{"body": "x"}).Status)
		}
		require.Equal(t, 2, count(t, d, "note"))
		require.Zero(t, count(t, d, "idempotency_key"))
	})
}
