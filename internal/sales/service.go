package sales

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/sequence"
	"github.com/concord-erp/concord/internal/product"
)

// Permissions.
const (
	PermRead    = "sales.order.read"
	PermCreate  = "sales.order.create"
	PermUpdate  = "sales.order.update"
	PermConfirm = "sales.order.confirm"
	PermCancel  = "sales.order.cancel"
	PermClose   = "sales.order.close"
	PermAll     = "sales.order.all"
)

// Events.
const (
	EventCreated   = "sales.order.created.v1"
	EventUpdated   = "sales.order.updated.v1"
	EventConfirmed = "sales.order.confirmed.v1"
	EventCancelled = "sales.order.cancelled.v1"
	// EventSubmitted: the order waits for approval.
	EventSubmitted = "sales.order.submitted_for_approval.v1"
	EventApproved  = "sales.order.approved.v1"
	// EventRejected: an approver sent the order back to draft.
	EventRejected = "sales.order.rejected.v1"
	EventInvoiced = "sales.order.invoiced.v1"
	EventPaid     = "sales.order.paid.v1"
	EventClosed   = "sales.order.closed.v1"
)

// Service is the sales module's API.
type Service struct {
	db        *db.DB
	parties   *party.Service
	products  *product.Service
	inventory *inventory.Service
	ledger    *ledger.Service
	approvals *approval.Service
	// receivables is billing's open receivables of a customer (SetReceivables).
	receivables ReceivablesFunc
	// crm holds the opportunities and campaigns documents are attributed to (SetCRM).
	crm *crm.Service
}

// NewService returns the service and registers sales orders as a document
// type of the approval module.
func NewService(d *db.DB, catalog *authz.Catalog, parties *party.Service, products *product.Service, inv *inventory.Service,
	l *ledger.Service, approvals *approval.Service) *Service {
	catalog.Add(PermAll, PermQuotationAll)
	s := &Service{db: d, parties: parties, products: products, inventory: inv, ledger: l, approvals: approvals}
	approvals.Register(approval.DocumentType{Name: DocumentType, Variables: []string{"order", "customer", "credit"},
		Sample: sampleOrder, Handler: orderApprovals{s}})
	return s
}

// LineInput is a line of a new order.
type LineInput struct {
	ProductID       string          `json:"product_id" maxLength:"64"`
	Quantity        money.Quantity  `json:"quantity"`
	UnitPrice       *money.Amount   `json:"unit_price,omitempty" doc:"Defaults to the customer's price (see GET /api/v1/prices)."`
	DiscountPercent *ledger.Percent `json:"discount_percent,omitempty"`
	TaxCode         string          `json:"tax_code,omitempty" maxLength:"40"`
}

// OrderInput is a new order.
type OrderInput struct {
	CustomerID    string         `json:"customer_id" maxLength:"64" doc:"Party ID or code."`
	WarehouseID   string         `json:"warehouse_id,omitempty" maxLength:"64" doc:"Defaults to the first active warehouse."`
	Currency      string         `json:"currency,omitempty" maxLength:"3" doc:"Defaults to the customer's currency."`
	OrderDate     *calendar.Date `json:"order_date,omitempty" format:"date" doc:"Defaults to today; an order entered late keeps the day it was placed."`
	Reference     string         `json:"reference,omitempty" maxLength:"60" doc:"The customer's purchase order number."`
	RequestedDate *calendar.Date `json:"requested_date,omitempty" format:"date"`
	CampaignID    string         `json:"campaign_id,omitempty" maxLength:"64" doc:"Attribute the order to a marketing campaign."`
	Lines         []LineInput    `json:"lines" minItems:"1" maxItems:"500"`
}

func principal(ctx context.Context) (*authz.Principal, error) {
	if p := authz.FromContext(ctx); p != nil {
		return p, nil
	}
	return nil, authz.ErrUnauthenticated
}

