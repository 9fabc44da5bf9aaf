package app

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/sales"
)

// northwindHistory counts what the order history step did.
type northwindHistory struct{ shipped, added, open, skipped int }

// historyPaymentDays is when a historical invoice is recorded as paid (or
// today, if sooner): the histories loaded have no payments, and leaving old
// invoices open would make every customer overdue.
const historyPaymentDays = 30

// northwindOrders loads orders.csv and order_lines.csv as sales orders
// keeping order_number as the reference and order_date as the order date.
// A shipped order becomes history: delivered on its shipped date (no stock
// moves), invoiced that day with a posted invoice, and paid 30 days later.
// An order never shipped is entered as an open order and confirmed when
// the stock allows, unless it cannot be entered today (it names a product
// no longer sold): those are counted as skipped. Each step is looked up first, so a second run (or one
// after an interruption) only finishes what is missing.
func northwindOrders(ctx context.Context, svc *services, dir fs.FS, reps map[string]string) (northwindHistory, error) {
	var h northwindHistory
	orders, err := csvRecords(dir, "orders.csv")
	if err != nil {
		return h, err
	}
	lineRecs, err := csvRecords(dir, "order_lines.csv")
	if err != nil {
		return h, err
	}
	lines := map[string][]sales.LineInput{}
	products := map[string]string{}
	for _, rec := range lineRecs {
		id, ok := products[rec["product_code"]]
		if !ok {
			p, err := svc.product.FindProduct(ctx, rec["product_code"])
			if err != nil {
				return h, fmt.Errorf("order %s: product %s: %w", rec["order_number"], rec["product_code"], err)
			}
			id, products[rec["product_code"]] = p.ID, p.ID
		}
		l, err := northwindLine(id, rec)
		if err != nil {
			return h, fmt.Errorf("order %s: %w", rec["order_number"], err)
		}
		lines[rec["order_number"]] = append(lines[rec["order_number"]], l)
	}
	w, err := svc.inventory.FindWarehouse(ctx, "NW")
	if err != nil {
		return h, err
	}
	carriers := map[string]string{}
	for _, rec := range orders {
		number := rec["order_number"]
		cust, err := svc.party.FindParty(ctx, rec["customer_code"])
		if err != nil {
			return h, fmt.Errorf("order %s: customer %s: %w", number, rec["customer_code"], err)
		}
		ordered, err := calendar.ParseDate(rec["order_date"])
		if err != nil {
			return h, fmt.Errorf("order %s: order_date: %w", number, err)
		}
		if rec["shipped_date"] == "" {
			err := northwindOpenOrder(ctx, svc, cust.ID, w.ID, number, ordered, lines[number])
			switch {
			case apperr.KindOf(err) == apperr.KindInvalid: // e.g. a product no longer sold
				h.skipped++
			case err != nil:
				return h, fmt.Errorf("order %s: %w", number, err)
			default:
				h.open++
			}
			continue
		}
		shipped, err := calendar.ParseDate(rec["shipped_date"])
		if err != nil {
			return h, fmt.Errorf("order %s: shipped_date: %w", number, err)
		}
		carrier, ok := carriers[rec["shipper_code"]]
		if !ok {
			if p, err := svc.party.FindParty(ctx, "SHIP-"+rec["shipper_code"]); err == nil {
				carrier = p.LegalName
			}
			carriers[rec["shipper_code"]] = carrier
		}
		o, created, err := svc.sales.RecordHistory(ctx, sales.HistoricalOrder{Reference: number, CustomerID: cust.ID, OwnerID: reps[rec["employee_code"]],
			WarehouseID: w.ID, OrderDate: ordered, ShippedOn: shipped, Carrier: carrier, Lines: lines[number]})
		if err != nil {
			return h, fmt.Errorf("order %s: %w", number, err)
		}
		if created {
			h.added++
		}
		if err := invoiceHistory(ctx, svc.billing, o, shipped, true); err != nil {
			return h, fmt.Errorf("order %s: %w", number, err)
		}
		h.shipped++
	}
	return h, nil
}

// northwindLine is a line of order_lines.csv at its historical price.
func northwindLine(productID string, rec map[string]string) (sales.LineInput, error) {
	usd, _ := money.ParseCurrency("USD")
	price, err := money.Parse(rec["unit_price"], usd)
	if err != nil {
		return sales.LineInput{}, fmt.Errorf("unit_price: %w", err)
	}
	qty, err := money.ParseQuantity(rec["quantity"])
	if err != nil {
		return sales.LineInput{}, fmt.Errorf("quantity: %w", err)
	}
	discount, err := ledger.ParsePercent(rec["discount_percent"])
	if err != nil {
		return sales.LineInput{}, fmt.Errorf("discount_percent: %w", err)
	}
	return sales.LineInput{ProductID: productID, Quantity: qty, UnitPrice: &price, DiscountPercent: &discount}, nil
}

// invoiceHistory invoices a delivered historical order on its shipped date
// and, when pay is set, records its payment, doing only what a run before
// did not.
func invoiceHistory(ctx context.Context, b *billing.Service, o sales.Order, on calendar.Date, pay bool) error {
	if o.Status == sales.Delivered {
		inv, err := b.CreateInvoice(ctx, billing.InvoiceInput{OrderID: o.ID})
		if err != nil {
			return err
		}
		if _, err := b.Post(ctx, inv.ID, billing.PostInput{InvoiceDate: &on}, inv.Version); err != nil {
			return err
		}
	}
	if !pay {
		return nil
	}
	invs, err := b.FindInvoices(ctx, billing.InvoiceFilter{OrderID: o.ID, Kind: billing.KindInvoice, Status: billing.Posted, Limit: 10})
	if err != nil {
		return err
	}
	for _, inv := range invs {
		paid := inv.InvoiceDate.AddDays(historyPaymentDays)
		if today := calendar.DateOf(time.Now().UTC()); paid.After(today) {
			paid = today
		}
		if _, err := b.ReceivePayment(ctx, billing.PaymentInput{CustomerID: inv.CustomerID, Method: "bank", Amount: inv.Residual,
			ReceivedOn: &paid, Reference: "Northwind order " + o.Reference,
			Allocations: []billing.AllocationInput{{InvoiceID: inv.ID, Amount: inv.Residual}}}); err != nil {
			return err
		}
	}
	return nil
}

// northwindOpenOrder enters an order that never shipped, once, and
// confirms it when the stock allows; otherwise it stays a draft.
func northwindOpenOrder(ctx context.Context, svc *services, customerID, warehouseID, number string, ordered calendar.Date, lines []sales.LineInput) error {
	found, err := svc.sales.FindOrders(ctx, sales.Filter{CustomerID: customerID, Reference: number, Limit: 1})
	if err != nil || len(found) > 0 {
		return err
	}
	o, err := svc.sales.CreateOrder(ctx, sales.OrderInput{CustomerID: customerID, WarehouseID: warehouseID, OrderDate: &ordered,
		Reference: number, Lines: lines})
	if err != nil {
		return err
	}
	_, err = svc.sales.Confirm(ctx, o.ID, o.Version)
	if apperr.CodeOf(err) == inventory.ErrInsufficientStock.Code {
		return nil
	}
	return err
}
