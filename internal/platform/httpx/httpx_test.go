package httpx_test

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

type problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	Instance  string              `json:"instance"`
	Code      string              `json:"code"`
	RequestID string              `json:"request_id"`
	Errors    []apperr.FieldError `json:"errors"`
}

func decodeProblem(t *testing.T, r httpxtest.Response, status int, code string) problem {
	t.Helper()
	require.Equal(t, status, r.Status, "body: %s", r.Body)
	require.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
	var p problem
	r.JSON(t, &p)
	require.Equal(t, status, p.Status)
	require.Equal(t, code, p.Code, "body: %s", r.Body)
	require.NotEmpty(t, p.Detail)
	require.Equal(t, r.Header.Get(httpx.RequestIDHeader), p.RequestID, "the problem quotes the request ID")
	return p
}

func server(t *testing.T, d *db.DB) string {
	srv := httptest.NewServer(httpxtest.Handler(t, d))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestProblemResponses(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		base := server(t, d)

		p := decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/notes/note_nope", nil), 404, "not_found")
		require.Equal(t, "/api/v1/notes/note_nope", p.Instance)

		p = decodeProblem(t, httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{}), 422, "validation_failed")
		require.Equal(t, []string{"body"}, fields(p), "a missing field is named itself, not its parent")
		require.Equal(t, "required", p.Errors[0].Code)

		p = decodeProblem(t, httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{"body": ""}), 422, "validation_failed")
		require.Equal(t, []string{"body"}, fields(p))

		p = decodeProblem(t, httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{"body": "a forbidden note"}), 422, "validation_failed")
		require.Equal(t, []apperr.FieldError{{Field: "body", Code: "forbidden_word", Message: "must not say forbidden"}}, p.Errors,
			"a domain rule reports its own field code")

		p = decodeProblem(t, httpxtest.Do(t, "POST", base+"/api/v1/notes", `{"body": "unterminated`), 400, "malformed_request")
		require.Contains(t, p.Detail, "unexpected end of JSON input")
		decodeProblem(t, httpxtest.Do(t, "POST", base+"/api/v1/notes", `{"body": 42}`), 422, "validation_failed")

		p = decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/boom", nil), 500, "internal_error")
		require.NotContains(t, p.Detail, "password", "internal causes never reach the client")

		decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/panic", nil), 500, "internal_error")

		r := httpxtest.Do(t, "GET", base+"/api/v1/notes/x", nil, httpx.RequestIDHeader, "client-trace-42")
		require.Equal(t, "client-trace-42", r.Header.Get(httpx.RequestIDHeader), "a sane caller request ID is kept")
		r = httpxtest.Do(t, "GET", base+"/api/v1/notes/x", nil, httpx.RequestIDHeader, "bad id\twith tab")
		require.Regexp(t, `^req_`, r.Header.Get(httpx.RequestIDHeader), "an unsafe one is replaced")

		// Nothing above wrote anything.
		var n int
		require.NoError(t, d.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM note").Scan(&n))
		require.Zero(t, n)
		require.NoError(t, d.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM outbox_event").Scan(&n))
		require.Zero(t, n)
	})
}

func fields(p problem) []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

func TestOptimisticConcurrency(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		base := server(t, d)
		r := httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{"body": "v1"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		require.Equal(t, `"1"`, r.Header.Get("ETag"))
		var n httpxtest.Note
		r.JSON(t, &n)
		url := base + "/api/v1/notes/" + n.ID

		r = httpxtest.Do(t, "PATCH", url, map[string]any{"body": "v2"}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, `"2"`, r.Header.Get("ETag"))

		// A stale If-Match is 412, a stale body version 409; both say version_conflict.
		decodeProblem(t, httpxtest.Do(t, "PATCH", url, map[string]any{"body": "lost"}, "If-Match", `"1"`), 412, "version_conflict")
		decodeProblem(t, httpxtest.Do(t, "PATCH", url, map[string]any{"body": "lost", "version": 1}), 409, "version_conflict")
		decodeProblem(t, httpxtest.Do(t, "PATCH", url, map[string]any{"body": "blind"}), 428, "precondition_required")
		decodeProblem(t, httpxtest.Do(t, "PATCH", url, map[string]any{"body": "x"}, "If-Match", `*`), 400, "invalid_if_match")
		decodeProblem(t, httpxtest.Do(t, "PATCH", base+"/api/v1/notes/note_missing", map[string]any{"body": "x", "version": 1}), 404, "not_found")

		var got httpxtest.Note
		httpxtest.Do(t, "GET", url, nil).JSON(t, &got)
		require.Equal(t, "v2", got.Body, "no rejected write changed the note")
		require.EqualValues(t, 2, got.Version)

		// Ten editors race from the same version: exactly one wins.
		var wg sync.WaitGroup
		statuses := make([]int, 10)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = httpxtest.Do(t, "PATCH", url, map[string]any{"body": fmt.Sprintf("editor %d", i)}, "If-Match", `"2"`).Status
			}()
		}
		wg.Wait()
		wins := 0
		for _, s := range statuses {
			if s == 200 {
				wins++
			} else {
				require.Equal(t, 412, s)
			}
		}
		require.Equal(t, 1, wins, "one editor wins, the others are told, none is lost silently")
		httpxtest.Do(t, "GET", url, nil).JSON(t, &got)
		require.EqualValues(t, 3, got.Version)
	})
}

