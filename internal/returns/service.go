package returns

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/sequence"
	"github.com/concord-erp/concord/internal/sales"
	"github.com/concord-erp/concord/internal/support"
)

// Permissions: returns belong to the support module (its switch turns
// them off too).
const (
	PermRead      = "support.return.read"
	PermAuthorize = "support.return.authorize"
	PermReceive   = "support.return.receive"
	PermCredit    = "support.return.credit"
)

// Events.
const (
	EventAuthorized = "returns.return.authorized.v1"
	EventReceived   = "returns.return.received.v1"
	EventCredited   = "returns.return.credited.v1"
	EventCancelled  = "returns.return.cancelled.v1"
)

// Service is the returns module's API.
type Service struct {
	db        *db.DB
	sales     *sales.Service
	inventory *inventory.Service
	billing   *billing.Service
	support   *support.Service
}

// NewService returns the service.
func NewService(d *db.DB, s *sales.Service, inv *inventory.Service, b *billing.Service, sup *support.Service) *Service {
	return &Service{db: d, sales: s, inventory: inv, billing: b, support: sup}
}

func record(ctx context.Context, tx *db.Tx, event, action string, before *Return, after Return) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "return", AggregateID: after.ID, Payload: after}); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return audit.RecordTx(ctx, tx, "return", after.ID, action, b, after)
}

// Authorize authorizes a return of delivered order lines: each quantity is
// at most what the line delivered less what other returns (not cancelled)
// take back already. Returns of one order are authorized one at a time.
// Errors: validation_failed (order_id, ticket_id, lines[i].order_line,
// lines[i].quantity too_much), not_delivered.
func (s *Service) Authorize(ctx context.Context, in AuthorizeInput) (Return, error) {
	var v apperr.Validator
	in.Reason = strings.TrimSpace(in.Reason)
	v.Check(in.Reason != "", "reason", "required", "why the goods come back")
	v.Check(len(in.Lines) > 0, "lines", "required", "at least one line")
	if in.TicketID != "" {
		t, err := s.support.FindTicket(ctx, in.TicketID)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound:
			v.Add("ticket_id", "not_found", "no ticket with this ID or number")
		case err != nil:
			return Return{}, err
		default:
			in.TicketID = t.ID
			if in.OrderID == "" {
				in.OrderID = t.OrderID
			}
		}
	}
	var order sales.Order
	if in.OrderID == "" {
		v.Add("order_id", "required", "the order, or a ticket linked to one")
	} else {
		o, err := s.sales.FindOrder(ctx, in.OrderID)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound || apperr.KindOf(err) == apperr.KindForbidden:
			v.Add("order_id", "not_found", "no order with this ID or number")
		case err != nil:
			return Return{}, err
		default:
			order = o
		}
	}
	if err := v.Err(); err != nil {
		return Return{}, err
	}
	if in.TicketID != "" {
		t, err := s.support.FindTicket(ctx, in.TicketID)
		if err != nil {
			return Return{}, err
		}
		if t.CustomerID != order.CustomerID {
			return Return{}, apperr.Invalid("the ticket is another customer's", apperr.Field("ticket_id", "other_customer", "a ticket of the order's customer"))
		}
	}
	var r Return
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.Lock(ctx, "returns.order:"+order.ID); err != nil {
			return err
		}
		o, err := s.sales.OrderTx(ctx, tx, order.ID)
		if err != nil {
			return err
		}
		returned, err := returnedQuantities(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		delivered := false
		for _, l := range o.Lines {
			delivered = delivered || l.Delivered.Sign() > 0
		}
		if !delivered {
			return ErrNotDelivered
		}
		r = Return{ID: id.New("rma"), Status: Authorized, CustomerID: o.CustomerID, OrderID: o.ID, TicketID: in.TicketID, Reason: in.Reason,
			CreditNoteIDs: []string{}, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		var v apperr.Validator
		asked := map[int]money.Quantity{}
		for i, li := range in.Lines {
			f := "lines[" + strconv.Itoa(i) + "]."
			if li.OrderLine < 0 || li.OrderLine >= len(o.Lines) {
				v.Add(f+"order_line", "not_found", "no such line on the order")
				continue
			}
			ol := o.Lines[li.OrderLine]
			left, _ := ol.Delivered.Sub(returned[li.OrderLine])
			left, _ = left.Sub(asked[li.OrderLine])
			switch {
			case li.Quantity.Sign() <= 0:
				v.Add(f+"quantity", "not_positive", "more than 0")
			case li.Quantity.Cmp(left) > 0:
				v.Add(f+"quantity", "too_much", "at most "+left.String()+": delivered less already returned")
			}
			asked[li.OrderLine], _ = asked[li.OrderLine].Add(li.Quantity)
			r.Lines = append(r.Lines, Line{OrderLine: li.OrderLine, ProductID: ol.ProductID, Quantity: li.Quantity})
		}
		if err := v.Err(); err != nil {
			return err
		}
		if r.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "RMA", Year: tx.Now().Year()}); err != nil {
			return err
		}
		if err := insertReturn(ctx, tx, r); err != nil {
			return err
		}
		return record(ctx, tx, EventAuthorized, audit.ActionCreate, nil, r)
	})
	return r, err
}

