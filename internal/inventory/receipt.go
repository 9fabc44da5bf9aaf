package inventory

import (
	"context"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions of expected receipts.
const (
	PermReceiptCreate  = "inventory.expected_receipt.create"
	PermReceiptReceive = "inventory.expected_receipt.receive"
	PermReceiptCancel  = "inventory.expected_receipt.cancel"
)

// Events of expected receipts; receiving also moves stock (stock.moved).
const (
	EventReceiptExpected  = "inventory.expected_receipt.created.v1"
	EventReceiptReceived  = "inventory.expected_receipt.received.v1"
	EventReceiptCancelled = "inventory.expected_receipt.cancelled.v1"
)

// Expected receipt statuses.
const (
	ReceiptOpen      = "open"
	ReceiptReceived  = "received"
	ReceiptCancelled = "cancelled"
)

// ExpectedReceipt is stock announced for a warehouse on a day. Until it is
// received or cancelled, what remains of it is incoming stock that sales
// can promise from that day on.
type ExpectedReceipt struct {
	ID          string         `json:"id"`
	ProductID   string         `json:"product_id"`
	WarehouseID string         `json:"warehouse_id"`
	Quantity    money.Quantity `json:"quantity"`
	Received    money.Quantity `json:"received"`
	ExpectedOn  calendar.Date  `json:"expected_on" format:"date"`
	Reference   string         `json:"reference,omitempty" doc:"e.g. the supplier's confirmation number."`
	Status      string         `json:"status" enum:"open,received,cancelled"`
	Version     int64          `json:"version"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// ExpectedReceiptInput announces a receipt.
type ExpectedReceiptInput struct {
	ProductID   string         `json:"product_id" maxLength:"64"`
	WarehouseID string         `json:"warehouse_id" maxLength:"64" doc:"Warehouse ID or code."`
	Quantity    money.Quantity `json:"quantity"`
	ExpectedOn  calendar.Date  `json:"expected_on" format:"date"`
	Reference   string         `json:"reference,omitempty" maxLength:"120"`
}

// ReceiveInput puts (part of) an expected receipt into a location.
type ReceiveInput struct {
	LocationID string          `json:"location_id" maxLength:"64" doc:"A location of the receipt's warehouse."`
	Quantity   *money.Quantity `json:"quantity,omitempty" doc:"Defaults to all that is still expected."`
}

// CreateExpectedReceipt announces stock. Errors: validation_failed.
func (s *Service) CreateExpectedReceipt(ctx context.Context, in ExpectedReceiptInput) (ExpectedReceipt, error) {
	var v apperr.Validator
	v.Check(in.Quantity.Sign() > 0, "quantity", "not_positive", "must be greater than 0")
	v.Check(!in.ExpectedOn.IsZero(), "expected_on", "required", "the day the stock arrives")
	w, err := s.FindWarehouse(ctx, in.WarehouseID)
	if err != nil || !w.Active {
		v.Add("warehouse_id", "not_found", "no active warehouse with this ID or code")
	}
	if err := v.Err(); err != nil {
		return ExpectedReceipt{}, err
	}
	if err := s.checkStocked(ctx, in.ProductID); err != nil {
		return ExpectedReceipt{}, err
	}
	r := ExpectedReceipt{ID: id.New("exr"), ProductID: in.ProductID, WarehouseID: w.ID, Quantity: in.Quantity,
		ExpectedOn: in.ExpectedOn, Reference: strings.TrimSpace(in.Reference), Status: ReceiptOpen, Version: 1}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		r.CreatedAt, r.UpdatedAt = tx.Now(), tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_expected_receipt (`+receiptColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, r.ID, r.ProductID, r.WarehouseID, r.Quantity.Units(), 0,
			r.ExpectedOn.String(), r.Reference, r.Status, r.Version, r.CreatedAt, r.UpdatedAt); err != nil {
			return err
		}
		return recordReceipt(ctx, tx, r, audit.ActionCreate, EventReceiptExpected, nil)
	})
	return r, err
}

func recordReceipt(ctx context.Context, tx *db.Tx, r ExpectedReceipt, action, event string, before any) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "product", AggregateID: r.ProductID, Payload: r}); err != nil {
		return err
	}
	return audit.RecordTx(ctx, tx, "expected_receipt", r.ID, action, before, r)
}

// Receive puts stock of an open expected receipt into a location with a
// receipt move; the receipt is done when all has arrived. version is the
// receipt's version. Errors: not_found, invalid_state, version_conflict,
// validation_failed (location_id, quantity over what is expected).
func (s *Service) Receive(ctx context.Context, receiptID string, in ReceiveInput, version int64) (ExpectedReceipt, error) {
	var after ExpectedReceipt
	err := s.changeReceipt(ctx, receiptID, version, func(tx *db.Tx, before ExpectedReceipt) error {
		rest, err := before.Quantity.Sub(before.Received)
		if err != nil {
			return err
		}
		qty := rest
		if in.Quantity != nil {
			qty = *in.Quantity
		}
		var v apperr.Validator
		v.Check(qty.Sign() > 0, "quantity", "not_positive", "must be greater than 0")
		v.Check(qty.Cmp(rest) <= 0, "quantity", "too_much", "only "+rest.String()+" is still expected")
		wh, _, err := s.location(ctx, tx, in.LocationID)
		if err == nil && wh != before.WarehouseID {
			v.Add("location_id", "other_warehouse", "the location is not in the receipt's warehouse")
		}
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		m := Move{Type: MoveReceipt, ProductID: before.ProductID, ToLocation: in.LocationID, Quantity: qty,
			Reason: "expected receipt", Reference: before.ID}
		if err := s.MoveTx(ctx, tx, &m); err != nil {
			return err
		}
		after = before
		if after.Received, err = before.Received.Add(qty); err != nil {
			return err
		}
		if after.Received.Cmp(after.Quantity) == 0 {
			after.Status = ReceiptReceived
		}
		return saveReceipt(ctx, tx, before, &after, "receive", EventReceiptReceived)
	})
	return after, err
}

