package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
)

// apiClient calls a running concord with a bearer token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

// do sends a request; a transport error (the server died) is status 0.
func (c apiClient) do(method, path string, body any, out any, headers ...string) int {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		require.NoError(c.t, json.NewDecoder(res.Body).Decode(out))
	}
	return res.StatusCode
}

// must sends a request that has to succeed.
func (c apiClient) must(method, path string, body any, out any, headers ...string) {
	c.t.Helper()
	status := c.do(method, path, body, out, headers...)
	require.True(c.t, status >= 200 && status < 300, "%s %s: %d", method, path, status)
}

type invoiceRow struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	Status  string `json:"status"`
	EntryID string `json:"entry_id"`
	Version int64  `json:"version"`
}

// invoices lists every invoice, oldest first.
func (c apiClient) invoices() []invoiceRow {
	var all []invoiceRow
	after := ""
	for {
		var page struct {
			Data       []invoiceRow `json:"data"`
			NextCursor *string      `json:"next_cursor"`
		}
		c.must("GET", "/api/v1/invoices?kind=invoice&limit=200"+after, nil, &page)
		all = append(all, page.Data...)
		if page.NextCursor == nil {
			break
		}
		after = "&after=" + *page.NextCursor
	}
	slices.Reverse(all)
	return all
}

// TestKilledWhilePostingInvoices is the billing issue's crash test: the
// server is SIGKILLed while 40 draft invoices are being posted by eight
// clients. After a restart every invoice is either a draft (no number, no
// entry) or posted (number and entry); the posted numbers run from 1
// without a gap or a repeat; the ledger check passes; posting the rest
// continues the numbers.
func TestKilledWhilePostingInvoices(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			dir := t.TempDir()
			env := []string{"CONCORD_DATABASE_URL=" + url}
			r := concord(t, dir, env, "user", "create", "--email", "ops@example.com", "--name", "Ops", "--role", "admin", "--password", "a long enough password")
			require.Equal(t, 0, r.code, r.stderr)
			r = concord(t, dir, env, "token", "create", "--user", "ops@example.com")
			require.Equal(t, 0, r.code, r.stderr)
			token := regexp.MustCompile(`cnd_\S+`).FindString(r.stdout)
			require.NotEmpty(t, token, r.stdout)

			addr, _, cmd := startServe(t, dir, "--db", url)
			c := apiClient{t: t, base: "http://" + addr, token: token}
			var w struct {
				ID        string
				Locations []struct{ ID string }
			}
			c.must("POST", "/api/v1/warehouses", map[string]any{"code": "WH", "name": "Main", "locations": []map[string]any{{"code": "A", "type": "storage"}}}, &w)
			var p, cust struct{ ID string }
			c.must("POST", "/api/v1/products", map[string]any{"code": "P1", "name": "Widget", "list_price": map[string]any{"amount": "10.00", "currency": "EUR"},
				"standard_cost": map[string]any{"amount": "4.00", "currency": "EUR"}}, &p)
			c.must("POST", "/api/v1/stock/adjustments", map[string]any{"product_id": p.ID, "location_id": w.Locations[0].ID, "quantity": "100", "reason": "count"}, nil)
			c.must("POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Crash Test Dummies Ltd", "currency": "EUR"}, &cust)
			const n = 40
			for range n {
				var o struct {
					ID      string
					Version int64
				}
				c.must("POST", "/api/v1/sales-orders", map[string]any{"customer_id": cust.ID, "lines": []map[string]any{{"product_id": p.ID, "quantity": "1"}}}, &o)
				c.must("POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, nil, "If-Match", `"1"`)
				var sh struct {
					ID      string
					Version int64
				}
				c.must("POST", "/api/v1/shipments", map[string]any{"order_id": o.ID}, &sh)
				c.must("POST", "/api/v1/shipments/"+sh.ID+"/ship", map[string]any{"version": sh.Version}, nil)
				c.must("POST", "/api/v1/invoices", map[string]any{"order_id": o.ID}, nil)
			}
			drafts := c.invoices()
			require.Len(t, drafts, n)

			var posted atomic.Int32
			var kill sync.Once
			var wg sync.WaitGroup
			next := make(chan invoiceRow)
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for inv := range next {
						if c.do("POST", "/api/v1/invoices/"+inv.ID+"/post", nil, nil, "If-Match", fmt.Sprintf(`"%d"`, inv.Version)) == 200 &&
							posted.Add(1) >= n/3 {
							kill.Do(func() { cmd.Process.Kill() })
						}
					}
				}()
			}
			for _, inv := range drafts {
				next <- inv
			}
			close(next)
			wg.Wait()
			cmd.Wait()
			require.Less(t, int(posted.Load()), n, "the server died before posting everything")

			addr, _, stop := serve(t, dir, "--db", url)
			defer stop()
			c.base = "http://" + addr
			check := func() []invoiceRow {
				all := c.invoices()
				var numbers []string
				var rest []invoiceRow
				for _, inv := range all {
					switch inv.Status {
					case "draft":
						require.Empty(t, inv.Number, "a draft has no number")
						require.Empty(t, inv.EntryID, "a draft has no entry")
						rest = append(rest, inv)
					case "posted":
						require.NotEmpty(t, inv.EntryID, "a posted invoice has its entry")
						numbers = append(numbers, inv.Number)
					default:
						t.Fatalf("invoice %s is %s", inv.ID, inv.Status)
					}
				}
				slices.Sort(numbers)
				year := time.Now().UTC().Year()
				for i, num := range numbers {
					require.Equal(t, fmt.Sprintf("INV-%d-%05d", year, i+1), num, "numbers run without a gap or a repeat")
				}
				r := concord(t, dir, env, "ledger", "check")
				require.Equal(t, 0, r.code, r.stdout+r.stderr)
				return rest
			}
			rest := check()
			require.NotEmpty(t, rest)
			for _, inv := range rest {
				c.must("POST", "/api/v1/invoices/"+inv.ID+"/post", nil, nil, "If-Match", fmt.Sprintf(`"%d"`, inv.Version))
			}
			require.Empty(t, check(), "all posted, numbered 1 to 40")
		})
	}
}
