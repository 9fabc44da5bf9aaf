package sales

import (
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Order statuses. Confirming a draft runs the approval policies: it either
// confirms at once or waits in pending_approval; shipping moves it to
// partially_delivered and delivered; invoicing it in full makes it invoiced,
// and paid once its invoices are; closing a paid order files it.
const (
	Draft              = "draft"
	PendingApproval    = "pending_approval"
	Confirmed          = "confirmed"
	PartiallyDelivered = "partially_delivered"
	Delivered          = "delivered"
	Invoiced           = "invoiced"
	Paid               = "paid"
	Closed             = "closed"
	Cancelled          = "cancelled"
)

// Approval outcomes of an order.
const (
	AutoApproved = "auto_approved"
	Waiting      = "pending"
	Approved     = "approved"
	Rejected     = "rejected"
)

// OrderApproval says how the order's last submission was decided.
type OrderApproval struct {
	Outcome string `json:"outcome" enum:"auto_approved,pending,approved,rejected"`
	Rule    string `json:"rule" doc:"What decided: no_policy_matched, or the names of the policies that matched."`
	Comment string `json:"comment,omitempty" doc:"The approver's comment; on a rejection, the reason."`
}

// Order is a customer's sales order.
type Order struct {
	ID            string         `json:"id"`
	Number        string         `json:"number" doc:"Gap-free per year, e.g. SO-2026-00042."`
	Status        string         `json:"status" enum:"draft,pending_approval,confirmed,partially_delivered,delivered,invoiced,paid,closed,cancelled"`
	CustomerID    string         `json:"customer_id"`
	WarehouseID   string         `json:"warehouse_id"`
	Currency      string         `json:"currency"`
	OrderDate     calendar.Date  `json:"order_date" format:"date" doc:"The day the customer ordered."`
	Reference     string         `json:"reference,omitempty" doc:"The customer's purchase order number, or an outside system's order number."`
	RequestedDate *calendar.Date `json:"requested_date,omitempty" format:"date"`
	OwnerID       string         `json:"owner_id" doc:"The sales rep."`
	OpportunityID string         `json:"opportunity_id,omitempty" doc:"The CRM opportunity the order came from (through its quotation)."`
	CampaignID    string         `json:"campaign_id,omitempty" doc:"The marketing campaign the order is attributed to."`
	Lines         []Line         `json:"lines"`
	Subtotal      money.Amount   `json:"subtotal" doc:"Sum of the lines' amounts without tax."`
	Tax           money.Amount   `json:"tax"`
	Total         money.Amount   `json:"total"`
	Approval      *OrderApproval `json:"approval,omitempty"`
	Version       int64          `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// Line is one product on an order. Amounts are rounded once per line, half
// away from zero: net = unit price × quantity × (1 − discount percentage ÷
// 100), rounded to the currency's minor unit (the discount is what that
// takes off); an excluded tax is added on net, an included one is taken
// out of it. The order's subtotal, tax and
// total are the sums of the rounded lines, so they always add up.
type Line struct {
	ProductID       string         `json:"product_id"`
	Quantity        money.Quantity `json:"quantity"`
	UnitPrice       money.Amount   `json:"unit_price"`
	PriceSource     string         `json:"price_source" doc:"Where the unit price came from: given, customer, price_list, segment, general or list_price."`
	DiscountPercent ledger.Percent `json:"discount_percent"`
	TaxCode         string         `json:"tax_code,omitempty"`
	Net             money.Amount   `json:"net" doc:"The line's amount without tax."`
	Tax             money.Amount   `json:"tax"`
	Total           money.Amount   `json:"total"`
	Reserved        money.Quantity `json:"reserved" doc:"Held in the warehouse for this line since confirmation."`
	Backordered     money.Quantity `json:"backordered" doc:"The shortfall at confirmation, for customers who accept backorders; reserved when a shipment takes it."`
	Delivered       money.Quantity `json:"delivered" doc:"Shipped to the customer."`
	Invoiced        money.Quantity `json:"invoiced" doc:"On posted invoices."`
}

// ErrInvalidState is returned for a transition the order's status forbids.
var ErrInvalidState = apperr.Conflict(apperr.CodeInvalidState, "the order's status does not allow this")

// price computes a line's amounts.
func (l *Line) price(tax *ledger.Tax) error {
	var err error
	l.Net, l.Tax, l.Total, err = LineAmounts(l.UnitPrice, l.Quantity, l.DiscountPercent, tax)
	return err
}

// LineAmounts prices a quantity at a unit price with a discount and a tax
// (nil for none), rounding as the Line doc says. Invoices price their lines
// with it too, so an order and its invoices agree to the cent.
func LineAmounts(unitPrice money.Amount, qty money.Quantity, discount ledger.Percent, tax *ledger.Tax) (net, taxAmount, total money.Amount, err error) {
	gross, err := unitPrice.MulQuantity(qty)
	if err != nil {
		return
	}
	if net, err = gross.MulRatio(100*10000-discount.PPM(), 100*10000); err != nil {
		return
	}
	if tax == nil {
		return net, money.Zero(net.Currency()), net, nil
	}
	if net, taxAmount, err = ledger.TaxOn(net, *tax); err != nil {
		return
	}
	total, err = net.Add(taxAmount)
	return
}

// sum sets the order's totals from its lines.
func (o *Order) sum(cur money.Currency) error {
	o.Subtotal, o.Tax, o.Total = money.Zero(cur), money.Zero(cur), money.Zero(cur)
	for _, l := range o.Lines {
		var err error
		if o.Subtotal, err = o.Subtotal.Add(l.Net); err != nil {
			return err
		}
		if o.Tax, err = o.Tax.Add(l.Tax); err != nil {
			return err
		}
		if o.Total, err = o.Total.Add(l.Total); err != nil {
			return err
		}
	}
	return nil
}
