package sales

import (
	"context"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/product"
)

// LineQuery describes a line being entered.
type LineQuery struct {
	CustomerID  string
	ProductID   string
	Quantity    money.Quantity
	Currency    string
	WarehouseID string
}

// LinePreview is what a rep sees while entering a line: the price the
// order would take and what can be promised from stock.
type LinePreview struct {
	Price        product.Price           `json:"price"`
	Availability *inventory.Availability `json:"availability,omitempty" doc:"Absent for products that keep no stock."`
	Short        bool                    `json:"short" doc:"True when less is available than the quantity asked for."`
	PromiseDate  string                  `json:"promise_date,omitempty" format:"date" doc:"The first day the whole quantity can be promised: today, or the day expected receipts make it available; absent when neither does."`
}

// PreviewLine prices a line for a customer and reports its
// available-to-promise, without storing anything. Errors:
// validation_failed, no_price.
func (s *Service) PreviewLine(ctx context.Context, q LineQuery) (LinePreview, error) {
	cust, err := s.parties.FindPartyBrief(ctx, q.CustomerID)
	if err != nil {
		return LinePreview{}, apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code you may see"))
	}
	p, err := s.products.FindProductBrief(ctx, q.ProductID)
	if err != nil {
		return LinePreview{}, apperr.Invalid("no such product", apperr.Field("product_id", "not_found", "no product with this ID, code or barcode"))
	}
	currency := strings.ToUpper(q.Currency)
	if currency == "" {
		currency = cust.Currency
	}
	price, err := s.products.PriceFor(ctx, product.PriceQuery{ProductID: p.ID, Quantity: q.Quantity, On: calendar.DateOf(time.Now().UTC()),
		Currency: currency, PartyID: cust.ID, PartyPriceList: cust.PriceList, PartyTags: cust.Tags, ListPrice: &p.ListPrice})
	if err != nil {
		return LinePreview{}, err
	}
	out := LinePreview{Price: price}
	stocked, err := s.products.Stocked(ctx, p.ID)
	if err != nil || !stocked {
		return out, err
	}
	wh, err := s.warehouse(ctx, q.WarehouseID)
	if err != nil {
		return LinePreview{}, apperr.Invalid("no such warehouse", apperr.Field("warehouse_id", "not_found", "no such active warehouse"))
	}
	a, err := s.inventory.Availability(ctx, p.ID, wh)
	if err != nil {
		return LinePreview{}, err
	}
	out.Availability, out.Short = &a, a.Available.Cmp(q.Quantity) < 0
	today := calendar.DateOf(time.Now().UTC()).String()
	if !out.Short {
		out.PromiseDate = today
		return out, nil
	}
	for _, in := range a.Incoming {
		if in.AvailableFrom.Cmp(q.Quantity) >= 0 {
			out.PromiseDate = max(in.Date, today) // an overdue receipt is expected any day now
			break
		}
	}
	return out, nil
}
