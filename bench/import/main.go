// Command import measures a streamed customer import: it writes a CSV of
// -rows customers with three planted bad rows, runs a dry run and an
// all-or-nothing import (which must write nothing), then a skip-invalid
// import, on SQLite and, when -postgres is given, on PostgreSQL, and prints
// rows per second and the peak memory of the process.
//
//	go run ./bench/import -rows 100000 -postgres postgres://root@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/schema"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

func main() {
	rows := flag.Int("rows", 100000, "customer rows to generate")
	pg := flag.String("postgres", "", "PostgreSQL URL (a schema is created and dropped); empty: SQLite only")
	flag.Parse()
	dir, err := os.MkdirTemp("", "concord-import")
	check(err)
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "customers.csv")
	check(writeCSV(file, *rows))
	st, _ := os.Stat(file)
	fmt.Printf("file: %d rows, %.1f MB, bad rows planted at lines 1001, %d, %d\n", *rows, float64(st.Size())/1e6, *rows/2+1, *rows+1)

	var peak atomic.Uint64
	go samplePeak(&peak)

	run("sqlite", "sqlite://"+filepath.Join(dir, "bench.db"), file, &peak)
	if *pg != "" {
		u, err := url.Parse(*pg)
		check(err)
		admin, err := db.Open(context.Background(), *pg)
		check(err)
		name := fmt.Sprintf("bench_import_%d", time.Now().UnixNano())
		_, err = admin.ExecContext(context.Background(), "CREATE SCHEMA "+name)
		check(err)
		defer admin.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE")
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		run("postgres", u.String(), file, &peak)
	}
	fmt.Printf("peak heap in use: %.1f MB; peak RSS (VmHWM): %s\n", float64(peak.Load())/1e6, vmHWM())
}

func run(engine, dbURL, file string, peak *atomic.Uint64) {
	ctx := authz.WithPrincipal(context.Background(), authz.System("bench"))
	d, err := db.Open(ctx, dbURL)
	check(err)
	defer d.Close()
	_, err = schema.Migrate(ctx, d)
	check(err)
	svc := party.NewService(d, authz.NewCatalog())
	for _, mode := range []struct {
		name string
		opts party.ImportOptions
	}{
		{"dry run", party.ImportOptions{ImportOptions: tabular.ImportOptions{DryRun: true}}},
		{"all or nothing", party.ImportOptions{}},
		{"skip invalid", party.ImportOptions{ImportOptions: tabular.ImportOptions{SkipInvalid: true}}},
	} {
		f, err := os.Open(file)
		check(err)
		r, err := tabular.OpenCSV(bufio.NewReader(f), tabular.Options{})
		check(err)
		start := time.Now()
		res, err := svc.Import(ctx, r, mode.opts)
		check(err)
		r.Close()
		f.Close()
		el := time.Since(start)
		var stored int
		check(d.QueryRowContext(ctx, "SELECT COUNT(*) FROM party").Scan(&stored))
		fmt.Printf("%-8s %-15s %7d rows in %6.1fs (%6.0f rows/s): created %d, skipped %d, problems %d, written %v, rows stored %d\n",
			engine, mode.name, res.Rows, el.Seconds(), float64(res.Rows)/el.Seconds(), res.Created, res.Skipped, res.ProblemCount, res.Written, stored)
		for _, p := range res.Problems {
			fmt.Printf("         problem: row %d, column %q: %s (%s)\n", p.Row, p.Column, p.Code, p.Message)
		}
	}
}

func writeCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "code,company_name,contact_name,address,city,postal_code,country,phone,email,currency,credit_limit,tags")
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("buyer%d@customer%d.example", i, i)
		country := []string{"Germany", "France", "CN", "USA", "UK"}[i%5]
		name := fmt.Sprintf("Customer %d Trading Ltd", i)
		switch i {
		case 1000:
			email = "not-an-email" // bad row 1
		case n / 2:
			name = "" // bad row 2
		case n:
			country = "Atlantis" // bad row 3
		}
		fmt.Fprintf(w, "C%07d,%s,Buyer %d,%d Market Street,City %d,%05d,%s,+49 30 %07d,%s,EUR,%d.00,\"retail,tier %d\"\n",
			i, name, i, i, i%500, i%100000, country, i, email, 1000+i%50*100, i%3)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func samplePeak(peak *atomic.Uint64) {
	var m runtime.MemStats
	for {
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func vmHWM() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
