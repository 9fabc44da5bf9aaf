package sales

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
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
	Before     string // ID cursor: orders older than this
	Limit      int
}

func findOrders(ctx context.Context, q db.Querier, f Filter) ([]Order, error) {
	args := []any{f.Before, f.Status, f.CustomerID, f.OwnerID, f.Reference, f.Limit}
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+` FROM sales_order WHERE ($1 = '' OR id < $1) AND ($2 = '' OR status = $2)
		AND ($3 = '' OR customer_id = $3) AND ($4 = '' OR owner_id = $4) AND ($5 = '' OR reference = $5)
		ORDER BY id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
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
