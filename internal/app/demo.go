package app

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/apperr"
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
// every time.
func Demo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs0 := flag.NewFlagSet("concord demo", flag.ContinueOnError)
	fs0.SetOutput(stderr)
	fs0.Usage = func() {
		fmt.Fprint(stderr, "Usage: concord demo [--db URL]\n\nLoad the Northwind demo data and create the demo administrator.\n\nFlags:\n")
		fs0.PrintDefaults()
	}
	cfg, code, ok := commandConfig(fs0, "demo", args, getenv, stderr)
	if !ok {
		return code
	}
	d, ok := commandDB(ctx, cfg, stderr)
	if !ok {
		return 1
	}
	defer d.Close()
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
	credentials := ""
	if t, err := db.ParseURL(dbURL); err == nil && t.Dialect == db.SQLite {
		credentials = filepath.Join(filepath.Dir(t.Path), "demo-credentials.txt")
	}
	svc := newServices(d, slog.New(slog.DiscardHandler)).identity
	_, generated, err := svc.CreateUser(ctx, identity.CreateUserInput{Email: DemoAdmin, Name: "Demo Admin", Roles: []string{"admin"}})
	if apperr.CodeOf(err) == identity.ErrEmailTaken.Code {
		if b, rerr := os.ReadFile(credentials); rerr == nil && credentials != "" {
			return strings.TrimSpace(string(b)), nil
		}
		return "(set before; reset it with the API or create another admin with concord user create)", nil
	}
	if err != nil {
		return "", err
	}
	if credentials != "" {
		if err := os.WriteFile(credentials, []byte(generated+"\n"), 0o600); err != nil {
			return "", err
		}
	}
	return generated, nil
}
