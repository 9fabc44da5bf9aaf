package billing

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/sequence"
	"github.com/concord-erp/concord/internal/sales"
)

// Invoice kinds and statuses.
const (
	KindInvoice    = "invoice"
	KindCreditNote = "credit_note"

	Draft         = "draft"
	Posted        = "posted"
	PartiallyPaid = "partially_paid"
	Paid          = "paid"
	Cancelled     = "cancelled"
)

// Invoice is an invoice or a credit note. Residual is what is still owed:
// the total less payments and credit notes allocated to it.
type Invoice struct {
	ID            string         `json:"id"`
	Number        string         `json:"number,omitempty" doc:"Given when posted, gap-free per year: INV-2026-00042, or CN-… for a credit note."`
	Kind          string         `json:"kind" enum:"invoice,credit_note"`
	Status        string         `json:"status" enum:"draft,posted,partially_paid,paid,cancelled"`
	CustomerID    string         `json:"customer_id"`
	OrderID       string         `json:"order_id,omitempty"`
	CreditNoteFor string         `json:"credit_note_for,omitempty" doc:"The invoice a credit note corrects."`
	Reason        string         `json:"reason,omitempty"`
	Currency      string         `json:"currency"`
	InvoiceDate   *calendar.Date `json:"invoice_date,omitempty" format:"date"`
	DueDate       *calendar.Date `json:"due_date,omitempty" format:"date"`
	Lines         []InvoiceLine  `json:"lines"`
	Subtotal      money.Amount   `json:"subtotal"`
	Tax           money.Amount   `json:"tax"`
	Total         money.Amount   `json:"total"`
	Settled       money.Amount   `json:"settled" doc:"Paid or credited so far."`
	Residual      money.Amount   `json:"residual"`
	EntryID       string         `json:"entry_id,omitempty" doc:"The journal entry that posted it."`
	Version       int64          `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// InvoiceLine is a quantity of an order line, priced like the order.
type InvoiceLine struct {
	OrderLine       int            `json:"order_line" doc:"Index of the order line; -1 for none."`
	ProductID       string         `json:"product_id"`
	Quantity        money.Quantity `json:"quantity"`
	UnitPrice       money.Amount   `json:"unit_price"`
	DiscountPercent ledger.Percent `json:"discount_percent"`
	TaxCode         string         `json:"tax_code,omitempty"`
	Net             money.Amount   `json:"net"`
	Tax             money.Amount   `json:"tax"`
	Total           money.Amount   `json:"total"`
}

// InvoiceInput creates a draft invoice from an order.
type InvoiceInput struct {
	OrderID string `json:"order_id" maxLength:"64" doc:"Order ID or number."`
	Basis   string `json:"basis,omitempty" enum:"delivered,ordered" doc:"delivered: what has shipped and is not invoiced (services as ordered); ordered: everything ordered and not invoiced. Defaults to the customer's invoice_basis."`
}

// Errors.
var (
	ErrNothingToInvoice = apperr.Conflict("nothing_to_invoice", "nothing of this order is left to invoice on this basis")
	ErrInvalidState     = apperr.Conflict(apperr.CodeInvalidState, "the document's status does not allow this")
)

// CreateInvoice drafts an invoice for what an order has left to invoice on
// a basis, counting other drafts of the order as taken. Errors: not_found,
// invalid_state, nothing_to_invoice.
func (s *Service) CreateInvoice(ctx context.Context, in InvoiceInput) (Invoice, error) {
	var inv Invoice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.sales.OrderTx(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		// Invoices of one order are drafted and posted one at a time.
		if err := tx.Lock(ctx, "billing.order:"+o.ID); err != nil {
			return err
		}
		if !slices.Contains([]string{sales.Confirmed, sales.PartiallyDelivered, sales.Delivered}, o.Status) {
			return ErrInvalidState
		}
		drafted, err := draftedQuantities(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		cur, err := money.ParseCurrency(o.Currency)
		if err != nil {
			return err
		}
		basisOf := in.Basis
		if basisOf == "" {
			cust, err := s.parties.CustomerTx(ctx, tx, o.CustomerID)
			if err != nil {
				return err
			}
			basisOf = cust.InvoiceBasis
		}
		inv = Invoice{ID: id.New("inv"), Kind: KindInvoice, Status: Draft, CustomerID: o.CustomerID, OrderID: o.ID, Currency: o.Currency,
			Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		for i, l := range o.Lines {
			basis := l.Quantity
			if basisOf != party.InvoiceOrdered {
				stocked, err := s.products.StockedTx(ctx, tx, l.ProductID)
				if err != nil {
					return err
				}
				if stocked {
					basis = l.Delivered
				}
			}
			q, _ := basis.Sub(l.Invoiced)
			q, _ = q.Sub(drafted[i])
			if q.Sign() <= 0 {
				continue
			}
			il := InvoiceLine{OrderLine: i, ProductID: l.ProductID, Quantity: q, UnitPrice: l.UnitPrice, DiscountPercent: l.DiscountPercent,
				TaxCode: l.TaxCode}
			if err := s.priceLine(ctx, tx, &il); err != nil {
				return err
			}
			inv.Lines = append(inv.Lines, il)
		}
		if len(inv.Lines) == 0 {
			return ErrNothingToInvoice
		}
		if err := inv.sum(cur); err != nil {
			return err
		}
		if err := insertInvoice(ctx, tx, inv); err != nil {
			return err
		}
		return record(ctx, tx, "invoice", inv.ID, inv.CustomerID, audit.ActionCreate, EventInvoiceCreated, nil, inv)
	})
	return inv, err
}

func (s *Service) priceLine(ctx context.Context, tx *db.Tx, l *InvoiceLine) error {
	var tax *ledger.Tax
	if l.TaxCode != "" {
		t, err := s.ledger.TaxTx(ctx, tx, l.TaxCode)
		if err != nil {
			return err
		}
		tax = &t
	}
	var err error
	l.Net, l.Tax, l.Total, err = sales.LineAmounts(l.UnitPrice, l.Quantity, l.DiscountPercent, tax)
	return err
}

func (inv *Invoice) sum(cur money.Currency) error {
	inv.Subtotal, inv.Tax, inv.Total = money.Zero(cur), money.Zero(cur), money.Zero(cur)
	for _, l := range inv.Lines {
		var err error
		if inv.Subtotal, err = inv.Subtotal.Add(l.Net); err != nil {
			return err
		}
		if inv.Tax, err = inv.Tax.Add(l.Tax); err != nil {
			return err
		}
		if inv.Total, err = inv.Total.Add(l.Total); err != nil {
			return err
		}
	}
	inv.Settled, inv.Residual = money.Zero(cur), inv.Total
	return nil
}

// PostInput posts an invoice.
type PostInput struct {
	InvoiceDate *calendar.Date `json:"invoice_date,omitempty" format:"date" doc:"Defaults to today."`
}

// Post posts a draft invoice: it gets its number and due date (from the
// customer's payment terms), the ledger gets receivable / revenue / tax,
// and the order counts the quantities invoiced. version is the invoice's
// version. Errors: not_found, invalid_state, version_conflict.
func (s *Service) Post(ctx context.Context, invoiceID string, in PostInput, version int64) (Invoice, error) {
	var after Invoice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findInvoice(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		if err := tx.Lock(ctx, "billing.order:"+before.OrderID); err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("invoice")
		}
		if before.Status != Draft {
			return ErrInvalidState
		}
		after = before
		day := calendar.DateOf(tx.Now())
		if in.InvoiceDate != nil {
			day = *in.InvoiceDate
		}
		cust, err := s.parties.CustomerTx(ctx, tx, before.CustomerID)
		if err != nil {
			return err
		}
		due := day
		if cust.PaymentTerms != "" {
			if t, err := s.ledger.PaymentTermTx(ctx, tx, cust.PaymentTerms); err == nil {
				due, _ = ledger.DueDate(day, t)
			}
		}
		after.InvoiceDate, after.DueDate = &day, &due
		qty := map[int]money.Quantity{}
		for _, l := range after.Lines {
			qty[l.OrderLine], _ = qty[l.OrderLine].Add(l.Quantity)
		}
		if err := s.sales.InvoicedTx(ctx, tx, after.OrderID, qty); err != nil {
			return err
		}
		// The number is taken as late as possible: its series' row stays
		// locked until commit, so every invoice being posted waits for it.
		if after.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "INV", Year: day.Year()}); err != nil {
			return err
		}
		e, err := s.ledger.PostTx(ctx, tx, s.invoiceEntry(ctx, tx, after, false))
		if err != nil {
			return err
		}
		after.EntryID, after.Status = e.ID, Posted
		if err := saveInvoice(ctx, tx, before, &after); err != nil {
			return err
		}
		return record(ctx, tx, "invoice", after.ID, after.CustomerID, "post", EventInvoicePosted, before, after)
	})
	return after, err
}

// invoiceEntry is the journal entry of an invoice: the receivable debited
// by the total, revenue credited by the net amounts, each tax's account
// (when it is a tax liability account of the chart; VAT payable otherwise)
// by its tax. A credit note mirrors it, into sales
// returns, and what exceeds the invoice's residual goes to customer
// credit instead of the receivable.
func (s *Service) invoiceEntry(ctx context.Context, tx *db.Tx, inv Invoice, credit bool) ledger.EntryInput {
	in := ledger.EntryInput{Journal: "SAL", Date: *inv.InvoiceDate, Memo: "Invoice " + inv.Number, SourceType: "invoice", SourceID: inv.ID}
	side := func(li ledger.EntryLineInput, a money.Amount, debit bool) ledger.EntryLineInput {
		if debit != credit {
			li.Debit = &a
		} else {
			li.Credit = &a
		}
		return li
	}
	revenue := ledger.RoleRevenue
	if credit {
		in.Memo, revenue = "Credit note "+inv.Number, ledger.RoleSalesReturns
	}
	if inv.Total.Sign() > 0 {
		in.Lines = append(in.Lines, side(ledger.EntryLineInput{Role: ledger.RoleReceivable, PartyID: inv.CustomerID}, inv.Total, true))
	}
	if inv.Subtotal.Sign() > 0 {
		in.Lines = append(in.Lines, side(ledger.EntryLineInput{Role: revenue}, inv.Subtotal, false))
	}
	taxes := map[string]money.Amount{}
	var codes []string
	for _, l := range inv.Lines {
		if l.Tax.IsZero() {
			continue
		}
		if _, ok := taxes[l.TaxCode]; !ok {
			codes, taxes[l.TaxCode] = append(codes, l.TaxCode), money.Zero(l.Tax.Currency())
		}
		taxes[l.TaxCode], _ = taxes[l.TaxCode].Add(l.Tax)
	}
	for _, code := range codes {
		li := ledger.EntryLineInput{Role: ledger.RoleVATPayable, Memo: code}
		if t, err := s.ledger.TaxTx(ctx, tx, code); err == nil && t.AccountCode != "" && s.ledger.TaxAccountTx(ctx, tx, t.AccountCode) {
			li.Role, li.Account = "", t.AccountCode
		}
		in.Lines = append(in.Lines, side(li, taxes[code], false))
	}
	return in
}

// CreditNoteInput corrects a posted invoice.
type CreditNoteInput struct {
	Reason string            `json:"reason" minLength:"1" maxLength:"500" doc:"Why: a return, a price correction, a cancellation."`
	Lines  []CreditLineInput `json:"lines,omitempty" maxItems:"500" doc:"Defaults to every line in full (the invoice is cancelled); required when the invoice has credit notes already."`
	// Reinvoice gives the credited quantities back to the order, to be
	// invoiced again (an invoice cancelled to be corrected). Without it a
	// credit note changes money only: a return or a price correction.
	Reinvoice bool `json:"reinvoice,omitempty" doc:"The credited quantities may be invoiced again: the order's invoiced quantities go down by them and an invoiced or paid order returns to its delivery status. Needs an invoice of an order and no unit_price below the invoiced one."`
}

// CreditLineInput credits part of an invoice line: a quantity, or (for a
// price correction) a unit price to credit per unit.
type CreditLineInput struct {
	Line      int            `json:"line" minimum:"0" doc:"Index of the invoice line."`
	Quantity  money.Quantity `json:"quantity"`
	UnitPrice *money.Amount  `json:"unit_price,omitempty" doc:"Defaults to the invoice line's unit price."`
}

// CreditNote posts a credit note against a posted invoice. It settles the
// invoice's residual first; what exceeds it (the invoice was paid) becomes
// the customer's credit. Crediting an unpaid invoice in full cancels it.
// Errors: not_found, invalid_state, validation_failed.
func (s *Service) CreditNote(ctx context.Context, invoiceID string, in CreditNoteInput) (Invoice, error) {
	var cn Invoice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		cn, err = s.CreditNoteTx(ctx, tx, invoiceID, in)
		return err
	})
	return cn, err
}

// CreditNoteTx is CreditNote in the caller's transaction, for a module
// whose document is credited (a return received). Errors: as CreditNote.
func (s *Service) CreditNoteTx(ctx context.Context, tx *db.Tx, invoiceID string, in CreditNoteInput) (Invoice, error) {
	var cn Invoice
	err := func() error {
		inv, err := findInvoice(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		if inv.Kind != KindInvoice || inv.Status == Draft || inv.Status == Cancelled {
			return ErrInvalidState
		}
		cur, err := money.ParseCurrency(inv.Currency)
		if err != nil {
			return err
		}
		day := calendar.DateOf(tx.Now())
		cn = Invoice{ID: id.New("inv"), Kind: KindCreditNote, Status: Posted, CustomerID: inv.CustomerID, OrderID: inv.OrderID,
			CreditNoteFor: inv.ID, Reason: strings.TrimSpace(in.Reason), Currency: inv.Currency, InvoiceDate: &day, DueDate: &day,
			Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		var v apperr.Validator
		v.Check(!in.Reinvoice || inv.OrderID != "", "reinvoice", "no_order", "the invoice is not of an order")
		if len(in.Lines) == 0 {
			if n, err := creditedTotal(ctx, tx, inv.ID); err != nil || n > 0 {
				if err != nil {
					return err
				}
				return apperr.Invalid("the invoice has credit notes", apperr.Field("lines", "required", "say what is left to credit"))
			}
			for i, l := range inv.Lines {
				in.Lines = append(in.Lines, CreditLineInput{Line: i, Quantity: l.Quantity})
			}
		}
		for i, cl := range in.Lines {
			f := "lines[" + strconv.Itoa(i) + "]."
			if cl.Line < 0 || cl.Line >= len(inv.Lines) {
				v.Add(f+"line", "not_found", "no such line on the invoice")
				continue
			}
			src := inv.Lines[cl.Line]
			v.Check(cl.Quantity.Sign() > 0 && cl.Quantity.Cmp(src.Quantity) <= 0, f+"quantity", "out_of_range", "more than 0, at most "+src.Quantity.String())
			l := src
			l.Quantity = cl.Quantity
			v.Check(!in.Reinvoice || cl.UnitPrice == nil || *cl.UnitPrice == src.UnitPrice, f+"unit_price", "reinvoice_price",
				"a price correction cannot be invoiced again; leave unit_price out")
			if cl.UnitPrice != nil {
				v.Check(cl.UnitPrice.Currency() == cur && cl.UnitPrice.Sign() > 0 && cl.UnitPrice.Minor() <= src.UnitPrice.Minor(),
					f+"unit_price", "out_of_range", "a positive amount in "+inv.Currency+", at most the invoiced unit price")
				l.UnitPrice = *cl.UnitPrice
			}
			if err := s.priceLine(ctx, tx, &l); err != nil {
				return err
			}
			cn.Lines = append(cn.Lines, l)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := cn.sum(cur); err != nil {
			return err
		}
		credited, err := creditedTotal(ctx, tx, inv.ID)
		if err != nil {
			return err
		}
		if credited+cn.Total.Minor() > inv.Total.Minor() {
			return apperr.Invalid("the credit notes would exceed the invoice", apperr.Field("lines", "exceeds_invoice",
				"at most "+money.New(inv.Total.Minor()-credited, cur).String()+" is left to credit"))
		}
		if cn.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "CN", Year: day.Year()}); err != nil {
			return err
		}
		// The part within the invoice's residual settles it; the rest is
		// owed back to the customer.
		applied := cn.Total
		if applied.Minor() > inv.Residual.Minor() {
			applied = inv.Residual
		}
		entry := s.invoiceEntry(ctx, tx, cn, true)
		if excess, _ := cn.Total.Sub(applied); excess.Sign() > 0 {
			entry.Lines[0] = ledger.EntryLineInput{Role: ledger.RoleReceivable, PartyID: cn.CustomerID, Credit: &applied}
			entry.Lines = append(entry.Lines, ledger.EntryLineInput{Role: ledger.RoleCustomerCredit, PartyID: cn.CustomerID, Credit: &excess})
			if applied.IsZero() {
				entry.Lines = slices.Delete(entry.Lines, 0, 1)
			}
		}
		e, err := s.ledger.PostTx(ctx, tx, entry)
		if err != nil {
			return err
		}
		cn.EntryID, cn.Settled, cn.Residual = e.ID, cn.Total, money.Zero(cur)
		if err := insertInvoice(ctx, tx, cn); err != nil {
			return err
		}
		if err := record(ctx, tx, "invoice", cn.ID, cn.CustomerID, audit.ActionCreate, EventCreditNotePosted, nil, cn); err != nil {
			return err
		}
		if applied.Sign() > 0 {
			_, err = s.settleTx(ctx, tx, inv, "credit_note", cn.ID, applied, applied, day, e.ID)
		} else {
			err = s.restatus(ctx, tx, inv, inv)
		}
		if err != nil || !in.Reinvoice {
			return err
		}
		back := map[int]money.Quantity{}
		for _, l := range cn.Lines {
			back[l.OrderLine], _ = back[l.OrderLine].Sub(l.Quantity)
		}
		return s.sales.InvoicedTx(ctx, tx, cn.OrderID, back)
	}()
	return cn, err
}

// InvoicesOfOrderTx returns the invoices and credit notes of an order in
// the caller's transaction, oldest first.
func (s *Service) InvoicesOfOrderTx(ctx context.Context, tx *db.Tx, orderID string) ([]Invoice, error) {
	invs, err := findInvoices(ctx, tx, InvoiceFilter{OrderID: orderID, Limit: 10000})
	slices.Reverse(invs)
	return invs, err
}

// settleTx allocates an amount to the residual of an invoice read earlier
// in tx (never more than the residual) and moves the invoice, and its
// order, on when it is settled; consumed is what the source gave up for
// it, in the source's currency. Errors: validation_failed.
func (s *Service) settleTx(ctx context.Context, tx *db.Tx, inv Invoice, sourceType, sourceID string, amount, consumed money.Amount,
	on calendar.Date, entryID string) (Allocation, error) {
	// The row as it is now, not as read: another allocation of this
	// transaction may have settled it since.
	var settled, version int64
	var status string
	err := tx.QueryRowContext(ctx, `UPDATE billing_invoice SET settled_minor = settled_minor + $1, version = version + 1, updated_at = $2
		WHERE id = $3 AND total_minor - settled_minor >= $1 RETURNING settled_minor, version, status`, amount.Minor(), tx.Now(), inv.ID).
		Scan(&settled, &version, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return Allocation{}, apperr.Invalid("more than the invoice's residual", apperr.Field("amount", "too_much", "at most "+inv.Residual.String()))
	}
	if err != nil {
		return Allocation{}, err
	}
	before := withSettled(inv, settled-amount.Minor(), version-1, inv.UpdatedAt)
	before.Status = status
	a := Allocation{ID: id.New("alc"), InvoiceID: inv.ID, Amount: amount, Consumed: consumed, AllocatedOn: on}
	if _, err := tx.ExecContext(ctx, `INSERT INTO billing_allocation (id, invoice_id, source_type, source_id, currency, amount_minor,
		consumed_minor, allocated_on, undone_on, entry_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10)`, a.ID,
		inv.ID, sourceType, sourceID, string(amount.Currency()), amount.Minor(), consumed.Minor(), on.String(), entryID, tx.Now()); err != nil {
		return Allocation{}, err
	}
	return a, s.restatus(ctx, tx, before, withSettled(before, settled, version, tx.Now()))
}

// withSettled is inv with settled minor units and the version and time of
// the change that settled them.
func withSettled(inv Invoice, settled, version int64, at time.Time) Invoice {
	cur := inv.Total.Currency()
	inv.Settled, inv.Residual = money.New(settled, cur), money.New(inv.Total.Minor()-settled, cur)
	inv.Version, inv.UpdatedAt = version, at
	return inv
}

// restatus sets an invoice's status from what settles it, before and after
// a change of what settled it (or of its credit notes), and tells sales
// whether the order's invoices are all paid.
func (s *Service) restatus(ctx context.Context, tx *db.Tx, before, after Invoice) error {
	switch {
	case after.Residual.IsZero():
		credited, err := creditedTotal(ctx, tx, after.ID)
		if err != nil {
			return err
		}
		after.Status = Paid
		if credited >= after.Total.Minor() {
			after.Status = Cancelled
		}
	case after.Settled.Sign() > 0:
		after.Status = PartiallyPaid
	default:
		after.Status = Posted
	}
	if after.Status == before.Status {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE billing_invoice SET status = $1 WHERE id = $2`, after.Status, after.ID); err != nil {
		return err
	}
	if err := record(ctx, tx, "invoice", after.ID, after.CustomerID, "settle", EventInvoiceSettled, before, after); err != nil {
		return err
	}
	if after.OrderID == "" {
		return nil
	}
	open, paid, err := orderInvoices(ctx, tx, after.OrderID)
	if err != nil {
		return err
	}
	return s.sales.SettledTx(ctx, tx, after.OrderID, open == 0 && paid > 0)
}

// FindInvoice returns an invoice or credit note by ID or number. Errors:
// not_found.
func (s *Service) FindInvoice(ctx context.Context, key string) (Invoice, error) {
	return findInvoice(ctx, s.db, key)
}

// FindInvoices lists invoices, newest first.
func (s *Service) FindInvoices(ctx context.Context, f InvoiceFilter) ([]Invoice, error) {
	return findInvoices(ctx, s.db, f)
}
