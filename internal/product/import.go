package product

import (
	"context"
	"reflect"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// ImportFields are the columns a product file may have.
var ImportFields = []tabular.Field{
	{Name: "code", Required: true, Aliases: []string{"sku", "product code", "item code", "产品编号", "编号"}},
	{Name: "name", Required: true, Aliases: []string{"product name", "product", "description", "名称", "产品名称"}},
	{Name: "name_zh", Aliases: []string{"chinese name", "中文名称"}},
	{Name: "barcode", Aliases: []string{"ean", "gtin", "upc", "条码"}},
	{Name: "category", Aliases: []string{"category name", "类别"}},
	{Name: "unit", Aliases: []string{"uom", "unit of measure", "单位"}},
	{Name: "type", Aliases: []string{"product type"}},
	{Name: "list_price", Aliases: []string{"price", "unit price", "sales price", "售价"}},
	{Name: "currency", Aliases: []string{"币种"}},
	{Name: "standard_cost", Aliases: []string{"cost", "成本"}},
	{Name: "tax_category", Aliases: []string{"tax"}},
	{Name: "active", Aliases: []string{"enabled"}},
	{Name: "discontinued", Aliases: []string{}},
	{Name: "reorder_point", Aliases: []string{"reorder level", "min stock"}},
	{Name: "reorder_quantity", Aliases: []string{"reorder qty"}},
	{Name: "lead_time_days", Aliases: []string{"lead time"}},
	{Name: "supplier_code", Aliases: []string{"supplier", "vendor", "供应商"}},
	{Name: "supplier_price", Aliases: []string{"purchase price", "buy price", "进价"}},
}

// SupplierByCode finds the ID of the supplier with a party code; the
// composition root provides it from the party module.
type SupplierByCode func(ctx context.Context, code string) (string, error)

// ImportOptions controls a product import.
type ImportOptions struct {
	tabular.ImportOptions
	// Mapping maps fields to the file's columns; nil matches them by header.
	Mapping tabular.Mapping
	// Currency prices are in when the file has no currency column.
	Currency string
	// Suppliers resolves supplier codes; required when the file has a
	// supplier_code column.
	Suppliers SupplierByCode
	// Profile names a saved mapping to use instead of Mapping.
	Profile string
}

// Import creates products or updates the product with the same code
// (upsert by code; unchanged rows change nothing). Categories are named by
// name or path ("Beverages / Tea") and must exist.
func (s *Service) Import(ctx context.Context, r *tabular.Reader, opts ImportOptions) (tabular.ImportResult, error) {
	mapping := opts.Mapping
	if opts.Profile != "" {
		p, err := tabular.LoadProfile(ctx, s.db, importEntity, opts.Profile)
		if err != nil {
			return tabular.ImportResult{}, err
		}
		mapping = p.Mapping
	}
	bind, rejected, err := tabular.BindImport(r.Header(), mapping, ImportFields, opts.DryRun)
	if rejected != nil {
		return *rejected, nil
	}
	if err != nil {
		return tabular.ImportResult{}, err
	}
	cats, err := findCategories(ctx, s.db)
	if err != nil {
		return tabular.ImportResult{}, err
	}
	byName := map[string]string{}
	for _, c := range cats {
		byName[strings.ToLower(c.Path)] = c.ID
		if _, taken := byName[strings.ToLower(c.Name)]; !taken {
			byName[strings.ToLower(c.Name)] = c.ID
		}
	}
	im := &productImporter{s: s, bind: bind, opts: opts, categories: byName, seen: map[string]bool{}}
	return tabular.Run(ctx, s.db, r, opts.ImportOptions, im.column, im.row)
}

type productImporter struct {
	s          *Service
	bind       *tabular.Binding
	opts       ImportOptions
	categories map[string]string
	seen       map[string]bool
}

func (im *productImporter) column(field string) string {
	name := field
	switch {
	case field == "names.zh-CN":
		name = "name_zh"
	case field == "category_id":
		name = "category"
	case strings.HasPrefix(field, "suppliers["):
		name = "supplier_code"
	}
	if c := im.bind.Column(name); c != "" {
		return c
	}
	return name
}

func (im *productImporter) get(row tabular.Row, f string) string {
	return strings.TrimSpace(im.bind.Get(row, f))
}

func inputOf(p Product) Input {
	active := p.Active
	in := Input{Code: p.Code, Barcode: p.Barcode, Name: p.Name, Names: p.Names, CategoryID: p.CategoryID, Unit: p.Unit,
		Type: p.Type, ListPrice: p.ListPrice, StandardCost: p.StandardCost, TaxCategory: p.TaxCategory, Active: &active,
		ReorderPoint: p.ReorderPoint, ReorderQuantity: p.ReorderQuantity, LeadTimeDays: p.LeadTimeDays, Suppliers: p.Suppliers}
	in.normalize()
	return in
}

func (im *productImporter) row(ctx context.Context, tx *db.Tx, row tabular.Row, write bool) (tabular.Outcome, error) {
	code := im.get(row, "code")
	if im.seen[code] {
		return 0, apperr.Invalid("the code appears twice in the file", apperr.Field("code", "duplicate_in_file", "already used by an earlier row"))
	}
	im.seen[code] = true
	var existing *Product
	in := Input{}
	if p, err := findProduct(ctx, tx, "code", code); err == nil {
		existing = &p
		in = inputOf(p)
	} else if apperr.CodeOf(err) != apperr.CodeNotFound {
		return 0, err
	}
	if err := im.fill(ctx, row, &in); err != nil {
		return 0, err
	}
	if err := im.s.check(ctx, tx, &in); err != nil {
		return 0, err
	}
	if existing != nil && reflect.DeepEqual(in, inputOf(*existing)) {
		return tabular.Unchanged, nil
	}
	out := tabular.Created
	if existing != nil {
		out = tabular.Updated
	}
	if !write {
		return out, nil
	}
	if existing == nil {
		p := Product{ID: newID(), Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		in.apply(&p)
		if err := insertProduct(ctx, tx, &p); err != nil {
			return 0, err
		}
		return out, record(ctx, tx, "product", p.ID, audit.ActionCreate, EventCreated, nil, p)
	}
	after := *existing
	in.apply(&after)
	after.Version, after.UpdatedAt = existing.Version+1, tx.Now()
	res, err := updateProduct(ctx, tx, &after, existing.Version)
	if err != nil {
		return 0, err
	}
	if err := db.CheckVersion(ctx, tx, res, "product", after.ID, "product"); err != nil {
		return 0, err
	}
	return out, im.s.updatedTx(ctx, tx, *existing, after)
}

func (im *productImporter) fill(ctx context.Context, row tabular.Row, in *Input) error {
	var v apperr.Validator
	set := func(field string, dst *string) {
		if im.bind.Has(field) {
			*dst = im.get(row, field)
		}
	}
	set("code", &in.Code)
	set("name", &in.Name)
	set("barcode", &in.Barcode)
	set("unit", &in.Unit)
	set("type", &in.Type)
	set("tax_category", &in.TaxCategory)
	if im.bind.Has("name_zh") {
		if in.Names == nil {
			in.Names = map[string]string{}
		}
		if n := im.get(row, "name_zh"); n != "" {
			in.Names["zh-CN"] = n
		} else {
			delete(in.Names, "zh-CN")
		}
	}
	if im.bind.Has("category") {
		in.CategoryID = ""
		if c := im.get(row, "category"); c != "" {
			in.CategoryID = im.categories[strings.ToLower(c)]
			v.Check(in.CategoryID != "", "category_id", "unknown_category", "no category with this name or path")
		}
	}
	currency := im.opts.Currency
	if im.bind.Has("currency") && im.get(row, "currency") != "" {
		currency = im.get(row, "currency")
	}
	cur, curErr := money.ParseCurrency(currency)
	amount := func(field string) *money.Amount {
		s := im.get(row, field)
		if s == "" {
			return nil
		}
		if curErr != nil {
			v.Add("currency", "required", "a currency for the prices, e.g. USD")
			return nil
		}
		a, err := money.Parse(s, cur)
		if err != nil {
			v.Add(field, "invalid", err.Error())
			return nil
		}
		return &a
	}
	quantity := func(field string) *money.Quantity {
		s := im.get(row, field)
		if s == "" {
			return nil
		}
		q, err := money.ParseQuantity(s)
		if err != nil {
			v.Add(field, "invalid", err.Error())
			return nil
		}
		return &q
	}
	if im.bind.Has("list_price") {
		if a := amount("list_price"); a != nil {
			in.ListPrice = *a
		}
	}
	if im.bind.Has("standard_cost") {
		in.StandardCost = amount("standard_cost")
	}
	if im.bind.Has("reorder_point") {
		in.ReorderPoint = quantity("reorder_point")
	}
	if im.bind.Has("reorder_quantity") {
		in.ReorderQuantity = quantity("reorder_quantity")
	}
	if im.bind.Has("lead_time_days") && im.get(row, "lead_time_days") != "" {
		n, err := strconv.Atoi(im.get(row, "lead_time_days"))
		v.Check(err == nil && n >= 0, "lead_time_days", "invalid", "a whole number of days")
		in.LeadTimeDays = n
	}
	for field, invert := range map[string]bool{"active": false, "discontinued": true} {
		if im.bind.Has(field) && im.get(row, field) != "" {
			b, err := strconv.ParseBool(strings.ToLower(im.get(row, field)))
			v.Check(err == nil, field, "invalid", "true or false")
			b = b != invert
			in.Active = &b
		}
	}
	if im.bind.Has("supplier_code") {
		if code := im.get(row, "supplier_code"); code != "" && im.opts.Suppliers != nil {
			partyID, err := im.opts.Suppliers(ctx, code)
			if err != nil || partyID == "" {
				v.Add("supplier_code", "unknown_supplier", "no supplier with this code")
			} else if !containsSupplier(in.Suppliers, partyID) {
				price := in.ListPrice
				if a := amount("supplier_price"); a != nil {
					price = *a
				}
				in.Suppliers = append(in.Suppliers, Supplier{PartyID: partyID, Price: price, Preferred: len(in.Suppliers) == 0})
			}
		}
	}
	return v.Err()
}

func containsSupplier(ss []Supplier, partyID string) bool {
	for _, s := range ss {
		if s.PartyID == partyID {
			return true
		}
	}
	return false
}
