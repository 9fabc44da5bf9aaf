package inventory

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions of stock.
const (
	PermStockRead   = "inventory.stock.read"
	PermStockAdjust = "inventory.stock.adjust"
)

// Events of stock.
const (
	EventMoved    = "inventory.stock.moved.v1"
	EventReserved = "inventory.stock.reserved.v1"
	EventReleased = "inventory.stock.released.v1"
)

// Move types: moves are the only way stock quantities change.
const (
	MoveReceipt    = "receipt"
	MoveDelivery   = "delivery"
	MoveAdjustment = "adjustment"
	MoveTransfer   = "transfer"
	// MoveReturn is goods a customer sent back, received into stock.
	MoveReturn = "return"
)

// Move is a change of stock: quantity units of a product leave one
// location (none for a receipt or a positive adjustment) and arrive at
// another (none for a delivery or a negative adjustment).
type Move struct {
	ID           string         `json:"id"`
	Type         string         `json:"type" enum:"receipt,delivery,adjustment,transfer,return"`
	ProductID    string         `json:"product_id"`
	FromLocation string         `json:"from_location_id,omitempty"`
	ToLocation   string         `json:"to_location_id,omitempty"`
	Quantity     money.Quantity `json:"quantity"`
	Reason       string         `json:"reason"`
	Reference    string         `json:"reference,omitempty" doc:"The document that caused it, e.g. a shipment ID."`
	CreatedAt    time.Time      `json:"created_at"`
}

// Availability is what can be promised of a product: on hand minus
// reserved, for one warehouse or all.
type Availability struct {
	ProductID   string         `json:"product_id"`
	WarehouseID string         `json:"warehouse_id,omitempty"`
	OnHand      money.Quantity `json:"on_hand"`
	Reserved    money.Quantity `json:"reserved"`
	Available   money.Quantity `json:"available"`
	// Incoming lists what open expected receipts still bring, by day.
	Incoming []Incoming `json:"incoming"`
}

// Incoming is a quantity expected on a day.
type Incoming struct {
	Date          string         `json:"date" format:"date"`
	Quantity      money.Quantity `json:"quantity"`
	AvailableFrom money.Quantity `json:"available_from" doc:"Available to promise from this day on: available now plus everything expected until then."`
}

// StockCheck tells whether a product keeps stock (stockable or
// manufactured) and exists; the composition root provides it from the
// product module.
type StockCheck func(ctx context.Context, productID string) (stocked bool, err error)

// Errors.
var (
	ErrInsufficientStock = apperr.Conflict("insufficient_stock", "not enough available stock")
	ErrNotStocked        = apperr.Invalid("this product keeps no stock",
		apperr.Field("product_id", "not_stocked", "services and consumables have no stock"))
)

// AdjustmentInput corrects the stock of a product at a location, e.g.
// after a count.
type AdjustmentInput struct {
	ProductID  string         `json:"product_id" maxLength:"64"`
	LocationID string         `json:"location_id" maxLength:"64"`
	Quantity   money.Quantity `json:"quantity" doc:"The change: positive adds stock, negative removes it."`
	Reason     string         `json:"reason" maxLength:"200" doc:"Why, e.g. count, damage, found."`
}

// location returns a location's warehouse and whether both are active,
// from the warehouses as last read (every delivery moves stock out of a
// location), else from the database: one made on another node may not be
// in that copy yet.
func (s *Service) location(ctx context.Context, q db.Querier, locationID string) (warehouseID string, active bool, err error) {
	ws, err := s.FindWarehouses(ctx)
	if err != nil {
		return "", false, err
	}
	for _, w := range ws {
		for _, l := range w.Locations {
			if l.ID == locationID {
				return w.ID, w.Active && l.Active, nil
			}
		}
	}
	err = q.QueryRowContext(ctx, `SELECT l.warehouse_id, l.active AND w.active FROM inventory_location l
		JOIN inventory_warehouse w ON w.id = l.warehouse_id WHERE l.id = $1`, locationID).Scan(&warehouseID, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, apperr.Invalid("no such location", apperr.Field("location_id", "not_found", "no location with this ID"))
	}
	return warehouseID, active, err
}

