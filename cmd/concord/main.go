// Command concord is the one Concord binary: the API server (serve), schema
// migrations (migrate), user, token and audit administration, and build
// information (version).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/concord-erp/concord/internal/app"
	"github.com/concord-erp/concord/internal/platform/buildinfo"
	"github.com/concord-erp/concord/internal/platform/config"
)

const usage = `Concord — integrated ERP + CRM.

Usage: concord <command> [flags]

Commands:
  serve     run the REST API server
  migrate   apply database migrations and exit
  user      create or list users (user create --email E --name N --role R)
  token     create an API token (token create --user E --scopes sales:read)
  audit     verify the audit trail's hash chain (audit verify)
  ledger    check the ledger's invariants against the documents (ledger check)
  report    the sales analysis as a table, CSV or JSON (report sales --group-by customer --from D --to D)
  import    import customers or suppliers from CSV/XLSX, or the Northwind sample data
  export    export customers or suppliers as CSV/XLSX
  demo      load the Northwind demo data and the demo administrator (--company: the demo company)
  openapi   print the REST API's OpenAPI document (no database needed)
  version   print version information

Run "concord <command> --help" for the flags of a command.
`

// Exit codes: 0 success, 1 a runtime failure, 2 a usage or configuration error.
func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version":
		return version(rest, stdout, stderr)
	case "openapi":
		return app.OpenAPI(rest, stdout, stderr)
	case "serve", "migrate":
	case "demo":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return app.Demo(ctx, rest, getenv, stdout, stderr)
	case "import", "export":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return app.Transfer(ctx, cmd, rest, getenv, stdout, stderr)
	case "report":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return app.Report(ctx, rest, getenv, stdout, stderr)
	case "user", "token", "audit", "ledger":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		return app.Admin(ctx, cmd, rest, getenv, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "concord: unknown command %q\n\n%s", cmd, usage)
		return 2
	}

	summaries := map[string]string{
		"serve":   "Serve the REST API. Pending migrations are applied first; with --demo an empty database gets the demo company.",
		"migrate": "Apply pending database migrations and exit.",
	}
	cfg, err := config.Parse(cmd, summaries[cmd], rest, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 2
	}
	log := cfg.Logger(stdout)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if cmd == "migrate" {
		d, err := app.OpenDB(ctx, cfg, log)
		if err != nil {
			fmt.Fprintln(stderr, "concord: "+oneLine(err))
			return 1
		}
		d.Close()
		return 0
	}

	ln, err := app.Listen(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 1
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 1
	}
	defer a.Close()
	if cfg.Demo {
		if err := a.LoadDemoCompany(ctx, stdout); err != nil {
			fmt.Fprintln(stderr, "concord: "+oneLine(err))
			return 1
		}
	}
	if err := a.Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 1
	}
	return 0
}

func version(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concord version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, "Usage: concord version\n\nPrint version information.\n") }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	bi := buildinfo.Get()
	fmt.Fprintf(stdout, "concord %s (commit %s, %s)\n", bi.Version, orUnknown(bi.Commit), bi.GoVersion)
	return 0
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// oneLine keeps a fatal error on one line, so an operator sees exactly one
// clear line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