func TestCursorPagination(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		base := server(t, d)
		var created []string
		for i := range 25 {
			var n httpxtest.Note
			httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{"body": fmt.Sprint("note ", i)}).JSON(t, &n)
			created = append(created, n.ID)
		}

		type list struct {
			Data       []httpxtest.Note `json:"data"`
			NextCursor *string          `json:"next_cursor"`
		}
		var seen []string
		after := ""
		pages := 0
		for {
			url := base + "/api/v1/notes?limit=10"
			if after != "" {
				url += "&after=" + after
			}
			var l list
			r := httpxtest.Do(t, "GET", url, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			r.JSON(t, &l)
			pages++
			for _, n := range l.Data {
				seen = append(seen, n.ID)
			}
			// Someone adds notes while we page: they may appear at the end,
			// but no earlier note is repeated or skipped.
			httpxtest.Do(t, "POST", base+"/api/v1/notes", map[string]any{"body": "added while paging"})
			if l.NextCursor == nil {
				break
			}
			after = *l.NextCursor
			require.Less(t, pages, 10)
		}
		require.Equal(t, created, seen[:25], "every note exactly once, in order")
		dup := map[string]bool{}
		for _, s := range seen {
			require.False(t, dup[s], "note %s listed twice", s)
			dup[s] = true
		}

		var empty list
		r := httpxtest.Do(t, "GET", base+"/api/v1/notes?after="+after+"&limit=200", nil)
		r.JSON(t, &empty)
		require.NotNil(t, empty.Data, "an empty page is [] not null")

		p := decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/notes?after=%7Bnot-a-cursor", nil), 422, "validation_failed")
		require.Equal(t, "after", p.Errors[0].Field)
		require.Equal(t, "invalid_cursor", p.Errors[0].Code)
		decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/notes?limit=0", nil), 422, "validation_failed")
		decodeProblem(t, httpxtest.Do(t, "GET", base+"/api/v1/notes?limit=201", nil), 422, "validation_failed")
	})
}

func TestETagAndPreconditionParsing(t *testing.T) {
	require.Equal(t, `"7"`, httpx.ETag(7))
	cases := []struct {
		ifMatch string
		body    int64
		want    httpx.Precondition
		err     error
	}{
		{`"3"`, 0, httpx.Precondition{Version: 3, FromHeader: true}, nil},
		{`"3"`, 3, httpx.Precondition{Version: 3, FromHeader: true}, nil},
		{`W/"3"`, 0, httpx.Precondition{}, httpx.ErrBadIfMatch},
		{"", 4, httpx.Precondition{Version: 4}, nil},
		{"", 0, httpx.Precondition{}, httpx.ErrPreconditionRequired},
		{`"3"`, 4, httpx.Precondition{}, httpx.ErrVersionMismatch},
		{`3`, 0, httpx.Precondition{}, httpx.ErrBadIfMatch},
		{`"0"`, 0, httpx.Precondition{}, httpx.ErrBadIfMatch},
		{`"a"`, 0, httpx.Precondition{}, httpx.ErrBadIfMatch},
	}
	for _, c := range cases {
		got, err := httpx.ParsePrecondition(c.ifMatch, c.body)
		if c.err != nil {
			require.ErrorIs(t, err, c.err, "%q/%d", c.ifMatch, c.body)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, c.want, got)
	}
}