// Adjust records an adjustment move. Stock may not fall below zero nor
// below what is reserved. Errors: validation_failed, insufficient_stock.
func (s *Service) Adjust(ctx context.Context, in AdjustmentInput) (Move, error) {
	var v apperr.Validator
	v.Check(!in.Quantity.IsZero(), "quantity", "zero", "a change other than 0")
	v.Check(strings.TrimSpace(in.Reason) != "", "reason", "required", "why the stock changes")
	if err := v.Err(); err != nil {
		return Move{}, err
	}
	if err := s.checkStocked(ctx, in.ProductID); err != nil {
		return Move{}, err
	}
	var m Move
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m = Move{ID: id.New("mov"), Type: MoveAdjustment, ProductID: in.ProductID, Quantity: abs(in.Quantity),
			Reason: strings.TrimSpace(in.Reason), CreatedAt: tx.Now()}
		if in.Quantity.IsNegative() {
			m.FromLocation = in.LocationID
		} else {
			m.ToLocation = in.LocationID
		}
		return s.MoveTx(ctx, tx, &m)
	})
	return m, err
}

func (s *Service) checkStocked(ctx context.Context, productID string) error {
	stocked, err := s.stocked(ctx, productID)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		return apperr.Invalid("no such product", apperr.Field("product_id", "not_found", "no product with this ID"))
	}
	if err != nil {
		return err
	}
	if !stocked {
		return ErrNotStocked
	}
	return nil
}

// MoveTx applies a move in the caller's transaction: the source location
// and its warehouse lose the quantity (never below zero, never below what
// the warehouse has reserved), the destination gains it, and the move is
// recorded, audited and published. Errors: validation_failed,
// insufficient_stock.
func (s *Service) MoveTx(ctx context.Context, tx *db.Tx, m *Move) error {
	if m.Quantity.Sign() <= 0 {
		return apperr.Invalid("a move needs a positive quantity", apperr.Field("quantity", "not_positive", "must be greater than 0"))
	}
	if m.ID == "" {
		m.ID, m.CreatedAt = id.New("mov"), tx.Now()
	}
	units := m.Quantity.Units()
	if m.FromLocation != "" {
		// Stock may always leave a location, even a retired one.
		wh, _, err := s.location(ctx, tx, m.FromLocation)
		if err != nil {
			return err
		}
		// One conditional update per row: the check and the change are one
		// atomic statement, so concurrent moves can never overdraw.
		res, err := tx.ExecContext(ctx, `UPDATE inventory_stock SET on_hand = on_hand - $1 WHERE product_id = $2 AND location_id = $3 AND on_hand >= $1`,
			units, m.ProductID, m.FromLocation)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return insufficient(m.ProductID, "not that much on hand at the location")
		}
		res, err = tx.ExecContext(ctx, `UPDATE inventory_balance SET on_hand = on_hand - $1 WHERE product_id = $2 AND warehouse_id = $3 AND on_hand - reserved >= $1`,
			units, m.ProductID, wh)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return insufficient(m.ProductID, "the stock is reserved for orders")
		}
	}
	if m.ToLocation != "" {
		wh, active, err := s.location(ctx, tx, m.ToLocation)
		if err != nil {
			return err
		}
		if !active {
			return apperr.Invalid("the location is retired", apperr.Field("location_id", "inactive", "stock cannot arrive at a retired location"))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_stock (product_id, location_id, on_hand) VALUES ($1, $2, $3)
			ON CONFLICT (product_id, location_id) DO UPDATE SET on_hand = inventory_stock.on_hand + excluded.on_hand`,
			m.ProductID, m.ToLocation, units); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_balance (product_id, warehouse_id, on_hand, reserved) VALUES ($1, $2, $3, 0)
			ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand = inventory_balance.on_hand + excluded.on_hand`,
			m.ProductID, wh, units); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_move (id, type, product_id, from_location_id, to_location_id, quantity, reason, reference, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, m.ID, m.Type, m.ProductID, m.FromLocation, m.ToLocation, units, m.Reason, m.Reference, m.CreatedAt); err != nil {
		return err
	}
	if err := s.valueTx(ctx, tx, *m); err != nil {
		return err
	}
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: EventMoved, AggregateType: "product", AggregateID: m.ProductID, Payload: m}); err != nil {
		return err
	}
	return audit.RecordTx(ctx, tx, "stock_move", m.ID, audit.ActionCreate, nil, m)
}