// CancelExpectedReceipt withdraws what an open receipt still announces.
// Errors: not_found, invalid_state, version_conflict.
func (s *Service) CancelExpectedReceipt(ctx context.Context, receiptID string, version int64) (ExpectedReceipt, error) {
	var after ExpectedReceipt
	err := s.changeReceipt(ctx, receiptID, version, func(tx *db.Tx, before ExpectedReceipt) error {
		after = before
		after.Status = ReceiptCancelled
		return saveReceipt(ctx, tx, before, &after, "cancel", EventReceiptCancelled)
	})
	return after, err
}

// ErrReceiptClosed is returned for a change to a received or cancelled
// receipt.
var ErrReceiptClosed = apperr.Conflict(apperr.CodeInvalidState, "the expected receipt is received or cancelled")

func (s *Service) changeReceipt(ctx context.Context, receiptID string, version int64, fn func(tx *db.Tx, before ExpectedReceipt) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanReceipt(tx.QueryRowContext(ctx, `SELECT `+receiptColumns+` FROM inventory_expected_receipt WHERE id = $1`, receiptID))
		if err != nil {
			return db.NotFound(err, "expected receipt")
		}
		if before.Version != version {
			return apperr.VersionConflict("expected receipt")
		}
		if before.Status != ReceiptOpen {
			return ErrReceiptClosed
		}
		return fn(tx, before)
	})
}

func saveReceipt(ctx context.Context, tx *db.Tx, before ExpectedReceipt, after *ExpectedReceipt, action, event string) error {
	after.Version, after.UpdatedAt = before.Version+1, tx.Now()
	res, err := tx.ExecContext(ctx, `UPDATE inventory_expected_receipt SET received = $1, status = $2, version = $3, updated_at = $4
		WHERE id = $5 AND version = $6`, after.Received.Units(), after.Status, after.Version, after.UpdatedAt, after.ID, before.Version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "inventory_expected_receipt", after.ID, "expected receipt"); err != nil {
		return err
	}
	return recordReceipt(ctx, tx, *after, action, event, before)
}

// ReceiptFilter selects expected receipts.
type ReceiptFilter struct {
	ProductID   string
	WarehouseID string
	Status      string
	After       string // ID cursor
	Limit       int
}

const receiptColumns = `id, product_id, warehouse_id, quantity, received, expected_on, reference, status, version, created_at, updated_at`

// FindExpectedReceipts lists expected receipts by ID.
func (s *Service) FindExpectedReceipts(ctx context.Context, f ReceiptFilter) ([]ExpectedReceipt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+receiptColumns+` FROM inventory_expected_receipt WHERE ($1 = '' OR product_id = $1)
		AND ($2 = '' OR warehouse_id = $2) AND ($3 = '' OR status = $3) AND id > $4 ORDER BY id LIMIT $5`,
		f.ProductID, f.WarehouseID, f.Status, f.After, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ExpectedReceipt{}
	for rows.Next() {
		r, err := scanReceipt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanReceipt(s interface{ Scan(...any) error }) (ExpectedReceipt, error) {
	var r ExpectedReceipt
	var qty, received int64
	var on string
	if err := s.Scan(&r.ID, &r.ProductID, &r.WarehouseID, &qty, &received, &on, &r.Reference, &r.Status, &r.Version, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	d, err := calendar.ParseDate(on)
	if err != nil {
		return r, err
	}
	r.Quantity, r.Received, r.ExpectedOn = money.NewQuantity(qty), money.NewQuantity(received), d
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// incoming lists what open receipts still announce, per day, with the
// quantity available to promise from that day on.
func incoming(ctx context.Context, q db.Querier, productID, warehouseID string, available money.Quantity) ([]Incoming, error) {
	rows, err := q.QueryContext(ctx, `SELECT expected_on, SUM(quantity - received) FROM inventory_expected_receipt
		WHERE product_id = $1 AND ($2 = '' OR warehouse_id = $2) AND status = $3 GROUP BY expected_on ORDER BY expected_on`,
		productID, warehouseID, ReceiptOpen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Incoming{}
	atp := available.Units()
	for rows.Next() {
		var in Incoming
		var units int64
		if err := rows.Scan(&in.Date, &units); err != nil {
			return nil, err
		}
		atp += units
		in.Quantity, in.AvailableFrom = money.NewQuantity(units), money.NewQuantity(atp)
		out = append(out, in)
	}
	return out, rows.Err()
}
