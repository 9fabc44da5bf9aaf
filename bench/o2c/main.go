// Command o2c measures complete order-to-cash flows through the HTTP API
// (create order, confirm, create shipment, ship, draft invoice, post it,
// receive the payment) with 1, 4 and 16 concurrent clients, on SQLite and,
// when -postgres is given, on PostgreSQL, and prints flows per second and
// the p50/p95/p99 latency of each step. It then loads -orders historical
// orders and measures the customer overview's latency.
//
//	go run ./bench/o2c -seconds 10 -orders 100000 -postgres postgres://root@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/concord-erp/concord/internal/app"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/config"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

var steps = []string{"create order", "confirm", "create shipment", "ship", "draft invoice", "post invoice", "receive payment"}

func main() {
	seconds := flag.Int("seconds", 10, "how long each client count runs")
	orders := flag.Int("orders", 100000, "historical orders loaded before measuring the customer overview")
	pg := flag.String("postgres", "", "PostgreSQL URL (a schema is created and dropped); empty: SQLite only")
	noSQLite := flag.Bool("no-sqlite", false, "skip the SQLite run")
	clientList := flag.String("clients", "1,4,16", "the client counts to run, comma-separated")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var counts []int
	for _, s := range strings.Split(*clientList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("-clients: %q is not a client count", s)
		}
		counts = append(counts, n)
	}
	dir, err := os.MkdirTemp("", "concord-o2c")
	check(err)
	defer os.RemoveAll(dir)
	if !*noSQLite {
		run("sqlite", "sqlite://"+filepath.Join(dir, "bench.db"), *seconds, *orders, counts)
	}
	if *pg != "" {
		u, err := url.Parse(*pg)
		check(err)
		admin, err := db.Open(context.Background(), *pg)
		check(err)
		name := fmt.Sprintf("bench_o2c_%d", time.Now().UnixNano())
		_, err = admin.ExecContext(context.Background(), "CREATE SCHEMA "+name)
		check(err)
		defer admin.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE")
		q := u.Query()
		q.Set("search_path", name)
		// The name finds the bench's server processes for the CPU figures.
		q.Set("application_name", benchApp)
		u.RawQuery = q.Encode()
		run("postgres", u.String(), *seconds, *orders, counts)
	}
}

type client struct {
	base, token string
	http        *http.Client
}

func (c client) do(method, path string, body, out any, ifMatch int64) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	if ifMatch > 0 {
		req.Header.Set("If-Match", fmt.Sprintf(`"%d"`, ifMatch))
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

type doc struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
	Total   struct {
		Amount string `json:"amount"`
	} `json:"total"`
}

