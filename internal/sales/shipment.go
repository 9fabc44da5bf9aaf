package sales

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// Shipment permissions: the warehouse picks, packs and ships.
const (
	PermShipmentRead   = "sales.shipment.read"
	PermShipmentCreate = "sales.shipment.create"
	PermShipmentHandle = "sales.shipment.handle"
)

// Shipment events.
const (
	EventShipmentCreated   = "sales.shipment.created.v1"
	EventShipmentPicked    = "sales.shipment.picked.v1"
	EventShipmentPacked    = "sales.shipment.packed.v1"
	EventShipmentShipped   = "sales.shipment.shipped.v1"
	EventShipmentDelivered = "sales.shipment.delivered.v1"
	EventShipmentCancelled = "sales.shipment.cancelled.v1"
	// EventDelivered: an order's stocked lines have all been shipped (or,
	// with partially_delivered in the payload's status, some of them).
	EventDelivered = "sales.order.delivered.v1"
)

// Shipment statuses: to_pick → picked → packed → shipped → delivered, or
// cancelled before it is shipped. Picking and packing may be skipped.
const (
	ToPick           = "to_pick"
	Picked           = "picked"
	Packed           = "packed"
	Shipped          = "shipped"
	ShipmentArrived  = "delivered"
	ShipmentCanceled = "cancelled"
)

// openShipment lists the statuses of shipments not yet shipped.
var openShipment = []string{ToPick, Picked, Packed}

