package sales

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

func insertOrder(ctx context.Context, tx *db.Tx, o *Order) error {
	var requested any
	if o.RequestedDate != nil {
		requested = o.RequestedDate.String()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sales_order (id, number, status, customer_id, warehouse_id, currency, requested_date,
		owner_id, subtotal_minor, tax_minor, total_minor, version, created_at, updated_at, order_date, reference, opportunity_id, campaign_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		o.ID, o.Number, o.Status, o.CustomerID, o.WarehouseID, o.Currency, requested, o.OwnerID,
		o.Subtotal.Minor(), o.Tax.Minor(), o.Total.Minor(), o.Version, o.CreatedAt, o.UpdatedAt, o.OrderDate.String(), o.Reference,
		o.OpportunityID, o.CampaignID); err != nil {
		return err
	}
	return insertLines(ctx, tx, "sales_order_line", "order_id", o.ID, o.Lines)
}

// updateDraft rewrites a draft order's header and lines if its stored
// version is still version.
func updateDraft(ctx context.Context, tx *db.Tx, o Order, version int64) error {
	var requested any
	if o.RequestedDate != nil {
		requested = o.RequestedDate.String()
	}
	res, err := tx.ExecContext(ctx, `UPDATE sales_order SET customer_id = $1, warehouse_id = $2, currency = $3, requested_date = $4,
		subtotal_minor = $5, tax_minor = $6, total_minor = $7, version = $8, updated_at = $9, order_date = $10, reference = $11
		WHERE id = $12 AND version = $13`, o.CustomerID, o.WarehouseID, o.Currency, requested, o.Subtotal.Minor(), o.Tax.Minor(),
		o.Total.Minor(), o.Version, o.UpdatedAt, o.OrderDate.String(), o.Reference, o.ID, version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "sales_order", o.ID, "sales order"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sales_order_line WHERE order_id = $1`, o.ID); err != nil {
		return err
	}
	return insertLines(ctx, tx, "sales_order_line", "order_id", o.ID, o.Lines)
}

// insertLines stores a document's lines; orders and quotations keep them
// in tables of the same shape.
func insertLines(ctx context.Context, tx *db.Tx, table, key, docID string, lines []Line) error {
	for i, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+key+`, position, product_id, quantity, unit_price_minor,
			price_source, discount_ppm, tax_code, net_minor, tax_minor, total_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			docID, i, l.ProductID, l.Quantity.Units(), l.UnitPrice.Minor(), l.PriceSource, l.DiscountPercent.PPM(), l.TaxCode,
			l.Net.Minor(), l.Tax.Minor(), l.Total.Minor()); err != nil {
			return err
		}
	}
	return nil
}

const orderColumns = `id, number, status, customer_id, warehouse_id, currency, requested_date, owner_id, subtotal_minor, tax_minor,
	total_minor, approval_outcome, approval_rule, approval_comment, version, created_at, updated_at, order_date, reference, opportunity_id,
	campaign_id`