// flow runs one order to cash and returns each step's duration.
func (c client) flow(customer, product string) ([]time.Duration, error) {
	var took []time.Duration
	var o, sh, inv doc
	timed := func(f func() error) error {
		start := time.Now()
		err := f()
		took = append(took, time.Since(start))
		return err
	}
	for _, f := range []func() error{
		func() error {
			return c.do("POST", "/api/v1/sales-orders", map[string]any{"customer_id": customer,
				"lines": []map[string]any{{"product_id": product, "quantity": "1", "tax_code": "VAT20"}}}, &o, 0)
		},
		func() error { return c.do("POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, &o, o.Version) },
		func() error { return c.do("POST", "/api/v1/shipments", map[string]any{"order_id": o.ID}, &sh, 0) },
		func() error { return c.do("POST", "/api/v1/shipments/"+sh.ID+"/ship", nil, &sh, sh.Version) },
		func() error { return c.do("POST", "/api/v1/invoices", map[string]any{"order_id": o.ID}, &inv, 0) },
		func() error { return c.do("POST", "/api/v1/invoices/"+inv.ID+"/post", nil, &inv, inv.Version) },
		func() error {
			return c.do("POST", "/api/v1/payments", map[string]any{"customer_id": customer, "method": "bank",
				"amount":      map[string]any{"amount": inv.Total.Amount, "currency": "EUR"},
				"allocations": []map[string]any{{"invoice_id": inv.ID, "amount": map[string]any{"amount": inv.Total.Amount, "currency": "EUR"}}}}, nil, 0)
		},
	} {
		if err := timed(f); err != nil {
			return took, err
		}
	}
	return took, nil
}

func run(engine, dbURL string, seconds, orders int, counts []int) {
	ctx := context.Background()
	a, err := app.Open(ctx, config.Config{DatabaseURL: dbURL, Addr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	check(err)
	defer a.Close()
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	sealCtx, stopSealing := context.WithCancel(ctx)
	defer stopSealing()
	go a.SealAudit(sealCtx) // as serve does
	sys := authz.WithPrincipal(ctx, authz.System("bench"))
	u, _, err := a.Identity.CreateUser(sys, identity.CreateUserInput{Email: "bench@example.com", Name: "Bench", Roles: []string{"admin"},
		Password: "a long enough password"})
	check(err)
	tok, err := a.Identity.CreateToken(sys, identity.CreateTokenInput{Name: "bench", Scopes: []string{"*"}, UserID: u.ID})
	check(err)
	c := client{base: srv.URL, token: tok.Secret, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}

	var w struct {
		ID        string
		Locations []struct{ ID string }
	}
	check(c.do("POST", "/api/v1/warehouses", map[string]any{"code": "WH", "name": "Main", "locations": []map[string]any{{"code": "A", "type": "storage"}}}, &w, 0))
	check(c.do("POST", "/api/v1/taxes", map[string]any{"code": "VAT20", "name": "VAT 20%", "rate": "20.00"}, nil, 0))
	var customers []string
	for i := range 16 {
		var p doc
		check(c.do("POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": fmt.Sprintf("Customer %02d GmbH", i),
			"currency": "EUR", "payment_terms": "net30"}, &p, 0))
		customers = append(customers, p.ID)
	}
	var products []string
	for i := range 16 {
		var p doc
		check(c.do("POST", "/api/v1/products", map[string]any{"code": fmt.Sprintf("P%02d", i), "name": fmt.Sprintf("Product %d", i),
			"list_price": map[string]any{"amount": "19.99", "currency": "EUR"}, "standard_cost": map[string]any{"amount": "8.00", "currency": "EUR"}}, &p, 0))
		check(c.do("POST", "/api/v1/stock/adjustments", map[string]any{"product_id": p.ID, "location_id": w.Locations[0].ID, "quantity": "1000000",
			"reason": "bench"}, nil, 0))
		products = append(products, p.ID)
	}

	fmt.Printf("\n%s: order to cash through the HTTP API, %d s per client count\n", engine, seconds)
	fmt.Printf("%-8s %8s %9s", "clients", "flows", "flows/s")
	for _, s := range steps {
		fmt.Printf("  %-24s", s+" p50/p95/p99 ms")
	}
	fmt.Printf("  %s", "CPU ms/flow go+db")
	fmt.Println()
	for _, clients := range counts {
		var mu sync.Mutex
		per := make([][]time.Duration, len(steps))
		flows, failed := 0, 0
		deadline := time.Now().Add(time.Duration(seconds) * time.Second)
		goCPU, dbCPU := processCPU(), postgresCPU(a.DB)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					took, err := c.flow(customers[i], products[i])
					mu.Lock()
					if err != nil {
						failed++
						if failed == 1 {
							log.Printf("%s: a flow failed: %v", engine, err)
						}
					} else {
						flows++
						for s, d := range took {
							per[s] = append(per[s], d)
						}
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		goCPU, dbCPU = processCPU()-goCPU, postgresCPU(a.DB)-dbCPU
		fmt.Printf("%-8d %8d %9.1f", clients, flows, float64(flows)/elapsed.Seconds())
		for _, ds := range per {
			fmt.Printf("  %-24s", fmt.Sprintf("%.1f/%.1f/%.1f", ms(pct(ds, 50)), ms(pct(ds, 95)), ms(pct(ds, 99))))
		}
		if flows > 0 {
			fmt.Printf("  %.1f+%.1f", ms(goCPU)/float64(flows), ms(dbCPU)/float64(flows))
		}
		if failed > 0 {
			fmt.Printf("  (%d failed)", failed)
		}
		fmt.Println()
	}
	overview(a, c, customers[0], products[0], orders)
}

// overview loads historical orders straight into the tables (a bench may;
// loading 100,000 through the API would take most of an hour) spread over
// 1,000 customers, then times the customer overview of customers with
// about 100 orders each.
func overview(a *app.App, c client, customer, product string, orders int) {
	ctx := context.Background()
	var custs []string
	check(a.DB.InTx(ctx, func(tx *db.Tx) error {
		custs = custs[:0]
		return seed(ctx, tx, &custs, product, orders)
	}))
	var ds []time.Duration
	for i := range 300 {
		start := time.Now()
		check(c.do("GET", "/api/v1/parties/"+custs[i%len(custs)]+"/overview", nil, nil, 0))
		ds = append(ds, time.Since(start))
	}
	var busy []time.Duration
	for range 100 {
		start := time.Now()
		check(c.do("GET", "/api/v1/parties/"+customer+"/overview", nil, nil, 0))
		busy = append(busy, time.Since(start))
	}
	fmt.Printf("customer overview with %d more orders in the database: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (customers with ~%d orders); "+
		"the bench's busiest customer: p95 %.1f ms\n", orders, ms(pct(ds, 50)), ms(pct(ds, 95)), ms(pct(ds, 99)), orders/len(custs), ms(pct(busy, 95)))
}

// seed inserts 1,000 customers and orders spread over them.
func seed(ctx context.Context, tx *db.Tx, custs *[]string, product string, orders int) error {
	for i := range 1000 {
		pid := id.New("pty")
		_, err := tx.ExecContext(ctx, `INSERT INTO party (id, code, kind, is_customer, is_supplier, legal_name, local_name, tax_id, email, phone,
			website, currency, payment_terms, credit_limit_minor, credit_limit_currency, price_list, tags, lifecycle, owner_id, version,
			created_at, updated_at, accepts_backorders, search, match_tax, match_email, match_phone, match_name, match_local, match_word)
			VALUES ($1, $2, 'company', TRUE, FALSE, $3, '', '', '', '', '', 'EUR', '', NULL, '', '', '[]', 'customer', '', 1, $4, $4, FALSE,
			$3, '', '', '', '', '', '')`, pid, fmt.Sprintf("HIST-%04d", i), fmt.Sprintf("Historic customer %d", i), time.Now().UTC())
		if err != nil {
			return err
		}
		*custs = append(*custs, pid)
	}
	now := time.Now().UTC()
	for i := range orders {
		oid := id.New("so")
		cust := (*custs)[i%len(*custs)]
		_, err := tx.ExecContext(ctx, `INSERT INTO sales_order (id, number, status, customer_id, warehouse_id, currency, requested_date, owner_id,
			subtotal_minor, tax_minor, total_minor, version, created_at, updated_at, order_date, reference)
			VALUES ($1, $2, 'closed', $3, '', 'EUR', NULL, '', 1999, 400, 2399, 1, $4, $4, '2025-01-01', '')`,
			oid, fmt.Sprintf("SO-1999-%07d", i), cust, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sales_order_line (order_id, position, product_id, quantity, unit_price_minor, price_source,
			discount_ppm, tax_code, net_minor, tax_minor, total_minor, reserved, backordered, delivered, invoiced)
			VALUES ($1, 0, $2, 10000, 1999, 'given', 0, 'VAT20', 1999, 400, 2399, 0, 0, 10000, 10000)`, oid, product)
		if err != nil {
			return err
		}
	}
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

const benchApp = "concord-o2c-bench"

// processCPU is the CPU time this process (server and clients) has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// postgresCPU is the CPU time used so far by the PostgreSQL server processes
// serving this bench (found by application name; readable in /proc when the
// server runs on this machine, 0 otherwise or on SQLite, where the database
// works inside this process).
func postgresCPU(d *db.DB) time.Duration {
	if d.Dialect() != db.Postgres {
		return 0
	}
	rows, err := d.QueryContext(context.Background(), `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, benchApp)
	check(err)
	defer rows.Close()
	var total time.Duration
	for rows.Next() {
		var pid int
		check(rows.Scan(&pid))
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// utime and stime are fields 14 and 15, counted after the
		// parenthesised command name, in clock ticks (100 per second).
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(ut+st) * 10 * time.Millisecond
	}
	check(rows.Err())
	return total
}