// Shipment takes goods of one order out of its warehouse.
type Shipment struct {
	ID             string         `json:"id"`
	Number         string         `json:"number" doc:"Gap-free per year, e.g. SH-2026-00042."`
	OrderID        string         `json:"order_id"`
	CustomerID     string         `json:"customer_id"`
	WarehouseID    string         `json:"warehouse_id"`
	Status         string         `json:"status" enum:"to_pick,picked,packed,shipped,delivered,cancelled"`
	Carrier        string         `json:"carrier,omitempty"`
	TrackingNumber string         `json:"tracking_number,omitempty"`
	Lines          []ShipmentLine `json:"lines"`
	ShippedAt      *time.Time     `json:"shipped_at,omitempty"`
	DeliveredAt    *time.Time     `json:"delivered_at,omitempty"`
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// ShipmentLine is a quantity of one order line.
type ShipmentLine struct {
	OrderLine int            `json:"order_line" doc:"Index of the order line, from 0."`
	ProductID string         `json:"product_id"`
	Quantity  money.Quantity `json:"quantity"`
}

// ShipmentInput creates a shipment.
type ShipmentInput struct {
	OrderID string              `json:"order_id" maxLength:"64" doc:"Order ID or number."`
	Lines   []ShipmentLineInput `json:"lines,omitempty" maxItems:"500" doc:"Defaults to everything that can be shipped now."`
}

// ShipmentLineInput chooses a quantity of an order line.
type ShipmentLineInput struct {
	OrderLine int            `json:"order_line" minimum:"0"`
	Quantity  money.Quantity `json:"quantity"`
}

// ShipInput is what the carrier's pick-up records.
type ShipInput struct {
	Carrier        string `json:"carrier,omitempty" maxLength:"120"`
	TrackingNumber string `json:"tracking_number,omitempty" maxLength:"120"`
}

// ErrNothingToShip is returned when no stock of an order can be shipped now.
var ErrNothingToShip = apperr.Conflict("nothing_to_ship", "nothing of this order can be shipped now: all is shipped, in open shipments or not in stock")

// CreateShipment creates a shipment to pick for a confirmed order: the
// chosen quantities, or all that can go now. A line can take what its
// reservation still holds beyond open shipments; a backordered quantity is
// reserved first if the stock has arrived. Errors: not_found,
// invalid_state, nothing_to_ship, validation_failed (a line asks for more
// than can be shipped: the detail says how much can).
func (s *Service) CreateShipment(ctx context.Context, in ShipmentInput) (Shipment, error) {
	var sh Shipment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// The warehouse ships every rep's orders: no owner record rule here.
		before, err := findOrder(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		// Shipments of one order are made one at a time, so two cannot take
		// the same reservation.
		if err := tx.Lock(ctx, "sales.order:"+before.ID); err != nil {
			return err
		}
		if before.Status != Confirmed && before.Status != PartiallyDelivered {
			return ErrInvalidState
		}
		open, err := openQuantities(ctx, tx, before.ID)
		if err != nil {
			return err
		}
		after := before
		after.Lines = slices.Clone(before.Lines)
		// asked maps an order line to its index in in.Lines.
		asked := map[int]int{}
		var v apperr.Validator
		for i, l := range in.Lines {
			f := "lines[" + strconv.Itoa(i) + "]."
			_, dup := asked[l.OrderLine]
			v.Check(!dup, f+"order_line", "duplicate", "each order line once")
			v.Check(l.OrderLine >= 0 && l.OrderLine < len(before.Lines), f+"order_line", "not_found", "no such line on the order")
			v.Check(l.Quantity.Sign() > 0, f+"quantity", "not_positive", "must be greater than 0")
			asked[l.OrderLine] = i
		}
		if err := v.Err(); err != nil {
			return err
		}
		sh = Shipment{ID: id.New("shp"), OrderID: before.ID, CustomerID: before.CustomerID, WarehouseID: before.WarehouseID,
			Status: ToPick, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		for i := range after.Lines {
			l := &after.Lines[i]
			k, chosen := asked[i]
			if len(in.Lines) > 0 && !chosen {
				continue
			}
			stocked, err := s.products.StockedTx(ctx, tx, l.ProductID)
			if err != nil {
				return err
			}
			if !stocked {
				continue
			}
			if l.Backordered.Sign() > 0 {
				got, err := s.inventory.ReserveUpToTx(ctx, tx, inventory.Reservation{ProductID: l.ProductID, WarehouseID: before.WarehouseID,
					Quantity: l.Backordered, Reference: before.ID})
				if err != nil {
					return err
				}
				l.Reserved, _ = l.Reserved.Add(got)
				l.Backordered, _ = l.Backordered.Sub(got)
			}
			free, _ := l.Reserved.Sub(open[i])
			q := free
			if chosen {
				q = in.Lines[k].Quantity
			}
			if q.Cmp(free) > 0 {
				v.Add("lines["+strconv.Itoa(k)+"].quantity", "too_much", "only "+free.String()+" of this line can be shipped now")
				continue
			}
			if q.Sign() > 0 {
				sh.Lines = append(sh.Lines, ShipmentLine{OrderLine: i, ProductID: l.ProductID, Quantity: q})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if len(sh.Lines) == 0 {
			return ErrNothingToShip
		}
		if sh.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "SH", Year: tx.Now().Year()}); err != nil {
			return err
		}
		if err := insertShipment(ctx, tx, sh); err != nil {
			return err
		}
		if !slices.Equal(after.Lines, before.Lines) {
			after.Version, after.UpdatedAt = before.Version+1, tx.Now()
			if err := updateOrder(ctx, tx, after, before.Version); err != nil {
				return err
			}
			if err := record(ctx, tx, after, "reserve_backorder", before); err != nil {
				return err
			}
		}
		return recordShipment(ctx, tx, sh, audit.ActionCreate, EventShipmentCreated, nil)
	})
	return sh, err
}

// openQuantities sums, per order line, what open shipments of an order hold.
func openQuantities(ctx context.Context, q db.Querier, orderID string) (map[int]money.Quantity, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.order_line, SUM(l.quantity) FROM sales_shipment_line l JOIN sales_shipment s ON s.id = l.shipment_id
		WHERE s.order_id = $1 AND s.status IN ($2, $3, $4) GROUP BY l.order_line`, orderID, ToPick, Picked, Packed)
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

// Pick marks a shipment picked. Errors: not_found, invalid_state,
// version_conflict.
func (s *Service) Pick(ctx context.Context, shipmentID string, version int64) (Shipment, error) {
	return s.shipmentStep(ctx, shipmentID, version, []string{ToPick}, Picked, "pick", EventShipmentPicked, nil)
}

// Pack marks a shipment packed. Errors: as Pick.
func (s *Service) Pack(ctx context.Context, shipmentID string, version int64) (Shipment, error) {
	return s.shipmentStep(ctx, shipmentID, version, []string{ToPick, Picked}, Packed, "pack", EventShipmentPacked, nil)
}

// Ship hands a shipment to the carrier: the order's reservation is
// consumed and the stock leaves the warehouse with delivery moves, the
// order lines count it delivered, and the order becomes
// partially_delivered or delivered, all in one transaction. Errors: as
// Pick, insufficient_stock.
func (s *Service) Ship(ctx context.Context, shipmentID string, in ShipInput, version int64) (Shipment, error) {
	return s.shipmentStep(ctx, shipmentID, version, openShipment, Shipped, "ship", EventShipmentShipped, func(tx *db.Tx, sh *Shipment) error {
		sh.Carrier, sh.TrackingNumber = strings.TrimSpace(in.Carrier), strings.TrimSpace(in.TrackingNumber)
		now := tx.Now()
		sh.ShippedAt = &now
		if err := tx.Lock(ctx, "sales.order:"+sh.OrderID); err != nil {
			return err
		}
		before, err := findOrder(ctx, tx, sh.OrderID)
		if err != nil {
			return err
		}
		after := before
		after.Lines = slices.Clone(before.Lines)
		for _, sl := range sh.Lines {
			if _, err := s.inventory.DeliverTx(ctx, tx, inventory.Delivery{ProductID: sl.ProductID, WarehouseID: sh.WarehouseID,
				Quantity: sl.Quantity, Reservation: sh.OrderID, Reference: sh.ID}); err != nil {
				return err
			}
			l := &after.Lines[sl.OrderLine]
			if l.Reserved, err = l.Reserved.Sub(sl.Quantity); err != nil {
				return err
			}
			if l.Delivered, err = l.Delivered.Add(sl.Quantity); err != nil {
				return err
			}
		}
		status, err := s.deliveryStatus(ctx, tx, after)
		if err != nil {
			return err
		}
		if err := saveTx(ctx, tx, before, &after, status, "deliver", EventDelivered); err != nil {
			return err
		}
		// Last, because posting takes the stock journal's number series,
		// which stays locked until commit.
		return s.postCostTx(ctx, tx, *sh)
	})
}

// postCostTx posts the cost of a shipment's goods at their standard cost:
// cost of goods sold debited, inventory credited, per cost currency.
// Products without a standard cost post nothing.
func (s *Service) postCostTx(ctx context.Context, tx *db.Tx, sh Shipment) error {
	costs := map[money.Currency]money.Amount{}
	var curs []money.Currency
	for _, l := range sh.Lines {
		cost, err := s.products.StandardCostTx(ctx, tx, l.ProductID)
		if err != nil {
			return err
		}
		if cost == nil || cost.Sign() <= 0 {
			continue
		}
		c, err := cost.MulQuantity(l.Quantity)
		if err != nil {
			return err
		}
		cur := c.Currency()
		if _, seen := costs[cur]; !seen {
			curs, costs[cur] = append(curs, cur), money.Zero(cur)
		}
		if costs[cur], err = costs[cur].Add(c); err != nil {
			return err
		}
	}
	if len(curs) == 0 {
		return nil
	}
	in := ledger.EntryInput{Journal: "STK", Date: calendar.DateOf(tx.Now()), Memo: "Cost of goods shipped, " + sh.Number,
		SourceType: "sales_shipment", SourceID: sh.ID}
	for _, cur := range curs {
		c := costs[cur]
		in.Lines = append(in.Lines, ledger.EntryLineInput{Role: ledger.RoleCOGS, Debit: &c}, ledger.EntryLineInput{Role: ledger.RoleInventory, Credit: &c})
	}
	_, err := s.ledger.PostTx(ctx, tx, in)
	return err
}

// deliveryStatus is delivered when every stocked line is delivered in
// full, partially_delivered otherwise.
func (s *Service) deliveryStatus(ctx context.Context, tx *db.Tx, o Order) (string, error) {
	for _, l := range o.Lines {
		stocked, err := s.products.StockedTx(ctx, tx, l.ProductID)
		if err != nil {
			return "", err
		}
		if stocked && l.Delivered.Cmp(l.Quantity) < 0 {
			return PartiallyDelivered, nil
		}
	}
	return Delivered, nil
}

// ConfirmDelivery records that the customer received a shipped shipment.
// Errors: as Pick.
func (s *Service) ConfirmDelivery(ctx context.Context, shipmentID string, version int64) (Shipment, error) {
	return s.shipmentStep(ctx, shipmentID, version, []string{Shipped}, ShipmentArrived, "confirm_delivery", EventShipmentDelivered,
		func(tx *db.Tx, sh *Shipment) error {
			now := tx.Now()
			sh.DeliveredAt = &now
			return nil
		})
}

// CancelShipment cancels a shipment not yet shipped; its quantities stay
// reserved for the order. Errors: as Pick.
func (s *Service) CancelShipment(ctx context.Context, shipmentID string, version int64) (Shipment, error) {
	return s.shipmentStep(ctx, shipmentID, version, openShipment, ShipmentCanceled, "cancel", EventShipmentCancelled, nil)
}

func (s *Service) shipmentStep(ctx context.Context, shipmentID string, version int64, from []string, to, action, event string,
	effect func(tx *db.Tx, sh *Shipment) error) (Shipment, error) {
	var after Shipment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findShipment(ctx, tx, shipmentID)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("shipment")
		}
		if !slices.Contains(from, before.Status) {
			return ErrInvalidState
		}
		after = before
		if effect != nil {
			if err := effect(tx, &after); err != nil {
				return err
			}
		}
		after.Status, after.Version, after.UpdatedAt = to, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE sales_shipment SET status = $1, carrier = $2, tracking_number = $3, shipped_at = $4,
			delivered_at = $5, version = $6, updated_at = $7 WHERE id = $8 AND version = $9`, after.Status, after.Carrier, after.TrackingNumber,
			after.ShippedAt, after.DeliveredAt, after.Version, after.UpdatedAt, after.ID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "sales_shipment", after.ID, "shipment"); err != nil {
			return err
		}
		return recordShipment(ctx, tx, after, action, event, before)
	})
	return after, err
}

