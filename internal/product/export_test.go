package product_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/tabular"
	"github.com/concord-erp/concord/internal/product"
)

const productsCSV = "code,name,name_zh,barcode,category,unit,type,list_price,currency,standard_cost,active,reorder_point\n" +
	"CHAI,Chai,印度奶茶,4006381333931,Beverages,pcs,stockable,18.00,USD,12.50,true,10\n" +
	"SIRUP,Aniseed Syrup,,,Condiments,l,stockable,-10.00,USD,,true,\n" +
	"TOFU,Tofu,豆腐,,Unknown Aisle,kg,stockable,23.25,USD,,false,\n"

func TestProductImportExportRoundTrip(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		svc := product.NewService(d, func(context.Context, []string) (map[string]bool, error) { return map[string]bool{}, nil })
		for _, name := range []string{"Beverages", "Condiments"} {
			_, err := svc.CreateCategory(ctx, product.CategoryInput{Name: name})
			require.NoError(t, err)
		}
		run := func(data string, f tabular.Format, opts tabular.ImportOptions) tabular.ImportResult {
			r, err := tabular.Open(bytes.NewReader([]byte(data)), int64(len(data)), f, tabular.Options{})
			require.NoError(t, err)
			defer r.Close()
			res, err := svc.Import(ctx, r, product.ImportOptions{ImportOptions: opts, Currency: "USD"})
			require.NoError(t, err)
			return res
		}
		res := run(productsCSV, tabular.CSV, tabular.ImportOptions{DryRun: true})
		require.Equal(t, 2, res.ProblemCount, "%+v", res.Problems)
		require.Equal(t, tabular.Problem{Row: 3, Column: "list_price", Code: "negative", Message: "must not be negative"}, res.Problems[0])
		require.Equal(t, "category", res.Problems[1].Column)
		require.Equal(t, "unknown_category", res.Problems[1].Code)

		res = run(productsCSV, tabular.CSV, tabular.ImportOptions{SkipInvalid: true})
		require.Equal(t, 1, res.Created)
		p, err := svc.FindProduct(ctx, "CHAI")
		require.NoError(t, err)
		require.Equal(t, "印度奶茶", p.Names["zh-CN"])
		require.Equal(t, "12.50", p.StandardCost.String())

		for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
			var buf bytes.Buffer
			w, err := tabular.NewWriter(&buf, f, product.ExportColumns)
			require.NoError(t, err)
			n, err := svc.Export(ctx, product.Filter{}, w)
			require.NoError(t, err)
			require.NoError(t, w.Close())
			require.Equal(t, 1, n)
			back := run(buf.String(), f, tabular.ImportOptions{})
			require.Equal(t, 1, back.Unchanged, "%s: %+v", f, back.Problems)
		}
		require.True(t, strings.HasPrefix(product.ExportColumns[0], "code"))
	})
}
