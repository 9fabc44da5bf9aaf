package app

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"

	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// demoData is the Northwind sample data (Ms-PL), shipped in the binary so
// that `concord demo` needs nothing else.
//
//go:embed demo/northwind/*.csv
var demoData embed.FS

// DemoAdmin is the e-mail address of the demo administrator.
const DemoAdmin = "admin@demo.concord.example"

// Demo loads the demo data (idempotently) and makes sure a demo
// administrator exists. Its password is generated once and kept in
// demo-credentials.txt next to a SQLite database, so `make run` can show it
// every time. With --company it loads the demo company instead, as
// `serve --demo` does, without serving.
func Demo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs0 := flag.NewFlagSet("concord demo", flag.ContinueOnError)
	fs0.SetOutput(stderr)
	fs0.Usage = func() {
		fmt.Fprint(stderr, "Usage: concord demo [--company] [--db URL]\n\nLoad the Northwind demo data and create the demo administrator,\n"+
			"or with --company load the demo company and a user for each built-in role.\n\nFlags:\n")
		fs0.PrintDefaults()
	}
	company := fs0.Bool("company", false, "load the demo company (a manufacturer-distributor) into an empty database instead of Northwind")
	cfg, code, ok := commandConfig(fs0, "demo", args, getenv, stderr)
	if !ok {
		return code
	}
	d, ok := commandDB(ctx, cfg, stderr)
	if !ok {
		return 1
	}
	defer d.Close()
	if *company {
		if err := loadDemoCompany(ctx, newServices(d, slog.New(slog.DiscardHandler)), cfg.DatabaseURL, stdout); err != nil {
			fmt.Fprintln(stderr, "concord: "+oneLine(explain(err)))
			return 1
		}
		return 0
	}
	ctx = authz.WithPrincipal(ctx, authz.System("demo"))
	sub, err := fs.Sub(demoData, "demo/northwind")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	if code := importNorthwind(ctx, d, sub, tabular.ImportOptions{}, io.Discard, stderr); code != 0 {
		fmt.Fprintln(stderr, "concord: the demo data did not load")
		return code
	}
	password, err := demoAdmin(ctx, d, cfg.DatabaseURL)
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(explain(err)))
		return 1
	}
	fmt.Fprintf(stdout, "Demo data loaded (Northwind: 91 customers, 29 suppliers, 6 carriers, 77 products with opening stock, 9 employees).\n")
	fmt.Fprintf(stdout, "Sign in as %s with password %s\n", DemoAdmin, password)
	return 0
}

// demoAdmin creates the demo administrator unless it exists, and returns
// its password from the credentials file when it can.
func demoAdmin(ctx context.Context, d *db.DB, dbURL string) (string, error) {
	svc := newServices(d, slog.New(slog.DiscardHandler)).identity
	users, err := ensureDemoUsers(ctx, svc, credentialsPath(dbURL), []string{"admin"})
	if err != nil {
		return "", err
	}
	if users[0].Password == "" {
		return "(set before; reset it with the API or create another admin with concord user create)", nil
	}
	return users[0].Password, nil
}