func recordShipment(ctx context.Context, tx *db.Tx, sh Shipment, action, event string, before any) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "sales_order", AggregateID: sh.OrderID, Payload: sh}); err != nil {
		return err
	}
	return audit.RecordTx(ctx, tx, "sales_shipment", sh.ID, action, before, sh)
}

// FindShipment returns a shipment by ID or number. Errors: not_found.
func (s *Service) FindShipment(ctx context.Context, key string) (Shipment, error) {
	return findShipment(ctx, s.db, key)
}

// ShipmentFilter selects shipments.
type ShipmentFilter struct {
	Status     string
	OrderID    string
	CustomerID string
	// Newest lists the newest first when Sort is not set.
	Newest bool
	// Sort defaults to oldest first (the warehouse's queue); After is
	// where the previous page ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// ShipmentSorts are the columns a list of shipments may be sorted by; ids
// grow with time, so "created" is the id.
var ShipmentSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "number", Column: "number"},
	{Name: "status", Column: "status"},
	{Name: "carrier", Column: "carrier"},
}

// SortValue is sh's value of a sort field, for the cursor of a page ending
// at sh.
func (sh Shipment) SortValue(field string) string {
	switch field {
	case "number":
		return sh.Number
	case "status":
		return sh.Status
	case "carrier":
		return sh.Carrier
	}
	return sh.ID
}