// change runs fn on a return of the given version and saves it.
func (s *Service) change(ctx context.Context, key string, version int64, fn func(tx *db.Tx, r *Return) error) (Return, error) {
	var after Return
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findReturn(ctx, tx, key)
		if err != nil {
			return err
		}
		if err := tx.Lock(ctx, "returns.order:"+before.OrderID); err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("return")
		}
		after = before
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := fn(tx, &after); err != nil {
			return err
		}
		return saveReturn(ctx, tx, before, after)
	})
	return after, err
}

// Receive records the goods' arrival: restocked into a location of the
// order's warehouse (a return move: stock on hand grows and the inventory
// account is debited at standard cost against the cost of goods sold), or
// scrapped (no stock). Errors: not_found, invalid_state, version_conflict,
// validation_failed (location_id).
func (s *Service) Receive(ctx context.Context, key string, in ReceiveInput, version int64) (Return, error) {
	var v apperr.Validator
	v.Check(in.Disposition == Restock || in.Disposition == Scrap, "disposition", "invalid", "restock or scrap")
	v.Check(in.Disposition != Restock || in.LocationID != "", "location_id", "required", "where the goods go")
	if err := v.Err(); err != nil {
		return Return{}, err
	}
	before, err := findReturn(ctx, s.db, key)
	if err != nil {
		return Return{}, err
	}
	if in.Disposition == Restock {
		o, err := s.sales.FindOrder(ctx, before.OrderID)
		if err != nil {
			return Return{}, err
		}
		wh, err := s.inventory.FindWarehouse(ctx, o.WarehouseID)
		if err != nil {
			return Return{}, err
		}
		if !slices.ContainsFunc(wh.Locations, func(l inventory.Location) bool { return l.ID == in.LocationID }) {
			return Return{}, apperr.Invalid("not a location of the order's warehouse",
				apperr.Field("location_id", "other_warehouse", "a location of warehouse "+wh.Code))
		}
	}
	return s.change(ctx, key, version, func(tx *db.Tx, r *Return) error {
		b := *r
		if r.Status != Authorized {
			return ErrInvalidState
		}
		now := tx.Now()
		r.Status, r.Disposition, r.ReceivedAt = Received, in.Disposition, &now
		if in.Disposition == Restock {
			r.LocationID = in.LocationID
			for _, l := range r.Lines {
				m := inventory.Move{Type: inventory.MoveReturn, ProductID: l.ProductID, ToLocation: in.LocationID, Quantity: l.Quantity,
					Reason: "return " + r.Number, Reference: r.ID}
				if err := s.inventory.MoveTx(ctx, tx, &m); err != nil {
					return err
				}
			}
		}
		return record(ctx, tx, EventReceived, "receive", &b, *r)
	})
}

