package sales

import (
	"context"
	"strconv"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
)

// DocumentType is the approval document type of sales orders.
const DocumentType = "sales_order"

// orderDocument is the sales order as approval policies see it: an
// expression reads order, customer and credit, e.g.
// order.total >= 50000.00 || order.lines.exists(l, l.discount_percent > 15.0) || credit.exceeded.
// Amounts and quantities are numbers (doubles) in the order's currency.
func (s *Service) orderDocument(ctx context.Context, q db.Querier, o Order, cust party.Party, c Credit) approval.Document {
	return approval.Document{Type: DocumentType, ID: o.ID, Number: o.Number, Amount: o.Total, RequestedBy: o.OwnerID,
		Vars: orderVars(o, cust, c),
		Convert: func(a money.Amount, to money.Currency) (money.Amount, error) {
			return s.convert(ctx, q, a, to)
		}}
}

func orderVars(o Order, cust party.Party, c Credit) map[string]any {
	lines := make([]any, len(o.Lines))
	for i, l := range o.Lines {
		lines[i] = map[string]any{"product_id": l.ProductID, "quantity": number(l.Quantity.String()),
			"unit_price": number(l.UnitPrice.String()), "discount_percent": number(l.DiscountPercent.String()),
			"net": number(l.Net.String()), "total": number(l.Total.String()), "tax_code": l.TaxCode}
	}
	tags := make([]any, len(cust.Tags))
	for i, t := range cust.Tags {
		tags[i] = t
	}
	limit := 0.0
	if c.Limit != nil {
		limit = number(c.Limit.String())
	}
	return map[string]any{
		"order": map[string]any{"number": o.Number, "currency": o.Currency, "subtotal": number(o.Subtotal.String()),
			"tax": number(o.Tax.String()), "total": number(o.Total.String()), "warehouse_id": o.WarehouseID, "lines": lines},
		"customer": map[string]any{"id": cust.ID, "code": cust.Code, "name": cust.LegalName, "tags": tags, "lifecycle": cust.Lifecycle},
		"credit": map[string]any{"has_limit": c.Limit != nil, "limit": limit, "used": number(c.Used.String()),
			"open_orders": number(c.OpenOrders.String()), "receivables": number(c.Receivables.String()), "exceeded": c.Exceeded},
	}
}

// number turns a decimal string from money into a CEL double; policies
// compare amounts, they do not compute with them.
func number(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// sampleOrder is what a new policy is tried on when it is saved.
var sampleOrder = func() map[string]any {
	usd, _ := money.ParseCurrency("USD")
	amount := money.New(1234_50, usd)
	o := Order{Number: "SO-2026-00001", Currency: "USD", Subtotal: amount, Tax: money.Zero(usd), Total: amount,
		Lines: []Line{{ProductID: "prd_sample", Quantity: money.QuantityFromInt(1), UnitPrice: amount, Net: amount, Tax: money.Zero(usd), Total: amount}}}
	c := Credit{Limit: &amount, Receivables: money.Zero(usd), OpenOrders: money.Zero(usd), Used: amount}
	return orderVars(o, party.Party{ID: "pty_sample", Code: "C-0001", LegalName: "Sample Ltd", Tags: []string{"sample"}, Lifecycle: "customer"}, c)
}()

// approvals is the sales order's approval.Handler.
type orderApprovals struct{ s *Service }

// pendingOrder reads an order waiting for approval.
func pendingOrder(ctx context.Context, tx *db.Tx, orderID string) (Order, error) {
	o, err := findOrder(ctx, tx, orderID)
	if err == nil && o.Status != PendingApproval {
		err = ErrInvalidState
	}
	return o, err
}

// ApprovedTx confirms an approved order, reserving its stock.
func (h orderApprovals) ApprovedTx(ctx context.Context, tx *db.Tx, orderID string, d approval.Decision) error {
	before, err := pendingOrder(ctx, tx, orderID)
	if err != nil {
		return err
	}
	after := before
	after.Approval = &OrderApproval{Outcome: Approved, Rule: before.Approval.Rule, Comment: d.Request.Comment}
	cust, err := h.s.parties.CustomerTx(ctx, tx, after.CustomerID)
	if err != nil {
		return err
	}
	if err := h.s.reserveTx(ctx, tx, &after, cust.AcceptsBackorders); err != nil {
		return err
	}
	return saveTx(ctx, tx, before, &after, Confirmed, "approve", EventApproved, EventConfirmed)
}

// RejectedTx sends a rejected order back to draft with the reason.
func (h orderApprovals) RejectedTx(ctx context.Context, tx *db.Tx, orderID string, d approval.Decision) error {
	before, err := pendingOrder(ctx, tx, orderID)
	if err != nil {
		return err
	}
	after := before
	after.Approval = &OrderApproval{Outcome: Rejected, Rule: before.Approval.Rule, Comment: d.Request.Comment}
	return saveTx(ctx, tx, before, &after, Draft, "reject", EventRejected)
}
