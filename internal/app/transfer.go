package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/tabular"
	"github.com/concord-erp/concord/internal/product"
)

// transferEntities are the entities `concord import` and `concord export`
// know, with the party role each stands for (none for products).
var transferEntities = map[string]string{"customers": party.RoleCustomer, "suppliers": party.RoleSupplier, "products": ""}

// Transfer runs `concord import ENTITY FILE` and `concord export ENTITY`.
// Import prints every problem as row, column, code and message and exits 1
// when the file was not (or, in a dry run, would not be) written in full.
func Transfer(ctx context.Context, cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	usage := "Usage: concord import <customers|suppliers|products|northwind> FILE|DIR [--mapping NAME] [--dry-run] [--skip-invalid]\n" +
		"       concord export <customers|suppliers|products> [--format csv|xlsx] [--output FILE]\n"
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	entity := args[0]
	if _, ok := transferEntities[entity]; !ok && !(cmd == "import" && entity == "northwind") {
		fmt.Fprintf(stderr, "concord: unknown entity %q\n%s", entity, usage)
		return 2
	}
	fs := flag.NewFlagSet("concord "+cmd+" "+entity, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Each command has only its own flags, so a stray one is an error.
	var dryRun, skip, allowDup *bool
	var format, output, sheet, profile, currency *string
	if cmd == "import" {
		dryRun = fs.Bool("dry-run", false, "check every row and write nothing")
		skip = fs.Bool("skip-invalid", false, "import the valid rows and skip the others (default: all or nothing)")
		allowDup = fs.Bool("allow-duplicates", false, "import rows that look like existing parties (default: report them as likely_duplicate)")
		sheet = fs.String("sheet", "", "XLSX sheet to import (default: the first)")
		profile = fs.String("mapping", "", "a saved column mapping profile (default: columns matched by header)")
		currency = fs.String("currency", "USD", "products: currency of the prices when the file has no currency column")
	} else {
		format = fs.String("format", "csv", "export format: csv or xlsx")
		output = fs.String("output", "", "export file (default: standard output)")
	}
	file, rest := splitFile(fs, args[1:])
	cfg, code, ok := commandConfig(fs, cmd, rest, getenv, stderr)
	if !ok {
		return code
	}
	if cmd == "import" && file == "" {
		fmt.Fprint(stderr, "concord: name the file to import\n"+usage)
		return 2
	}
	d, ok := commandDB(ctx, cfg, stderr)
	if !ok {
		return 1
	}
	defer d.Close()
	ctx = authz.WithPrincipal(ctx, authz.System("cli"))
	svc := newServices(d, slog.New(slog.DiscardHandler))
	parties, products := svc.party, svc.product
	if cmd == "export" {
		columns, export := party.ExportColumns, func(w tabular.Writer) (int, error) {
			return parties.Export(ctx, party.Filter{Role: transferEntities[entity]}, w)
		}
		if entity == "products" {
			columns, export = product.ExportColumns, func(w tabular.Writer) (int, error) { return products.Export(ctx, product.Filter{}, w) }
		}
		return exportFile(entity, columns, export, *format, *output, stdout, stderr)
	}
	opts := tabular.ImportOptions{DryRun: *dryRun, SkipInvalid: *skip}
	if entity == "northwind" {
		return importNorthwind(ctx, d, os.DirFS(file), opts, stdout, stderr)
	}
	res, err := importFile(ctx, file, *sheet, stderr, func(r *tabular.Reader, progress func(int)) (tabular.ImportResult, error) {
		opts.Progress = progress
		if entity == "products" {
			return products.Import(ctx, r, product.ImportOptions{ImportOptions: opts, Currency: *currency, Suppliers: parties.SupplierByCode, Profile: *profile})
		}
		return parties.Import(ctx, r, party.ImportOptions{ImportOptions: opts, Role: transferEntities[entity], AllowDuplicates: *allowDup, Profile: *profile})
	})
	return report(res, err, stdout, stderr)
}

// splitFile takes the first argument that is neither a flag nor a flag's
// value out of args, so flags may stand before or after the file name.
func splitFile(fs *flag.FlagSet, args []string) (string, []string) {
	file := ""
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			if file == "" {
				file = a
				continue
			}
			rest = append(rest, a)
			continue
		}
		rest = append(rest, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		// Flags not defined yet are the settings (--db), which take values.
		if f := fs.Lookup(name); (f == nil || !isBoolFlag(f)) && !hasValue && i+1 < len(args) {
			i++
			rest = append(rest, args[i])
		}
	}
	return file, rest
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// importFile opens a CSV or XLSX file and runs do on it with a progress
// line on stderr (bytes read of the file, rows so far).
func importFile(ctx context.Context, path, sheet string, stderr io.Writer, do func(*tabular.Reader, func(int)) (tabular.ImportResult, error)) (tabular.ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return tabular.ImportResult{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return tabular.ImportResult{}, err
	}
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	format, err := tabular.DetectFormat(path, head[:n])
	if err != nil {
		return tabular.ImportResult{}, err
	}
	counter := &countingReaderAt{r: f}
	r, err := tabular.Open(counter, st.Size(), format, tabular.Options{Sheet: sheet})
	if err != nil {
		return tabular.ImportResult{}, err
	}
	defer r.Close()
	progress := func(rows int) {
		pct := 100
		if st.Size() > 0 {
			pct = int(min(counter.read.Load()*100/st.Size(), 100))
		}
		bar := strings.Repeat("#", pct/5) + strings.Repeat(".", 20-pct/5)
		fmt.Fprintf(stderr, "\r[%s] %3d%%  %d rows", bar, pct, rows)
	}
	res, err := do(r, progress)
	fmt.Fprintln(stderr)
	return res, err
}

// countingReaderAt counts the bytes read, for the progress bar.
type countingReaderAt struct {
	r    io.ReaderAt
	read atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	if end := off + int64(n); end > c.read.Load() {
		c.read.Store(end)
	}
	return n, err
}

// report prints an import's outcome; the exit code is 1 unless every row
// was (or would be) written.
func report(res tabular.ImportResult, err error, stdout, stderr io.Writer) int {
	var fe *tabular.FileError
	if errors.As(err, &fe) {
		fmt.Fprintf(stderr, "concord: the file cannot be imported: %s (%s)\n", fe.Message, fe.Code)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(explain(err)))
		return 1
	}
	for _, p := range res.Problems {
		col := p.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(stdout, "row %d\tcolumn %s\t%s\t%s\n", p.Row, col, p.Code, p.Message)
	}
	if res.ProblemCount > len(res.Problems) {
		fmt.Fprintf(stdout, "… and %d more problems\n", res.ProblemCount-len(res.Problems))
	}
	verb := "imported"
	if res.DryRun {
		verb = "checked (dry run, nothing written)"
	} else if !res.Written {
		verb = "checked; NOTHING written because of the problems above (use --skip-invalid to import the valid rows)"
	}
	fmt.Fprintf(stdout, "%d rows %s: %d created, %d updated, %d unchanged, %d skipped, %d problems\n",
		res.Rows, verb, res.Created, res.Updated, res.Unchanged, res.Skipped, res.ProblemCount)
	if res.ProblemCount > 0 {
		return 1
	}
	return 0
}

// exportFile writes an export to --output (removed again if the export
// fails) or to standard output.
func exportFile(entity string, columns []string, export func(tabular.Writer) (int, error), format, output string, stdout, stderr io.Writer) int {
	f := tabular.Format(format)
	if f != tabular.CSV && f != tabular.XLSX {
		fmt.Fprintln(stderr, "concord: invalid --format: want csv or xlsx")
		return 2
	}
	out := stdout
	if output != "" {
		file, err := os.Create(filepath.Clean(output))
		if err != nil {
			fmt.Fprintln(stderr, "concord: "+oneLine(err))
			return 1
		}
		defer file.Close()
		out = file
	}
	w, err := tabular.NewWriter(out, f, columns)
	if err == nil {
		var n int
		n, err = export(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			fmt.Fprintf(stderr, "exported %d %s\n", n, entity)
			return 0
		}
	}
	fmt.Fprintln(stderr, "concord: "+oneLine(err))
	if output != "" {
		os.Remove(output) // no half-written export left behind
	}
	return 1
}