// Credit issues the credit notes of a received return through billing:
// each returned quantity is credited on the order's posted invoices that
// invoiced its line (oldest first), at most what each invoiced less what
// credit notes took back already. Errors: not_found, invalid_state,
// version_conflict, nothing_invoiced.
func (s *Service) Credit(ctx context.Context, key string, version int64) (Return, error) {
	return s.change(ctx, key, version, func(tx *db.Tx, r *Return) error {
		b := *r
		if r.Status != Received {
			return ErrInvalidState
		}
		invs, err := s.billing.InvoicesOfOrderTx(ctx, tx, r.OrderID)
		if err != nil {
			return err
		}
		// credited[invoice][invoice line] is what credit notes took back.
		credited := map[string]map[int]money.Quantity{}
		for _, cn := range invs {
			if cn.Kind != billing.KindCreditNote {
				continue
			}
			src := slices.IndexFunc(invs, func(i billing.Invoice) bool { return i.ID == cn.CreditNoteFor })
			if src < 0 {
				continue
			}
			for _, l := range cn.Lines {
				for j, il := range invs[src].Lines {
					if il.OrderLine == l.OrderLine && il.ProductID == l.ProductID {
						if credited[cn.CreditNoteFor] == nil {
							credited[cn.CreditNoteFor] = map[int]money.Quantity{}
						}
						credited[cn.CreditNoteFor][j], _ = credited[cn.CreditNoteFor][j].Add(l.Quantity)
						break
					}
				}
			}
		}
		notes := map[string][]billing.CreditLineInput{}
		var order []string
		for _, l := range r.Lines {
			left := l.Quantity
			for _, inv := range invs {
				if inv.Kind != billing.KindInvoice || inv.Status == billing.Draft || inv.Status == billing.Cancelled || left.Sign() <= 0 {
					continue
				}
				for j, il := range inv.Lines {
					if il.OrderLine != l.OrderLine || left.Sign() <= 0 {
						continue
					}
					open, _ := il.Quantity.Sub(credited[inv.ID][j])
					if open.Sign() <= 0 {
						continue
					}
					q := left
					if q.Cmp(open) > 0 {
						q = open
					}
					if _, ok := notes[inv.ID]; !ok {
						order = append(order, inv.ID)
					}
					notes[inv.ID] = append(notes[inv.ID], billing.CreditLineInput{Line: j, Quantity: q})
					left, _ = left.Sub(q)
				}
			}
		}
		if len(order) == 0 {
			return ErrNothingToCredit
		}
		for _, invID := range order {
			cn, err := s.billing.CreditNoteTx(ctx, tx, invID, billing.CreditNoteInput{Reason: "Return " + r.Number + ": " + r.Reason, Lines: notes[invID]})
			if err != nil {
				return err
			}
			r.CreditNoteIDs = append(r.CreditNoteIDs, cn.ID)
		}
		now := tx.Now()
		r.Status, r.CreditedAt = Credited, &now
		return record(ctx, tx, EventCredited, "credit", &b, *r)
	})
}

// Cancel cancels an authorized return; its quantities may be returned
// again. Errors: not_found, invalid_state, version_conflict.
func (s *Service) Cancel(ctx context.Context, key string, version int64) (Return, error) {
	return s.change(ctx, key, version, func(tx *db.Tx, r *Return) error {
		b := *r
		if r.Status != Authorized {
			return ErrInvalidState
		}
		r.Status = Cancelled
		return record(ctx, tx, EventCancelled, "cancel", &b, *r)
	})
}

// FindReturn returns a return by ID or number. Errors: not_found.
func (s *Service) FindReturn(ctx context.Context, key string) (Return, error) {
	return findReturn(ctx, s.db, key)
}

// FindReturns lists returns, newest first unless f.Sort says otherwise.
func (s *Service) FindReturns(ctx context.Context, f Filter) ([]Return, error) {
	return findReturns(ctx, s.db, f)
}
