package billing

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

const invoiceColumns = `id, number, kind, status, customer_id, order_id, credit_note_for, reason, currency, invoice_date, due_date,
	subtotal_minor, tax_minor, total_minor, settled_minor, entry_id, version, created_at, updated_at`

func dateArg(d *calendar.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func insertInvoice(ctx context.Context, tx *db.Tx, inv Invoice) error {
	var number any
	if inv.Number != "" {
		number = inv.Number
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO billing_invoice (`+invoiceColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		inv.ID, number, inv.Kind, inv.Status, inv.CustomerID, inv.OrderID, inv.CreditNoteFor, inv.Reason, inv.Currency,
		dateArg(inv.InvoiceDate), dateArg(inv.DueDate), inv.Subtotal.Minor(), inv.Tax.Minor(), inv.Total.Minor(), inv.Settled.Minor(),
		inv.EntryID, inv.Version, inv.CreatedAt, inv.UpdatedAt); err != nil {
		return err
	}
	for i, l := range inv.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO billing_invoice_line (invoice_id, position, order_line, product_id, quantity,
			unit_price_minor, discount_ppm, tax_code, net_minor, tax_minor, total_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			inv.ID, i, l.OrderLine, l.ProductID, l.Quantity.Units(), l.UnitPrice.Minor(), l.DiscountPercent.PPM(), l.TaxCode,
			l.Net.Minor(), l.Tax.Minor(), l.Total.Minor()); err != nil {
			return err
		}
	}
	return nil
}

// saveInvoice stores a posted draft: number, dates, status and entry.
func saveInvoice(ctx context.Context, tx *db.Tx, before Invoice, after *Invoice) error {
	after.Version, after.UpdatedAt = before.Version+1, tx.Now()
	res, err := tx.ExecContext(ctx, `UPDATE billing_invoice SET number = $1, status = $2, invoice_date = $3, due_date = $4, entry_id = $5,
		version = $6, updated_at = $7 WHERE id = $8 AND version = $9`, after.Number, after.Status, dateArg(after.InvoiceDate),
		dateArg(after.DueDate), after.EntryID, after.Version, after.UpdatedAt, after.ID, before.Version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "billing_invoice", after.ID, "invoice")
}

func scanInvoice(s interface{ Scan(...any) error }) (Invoice, error) {
	var inv Invoice
	var number sql.NullString
	var invoiceDate, dueDate string
	var sub, tax, total, settled int64
	if err := s.Scan(&inv.ID, &number, &inv.Kind, &inv.Status, &inv.CustomerID, &inv.OrderID, &inv.CreditNoteFor, &inv.Reason,
		&inv.Currency, &invoiceDate, &dueDate, &sub, &tax, &total, &settled, &inv.EntryID, &inv.Version, &inv.CreatedAt, &inv.UpdatedAt); err != nil {
		return inv, err
	}
	inv.Number = number.String
	cur, err := money.ParseCurrency(inv.Currency)
	if err != nil {
		return inv, err
	}
	inv.Subtotal, inv.Tax, inv.Total, inv.Settled = money.New(sub, cur), money.New(tax, cur), money.New(total, cur), money.New(settled, cur)
	inv.Residual = money.New(total-settled, cur)
	for _, d := range []struct {
		s   string
		dst **calendar.Date
	}{{invoiceDate, &inv.InvoiceDate}, {dueDate, &inv.DueDate}} {
		if d.s != "" {
			v, err := calendar.ParseDate(d.s)
			if err != nil {
				return inv, err
			}
			*d.dst = &v
		}
	}
	inv.CreatedAt, inv.UpdatedAt = inv.CreatedAt.UTC(), inv.UpdatedAt.UTC()
	return inv, nil
}

func findInvoice(ctx context.Context, q db.Querier, key string) (Invoice, error) {
	inv, err := scanInvoice(q.QueryRowContext(ctx, `SELECT `+invoiceColumns+` FROM billing_invoice WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Invoice{}, db.NotFound(err, "invoice")
	}
	inv.Lines, err = invoiceLines(ctx, q, inv.ID, inv.Currency)
	return inv, err
}

func invoiceLines(ctx context.Context, q db.Querier, invoiceID, currency string) ([]InvoiceLine, error) {
	cur, err := money.ParseCurrency(currency)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT order_line, product_id, quantity, unit_price_minor, discount_ppm, tax_code, net_minor, tax_minor,
		total_minor FROM billing_invoice_line WHERE invoice_id = $1 ORDER BY position`, invoiceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InvoiceLine{}
	for rows.Next() {
		var l InvoiceLine
		var qty, price, ppm, net, tax, total int64
		if err := rows.Scan(&l.OrderLine, &l.ProductID, &qty, &price, &ppm, &l.TaxCode, &net, &tax, &total); err != nil {
			return nil, err
		}
		l.Quantity, l.UnitPrice, l.DiscountPercent = money.NewQuantity(qty), money.New(price, cur), ledger.PercentFromPPM(ppm)
		l.Net, l.Tax, l.Total = money.New(net, cur), money.New(tax, cur), money.New(total, cur)
		out = append(out, l)
	}
	return out, rows.Err()
}

// InvoiceFilter selects invoices.
type InvoiceFilter struct {
	CustomerID string
	OrderID    string
	Status     string
	Kind       string
	// Q finds invoices and credit notes whose number contains it.
	Q string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// InvoiceSorts are the columns a list of invoices may be sorted by; ids
// grow with time, so "created" is the id. A draft has no number yet: it
// sorts as an empty one, on both engines.
var InvoiceSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "number", Column: "COALESCE(number, '')"},
	{Name: "invoice_date", Column: "invoice_date"},
	{Name: "due_date", Column: "due_date"},
	{Name: "total", Column: "total_minor", Numeric: true},
	{Name: "status", Column: "status"},
}

// SortValue is inv's value of a sort field, for the cursor of a page
// ending at inv.
func (inv Invoice) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(inv.UpdatedAt)
	case "number":
		return inv.Number
	case "invoice_date":
		return dateArg(inv.InvoiceDate)
	case "due_date":
		return dateArg(inv.DueDate)
	case "total":
		return strconv.FormatInt(inv.Total.Minor(), 10)
	case "status":
		return inv.Status
	}
	return inv.ID
}

func findInvoices(ctx context.Context, q db.Querier, f InvoiceFilter) ([]Invoice, error) {
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true})
	and, args, orderBy, err := sort.Clause(f.After, []any{f.CustomerID, f.OrderID, f.Status, f.Kind, db.Contains(f.Q)})
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+invoiceColumns+` FROM billing_invoice WHERE ($1 = '' OR customer_id = $1)
		AND ($2 = '' OR order_id = $2) AND ($3 = '' OR status = $3) AND ($4 = '' OR kind = $4)
		AND ($5 = '' OR LOWER(number) LIKE $5 ESCAPE '\')`+and+`
		ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var out []Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, inv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = invoiceLines(ctx, q, out[i].ID, out[i].Currency); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// draftedQuantities sums, per order line, the quantities on draft invoices
// of an order.
func draftedQuantities(ctx context.Context, q db.Querier, orderID string) (map[int]money.Quantity, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.order_line, SUM(l.quantity) FROM billing_invoice_line l JOIN billing_invoice i ON i.id = l.invoice_id
		WHERE i.order_id = $1 AND i.status = $2 AND i.kind = $3 GROUP BY l.order_line`, orderID, Draft, KindInvoice)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]money.Quantity{}
	for rows.Next() {
		var line int
		var units int64
		if err := rows.Scan(&line, &units); err != nil {
			return nil, err
		}
		out[line] = money.NewQuantity(units)
	}
	return out, rows.Err()
}

// creditedTotal is the total of an invoice's credit notes.
func creditedTotal(ctx context.Context, q db.Querier, invoiceID string) (int64, error) {
	var sum int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(total_minor), 0) FROM billing_invoice WHERE credit_note_for = $1 AND kind = $2`,
		invoiceID, KindCreditNote).Scan(&sum)
	return sum, err
}

// orderInvoices counts an order's posted invoices still open and those
// paid.
func orderInvoices(ctx context.Context, q db.Querier, orderID string) (open, paid int, err error) {
	err = q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN status IN ($2, $3) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = $4 THEN 1 ELSE 0 END), 0) FROM billing_invoice WHERE order_id = $1 AND kind = $5`,
		orderID, Posted, PartiallyPaid, Paid, KindInvoice).Scan(&open, &paid)
	return open, paid, err
}