func visible(p *authz.Principal, o Order) error {
	if p.CanAll("sales.order") || (o.OwnerID != "" && o.OwnerID == p.UserID) {
		return nil
	}
	return apperr.NotFound("sales order")
}

// CreateOrder creates a draft order with priced lines and exact totals.
// Errors: validation_failed, not_found (customer).
func (s *Service) CreateOrder(ctx context.Context, in OrderInput) (Order, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Order{}, err
	}
	o, err := s.draft(ctx, in)
	if err != nil {
		return Order{}, err
	}
	o.ID, o.Status, o.OwnerID, o.Version = id.New("so"), Draft, actor.UserID, 1
	err = s.db.InTx(ctx, func(tx *db.Tx) error { return createOrderTx(ctx, tx, &o) })
	return o, err
}

// UpdateOrder replaces a draft order's customer, dates, reference,
// warehouse and lines, repriced as on creation; the number and the owner
// stay. Errors: not_found, invalid_state (not a draft), version_conflict,
// validation_failed.
func (s *Service) UpdateOrder(ctx context.Context, orderID string, in OrderInput, version int64) (Order, error) {
	// An order the principal may not see is not found, whatever the input.
	if _, err := s.FindOrder(ctx, orderID); err != nil {
		return Order{}, err
	}
	o, err := s.draft(ctx, in)
	if err != nil {
		return Order{}, err
	}
	var after Order
	err = s.change(ctx, orderID, version, func(tx *db.Tx, before Order) error {
		if before.Status != Draft {
			return ErrInvalidState
		}
		after = before
		after.CustomerID, after.WarehouseID, after.Currency, after.Reference = o.CustomerID, o.WarehouseID, o.Currency, o.Reference
		after.RequestedDate, after.Lines = o.RequestedDate, o.Lines
		after.Subtotal, after.Tax, after.Total = o.Subtotal, o.Tax, o.Total
		if !o.OrderDate.IsZero() {
			after.OrderDate = o.OrderDate
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updateDraft(ctx, tx, after, before.Version); err != nil {
			return err
		}
		return record(ctx, tx, after, audit.ActionUpdate, before, EventUpdated)
	})
	return after, err
}

// draft checks and prices an order's input: the customer, the currency
// (the customer's by default), the warehouse and the lines, with totals.
func (s *Service) draft(ctx context.Context, in OrderInput) (Order, error) {
	cust, err := s.parties.FindPartyBrief(ctx, in.CustomerID)
	if err != nil {
		return Order{}, apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code you may see"))
	}
	var v apperr.Validator
	v.Check(hasRole(cust.Roles, party.RoleCustomer), "customer_id", "not_a_customer", "the party is not a customer")
	o := Order{CustomerID: cust.ID, Currency: strings.ToUpper(in.Currency), RequestedDate: in.RequestedDate,
		Reference: strings.TrimSpace(in.Reference)}
	if in.OrderDate != nil {
		o.OrderDate = *in.OrderDate
	}
	if o.CampaignID, err = s.checkCampaign(ctx, in.CampaignID); err != nil {
		v.Add("campaign_id", "not_found", "no campaign with this ID")
	}
	if o.Currency == "" {
		o.Currency = cust.Currency
	}
	cur, curErr := money.ParseCurrency(o.Currency)
	v.Check(curErr == nil, "currency", "required", "the order's currency (the customer has none)")
	o.WarehouseID, err = s.warehouse(ctx, in.WarehouseID)
	if err != nil {
		v.Add("warehouse_id", "not_found", "no such active warehouse")
	}
	if curErr == nil {
		o.Lines = s.priceLines(ctx, &v, cust, cur, in.Lines, false)
	}
	if err := v.Err(); err != nil {
		return Order{}, err
	}
	return o, o.sum(cur)
}

// createOrderTx numbers and stores a new order, dated today unless it has
// an order date; the number's year is the order date's.
func createOrderTx(ctx context.Context, tx *db.Tx, o *Order) error {
	o.CreatedAt, o.UpdatedAt = tx.Now(), tx.Now()
	if o.OrderDate.IsZero() {
		o.OrderDate = calendar.DateOf(tx.Now())
	}
	var err error
	if o.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "SO", Year: o.OrderDate.Year()}); err != nil {
		return err
	}
	if err := insertOrder(ctx, tx, o); err != nil {
		return err
	}
	return record(ctx, tx, *o, audit.ActionCreate, nil, EventCreated)
}