func scanOrder(s interface{ Scan(...any) error }) (Order, error) {
	var o Order
	var requested sql.NullString
	var sub, tax, total int64
	var a OrderApproval
	var ordered string
	err := s.Scan(&o.ID, &o.Number, &o.Status, &o.CustomerID, &o.WarehouseID, &o.Currency, &requested, &o.OwnerID, &sub, &tax, &total,
		&a.Outcome, &a.Rule, &a.Comment, &o.Version, &o.CreatedAt, &o.UpdatedAt, &ordered, &o.Reference, &o.OpportunityID, &o.CampaignID)
	if err != nil {
		return o, err
	}
	// Orders from before order dates were kept are dated by their creation.
	o.OrderDate = calendar.DateOf(o.CreatedAt.UTC())
	if ordered != "" {
		if o.OrderDate, err = calendar.ParseDate(ordered); err != nil {
			return o, err
		}
	}
	if a.Outcome != "" {
		o.Approval = &a
	}
	cur, err := money.ParseCurrency(o.Currency)
	if err != nil {
		return o, err
	}
	o.Subtotal, o.Tax, o.Total = money.New(sub, cur), money.New(tax, cur), money.New(total, cur)
	if requested.Valid {
		d, err := calendar.ParseDate(requested.String)
		if err != nil {
			return o, err
		}
		o.RequestedDate = &d
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, nil
}

func loadLines(ctx context.Context, q db.Querier, o *Order) error {
	var err error
	o.Lines, err = readLines(ctx, q, "sales_order_line", "order_id", "reserved, backordered, delivered, invoiced", o.ID, o.Currency)
	return err
}

// readLines reads a document's lines; stock holds the columns of the
// reserved, backordered, delivered and invoiced quantities (order lines
// only: "0, 0, 0, 0" otherwise).
func readLines(ctx context.Context, q db.Querier, table, key, stock, docID, currency string) ([]Line, error) {
	cur, err := money.ParseCurrency(currency)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT product_id, quantity, unit_price_minor, price_source, discount_ppm, tax_code, net_minor, tax_minor,
		total_minor, `+stock+` FROM `+table+` WHERE `+key+` = $1 ORDER BY position`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lines := []Line{}
	for rows.Next() {
		var l Line
		var qty, price, ppm, net, tax, total, reserved, backordered, delivered, invoiced int64
		if err := rows.Scan(&l.ProductID, &qty, &price, &l.PriceSource, &ppm, &l.TaxCode, &net, &tax, &total, &reserved, &backordered,
			&delivered, &invoiced); err != nil {
			return nil, err
		}
		l.Reserved, l.Backordered = money.NewQuantity(reserved), money.NewQuantity(backordered)
		l.Delivered, l.Invoiced = money.NewQuantity(delivered), money.NewQuantity(invoiced)
		l.Quantity, l.UnitPrice, l.DiscountPercent = money.NewQuantity(qty), money.New(price, cur), ledger.PercentFromPPM(ppm)
		l.Net, l.Tax, l.Total = money.New(net, cur), money.New(tax, cur), money.New(total, cur)
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

func findOrder(ctx context.Context, q db.Querier, key string) (Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM sales_order WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Order{}, db.NotFound(err, "sales order")
	}
	return o, loadLines(ctx, q, &o)
}

// Filter selects orders for FindOrders.
type Filter struct {
	Status     string
	CustomerID string
	OwnerID    string
	Reference  string
	// Q finds orders whose number or customer reference contains it.
	Q string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// OrderSorts are the columns a list of orders may be sorted by; ids grow
// with time, so "created" is the id.
var OrderSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "number", Column: "number"},
	{Name: "order_date", Column: "order_date"},
	{Name: "total", Column: "total_minor", Numeric: true},
	{Name: "status", Column: "status"},
}

// SortValue is o's value of a sort field, for the cursor of a page ending
// at o.
func (o Order) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(o.UpdatedAt)
	case "number":
		return o.Number
	case "order_date":
		return o.OrderDate.String()
	case "total":
		return strconv.FormatInt(o.Total.Minor(), 10)
	case "status":
		return o.Status
	}
	return o.ID
}

func findOrders(ctx context.Context, q db.Querier, f Filter) ([]Order, error) {
	if f.Sort.Column == "" {
		f.Sort = page.Sort{Field: "created", Column: "id", Desc: true}
	}
	args := []any{f.Status, f.CustomerID, f.OwnerID, f.Reference, db.Contains(f.Q)}
	after, more, orderBy, err := f.Sort.Keyset(f.After, len(args)+1)
	if err != nil {
		return nil, err
	}
	where := `($1 = '' OR status = $1) AND ($2 = '' OR customer_id = $2) AND ($3 = '' OR owner_id = $3) AND ($4 = '' OR reference = $4)
		AND ($5 = '' OR LOWER(number) LIKE $5 ESCAPE '\' OR LOWER(reference) LIKE $5 ESCAPE '\')`
	if after != "" {
		where += " AND " + after
	}
	args = append(append(args, more...), f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+` FROM sales_order WHERE `+where+` ORDER BY `+orderBy+
		` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadLines(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// updateOrder stores an order's new status, approval and line stock, if
// the order is still at version.
func updateOrder(ctx context.Context, tx *db.Tx, o Order, version int64) error {
	var a OrderApproval
	if o.Approval != nil {
		a = *o.Approval
	}
	res, err := tx.ExecContext(ctx, `UPDATE sales_order SET status = $1, approval_outcome = $2, approval_rule = $3, approval_comment = $4,
		version = $5, updated_at = $6 WHERE id = $7 AND version = $8`, o.Status, a.Outcome, a.Rule, a.Comment, o.Version, o.UpdatedAt, o.ID, version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "sales_order", o.ID, "sales order"); err != nil {
		return err
	}
	for i, l := range o.Lines {
		if _, err := tx.ExecContext(ctx, `UPDATE sales_order_line SET reserved = $1, backordered = $2, delivered = $3, invoiced = $4
			WHERE order_id = $5 AND position = $6`, l.Reserved.Units(), l.Backordered.Units(), l.Delivered.Units(), l.Invoiced.Units(), o.ID, i); err != nil {
			return err
		}
	}
	return nil
}

// openOrderTotals sums, per currency, what a customer's orders that hold
// credit (submitted, confirmed or delivered) have not yet invoiced, except
// one order: each line's total in proportion to its uninvoiced quantity.
func openOrderTotals(ctx context.Context, q db.Querier, customerID, except string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.currency, SUM(l.total_minor * (l.quantity - l.invoiced) / l.quantity)
		FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id WHERE o.customer_id = $1 AND o.id <> $2
		AND o.status IN ($3, $4, $5, $6) GROUP BY o.currency`, customerID, except, PendingApproval, Confirmed, PartiallyDelivered, Delivered)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var cur string
		var sum int64
		if err := rows.Scan(&cur, &sum); err != nil {
			return nil, err
		}
		out[cur] = sum
	}
	return out, rows.Err()
}