// valueTx posts what stock entering or leaving the company through an
// adjustment, a receipt or a customer return is worth at standard cost, so
// the inventory account follows stock on hand: an adjustment against
// inventory adjustments, a receipt against goods received not invoiced, a
// return against the cost of goods sold. Deliveries
// are valued by the shipment that makes them (cost of goods sold);
// transfers change no value.
func (s *Service) valueTx(ctx context.Context, tx *db.Tx, m Move) error {
	if (m.Type != MoveAdjustment && m.Type != MoveReceipt && m.Type != MoveReturn) || s.cost == nil {
		return nil
	}
	unit, err := s.cost(ctx, tx, m.ProductID)
	if err != nil || unit == nil || unit.Sign() <= 0 {
		return err
	}
	value, err := unit.MulQuantity(m.Quantity)
	if err != nil || value.IsZero() {
		return err
	}
	other := ledger.RoleInventoryAdjustment
	switch m.Type {
	case MoveReceipt:
		other = ledger.RoleGRNI
	case MoveReturn:
		// A return undoes the cost of goods sold its delivery posted.
		other = ledger.RoleCOGS
	}
	in, out := ledger.EntryLineInput{Role: ledger.RoleInventory}, ledger.EntryLineInput{Role: other}
	if m.FromLocation != "" {
		in, out = out, in
	}
	in.Debit, out.Credit = &value, &value
	_, err = s.ledger.PostTx(ctx, tx, ledger.EntryInput{Journal: "STK", Date: calendar.DateOf(tx.Now()), Memo: m.Type + ": " + m.Reason,
		SourceType: "stock_move", SourceID: m.ID, Lines: []ledger.EntryLineInput{in, out}})
	return err
}

func insufficient(productID, why string) error {
	e := *ErrInsufficientStock
	e.Message = "not enough available stock: " + why
	e.Details = map[string]string{"product_id": productID}
	return &e
}

// Reservation holds available stock of a warehouse for a document.
type Reservation struct {
	ProductID   string         `json:"product_id"`
	WarehouseID string         `json:"warehouse_id"`
	Quantity    money.Quantity `json:"quantity"`
	Reference   string         `json:"reference" doc:"The document holding it, e.g. a sales order ID."`
}

