package party

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

const partyColumns = `id, code, kind, is_customer, is_supplier, legal_name, local_name, tax_id, email, phone, website, currency,
	payment_terms, credit_limit_minor, credit_limit_currency, price_list, tags, lifecycle, owner_id, version, created_at, updated_at, accepts_backorders,
	invoice_basis`

type scanner interface{ Scan(...any) error }

func scanParty(s scanner) (Party, error) {
	var p Party
	var customer, supplier bool
	var limit sql.NullInt64
	var limitCur, tags string
	err := s.Scan(&p.ID, &p.Code, &p.Kind, &customer, &supplier, &p.LegalName, &p.LocalName, &p.TaxID, &p.Email, &p.Phone,
		&p.Website, &p.Currency, &p.PaymentTerms, &limit, &limitCur, &p.PriceList, &tags, &p.Lifecycle, &p.OwnerID,
		&p.Version, &p.CreatedAt, &p.UpdatedAt, &p.AcceptsBackorders, &p.InvoiceBasis)
	if err != nil {
		return p, err
	}
	p.Roles = []string{}
	if customer {
		p.Roles = append(p.Roles, RoleCustomer)
	}
	if supplier {
		p.Roles = append(p.Roles, RoleSupplier)
	}
	if limit.Valid {
		cur, err := money.ParseCurrency(limitCur)
		if err != nil {
			return p, err
		}
		a := money.New(limit.Int64, cur)
		p.CreditLimit = &a
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, json.Unmarshal([]byte(tags), &p.Tags)
}

// args returns the column values of p in partyColumns order.
func args(p *Party) []any {
	var limit any
	limitCur := ""
	if p.CreditLimit != nil {
		limit, limitCur = p.CreditLimit.Minor(), string(p.CreditLimit.Currency())
	}
	tags, _ := json.Marshal(p.Tags)
	return []any{p.ID, p.Code, p.Kind, hasRole(p, RoleCustomer), hasRole(p, RoleSupplier), p.LegalName, p.LocalName, p.TaxID,
		p.Email, p.Phone, p.Website, p.Currency, p.PaymentTerms, limit, limitCur, p.PriceList, string(tags), p.Lifecycle,
		p.OwnerID, p.Version, p.CreatedAt, p.UpdatedAt, p.AcceptsBackorders, p.InvoiceBasis}
}

func hasRole(p *Party, role string) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

func insertParty(ctx context.Context, tx *db.Tx, p *Party) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO party (`+partyColumns+`, search, match_tax, match_email, match_phone,
		match_name, match_local, match_word) VALUES `+db.Placeholders(0, 31), append(append(args(p), searchText(p)), matchKeys(p)...)...)
	if err != nil {
		return err
	}
	return insertChildren(ctx, tx, p)
}

// updateParty writes p if its stored version is still version.
func updateParty(ctx context.Context, tx *db.Tx, p *Party, version int64) (sql.Result, error) {
	a := args(p)
	res, err := tx.ExecContext(ctx, `UPDATE party SET code = $2, kind = $3, is_customer = $4, is_supplier = $5, legal_name = $6,
		local_name = $7, tax_id = $8, email = $9, phone = $10, website = $11, currency = $12, payment_terms = $13,
		credit_limit_minor = $14, credit_limit_currency = $15, price_list = $16, tags = $17, lifecycle = $18, owner_id = $19,
		version = $20, created_at = $21, updated_at = $22, accepts_backorders = $23, invoice_basis = $24, search = $25, match_tax = $26,
		match_email = $27, match_phone = $28, match_name = $29, match_local = $30, match_word = $31 WHERE id = $1 AND version = $32`,
		append(append(append(a, searchText(p)), matchKeys(p)...), version)...)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		for _, t := range []string{"party_address", "party_contact"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE party_id = $1`, p.ID); err != nil {
				return nil, err
			}
		}
		if err := insertChildren(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func insertChildren(ctx context.Context, tx *db.Tx, p *Party) error {
	for i, a := range p.Addresses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_address (id, party_id, position, type, line1, line2, city, region, postal_code, country, is_default)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			a.ID, p.ID, i, a.Type, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.Default); err != nil {
			return err
		}
	}
	for i, c := range p.Contacts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_contact (id, party_id, position, name, title, email, phone)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ID, p.ID, i, c.Name, c.Title, c.Email, c.Phone); err != nil {
			return err
		}
	}
	return nil
}

// searchText is what q matches: code, names, tax ID, e-mail, lower-cased.
func searchText(p *Party) string {
	return strings.ToLower(strings.Join([]string{p.Code, p.LegalName, p.LocalName, p.TaxID, p.Email}, " "))
}

func findParty(ctx context.Context, q db.Querier, partyID string) (Party, error) {
	p, err := findPartyRow(ctx, q, partyID)
	if err != nil {
		return Party{}, err
	}
	return p, loadChildren(ctx, q, &p)
}

