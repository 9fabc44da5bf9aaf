package httpapi

import (
	"context"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/tabular"
	"github.com/concord-erp/concord/internal/product"
)

// exportFunc writes the rows a list request selects (by its query) to w.
type exportFunc func(ctx context.Context, query func(string) string, w tabular.Writer) (int, error)

// csvList answers a list request that asks for CSV (Accept: text/csv) with
// the whole filtered list in the import's columns, instead of a JSON page.
func (s *server) csvList(columns []string, export exportFunc) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		accept := ctx.Header("Accept")
		if !strings.Contains(accept, "text/csv") || strings.Contains(accept, "application/json") {
			next(ctx)
			return
		}
		ctx.SetHeader("Content-Type", "text/csv; charset=utf-8")
		ctx.SetStatus(200)
		w, err := tabular.NewWriter(ctx.BodyWriter(), tabular.CSV, columns)
		if err == nil {
			_, err = export(ctx.Context(), ctx.Query, w)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			httpx.Logger(ctx.Context()).Error("CSV list failed", "error", err)
		}
	}
}

func (s *server) exportPartiesTo(ctx context.Context, query func(string) string, w tabular.Writer) (int, error) {
	return s.deps.Party.Export(ctx, party.Filter{Role: query("role"), Q: query("q"), Lifecycle: query("lifecycle"),
		Tag: query("tag"), OwnerID: query("owner_id")}, w)
}

func (s *server) exportProductsTo(ctx context.Context, query func(string) string, w tabular.Writer) (int, error) {
	f := product.Filter{Q: query("q"), CategoryID: query("category_id"), Type: query("type"), SupplierID: query("supplier_id")}
	if a := query("active"); a == "true" || a == "false" {
		active := a == "true"
		f.Active = &active
	}
	return s.deps.Product.Export(ctx, f, w)
}

type importProductsInput struct {
	DryRun      bool   `query:"dry_run" doc:"Check every row, write nothing."`
	SkipInvalid bool   `query:"skip_invalid" doc:"Import the valid rows; by default one bad row means nothing is written."`
	Currency    string `query:"currency" default:"USD" maxLength:"3" doc:"Currency of the prices when the file has no currency column."`
	Sheet       string `query:"sheet" maxLength:"100"`
	Profile     string `query:"profile" maxLength:"60" doc:"A saved column mapping; default: columns matched by header."`
	RawBody     []byte `contentType:"text/csv" doc:"The CSV (UTF-8) or XLSX file."`
}

func (s *server) importProducts(ctx context.Context, in *importProductsInput) (*importOutput, error) {
	r, err := tabular.OpenBytes(in.RawBody, tabular.Options{Sheet: in.Sheet})
	if err != nil {
		return nil, importFileError(err)
	}
	defer r.Close()
	res, err := s.deps.Product.Import(ctx, r, product.ImportOptions{Currency: strings.ToUpper(in.Currency), Profile: in.Profile,
		Suppliers: s.deps.Party.SupplierByCode, ImportOptions: tabular.ImportOptions{DryRun: in.DryRun, SkipInvalid: in.SkipInvalid}})
	if err != nil {
		return nil, importFileError(err)
	}
	return &importOutput{Body: res}, nil
}

func (s *server) importProductsLater(ctx context.Context, in *importProductsInput) (*jobOutput, error) {
	j, err := s.deps.Product.ImportLater(ctx, in.RawBody, product.ImportJobOptions{DryRun: in.DryRun, SkipInvalid: in.SkipInvalid,
		Currency: strings.ToUpper(in.Currency), Profile: in.Profile, Sheet: in.Sheet})
	if err != nil {
		return nil, err
	}
	return &jobOutput{Location: "/api/v1/jobs/" + j.ID, Body: j}, nil
}

func (s *server) listProductImportProfiles(ctx context.Context, _ *struct{}) (*importProfilesOutput, error) {
	ps, err := s.deps.Product.ImportProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := &importProfilesOutput{}
	out.Body.Data = ps
	return out, nil
}

func (s *server) saveProductImportProfile(ctx context.Context, in *saveImportProfileInput) (*importProfileOutput, error) {
	p, err := s.deps.Product.SaveImportProfile(ctx, in.Name, in.Body.Mapping)
	if err != nil {
		return nil, err
	}
	return &importProfileOutput{Body: p}, nil
}