// ReserveTx holds stock for a document in the caller's transaction (e.g.
// confirming an order). The check and the reservation are one atomic
// statement: concurrent reservations never hold more than is available.
// Errors: insufficient_stock.
func (s *Service) ReserveTx(ctx context.Context, tx *db.Tx, r Reservation) error {
	if r.Quantity.Sign() <= 0 {
		return apperr.Invalid("a reservation needs a positive quantity", apperr.Field("quantity", "not_positive", "must be greater than 0"))
	}
	res, err := tx.ExecContext(ctx, `UPDATE inventory_balance SET reserved = reserved + $1 WHERE product_id = $2 AND warehouse_id = $3 AND on_hand - reserved >= $1`,
		r.Quantity.Units(), r.ProductID, r.WarehouseID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return insufficient(r.ProductID, "less available than "+r.Quantity.String())
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_reservation (product_id, warehouse_id, reference, quantity, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (product_id, warehouse_id, reference) DO UPDATE SET quantity = inventory_reservation.quantity + excluded.quantity`,
		r.ProductID, r.WarehouseID, r.Reference, r.Quantity.Units(), tx.Now()); err != nil {
		return err
	}
	_, err = outbox.Append(ctx, tx, outbox.New{Type: EventReserved, AggregateType: "product", AggregateID: r.ProductID, Payload: r})
	return err
}

// ReserveUpToTx holds as much of r.Quantity as is available, possibly
// nothing, and returns what it held: for customers who accept backorders.
// The balance row is locked first, so the amount read stays available.
func (s *Service) ReserveUpToTx(ctx context.Context, tx *db.Tx, r Reservation) (money.Quantity, error) {
	var onHand, reserved int64
	err := tx.QueryRowContext(ctx, `SELECT on_hand, reserved FROM inventory_balance WHERE product_id = $1 AND warehouse_id = $2`+
		tx.Dialect().ForUpdate(), r.ProductID, r.WarehouseID).Scan(&onHand, &reserved)
	if errors.Is(err, sql.ErrNoRows) {
		return money.Quantity{}, nil
	}
	if err != nil {
		return money.Quantity{}, err
	}
	take := min(onHand-reserved, r.Quantity.Units())
	if take <= 0 {
		return money.Quantity{}, nil
	}
	r.Quantity = money.NewQuantity(take)
	return r.Quantity, s.ReserveTx(ctx, tx, r)
}

// Delivery takes reserved stock out of a warehouse: Quantity of what
// Reservation (a document, e.g. a sales order) holds leaves with a delivery
// move referring to Reference (e.g. a shipment).
type Delivery struct {
	ProductID   string
	WarehouseID string
	Quantity    money.Quantity
	Reservation string
	Reference   string
}

// DeliverTx consumes part of a reservation and moves the stock out of the
// warehouse's locations, fullest first, in the caller's transaction.
// Errors: insufficient_stock (not that much reserved, or the locations
// hold less than the balance says).
func (s *Service) DeliverTx(ctx context.Context, tx *db.Tx, d Delivery) ([]Move, error) {
	units := d.Quantity.Units()
	// The usual case, the whole reservation shipped, takes one statement.
	res, err := tx.ExecContext(ctx, `DELETE FROM inventory_reservation WHERE product_id = $1 AND warehouse_id = $2 AND reference = $3
		AND quantity = $4`, d.ProductID, d.WarehouseID, d.Reservation, units)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		res, err = tx.ExecContext(ctx, `UPDATE inventory_reservation SET quantity = quantity - $1 WHERE product_id = $2 AND warehouse_id = $3
			AND reference = $4 AND quantity > $1`, units, d.ProductID, d.WarehouseID, d.Reservation)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return nil, insufficient(d.ProductID, "less is reserved than "+d.Quantity.String())
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE inventory_balance SET reserved = reserved - $1 WHERE product_id = $2 AND warehouse_id = $3`,
		units, d.ProductID, d.WarehouseID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.location_id, s.on_hand FROM inventory_stock s JOIN inventory_location l ON l.id = s.location_id
		WHERE s.product_id = $1 AND l.warehouse_id = $2 AND s.on_hand > 0 ORDER BY s.on_hand DESC, s.location_id`, d.ProductID, d.WarehouseID)
	if err != nil {
		return nil, err
	}
	type stock struct {
		location string
		onHand   int64
	}
	var stocks []stock
	for rows.Next() {
		var st stock
		if err := rows.Scan(&st.location, &st.onHand); err != nil {
			rows.Close()
			return nil, err
		}
		stocks = append(stocks, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var moves []Move
	for _, st := range stocks {
		if units == 0 {
			break
		}
		take := min(st.onHand, units)
		m := Move{Type: MoveDelivery, ProductID: d.ProductID, FromLocation: st.location, Quantity: money.NewQuantity(take),
			Reason: "delivery", Reference: d.Reference}
		if err := s.MoveTx(ctx, tx, &m); err != nil {
			return nil, err
		}
		moves = append(moves, m)
		units -= take
	}
	if units > 0 {
		return nil, insufficient(d.ProductID, "the locations hold less than is reserved")
	}
	return moves, nil
}

// ReleaseTx gives back everything a document holds (e.g. a cancelled
// order) and returns what it released.
func (s *Service) ReleaseTx(ctx context.Context, tx *db.Tx, reference string) ([]Reservation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT product_id, warehouse_id, quantity FROM inventory_reservation WHERE reference = $1`, reference)
	if err != nil {
		return nil, err
	}
	var out []Reservation
	for rows.Next() {
		r := Reservation{Reference: reference}
		var units int64
		if err := rows.Scan(&r.ProductID, &r.WarehouseID, &units); err != nil {
			rows.Close()
			return nil, err
		}
		r.Quantity = money.NewQuantity(units)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE inventory_balance SET reserved = reserved - $1 WHERE product_id = $2 AND warehouse_id = $3`,
			r.Quantity.Units(), r.ProductID, r.WarehouseID); err != nil {
			return nil, err
		}
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: EventReleased, AggregateType: "product", AggregateID: r.ProductID, Payload: r}); err != nil {
			return nil, err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM inventory_reservation WHERE reference = $1`, reference)
	return out, err
}

// Availability returns on hand, reserved and available of a product in a
// warehouse ("" for all warehouses).
func (s *Service) Availability(ctx context.Context, productID, warehouseID string) (Availability, error) {
	if err := s.checkStocked(ctx, productID); err != nil {
		return Availability{}, err
	}
	var onHand, reserved int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(on_hand), 0), COALESCE(SUM(reserved), 0) FROM inventory_balance
		WHERE product_id = $1 AND ($2 = '' OR warehouse_id = $2)`, productID, warehouseID).Scan(&onHand, &reserved)
	if err != nil {
		return Availability{}, err
	}
	a := Availability{ProductID: productID, WarehouseID: warehouseID, OnHand: money.NewQuantity(onHand),
		Reserved: money.NewQuantity(reserved), Available: money.NewQuantity(onHand - reserved)}
	a.Incoming, err = incoming(ctx, s.db, productID, warehouseID, a.Available)
	return a, err
}

// FindMoves lists a product's moves, newest first.
func (s *Service) FindMoves(ctx context.Context, productID string, limit int) ([]Move, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, type, product_id, from_location_id, to_location_id, quantity, reason, reference, created_at
		FROM inventory_move WHERE product_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, productID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Move{}
	for rows.Next() {
		var m Move
		var units int64
		if err := rows.Scan(&m.ID, &m.Type, &m.ProductID, &m.FromLocation, &m.ToLocation, &units, &m.Reason, &m.Reference, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.Quantity, m.CreatedAt = money.NewQuantity(units), m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

func abs(q money.Quantity) money.Quantity {
	if q.IsNegative() {
		return q.Neg()
	}
	return q
}

// OnHand returns every product's stock on hand in all warehouses.
func (s *Service) OnHand(ctx context.Context) (map[string]money.Quantity, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT product_id, SUM(on_hand) FROM inventory_balance GROUP BY product_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]money.Quantity{}
	for rows.Next() {
		var id string
		var units int64
		if err := rows.Scan(&id, &units); err != nil {
			return nil, err
		}
		out[id] = money.NewQuantity(units)
	}
	return out, rows.Err()
}

// RevalueTx posts the change in value of a product's stock on hand when
// its standard cost changes from before to after (either may be nil), in
// the caller's transaction: the inventory account against inventory
// adjustments.
func (s *Service) RevalueTx(ctx context.Context, tx *db.Tx, productID string, before, after *money.Amount) error {
	var units int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(on_hand), 0) FROM inventory_balance WHERE product_id = $1`, productID).Scan(&units); err != nil {
		return err
	}
	if units == 0 {
		return nil
	}
	in := ledger.EntryInput{Journal: "STK", Date: calendar.DateOf(tx.Now()), Memo: "Revaluation at a new standard cost",
		SourceType: "product", SourceID: productID}
	for i, cost := range []*money.Amount{before, after} {
		if cost == nil || cost.IsZero() {
			continue
		}
		v, err := cost.MulQuantity(money.NewQuantity(units))
		if err != nil {
			return err
		}
		inv, adj := ledger.EntryLineInput{Role: ledger.RoleInventory}, ledger.EntryLineInput{Role: ledger.RoleInventoryAdjustment}
		if i == 0 { // the old value leaves
			inv.Credit, adj.Debit = &v, &v
		} else {
			inv.Debit, adj.Credit = &v, &v
		}
		in.Lines = append(in.Lines, inv, adj)
	}
	if len(in.Lines) == 0 {
		return nil
	}
	_, err := s.ledger.PostTx(ctx, tx, in)
	return err
}
