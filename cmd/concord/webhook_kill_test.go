package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
)

// TestWebhooksSurviveKills is the integration issue's kill test: while
// 1,000 orders are confirmed through the API by eight clients, the server
// (the real binary) is SIGKILLed twice and restarted. Afterwards a webhook
// receiver has every sales.order.confirmed.v1 at least once and, after
// deduplication by event ID, exactly once per order.
func TestWebhooksSurviveKills(t *testing.T) {
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

			// The receiver counts every delivery of every event ID.
			var mu sync.Mutex
			received := map[string]int{} // event ID → deliveries
			orderOf := map[string]string{}
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				body, _ := io.ReadAll(req.Body)
				var ev struct {
					ID          string `json:"id"`
					Type        string `json:"type"`
					AggregateID string `json:"aggregate_id"`
				}
				if json.Unmarshal(body, &ev) != nil || ev.ID != req.Header.Get("webhook-id") {
					w.WriteHeader(400)
					return
				}
				mu.Lock()
				received[ev.ID]++
				orderOf[ev.ID] = ev.AggregateID
				mu.Unlock()
				w.WriteHeader(204)
			}))
			defer rcv.Close()

			args := []string{"--db", url, "--webhook-allow-networks", "127.0.0.0/8"}
			addr, _, cmd := startServe(t, dir, args...)
			var base atomic.Value
			base.Store("http://" + addr)
			c := apiClient{t: t, base: "http://" + addr, token: token}
			var w struct {
				ID        string
				Locations []struct{ ID string }
			}
			c.must("POST", "/api/v1/warehouses", map[string]any{"code": "WH", "name": "Main", "locations": []map[string]any{{"code": "A", "type": "storage"}}}, &w)
			var p, cust struct{ ID string }
			c.must("POST", "/api/v1/products", map[string]any{"code": "P1", "name": "Widget", "list_price": map[string]any{"amount": "10.00", "currency": "EUR"}}, &p)
			c.must("POST", "/api/v1/stock/adjustments", map[string]any{"product_id": p.ID, "location_id": w.Locations[0].ID, "quantity": "5000", "reason": "count"}, nil)
			c.must("POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Kill Test Ltd", "currency": "EUR"}, &cust)
			c.must("POST", "/api/v1/webhook-endpoints", map[string]any{"url": rcv.URL, "event_types": []string{"sales.order.confirmed.v1"}}, nil)

			const n = 1000
			var confirmed atomic.Int32
			orders := make([]string, n)
			// call retries a request until the server answers (it may be
			// dead or restarting). A create whose answer a kill cut off
			// leaves an extra draft, which is harmless here. (An
			// Idempotency-Key would not help: the killed node's claim on
			// the key stays "in progress".)
			call := func(method, path string, body, out any, headers ...string) int {
				for {
					cl := apiClient{t: t, base: base.Load().(string), token: token}
					if status := cl.do(method, path, body, out, headers...); status != 0 {
						return status
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			next := make(chan int)
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range next {
						var o struct{ ID string }
						status := call("POST", "/api/v1/sales-orders", map[string]any{"customer_id": cust.ID,
							"lines": []map[string]any{{"product_id": p.ID, "quantity": "1"}}}, &o)
						if status != 201 {
							t.Errorf("create order %d: %d", i, status)
							return
						}
						orders[i] = o.ID
						status = call("POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, nil, "If-Match", `"1"`)
						// 412: the confirmation committed before a kill cut the answer off.
						if status != 200 && status != 412 {
							t.Errorf("confirm %s: %d", o.ID, status)
							return
						}
						confirmed.Add(1)
					}
				}()
			}
			kills := 0
			restart := func() {
				require.NoError(t, cmd.Process.Kill()) // SIGKILL
				cmd.Wait()
				kills++
				var a string
				a, _, cmd = startServe(t, dir, args...)
				base.Store("http://" + a)
			}
			for i := range n {
				next <- i
				if (i == n/3 || i == 2*n/3) && kills < 2 {
					restart()
				}
			}
			close(next)
			wg.Wait()
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			require.Equal(t, 2, kills)
			require.EqualValues(t, n, confirmed.Load())

			deadline := time.Now().Add(90 * time.Second)
			distinct := func() int {
				mu.Lock()
				defer mu.Unlock()
				return len(received)
			}
			for distinct() < n && time.Now().Before(deadline) {
				time.Sleep(200 * time.Millisecond)
			}
			mu.Lock()
			defer mu.Unlock()
			perOrder := map[string]int{}
			deliveries := 0
			for evID, k := range received {
				perOrder[orderOf[evID]]++
				deliveries += k
			}
			for _, o := range orders {
				require.Equal(t, 1, perOrder[o], "order %s: one confirmed event, delivered at least once", o)
			}
			require.Len(t, received, n, "exactly once after dedupe by event ID")
			t.Logf("%s: %d orders, %d confirmed events, %d deliveries (%d duplicates from the kills)", dialect, n, len(received), deliveries, deliveries-len(received))
		})
	}
}