// FindShipments lists shipments, oldest first (the warehouse's queue) or
// newest first.
func (s *Service) FindShipments(ctx context.Context, f ShipmentFilter) ([]Shipment, error) {
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: f.Newest})
	and, args, orderBy, err := sort.Clause(f.After, []any{f.Status, f.OrderID, f.CustomerID})
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+shipmentColumns+` FROM sales_shipment WHERE ($1 = '' OR status = $1)
		AND ($2 = '' OR order_id = $2) AND ($3 = '' OR customer_id = $3)`+and+` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)),
		args...)
	if err != nil {
		return nil, err
	}
	var out []Shipment
	for rows.Next() {
		sh, err := scanShipment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = shipmentLines(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const shipmentColumns = `id, number, order_id, customer_id, warehouse_id, status, carrier, tracking_number, shipped_at, delivered_at,
	version, created_at, updated_at`

func insertShipment(ctx context.Context, tx *db.Tx, sh Shipment) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sales_shipment (`+shipmentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		sh.ID, sh.Number, sh.OrderID, sh.CustomerID, sh.WarehouseID, sh.Status, sh.Carrier, sh.TrackingNumber, sh.ShippedAt, sh.DeliveredAt,
		sh.Version, sh.CreatedAt, sh.UpdatedAt); err != nil {
		return err
	}
	for i, l := range sh.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sales_shipment_line (shipment_id, position, order_line, product_id, quantity) VALUES ($1, $2, $3, $4, $5)`,
			sh.ID, i, l.OrderLine, l.ProductID, l.Quantity.Units()); err != nil {
			return err
		}
	}
	return nil
}

func scanShipment(s interface{ Scan(...any) error }) (Shipment, error) {
	var sh Shipment
	var shipped, delivered sql.NullTime
	if err := s.Scan(&sh.ID, &sh.Number, &sh.OrderID, &sh.CustomerID, &sh.WarehouseID, &sh.Status, &sh.Carrier, &sh.TrackingNumber,
		&shipped, &delivered, &sh.Version, &sh.CreatedAt, &sh.UpdatedAt); err != nil {
		return sh, err
	}
	for _, t := range []struct {
		src sql.NullTime
		dst **time.Time
	}{{shipped, &sh.ShippedAt}, {delivered, &sh.DeliveredAt}} {
		if t.src.Valid {
			u := t.src.Time.UTC()
			*t.dst = &u
		}
	}
	sh.CreatedAt, sh.UpdatedAt = sh.CreatedAt.UTC(), sh.UpdatedAt.UTC()
	return sh, nil
}

func findShipment(ctx context.Context, q db.Querier, key string) (Shipment, error) {
	sh, err := scanShipment(q.QueryRowContext(ctx, `SELECT `+shipmentColumns+` FROM sales_shipment WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Shipment{}, db.NotFound(err, "shipment")
	}
	sh.Lines, err = shipmentLines(ctx, q, sh.ID)
	return sh, err
}

func shipmentLines(ctx context.Context, q db.Querier, shipmentID string) ([]ShipmentLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT order_line, product_id, quantity FROM sales_shipment_line WHERE shipment_id = $1 ORDER BY position`, shipmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ShipmentLine{}
	for rows.Next() {
		var l ShipmentLine
		var units int64
		if err := rows.Scan(&l.OrderLine, &l.ProductID, &units); err != nil {
			return nil, err
		}
		l.Quantity = money.NewQuantity(units)
		out = append(out, l)
	}
	return out, rows.Err()
}