// priceLines checks and prices the lines of a document for a customer in
// a currency, recording problems in v. History may name products no
// longer sold (inactive); new documents may not.
func (s *Service) priceLines(ctx context.Context, v *apperr.Validator, cust party.Party, cur money.Currency, in []LineInput, history bool) []Line {
	today := calendar.DateOf(time.Now().UTC())
	var lines []Line
	for i, li := range in {
		f := "lines[" + strconv.Itoa(i) + "]."
		p, err := s.products.FindProductBrief(ctx, li.ProductID)
		if err != nil || (!p.Active && !history) {
			v.Add(f+"product_id", "not_found", "no active product with this ID, code or barcode")
			continue
		}
		v.Check(li.Quantity.Sign() > 0, f+"quantity", "not_positive", "must be greater than 0")
		line := Line{ProductID: p.ID, Quantity: li.Quantity, PriceSource: "given", TaxCode: li.TaxCode}
		if li.DiscountPercent != nil {
			line.DiscountPercent = *li.DiscountPercent
			v.Check(line.DiscountPercent.PPM() >= 0 && line.DiscountPercent.PPM() <= 1_000_000, f+"discount_percent", "out_of_range", "0 to 100")
		}
		if li.UnitPrice != nil {
			line.UnitPrice = *li.UnitPrice
			v.Check(line.UnitPrice.Currency() == cur, f+"unit_price", "currency_mismatch", "must be in the document's currency")
			v.Check(!line.UnitPrice.IsNegative(), f+"unit_price", "negative", "must not be negative")
		} else {
			price, err := s.products.PriceFor(ctx, product.PriceQuery{ProductID: p.ID, Quantity: li.Quantity, On: today,
				Currency: string(cur), PartyID: cust.ID, PartyPriceList: cust.PriceList, PartyTags: cust.Tags, ListPrice: &p.ListPrice})
			if err != nil {
				v.Add(f+"unit_price", "no_price", "no price in "+string(cur)+" for this product; give unit_price")
				continue
			}
			line.UnitPrice, line.PriceSource = price.UnitPrice, price.Source
		}
		var tax *ledger.Tax
		if li.TaxCode != "" {
			t, err := s.ledger.FindTax(ctx, li.TaxCode)
			if err != nil || !t.Active {
				v.Add(f+"tax_code", "unknown", "no active tax with this code")
				continue
			}
			tax = &t
		}
		if line.UnitPrice.Currency() == cur {
			if err := line.price(tax); err != nil {
				v.Add(f+"quantity", "overflow", "the amount is too large")
			}
		}
		lines = append(lines, line)
	}
	return lines
}

func hasRole(roles []string, r string) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// warehouse returns the active warehouse with this ID or code, or the
// first active one when key is empty. Errors: not_found.
func (s *Service) warehouse(ctx context.Context, key string) (string, error) {
	ws, err := s.inventory.FindWarehouses(ctx)
	if err != nil {
		return "", err
	}
	for _, w := range ws {
		if w.Active && (key == "" || w.ID == key || w.Code == strings.ToUpper(key)) {
			return w.ID, nil
		}
	}
	return "", apperr.NotFound("warehouse")
}

func record(ctx context.Context, tx *db.Tx, o Order, action string, before any, events ...string) error {
	for _, ev := range events {
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: ev, AggregateType: "sales_order", AggregateID: o.ID, Payload: o}); err != nil {
			return err
		}
	}
	return audit.RecordTx(ctx, tx, "sales_order", o.ID, action, before, o)
}

