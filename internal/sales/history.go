package sales

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// HistoricalOrder is an order placed and shipped before Concord, e.g.
// from a system being replaced: its reference, dates, rep and lines (with
// their unit prices and discounts) as they were.
type HistoricalOrder struct {
	Reference   string
	CustomerID  string
	OwnerID     string
	WarehouseID string
	OrderDate   calendar.Date
	ShippedOn   calendar.Date
	Carrier     string
	Lines       []LineInput
}

// RecordHistory records a historical order as delivered, with a delivered
// shipment of all its lines on the day it shipped, so that billing can
// invoice it. It moves no stock: the stock on hand already reflects what
// shipped then. A reference recorded before returns that order (created
// false). Errors: validation_failed.
func (s *Service) RecordHistory(ctx context.Context, h HistoricalOrder) (o Order, created bool, err error) {
	cust, err := s.parties.FindParty(ctx, h.CustomerID)
	if err != nil {
		return Order{}, false, apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code"))
	}
	cur, err := money.ParseCurrency(cust.Currency)
	if err != nil {
		return Order{}, false, apperr.Invalid("the customer has no currency", apperr.Field("customer_id", "no_currency", "give the customer a currency"))
	}
	var v apperr.Validator
	v.Check(h.Reference != "", "reference", "required", "the order's number in the old system")
	v.Check(!h.OrderDate.IsZero() && !h.ShippedOn.Before(h.OrderDate), "shipped_on", "out_of_range", "an order date, and a ship date not before it")
	o = Order{ID: id.New("so"), Status: Delivered, CustomerID: cust.ID, WarehouseID: h.WarehouseID, Currency: string(cur), OrderDate: h.OrderDate,
		Reference: h.Reference, OwnerID: h.OwnerID, Version: 1}
	o.Lines = s.priceLines(ctx, &v, cust, cur, h.Lines, true)
	if err := v.Err(); err != nil {
		return Order{}, false, err
	}
	if err := o.sum(cur); err != nil {
		return Order{}, false, err
	}
	for i := range o.Lines {
		o.Lines[i].Delivered = o.Lines[i].Quantity
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT id FROM sales_order WHERE reference = $1 AND customer_id = $2`, h.Reference, cust.ID).Scan(&existing)
		if err == nil {
			o, err = findOrder(ctx, tx, existing)
			return err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = true
		if err := createOrderTx(ctx, tx, &o); err != nil {
			return err
		}
		if err := updateOrder(ctx, tx, o, o.Version); err != nil {
			return err
		}
		shipped := time.Date(h.ShippedOn.Year(), h.ShippedOn.Month(), h.ShippedOn.Day(), 12, 0, 0, 0, time.UTC)
		sh := Shipment{ID: id.New("shp"), OrderID: o.ID, CustomerID: o.CustomerID, WarehouseID: o.WarehouseID, Status: ShipmentArrived,
			Carrier: h.Carrier, ShippedAt: &shipped, DeliveredAt: &shipped, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		for i, l := range o.Lines {
			sh.Lines = append(sh.Lines, ShipmentLine{OrderLine: i, ProductID: l.ProductID, Quantity: l.Quantity})
		}
		if sh.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "SH", Year: h.ShippedOn.Year()}); err != nil {
			return err
		}
		if err := insertShipment(ctx, tx, sh); err != nil {
			return err
		}
		return recordShipment(ctx, tx, sh, audit.ActionCreate, EventShipmentDelivered, nil)
	})
	return o, created, err
}
