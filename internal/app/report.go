package app

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/httpapi"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// Report runs `concord report sales`: the sales analysis of the API as a
// table, CSV or JSON on standard output.
func Report(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "sales" {
		fmt.Fprintln(stderr, "Usage: concord report sales --group-by customer|product|category|month|country|sales_rep --from YYYY-MM-DD --to YYYY-MM-DD [--currency CUR] [--format table|csv|json]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("concord report sales", flag.ContinueOnError)
	fs.SetOutput(stderr)
	groupBy := fs.String("group-by", "customer", "customer, product, category, month, country or sales_rep")
	from := fs.String("from", "", "first invoice day, YYYY-MM-DD")
	to := fs.String("to", "", "last invoice day, YYYY-MM-DD")
	currency := fs.String("currency", "", "convert everything into this currency at each invoice's day rate")
	format := fs.String("format", "table", "table, csv or json")
	cfg, code, ok := commandConfig(fs, "report sales", args[1:], getenv, stderr)
	if !ok {
		return code
	}
	q := billing.SalesQuery{GroupBy: *groupBy, Currency: strings.ToUpper(*currency)}
	for _, d := range []struct {
		flag, value string
		dst         *calendar.Date
	}{{"--from", *from, &q.From}, {"--to", *to, &q.To}} {
		v, err := calendar.ParseDate(d.value)
		if err != nil {
			fmt.Fprintf(stderr, "concord: %s: want a date YYYY-MM-DD\n", d.flag)
			return 2
		}
		*d.dst = v
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintln(stderr, "concord: --format: table, csv or json")
		return 2
	}
	d, ok := commandDB(ctx, cfg, stderr)
	if !ok {
		return 1
	}
	defer d.Close()
	svc := newServices(d, slog.New(slog.DiscardHandler))
	ctx = authz.WithPrincipal(ctx, authz.System("cli"))
	rep, err := httpapi.SalesReport(ctx, svc.billing, svc.identity, q)
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(explain(err)))
		return 1
	}
	if err := writeSalesReport(stdout, *format, rep); err != nil {
		fmt.Fprintln(stderr, "concord: "+err.Error())
		return 1
	}
	return 0
}

func writeSalesReport(w io.Writer, format string, rep billing.SalesReport) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	header := []string{"key", "label", "currency", "net_revenue", "quantity", "orders", "margin"}
	cells := func(r billing.SalesRow) []string {
		margin := ""
		if r.Margin != nil {
			margin = r.Margin.String()
		}
		return []string{r.Key, r.Label, string(r.NetRevenue.Currency()), r.NetRevenue.String(), r.Quantity.String(), fmt.Sprint(r.Orders), margin}
	}
	if format == "csv" {
		cw, err := tabular.NewWriter(w, tabular.CSV, header)
		if err != nil {
			return err
		}
		for _, r := range rep.Rows {
			if err := cw.Write(cells(r)); err != nil {
				return err
			}
		}
		return cw.Close()
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(header[1:], "\t"))+"\t")
	for _, r := range rep.Rows {
		fmt.Fprintln(tw, strings.Join(cells(r)[1:], "\t")+"\t")
	}
	return tw.Flush()
}