// FindOrder returns an order the principal may see. Errors: not_found.
func (s *Service) FindOrder(ctx context.Context, orderID string) (Order, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Order{}, err
	}
	o, err := findOrder(ctx, s.db, orderID)
	if err != nil {
		return Order{}, err
	}
	return o, visible(actor, o)
}

// FindOrders lists the orders the principal may see, newest first.
func (s *Service) FindOrders(ctx context.Context, f Filter) ([]Order, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.CanAll("sales.order") {
		f.OwnerID = actor.UserID
	}
	return findOrders(ctx, s.db, f)
}

// Confirm submits a draft order. The approval policies run first: when
// none matches (the order records the rule) the order is confirmed and its
// stock reserved in the same transaction, either every stocked line or
// none (customers who accept backorders get what is available and the
// rest backordered); otherwise it waits in pending_approval until the
// approvers decide. The customer's credit, with this order, is what the
// policies see as credit. Errors: not_found, invalid_state,
// version_conflict, insufficient_stock (details name the line),
// approval_policy_failed, no_exchange_rate.
func (s *Service) Confirm(ctx context.Context, orderID string, version int64) (Order, error) {
	var after Order
	err := s.change(ctx, orderID, version, func(tx *db.Tx, before Order) error {
		if before.Status != Draft {
			return ErrInvalidState
		}
		cust, err := s.parties.CustomerTx(ctx, tx, before.CustomerID)
		if err != nil {
			return err
		}
		// Two orders of one customer confirmed at once must not both fit
		// under the credit limit that only one of them fits under.
		if err := tx.Lock(ctx, "sales.credit:"+cust.ID); err != nil {
			return err
		}
		cur, err := money.ParseCurrency(before.Currency)
		if err != nil {
			return err
		}
		credit, err := s.credit(ctx, tx, cust, &before, cur)
		if err != nil {
			return err
		}
		outcome, err := s.approvals.EvaluateTx(ctx, tx, s.orderDocument(ctx, tx, before, cust, credit))
		if err != nil {
			return err
		}
		after = before
		if !outcome.Approved {
			after.Approval = &OrderApproval{Outcome: Waiting, Rule: outcome.Rule}
			return saveTx(ctx, tx, before, &after, PendingApproval, "submit", EventSubmitted)
		}
		after.Approval = &OrderApproval{Outcome: AutoApproved, Rule: outcome.Rule}
		if err := s.reserveTx(ctx, tx, &after, cust.AcceptsBackorders); err != nil {
			return err
		}
		return saveTx(ctx, tx, before, &after, Confirmed, "confirm", EventConfirmed)
	})
	return after, err
}

// reserveTx reserves the stocked lines of an order being confirmed; with
// backorders, each line takes what is available and records the rest.
func (s *Service) reserveTx(ctx context.Context, tx *db.Tx, o *Order, backorders bool) error {
	for i := range o.Lines {
		l := &o.Lines[i]
		stocked, err := s.products.StockedTx(ctx, tx, l.ProductID)
		if err != nil {
			return err
		}
		if !stocked {
			continue
		}
		r := inventory.Reservation{ProductID: l.ProductID, WarehouseID: o.WarehouseID, Quantity: l.Quantity, Reference: o.ID}
		if backorders {
			if l.Reserved, err = s.inventory.ReserveUpToTx(ctx, tx, r); err != nil {
				return err
			}
			if l.Backordered, err = l.Quantity.Sub(l.Reserved); err != nil {
				return err
			}
			continue
		}
		err = s.inventory.ReserveTx(ctx, tx, r)
		if ae, ok := apperr.As(err); ok && ae.Code == inventory.ErrInsufficientStock.Code {
			e := *ae
			e.Details = map[string]any{"line": i, "product_id": l.ProductID, "quantity": l.Quantity}
			return &e
		}
		if err != nil {
			return err
		}
		l.Reserved = l.Quantity
	}
	return nil
}

