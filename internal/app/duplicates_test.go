package app_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDuplicatesAreFoundScoredAndOverridable: the three spellings of ACME
// Trading are one company; ACME Foods is another.
func TestDuplicatesAreFoundScoredAndOverridable(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		create := func(name string, extra map[string]any) (int, string) {
			body := map[string]any{"roles": []string{"customer"}, "legal_name": name}
			for k, v := range extra {
				body[k] = v
			}
			r := e.do(steward, "POST", "/api/v1/parties", body)
			return r.Status, string(r.Body)
		}
		status, body := create("ACME Trading Co., Ltd.", nil)
		require.Equal(t, 201, status, body)
		status, body = create("Acme Foods", nil)
		require.Equal(t, 201, status, "a different company is not a duplicate: %s", body)

		status, body = create("Acme Trading Company Limited", nil)
		require.Equal(t, 409, status, "a likely duplicate is a warning first: %s", body)
		require.Contains(t, body, `"code":"likely_duplicate"`)
		require.Contains(t, body, `"legal_name":"ACME Trading Co., Ltd."`)
		require.NotContains(t, body, `"legal_name":"Acme Foods"`)

		r := e.do(steward, "POST", "/api/v1/parties/duplicates/check", map[string]any{"roles": []string{"customer"}, "legal_name": "ＡＣＭＥ　Trading"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var check struct {
			Data []struct {
				Code    string `json:"code"`
				Score   int    `json:"score"`
				Likely  bool   `json:"likely"`
				Reasons []struct {
					Code string `json:"code"`
				} `json:"reasons"`
			}
		}
		r.JSON(t, &check)
		require.Len(t, check.Data, 1, "%s", r.Body)
		require.Equal(t, "CUST-00001", check.Data[0].Code)
		require.True(t, check.Data[0].Likely)
		require.NotEmpty(t, check.Data[0].Reasons, "the score is explained")

		status, body = create("Acme Trading Company Limited", map[string]any{"allow_duplicate": true})
		require.Equal(t, 201, status, "the client may keep both: %s", body)
		r = e.do(steward, "GET", "/api/v1/parties/CUST-00001/duplicates", nil)
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), "Acme Trading Company Limited")

		// A sales rep is warned about another rep's customer without seeing it.
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		r = e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Acme Trading Ltd"})
		require.Equal(t, 409, r.Status)
		require.NotContains(t, string(r.Body), "CUST-00001")
		require.Contains(t, string(r.Body), `"hidden":2`)

		// The data-quality report counts the pair.
		r = e.do(steward, "GET", "/api/v1/data-quality", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var dq struct {
			Data []struct {
				Entity     string `json:"entity"`
				Records    int    `json:"records"`
				Duplicates int    `json:"duplicates"`
				History    []struct {
					Day string `json:"day"`
				} `json:"history"`
			}
		}
		r.JSON(t, &dq)
		require.Equal(t, "party", dq.Data[0].Entity)
		require.Equal(t, 3, dq.Data[0].Records)
		require.Equal(t, 2, dq.Data[0].Duplicates)
		require.Len(t, dq.Data[0].History, 1, "today's snapshot was taken")
		require.Equal(t, "product", dq.Data[1].Entity)

		// Export in the import's columns.
		r = e.do(steward, "GET", "/api/v1/parties/export?role=customer", nil)
		require.Equal(t, 200, r.Status)
		require.Equal(t, "text/csv; charset=utf-8", r.Header.Get("Content-Type"))
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(r.Body), "\ufeff")), "\r\n")
		require.Len(t, lines, 4)
		require.True(t, strings.HasPrefix(lines[0], "code,legal_name,local_name"))
	})
}
