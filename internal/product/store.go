package product

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

func findUnits(ctx context.Context, q db.Querier) (map[string]Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, name, category, ratio_num, ratio_den, version FROM product_unit`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Unit{}
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.Category, &u.RatioNum, &u.RatioDen, &u.Version); err != nil {
			return nil, err
		}
		out[u.Code] = u
	}
	return out, rows.Err()
}

const productColumns = `id, code, barcode, name, names, category_id, unit, type, list_price_minor, currency, standard_cost_minor,
	standard_cost_currency, tax_category, active, reorder_point, reorder_quantity, lead_time_days, version, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanProduct(s scanner) (Product, error) {
	var p Product
	var barcode, category sql.NullString
	var names, currency, costCurrency string
	var price int64
	var cost, rp, rq sql.NullInt64
	err := s.Scan(&p.ID, &p.Code, &barcode, &p.Name, &names, &category, &p.Unit, &p.Type, &price, &currency, &cost,
		&costCurrency, &p.TaxCategory, &p.Active, &rp, &rq, &p.LeadTimeDays, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, err
	}
	p.Barcode, p.CategoryID = barcode.String, category.String
	cur, err := money.ParseCurrency(currency)
	if err != nil {
		return p, err
	}
	p.ListPrice = money.New(price, cur)
	if cost.Valid {
		cc, err := money.ParseCurrency(costCurrency)
		if err != nil {
			return p, err
		}
		c := money.New(cost.Int64, cc)
		p.StandardCost = &c
	}
	p.ReorderPoint, p.ReorderQuantity = quantityOf(rp), quantityOf(rq)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, json.Unmarshal([]byte(names), &p.Names)
}

func quantityOf(n sql.NullInt64) *money.Quantity {
	if !n.Valid {
		return nil
	}
	q := money.NewQuantity(n.Int64)
	return &q
}

func unitsOf(q *money.Quantity) any {
	if q == nil {
		return nil
	}
	return q.Units()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func productArgs(p *Product) []any {
	var cost any
	costCurrency := ""
	if p.StandardCost != nil {
		cost, costCurrency = p.StandardCost.Minor(), string(p.StandardCost.Currency())
	}
	names, _ := json.Marshal(p.Names)
	return []any{p.ID, p.Code, nullString(p.Barcode), p.Name, string(names), nullString(p.CategoryID), p.Unit, p.Type,
		p.ListPrice.Minor(), string(p.ListPrice.Currency()), cost, costCurrency, p.TaxCategory, p.Active,
		unitsOf(p.ReorderPoint), unitsOf(p.ReorderQuantity), p.LeadTimeDays, p.Version, p.CreatedAt, p.UpdatedAt}
}

func searchText(p *Product) string {
	parts := []string{p.Code, p.Barcode, p.Name}
	for _, n := range p.Names {
		parts = append(parts, n)
	}
	return strings.ToLower(strings.Join(parts, " "))
}

func insertProduct(ctx context.Context, tx *db.Tx, p *Product) error {
	ph := make([]string, 21)
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO product (`+productColumns+`, search) VALUES (`+strings.Join(ph, ", ")+`)`,
		append(productArgs(p), searchText(p))...); err != nil {
		return err
	}
	return insertSuppliers(ctx, tx, p)
}

func updateProduct(ctx context.Context, tx *db.Tx, p *Product, version int64) (sql.Result, error) {
	res, err := tx.ExecContext(ctx, `UPDATE product SET code = $2, barcode = $3, name = $4, names = $5, category_id = $6,
		unit = $7, type = $8, list_price_minor = $9, currency = $10, standard_cost_minor = $11, standard_cost_currency = $12,
		tax_category = $13, active = $14, reorder_point = $15, reorder_quantity = $16, lead_time_days = $17, version = $18,
		created_at = $19, updated_at = $20, search = $21 WHERE id = $1 AND version = $22`,
		append(productArgs(p), searchText(p), version)...)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM product_supplier WHERE product_id = $1`, p.ID); err != nil {
			return nil, err
		}
		if err := insertSuppliers(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func insertSuppliers(ctx context.Context, tx *db.Tx, p *Product) error {
	for i, s := range p.Suppliers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO product_supplier (product_id, party_id, position, supplier_code, price_minor,
			currency, min_quantity, lead_time_days, preferred) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			p.ID, s.PartyID, i, s.SupplierCode, s.Price.Minor(), string(s.Price.Currency()), unitsOf(s.MinQuantity),
			s.LeadTimeDays, s.Preferred); err != nil {
			return err
		}
	}
	return nil
}

func loadSuppliers(ctx context.Context, q db.Querier, p *Product) error {
	rows, err := q.QueryContext(ctx, `SELECT party_id, supplier_code, price_minor, currency, min_quantity, lead_time_days, preferred
		FROM product_supplier WHERE product_id = $1 ORDER BY position`, p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	p.Suppliers = []Supplier{}
	for rows.Next() {
		var s Supplier
		var price int64
		var currency string
		var minQ sql.NullInt64
		if err := rows.Scan(&s.PartyID, &s.SupplierCode, &price, &currency, &minQ, &s.LeadTimeDays, &s.Preferred); err != nil {
			return err
		}
		cur, err := money.ParseCurrency(currency)
		if err != nil {
			return err
		}
		s.Price, s.MinQuantity = money.New(price, cur), quantityOf(minQ)
		p.Suppliers = append(p.Suppliers, s)
	}
	return rows.Err()
}

func findProduct(ctx context.Context, q db.Querier, where string, arg any) (Product, error) {
	p, err := findProductRow(ctx, q, where, arg)
	if err != nil {
		return Product{}, err
	}
	return p, loadSuppliers(ctx, q, &p)
}

// findProductRow reads a product without its suppliers, for the reads
// inside other modules' use cases that need only its type or cost.
func findProductRow(ctx context.Context, q db.Querier, where string, arg any) (Product, error) {
	p, err := scanProduct(q.QueryRowContext(ctx, `SELECT `+productColumns+` FROM product WHERE `+where+` = $1`, arg))
	if err != nil {
		return Product{}, db.NotFound(err, "product")
	}
	return p, nil
}

// Filter selects products for FindProducts.
type Filter struct {
	Q          string // matches code, barcode and names in every language
	CategoryID string // this category and its descendants
	Type       string
	Active     *bool
	SupplierID string
	// After is the ID the previous page ended at, in the default order
	// (oldest first); a sorted list passes Sort and Cursor instead.
	After  string
	Sort   page.Sort
	Cursor *page.Cursor
	Limit  int
}

// ProductSorts are the columns a list of products may be sorted by; ids
// grow with time, so "created" is the id.
var ProductSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "code", Column: "code"},
	{Name: "name", Column: "name"},
	{Name: "type", Column: "type"},
	{Name: "list_price", Column: "list_price_minor", Numeric: true},
}

