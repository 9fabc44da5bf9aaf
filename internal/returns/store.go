package returns

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

func nt(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func insertReturn(ctx context.Context, tx *db.Tx, r Return) error {
	notes, _ := json.Marshal(r.CreditNoteIDs)
	if _, err := tx.ExecContext(ctx, `INSERT INTO returns_return (id, number, status, customer_id, order_id, ticket_id, reason, disposition,
		location_id, credit_notes, received_at, credited_at, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, r.ID, r.Number, r.Status, r.CustomerID, r.OrderID,
		r.TicketID, r.Reason, r.Disposition, r.LocationID, string(notes), nt(r.ReceivedAt), nt(r.CreditedAt), r.Version, r.CreatedAt,
		r.UpdatedAt); err != nil {
		return err
	}
	for i, l := range r.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns_line (return_id, position, order_line, product_id, quantity)
			VALUES ($1, $2, $3, $4, $5)`, r.ID, i, l.OrderLine, l.ProductID, l.Quantity.Units()); err != nil {
			return err
		}
	}
	return nil
}

func saveReturn(ctx context.Context, tx *db.Tx, before, after Return) error {
	notes, _ := json.Marshal(after.CreditNoteIDs)
	res, err := tx.ExecContext(ctx, `UPDATE returns_return SET status = $1, disposition = $2, location_id = $3, credit_notes = $4,
		received_at = $5, credited_at = $6, version = $7, updated_at = $8 WHERE id = $9 AND version = $10`, after.Status, after.Disposition,
		after.LocationID, string(notes), nt(after.ReceivedAt), nt(after.CreditedAt), after.Version, after.UpdatedAt, after.ID, before.Version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "returns_return", after.ID, "return")
}

const returnColumns = `id, number, status, customer_id, order_id, ticket_id, reason, disposition, location_id, credit_notes, received_at,
	credited_at, version, created_at, updated_at`

func scanReturn(s interface{ Scan(...any) error }) (Return, error) {
	var r Return
	var notes string
	var received, credited sql.NullTime
	if err := s.Scan(&r.ID, &r.Number, &r.Status, &r.CustomerID, &r.OrderID, &r.TicketID, &r.Reason, &r.Disposition, &r.LocationID,
		&notes, &received, &credited, &r.Version, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	if received.Valid {
		t := received.Time.UTC()
		r.ReceivedAt = &t
	}
	if credited.Valid {
		t := credited.Time.UTC()
		r.CreditedAt = &t
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, json.Unmarshal([]byte(notes), &r.CreditNoteIDs)
}

func lines(ctx context.Context, q db.Querier, r *Return) error {
	rows, err := q.QueryContext(ctx, `SELECT order_line, product_id, quantity FROM returns_line WHERE return_id = $1 ORDER BY position`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.Lines = []Line{}
	for rows.Next() {
		var l Line
		var units int64
		if err := rows.Scan(&l.OrderLine, &l.ProductID, &units); err != nil {
			return err
		}
		l.Quantity = money.NewQuantity(units)
		r.Lines = append(r.Lines, l)
	}
	return rows.Err()
}

func findReturn(ctx context.Context, q db.Querier, key string) (Return, error) {
	r, err := scanReturn(q.QueryRowContext(ctx, `SELECT `+returnColumns+` FROM returns_return WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return r, db.NotFound(err, "return")
	}
	return r, lines(ctx, q, &r)
}

// Filter selects returns for a list.
type Filter struct {
	Status     string
	CustomerID string
	OrderID    string
	TicketID   string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// Sorts are the columns a list of returns may be sorted by; ids grow with
// time, so "created" is the id.
var Sorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "number", Column: "number"},
	{Name: "status", Column: "status"},
}

// SortValue is r's value of a sort field, for the cursor of a page ending
// at r.
func (r Return) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(r.UpdatedAt)
	case "number":
		return r.Number
	case "status":
		return r.Status
	}
	return r.ID
}

func findReturns(ctx context.Context, q db.Querier, f Filter) ([]Return, error) {
	args := []any{f.Status, f.CustomerID, f.OrderID, f.TicketID}
	after, args, orderBy, err := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true}).Clause(f.After, args)
	if err != nil {
		return nil, err
	}
	args = append(args, max(f.Limit, 1))
	rows, err := q.QueryContext(ctx, `SELECT `+returnColumns+` FROM returns_return WHERE ($1 = '' OR status = $1)
		AND ($2 = '' OR customer_id = $2) AND ($3 = '' OR order_id = $3) AND ($4 = '' OR ticket_id = $4)`+after+`
		ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	out := []Return{}
	for rows.Next() {
		r, err := scanReturn(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := lines(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// returnedQuantities sums, per order line, what returns of an order that
// are not cancelled take back.
func returnedQuantities(ctx context.Context, q db.Querier, orderID string) (map[int]money.Quantity, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.order_line, SUM(l.quantity) FROM returns_line l JOIN returns_return r ON r.id = l.return_id
		WHERE r.order_id = $1 AND r.status <> 'cancelled' GROUP BY l.order_line`, orderID)
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