// ErrOpenShipments is returned for cancelling an order with shipments
// not yet shipped.
var ErrOpenShipments = apperr.Conflict("open_shipments", "cancel the order's open shipments first")

// Cancel cancels a draft, pending or confirmed order: its stock is
// released and its pending approval requests are withdrawn. Errors:
// not_found, invalid_state, open_shipments, version_conflict.
func (s *Service) Cancel(ctx context.Context, orderID string, version int64) (Order, error) {
	var after Order
	err := s.change(ctx, orderID, version, func(tx *db.Tx, before Order) error {
		if before.Status != Draft && before.Status != PendingApproval && before.Status != Confirmed {
			return ErrInvalidState
		}
		if open, err := openQuantities(ctx, tx, before.ID); err != nil || len(open) > 0 {
			if err != nil {
				return err
			}
			return ErrOpenShipments
		}
		if _, err := s.inventory.ReleaseTx(ctx, tx, before.ID); err != nil {
			return err
		}
		if err := s.approvals.CancelTx(ctx, tx, DocumentType, before.ID); err != nil {
			return err
		}
		after = before
		after.Lines = slices.Clone(before.Lines)
		for i := range after.Lines {
			after.Lines[i].Reserved, after.Lines[i].Backordered = money.Quantity{}, money.Quantity{}
		}
		return saveTx(ctx, tx, before, &after, Cancelled, "cancel", EventCancelled)
	})
	return after, err
}

// change runs a use case on an order the principal may see and that is
// still at version, in one transaction.
func (s *Service) change(ctx context.Context, orderID string, version int64, fn func(tx *db.Tx, before Order) error) error {
	actor, err := principal(ctx)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := visible(actor, before); err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("sales order")
		}
		return fn(tx, before)
	})
}

// saveTx stores an order's move to status with its audit entry and events.
func saveTx(ctx context.Context, tx *db.Tx, before Order, after *Order, status, action string, events ...string) error {
	after.Status, after.Version, after.UpdatedAt = status, before.Version+1, tx.Now()
	if err := updateOrder(ctx, tx, *after, before.Version); err != nil {
		return err
	}
	return record(ctx, tx, *after, action, before, events...)
}