// SortValue is p's value of a sort field, for the cursor of a page ending
// at p.
func (p Product) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(p.UpdatedAt)
	case "code":
		return p.Code
	case "name":
		return p.Name
	case "type":
		return p.Type
	case "list_price":
		return strconv.FormatInt(p.ListPrice.Minor(), 10)
	}
	return p.ID
}

func findProducts(ctx context.Context, q db.Querier, f Filter, categories []string) ([]Product, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Q != "" {
		add("search LIKE ?", "%"+strings.ToLower(f.Q)+"%")
	}
	if len(categories) > 0 {
		var ph []string
		for _, c := range categories {
			args = append(args, c)
			ph = append(ph, "$"+strconv.Itoa(len(args)))
		}
		where = append(where, "category_id IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Type != "" {
		add("type = ?", f.Type)
	}
	if f.Active != nil {
		add("active = ?", *f.Active)
	}
	if f.SupplierID != "" {
		add("id IN (SELECT product_id FROM product_supplier WHERE party_id = ?)", f.SupplierID)
	}
	sort, cursor := f.Sort, f.Cursor
	if sort.Column == "" {
		sort = page.Sort{Field: "created", Column: "id"}
	}
	if cursor == nil && f.After != "" {
		cursor = &page.Cursor{Value: f.After, ID: f.After}
	}
	after, more, orderBy, err := sort.Keyset(cursor, len(args)+1)
	if err != nil {
		return nil, err
	}
	if after != "" {
		where = append(where, after)
		args = append(args, more...)
	}
	if len(where) == 0 {
		where = append(where, "1 = 1")
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+productColumns+` FROM product WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var out []Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadSuppliers(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
