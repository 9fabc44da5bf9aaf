package party_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

const customersCSV = "\ufeffCustomer ID,Company Name,Contact Name,Contact Title,Address,City,Region,Postal Code,Country,Phone,E-mail\n" +
	"ALFKI,Alfreds Futterkiste,Maria Anders,Sales Representative,Obere Str. 57,Berlin,,12209,Germany,030-0074321,orders@alfreds.example\n" +
	"BADEM,Bad E-mail GmbH,,,Hauptstr. 1,Köln,,50667,Germany,,not-an-email\n" +
	"ANATR,Ana Trujillo Emparedados y helados,Ana Trujillo,Owner,Avda. de la Constitución 2222,México D.F.,,05021,Mexico,(5) 555-4729,\n" +
	"NONAM,,Nobody,,Somewhere 1,Paris,,75001,France,,\n" +
	"BADCO,Bad Country Ltd,,,1 High St,London,,EC1,Atlantis,020 7946 0000,\n"

func importCSV(t *testing.T, svc *party.Service, ctx context.Context, data string, opts party.ImportOptions) tabular.ImportResult {
	t.Helper()
	r, err := tabular.OpenCSV(strings.NewReader(data), tabular.Options{})
	require.NoError(t, err)
	defer r.Close()
	res, err := svc.Import(ctx, r, opts)
	require.NoError(t, err)
	return res
}

func TestImportReportsEveryProblemAndIsAllOrNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		svc := party.NewService(d, authz.NewCatalog())
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		count := func() int {
			ps, err := svc.FindParties(ctx, party.Filter{Limit: 100})
			require.NoError(t, err)
			return len(ps)
		}

		dry := importCSV(t, svc, ctx, customersCSV, party.ImportOptions{ImportOptions: tabular.ImportOptions{DryRun: true}})
		require.Equal(t, 5, dry.Rows)
		require.Equal(t, 3, dry.ProblemCount)
		require.ElementsMatch(t, []tabular.Problem{
			{Row: 3, Column: "E-mail", Code: "invalid", Message: "an e-mail address such as orders@example.com"},
			{Row: 5, Column: "Company Name", Code: "required", Message: "the registered name"},
			{Row: 6, Column: "Country", Code: "invalid", Message: "an ISO 3166-1 alpha-2 code such as DE"},
		}, dry.Problems)
		require.False(t, dry.Written)
		require.Zero(t, count(), "a dry run writes nothing")

		all := importCSV(t, svc, ctx, customersCSV, party.ImportOptions{})
		require.Equal(t, 3, all.ProblemCount)
		require.False(t, all.Written)
		require.Zero(t, count(), "all or nothing: one bad row, nothing written")

		some := importCSV(t, svc, ctx, customersCSV, party.ImportOptions{ImportOptions: tabular.ImportOptions{SkipInvalid: true}})
		require.Equal(t, 2, some.Created)
		require.Equal(t, 3, some.Skipped)
		require.True(t, some.Written)
		require.Equal(t, 2, count())
		p, err := svc.FindParty(ctx, "ALFKI")
		require.NoError(t, err)
		require.Equal(t, "DE", p.Addresses[0].Country, "country names become ISO codes")
		require.Equal(t, "Maria Anders", p.Contacts[0].Name)
		require.Equal(t, []string{"customer"}, p.Roles)

		again := importCSV(t, svc, ctx, customersCSV, party.ImportOptions{ImportOptions: tabular.ImportOptions{SkipInvalid: true}})
		require.Equal(t, 2, again.Unchanged, "importing the same file twice changes nothing")
		require.Zero(t, again.Created+again.Updated)

		changed := strings.Replace(customersCSV, "Obere Str. 57", "Obere Str. 58", 1)
		upd := importCSV(t, svc, ctx, changed, party.ImportOptions{ImportOptions: tabular.ImportOptions{SkipInvalid: true}})
		require.Equal(t, 1, upd.Updated, "upsert by code")
		p2, err := svc.FindParty(ctx, "ALFKI")
		require.NoError(t, err)
		require.Equal(t, "Obere Str. 58", p2.Addresses[0].Line1)
		require.Equal(t, p.Addresses[0].ID, p2.Addresses[0].ID, "the address is updated in place")
		require.Equal(t, p.ID, p2.ID)

		missing := importCSV(t, svc, ctx, "Code,City\nX1,Berlin\n", party.ImportOptions{})
		require.Equal(t, []tabular.Problem{{Row: 1, Column: "legal_name", Code: "missing_column", Message: missing.Problems[0].Message}}, missing.Problems)
	})
}

// TestExportImportsBackUnchanged: an exported file is a valid import file
// that changes nothing.
func TestExportImportsBackUnchanged(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		svc := party.NewService(d, authz.NewCatalog())
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		res := importCSV(t, svc, ctx, customersCSV, party.ImportOptions{ImportOptions: tabular.ImportOptions{SkipInvalid: true}})
		require.Equal(t, 2, res.Created)
		for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
			var buf bytes.Buffer
			w, err := tabular.NewWriter(&buf, f, party.ExportColumns)
			require.NoError(t, err)
			n, err := svc.Export(ctx, party.Filter{}, w)
			require.NoError(t, err)
			require.NoError(t, w.Close())
			require.Equal(t, 2, n)
			r, err := tabular.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), f, tabular.Options{})
			require.NoError(t, err)
			back, err := svc.Import(ctx, r, party.ImportOptions{})
			require.NoError(t, err)
			r.Close()
			require.Equal(t, 2, back.Unchanged, "%s: %+v", f, back.Problems)
		}
	})
}