// RepointPartyTx moves a merged customer's orders and quotations to the
// surviving party, in the merge's transaction.
func (s *Service) RepointPartyTx(ctx context.Context, tx *db.Tx, from, to string) error {
	for _, table := range []string{"sales_order", "sales_quotation"} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET customer_id = $1 WHERE customer_id = $2`, to, from); err != nil {
			return err
		}
	}
	return nil
}

// OrderTx reads an order in the caller's transaction, whoever may see it:
// for billing, which invoices every rep's orders. Errors: not_found.
func (s *Service) OrderTx(ctx context.Context, tx *db.Tx, key string) (Order, error) {
	return findOrder(ctx, tx, key)
}

// InvoicedTx adds posted invoice quantities to an order's lines (by line
// index) in the caller's transaction; an order delivered and invoiced in
// full becomes invoiced. Negative quantities take invoiced ones back (a
// credit note whose quantities are to be invoiced again): an invoiced or
// paid order returns to where its deliveries leave it. Errors:
// invalid_state (more than ordered, less than nothing, or the order is
// closed or cancelled).
func (s *Service) InvoicedTx(ctx context.Context, tx *db.Tx, orderID string, qty map[int]money.Quantity) error {
	before, err := findOrder(ctx, tx, orderID)
	if err != nil {
		return err
	}
	if before.Status == Closed || before.Status == Cancelled {
		return ErrInvalidState
	}
	after := before
	after.Lines = slices.Clone(before.Lines)
	full, delivering := true, false
	for i := range after.Lines {
		l := &after.Lines[i]
		if l.Invoiced, err = l.Invoiced.Add(qty[i]); err != nil {
			return err
		}
		if l.Invoiced.Cmp(l.Quantity) > 0 || l.Invoiced.Sign() < 0 {
			return ErrInvalidState
		}
		full = full && l.Invoiced.Cmp(l.Quantity) == 0
		delivering = delivering || l.Delivered.Sign() > 0
	}
	status, back := before.Status, before.Status == Invoiced || before.Status == Paid
	if full || back {
		delivered, err := s.deliveryStatus(ctx, tx, after)
		if err != nil {
			return err
		}
		switch {
		case full && delivered == Delivered:
			status = Invoiced
		case !full && delivering:
			status = delivered
		case !full:
			status = Confirmed // invoiced on ordered quantities, nothing shipped yet
		}
	}
	switch {
	case status == before.Status:
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updateOrder(ctx, tx, after, before.Version); err != nil {
			return err
		}
		return record(ctx, tx, after, "invoice", before)
	case back && status != Invoiced:
		return saveTx(ctx, tx, before, &after, status, "uninvoice", EventUpdated)
	}
	return saveTx(ctx, tx, before, &after, status, "invoice", EventInvoiced)
}

// SettledTx moves an invoiced order to paid when billing has settled its
// invoices (paid true), or a paid one back to invoiced when a payment was
// taken off (paid false), in the caller's transaction. Other statuses are
// left alone.
func (s *Service) SettledTx(ctx context.Context, tx *db.Tx, orderID string, paid bool) error {
	before, err := findOrder(ctx, tx, orderID)
	if err != nil {
		return err
	}
	after := before
	switch {
	case paid && before.Status == Invoiced:
		return saveTx(ctx, tx, before, &after, Paid, "pay", EventPaid)
	case !paid && before.Status == Paid:
		return saveTx(ctx, tx, before, &after, Invoiced, "unpay", EventInvoiced)
	}
	return nil
}

// Close files a paid order: nothing more happens to it. Errors: not_found,
// invalid_state, version_conflict.
func (s *Service) Close(ctx context.Context, orderID string, version int64) (Order, error) {
	var after Order
	err := s.change(ctx, orderID, version, func(tx *db.Tx, before Order) error {
		if before.Status != Paid {
			return ErrInvalidState
		}
		after = before
		return saveTx(ctx, tx, before, &after, Closed, "close", EventClosed)
	})
	return after, err
}

// OrderCounts returns how many orders of a customer (that the principal
// may see) are in each status.
func (s *Service) OrderCounts(ctx context.Context, customerID string) (map[string]int, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	owner := ""
	if !actor.CanAll("sales.order") {
		owner = actor.UserID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM sales_order WHERE customer_id = $1 AND ($2 = '' OR owner_id = $2)
		GROUP BY status`, customerID, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		out[status] = n
	}
	return out, rows.Err()
}

// OrderOwners returns the sales rep of each order, by order ID.
func (s *Service) OrderOwners(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, owner_id FROM sales_order`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, owner string
		if err := rows.Scan(&id, &owner); err != nil {
			return nil, err
		}
		out[id] = owner
	}
	return out, rows.Err()
}

// PaidOrderDates returns the order date of every order in status paid or
// closed, whoever owns it: for the order-to-cash report, which covers
// every rep's orders. An order from before order dates were kept has
// its creation day, as findOrder gives it.
func (s *Service) PaidOrderDates(ctx context.Context) (map[string]calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, order_date, created_at FROM sales_order WHERE status IN ($1, $2)`, Paid, Closed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]calendar.Date{}
	for rows.Next() {
		var id, day string
		var created time.Time
		if err := rows.Scan(&id, &day, &created); err != nil {
			return nil, err
		}
		d := calendar.DateOf(created.UTC())
		if day != "" {
			if d, err = calendar.ParseDate(day); err != nil {
				return nil, err
			}
		}
		out[id] = d
	}
	return out, rows.Err()
}