// findPartyRow reads a party without its addresses and contacts.
func findPartyRow(ctx context.Context, q db.Querier, partyID string) (Party, error) {
	p, err := scanParty(q.QueryRowContext(ctx, `SELECT `+partyColumns+` FROM party WHERE id = $1`, partyID))
	if err != nil {
		return Party{}, db.NotFound(err, "party")
	}
	return p, nil
}

// findPartyByKey finds a party by its code, or by the code or ID of a party
// merged into it.
func findPartyByKey(ctx context.Context, q db.Querier, key string) (Party, error) {
	p, err := findPartyRowByKey(ctx, q, key)
	if err != nil {
		return Party{}, err
	}
	return p, loadChildren(ctx, q, &p)
}

// findPartyRowByKey finds a party, without its addresses and contacts, by
// its code, or by the code or ID of a party merged into it.
func findPartyRowByKey(ctx context.Context, q db.Querier, key string) (Party, error) {
	p, err := scanParty(q.QueryRowContext(ctx, `SELECT `+partyColumns+` FROM party WHERE code = $1`, strings.ToUpper(key)))
	if errors.Is(err, sql.ErrNoRows) {
		// Two indexed lookups rather than one OR, which planners may turn
		// into a scan.
		p, err = scanParty(q.QueryRowContext(ctx, `SELECT `+partyColumns+` FROM party
			WHERE id = (SELECT party_id FROM party_alias WHERE alias IN ($1, $2))`, strings.ToUpper(key), key))
	}
	if err != nil {
		return Party{}, db.NotFound(err, "party")
	}
	return p, nil
}

func loadChildren(ctx context.Context, q db.Querier, p *Party) error {
	rows, err := q.QueryContext(ctx, `SELECT id, type, line1, line2, city, region, postal_code, country, is_default
		FROM party_address WHERE party_id = $1 ORDER BY position`, p.ID)
	if err != nil {
		return err
	}
	p.Addresses = []Address{}
	for rows.Next() {
		var a Address
		if err := rows.Scan(&a.ID, &a.Type, &a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country, &a.Default); err != nil {
			rows.Close()
			return err
		}
		p.Addresses = append(p.Addresses, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, name, title, email, phone FROM party_contact WHERE party_id = $1 ORDER BY position`, p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	p.Contacts = []Contact{}
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.Name, &c.Title, &c.Email, &c.Phone); err != nil {
			return err
		}
		p.Contacts = append(p.Contacts, c)
	}
	return rows.Err()
}

// Filter selects parties for FindParties.
type Filter struct {
	Role      string // customer or supplier
	Q         string // matches code, names, tax ID, e-mail
	Lifecycle string
	Tag       string
	OwnerID   string
	// After is the ID the previous page ended at, in the default order
	// (oldest first); a sorted list passes Sort and Cursor instead.
	After  string
	Sort   page.Sort
	Cursor *page.Cursor
	Limit  int
}

// PartySorts are the columns a list of parties may be sorted by; ids grow
// with time, so "created" is the id.
var PartySorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "code", Column: "code"},
	{Name: "legal_name", Column: "legal_name"},
	{Name: "lifecycle", Column: "lifecycle"},
}

// SortValue is p's value of a sort field, for the cursor of a page ending
// at p.
func (p Party) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(p.UpdatedAt)
	case "code":
		return p.Code
	case "legal_name":
		return p.LegalName
	case "lifecycle":
		return p.Lifecycle
	}
	return p.ID
}

func findParties(ctx context.Context, q db.Querier, f Filter) ([]Party, error) {
	where := []string{"1 = 1"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	switch f.Role {
	case RoleCustomer:
		add("is_customer = ?", true)
	case RoleSupplier:
		add("is_supplier = ?", true)
	}
	if p := db.Contains(f.Q); p != "" {
		add(`search LIKE ? ESCAPE '\'`, p)
	}
	if f.Lifecycle != "" {
		add("lifecycle = ?", f.Lifecycle)
	}
	if f.Tag != "" {
		// Tags are stored as a sorted JSON array of strings.
		b, _ := json.Marshal(f.Tag)
		add("tags LIKE ?", "%"+string(b)+"%")
	}
	if f.OwnerID != "" {
		add("owner_id = ?", f.OwnerID)
	}
	cursor := f.Cursor
	if cursor == nil && f.After != "" {
		cursor = &page.Cursor{Value: f.After, ID: f.After}
	}
	and, args, orderBy, err := f.Sort.Or(page.Sort{Field: "created", Column: "id"}).Clause(cursor, args)
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+partyColumns+` FROM party WHERE `+strings.Join(where, " AND ")+and+
		` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var out []Party
	for rows.Next() {
		p, err := scanParty(rows)
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
		if err := loadChildren(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
