package sales

import (
	"context"
	"strconv"
	"strings"
	"time"

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
	PermConfirm = "sales.order.confirm"
	PermCancel  = "sales.order.cancel"
	PermAll     = "sales.order.all"
)

// Events.
const (
	EventCreated   = "sales.order.created.v1"
	EventConfirmed = "sales.order.confirmed.v1"
	EventCancelled = "sales.order.cancelled.v1"
)

// Service is the sales module's API.
type Service struct {
	db        *db.DB
	parties   *party.Service
	products  *product.Service
	inventory *inventory.Service
	ledger    *ledger.Service
}

// NewService returns the service.
func NewService(d *db.DB, catalog *authz.Catalog, parties *party.Service, products *product.Service, inv *inventory.Service, l *ledger.Service) *Service {
	catalog.Add(PermAll, PermQuotationAll)
	return &Service{db: d, parties: parties, products: products, inventory: inv, ledger: l}
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
	RequestedDate *calendar.Date `json:"requested_date,omitempty" format:"date"`
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
	cust, err := s.parties.FindParty(ctx, in.CustomerID)
	if err != nil {
		return Order{}, apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code you may see"))
	}
	var v apperr.Validator
	v.Check(hasRole(cust.Roles, party.RoleCustomer), "customer_id", "not_a_customer", "the party is not a customer")
	o := Order{ID: id.New("so"), Status: Draft, CustomerID: cust.ID, Currency: strings.ToUpper(in.Currency),
		RequestedDate: in.RequestedDate, OwnerID: actor.UserID, Version: 1}
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
		o.Lines = s.priceLines(ctx, &v, cust, cur, in.Lines)
	}
	if err := v.Err(); err != nil {
		return Order{}, err
	}
	if err := o.sum(cur); err != nil {
		return Order{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		o.CreatedAt, o.UpdatedAt = tx.Now(), tx.Now()
		var err error
		if o.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "SO", Year: tx.Now().Year()}); err != nil {
			return err
		}
		if err := insertOrder(ctx, tx, &o); err != nil {
			return err
		}
		return record(ctx, tx, o, audit.ActionCreate, EventCreated, nil)
	})
	return o, err
}

// priceLines checks and prices the lines of a document for a customer in
// a currency, recording problems in v.
func (s *Service) priceLines(ctx context.Context, v *apperr.Validator, cust party.Party, cur money.Currency, in []LineInput) []Line {
	today := calendar.DateOf(time.Now().UTC())
	var lines []Line
	for i, li := range in {
		f := "lines[" + strconv.Itoa(i) + "]."
		p, err := s.products.FindProduct(ctx, li.ProductID)
		if err != nil || !p.Active {
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
				Currency: string(cur), PartyID: cust.ID, PartyPriceList: cust.PriceList, PartyTags: cust.Tags})
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

func (s *Service) warehouse(ctx context.Context, key string) (string, error) {
	if key != "" {
		w, err := s.inventory.FindWarehouse(ctx, key)
		if err != nil || !w.Active {
			return "", apperr.NotFound("warehouse")
		}
		return w.ID, nil
	}
	ws, err := s.inventory.FindWarehouses(ctx)
	if err != nil {
		return "", err
	}
	for _, w := range ws {
		if w.Active {
			return w.ID, nil
		}
	}
	return "", apperr.NotFound("warehouse")
}

func record(ctx context.Context, tx *db.Tx, o Order, action, event string, before any) error {
	if err := audit.RecordTx(ctx, tx, "sales_order", o.ID, action, before, o); err != nil {
		return err
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "sales_order", AggregateID: o.ID, Payload: o})
	return err
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

// Confirm confirms a draft order and reserves its stock in the same
// transaction: either every stocked line is reserved or nothing is.
// Errors: not_found, invalid_state, version_conflict, insufficient_stock
// (details name the line).
func (s *Service) Confirm(ctx context.Context, orderID string, version int64) (Order, error) {
	return s.transition(ctx, orderID, version, Draft, Confirmed, "confirm", EventConfirmed, func(tx *db.Tx, o *Order) error {
		for i, l := range o.Lines {
			stocked, err := s.products.StockedTx(ctx, tx, l.ProductID)
			if err != nil {
				return err
			}
			if !stocked {
				continue
			}
			err = s.inventory.ReserveTx(ctx, tx, inventory.Reservation{ProductID: l.ProductID, WarehouseID: o.WarehouseID,
				Quantity: l.Quantity, Reference: o.ID})
			if ae, ok := apperr.As(err); ok && ae.Code == inventory.ErrInsufficientStock.Code {
				e := *ae
				e.Details = map[string]any{"line": i, "product_id": l.ProductID, "quantity": l.Quantity}
				return &e
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Cancel cancels a draft or confirmed order and releases its stock.
// Errors: not_found, invalid_state, version_conflict.
func (s *Service) Cancel(ctx context.Context, orderID string, version int64) (Order, error) {
	return s.transition(ctx, orderID, version, "", Cancelled, "cancel", EventCancelled, func(tx *db.Tx, o *Order) error {
		if o.Status != Draft && o.Status != Confirmed {
			return ErrInvalidState
		}
		_, err := s.inventory.ReleaseTx(ctx, tx, o.ID)
		return err
	})
}

// transition moves an order from one status to another in one transaction
// with its side effects; from "" accepts any status (the effect decides).
func (s *Service) transition(ctx context.Context, orderID string, version int64, from, to, action, event string,
	effect func(tx *db.Tx, o *Order) error) (Order, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Order{}, err
	}
	var after Order
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
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
		if from != "" && before.Status != from {
			return ErrInvalidState
		}
		after = before
		if err := effect(tx, &after); err != nil {
			return err
		}
		after.Status, after.Version, after.UpdatedAt = to, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE sales_order SET status = $1, version = $2, updated_at = $3 WHERE id = $4 AND version = $5`,
			after.Status, after.Version, after.UpdatedAt, after.ID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "sales_order", after.ID, "sales order"); err != nil {
			return err
		}
		return record(ctx, tx, after, action, event, before)
	})
	return after, err
}
