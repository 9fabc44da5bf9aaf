package billing

import (
	"context"
	"database/sql"
	"errors"
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
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// Payment is money received from a customer. What is not allocated to
// invoices is the customer's credit, to be allocated later.
type Payment struct {
	ID          string        `json:"id"`
	Number      string        `json:"number" doc:"Gap-free per year, e.g. PAY-2026-00042."`
	CustomerID  string        `json:"customer_id"`
	Method      string        `json:"method" enum:"bank,cash"`
	Amount      money.Amount  `json:"amount"`
	Unallocated money.Amount  `json:"unallocated" doc:"Kept as the customer's credit."`
	ReceivedOn  calendar.Date `json:"received_on" format:"date"`
	Reference   string        `json:"reference,omitempty" doc:"e.g. the bank transfer's reference."`
	Allocations []Allocation  `json:"allocations"`
	EntryID     string        `json:"entry_id"`
	Version     int64         `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// Allocation settles part of an invoice with a payment (or a credit note).
type Allocation struct {
	ID          string        `json:"id"`
	InvoiceID   string        `json:"invoice_id"`
	Amount      money.Amount  `json:"amount" doc:"In the invoice's currency."`
	Consumed    money.Amount  `json:"consumed" doc:"What it took from the payment, in the payment's currency (converted at the rate of the day when they differ)."`
	AllocatedOn calendar.Date `json:"allocated_on" format:"date"`
	UndoneOn    string        `json:"undone_on,omitempty" format:"date" doc:"Set when the allocation was taken off."`
}

// PaymentInput receives a payment.
type PaymentInput struct {
	CustomerID  string            `json:"customer_id" maxLength:"64" doc:"Party ID or code."`
	Method      string            `json:"method" enum:"bank,cash"`
	Amount      money.Amount      `json:"amount"`
	ReceivedOn  *calendar.Date    `json:"received_on,omitempty" format:"date" doc:"Defaults to today."`
	Reference   string            `json:"reference,omitempty" maxLength:"200"`
	Allocations []AllocationInput `json:"allocations,omitempty" maxItems:"500"`
}

// AllocationInput allocates part of a payment to an invoice.
type AllocationInput struct {
	InvoiceID string       `json:"invoice_id" maxLength:"64" doc:"Invoice ID or number."`
	Amount    money.Amount `json:"amount" doc:"In the invoice's currency; a payment in another currency gives up its equivalent at the rate of the day."`
}

// allocation is a checked allocation: the invoice, the amount settled in
// its currency and what the payment gives up for it.
type allocation struct {
	invoice          Invoice
	amount, consumed money.Amount
}

// lines are the journal lines that settle the receivable with what the
// payment gives up: across currencies, through the exchange account, once
// in each currency, so every currency balances.
func (a allocation) lines(customerID string) []ledger.EntryLineInput {
	amount, consumed := a.amount, a.consumed
	ar := ledger.EntryLineInput{Role: ledger.RoleReceivable, PartyID: customerID, Credit: &amount, Memo: a.invoice.ID}
	if amount.Currency() == consumed.Currency() {
		return []ledger.EntryLineInput{ar}
	}
	return []ledger.EntryLineInput{{Role: ledger.RoleExchange, Credit: &consumed}, {Role: ledger.RoleExchange, Debit: &amount}, ar}
}

// ReceivePayment records a payment and allocates it: the bank (or cash)
// account is debited, the receivable credited by what is allocated and
// customer credit by the rest. Allocations are in each invoice's currency,
// to posted invoices of the customer, each at most the invoice's residual;
// one in another currency than the payment's takes its equivalent at the
// rate of the received day, through the exchange account.
// Errors: validation_failed, not_found.
func (s *Service) ReceivePayment(ctx context.Context, in PaymentInput) (Payment, error) {
	cust, err := s.parties.FindPartyBrief(ctx, in.CustomerID)
	if err != nil {
		return Payment{}, apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code you may see"))
	}
	var v apperr.Validator
	v.Check(in.Amount.Sign() > 0, "amount", "not_positive", "must be greater than 0")
	v.Check(in.Method == "bank" || in.Method == "cash", "method", "invalid", "bank or cash")
	if err := v.Err(); err != nil {
		return Payment{}, err
	}
	var p Payment
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		day := calendar.DateOf(tx.Now())
		if in.ReceivedOn != nil {
			day = *in.ReceivedOn
		}
		p = Payment{ID: id.New("pay"), CustomerID: cust.ID, Method: in.Method, Amount: in.Amount, Unallocated: in.Amount, ReceivedOn: day,
			Reference: strings.TrimSpace(in.Reference), Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		allocs, err := s.checkAllocations(ctx, tx, cust, in.Amount, day, in.Allocations)
		if err != nil {
			return err
		}
		// The invoices are settled first and the numbers taken last: a
		// series' row stays locked until commit, so every payment being
		// received waits for the one holding it.
		entryID := id.New("je")
		p.Allocations = []Allocation{}
		for _, a := range allocs {
			al, err := s.settleTx(ctx, tx, a.invoice, "payment", p.ID, a.amount, a.consumed, day, entryID)
			if err != nil {
				return err
			}
			p.Allocations = append(p.Allocations, al)
		}
		if p.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "PAY", Year: day.Year()}); err != nil {
			return err
		}
		account, journal := ledger.RoleBank, "BNK"
		if in.Method == "cash" {
			account, journal = ledger.RoleCash, "CSH"
		}
		entry := ledger.EntryInput{ID: entryID, Journal: journal, Date: day, Memo: "Payment " + p.Number, SourceType: "payment", SourceID: p.ID,
			Lines: []ledger.EntryLineInput{{Role: account, Debit: &p.Amount}}}
		for _, a := range allocs {
			entry.Lines = append(entry.Lines, a.lines(cust.ID)...)
			if p.Unallocated, err = p.Unallocated.Sub(a.consumed); err != nil {
				return err
			}
		}
		if p.Unallocated.Sign() > 0 {
			entry.Lines = append(entry.Lines, ledger.EntryLineInput{Role: ledger.RoleCustomerCredit, PartyID: cust.ID, Credit: &p.Unallocated})
		}
		e, err := s.ledger.PostTx(ctx, tx, entry)
		if err != nil {
			return err
		}
		p.EntryID = e.ID
		if _, err := tx.ExecContext(ctx, `INSERT INTO billing_payment (`+paymentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			p.ID, p.Number, p.CustomerID, p.Method, string(p.Amount.Currency()), p.Amount.Minor(), p.Unallocated.Minor(), day.String(),
			p.Reference, p.EntryID, p.Version, p.CreatedAt, p.UpdatedAt); err != nil {
			return err
		}
		return record(ctx, tx, "payment", p.ID, p.CustomerID, audit.ActionCreate, EventPaymentReceived, nil, p)
	})
	return p, err
}

// checkAllocations resolves the invoices of allocations and checks them:
// posted invoices of the customer, each at most its residual, together
// consuming at most what is available (converted at the rate of the day
// when the currencies differ).
func (s *Service) checkAllocations(ctx context.Context, tx *db.Tx, cust party.Party, available money.Amount, day calendar.Date,
	in []AllocationInput) ([]allocation, error) {
	var v apperr.Validator
	var out []allocation
	total := money.Zero(available.Currency())
	for i, a := range in {
		f := "allocations[" + strconv.Itoa(i) + "]."
		inv, err := findInvoice(ctx, tx, a.InvoiceID)
		if err != nil || inv.CustomerID != cust.ID || inv.Kind != KindInvoice {
			v.Add(f+"invoice_id", "not_found", "no invoice of this customer with this ID or number")
			continue
		}
		if inv.Status != Posted && inv.Status != PartiallyPaid {
			v.Add(f+"invoice_id", "not_open", "the invoice is "+inv.Status)
			continue
		}
		if string(a.Amount.Currency()) != inv.Currency {
			v.Add(f+"amount", "currency_mismatch", "allocate in the invoice's currency, "+inv.Currency)
			continue
		}
		if a.Amount.Sign() <= 0 || a.Amount.Minor() > inv.Residual.Minor() {
			v.Add(f+"amount", "out_of_range", "more than 0, at most the residual "+inv.Residual.String())
			continue
		}
		consumed := a.Amount
		if a.Amount.Currency() != available.Currency() {
			rate, err := s.ledger.RateOnTx(ctx, tx, a.Amount.Currency(), available.Currency(), day)
			if apperr.CodeOf(err) == ledger.ErrNoRate.Code {
				v.Add(f+"amount", "no_exchange_rate", "no rate from "+inv.Currency+" to "+string(available.Currency())+" on "+day.String())
				continue
			}
			if err != nil {
				return nil, err
			}
			if consumed, err = ledger.Convert(a.Amount, available.Currency(), rate); err != nil {
				return nil, err
			}
		}
		total, _ = total.Add(consumed)
		out = append(out, allocation{invoice: inv, amount: a.Amount, consumed: consumed})
	}
	v.Check(total.Minor() <= available.Minor(), "allocations", "too_much", "the allocations take more than "+available.String())
	return out, v.Err()
}

// Allocate allocates part of a payment's unallocated amount (the
// customer's credit) to an invoice. Errors: not_found, validation_failed,
// version_conflict.
func (s *Service) Allocate(ctx context.Context, paymentID string, in AllocationInput, version int64) (Payment, error) {
	return s.changePayment(ctx, paymentID, version, func(tx *db.Tx, p *Payment) error {
		cust, err := s.parties.CustomerTx(ctx, tx, p.CustomerID)
		if err != nil {
			return err
		}
		day := calendar.DateOf(tx.Now())
		allocs, err := s.checkAllocations(ctx, tx, cust, p.Unallocated, day, []AllocationInput{in})
		if err != nil {
			return err
		}
		a := allocs[0]
		e, err := s.ledger.PostTx(ctx, tx, ledger.EntryInput{Journal: "GEN", Date: day, Memo: "Allocation of payment " + p.Number,
			SourceType: "payment", SourceID: p.ID, Lines: append([]ledger.EntryLineInput{
				{Role: ledger.RoleCustomerCredit, PartyID: p.CustomerID, Debit: &a.consumed}}, a.lines(p.CustomerID)...)})
		if err != nil {
			return err
		}
		if p.Unallocated, err = p.Unallocated.Sub(a.consumed); err != nil {
			return err
		}
		_, err = s.settleTx(ctx, tx, a.invoice, "payment", p.ID, a.amount, a.consumed, day, e.ID)
		return err
	}, "allocate", EventPaymentAllocated)
}

// Unallocate takes an allocation off: the invoice owes it again and the
// amount is the customer's credit. Errors: not_found, invalid_state,
// version_conflict.
func (s *Service) Unallocate(ctx context.Context, paymentID, allocationID string, version int64) (Payment, error) {
	return s.changePayment(ctx, paymentID, version, func(tx *db.Tx, p *Payment) error {
		var invoiceID, undone, cur string
		var minor, consumedMinor int64
		err := tx.QueryRowContext(ctx, `SELECT invoice_id, currency, amount_minor, consumed_minor, undone_on FROM billing_allocation
			WHERE id = $1 AND source_type = 'payment' AND source_id = $2`, allocationID, p.ID).Scan(&invoiceID, &cur, &minor, &consumedMinor, &undone)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound("allocation")
		}
		if err != nil {
			return err
		}
		if undone != "" {
			return ErrInvalidState
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return err
		}
		amount, consumed := money.New(minor, c), money.New(consumedMinor, p.Amount.Currency())
		day := calendar.DateOf(tx.Now())
		// The mirror of the allocation's lines: the receivable is owed again
		// and what was consumed is the customer's credit.
		lines := []ledger.EntryLineInput{{Role: ledger.RoleCustomerCredit, PartyID: p.CustomerID, Credit: &consumed}}
		before, err := findInvoice(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		for _, l := range (allocation{invoice: before, amount: amount, consumed: consumed}).lines(p.CustomerID) {
			l.Debit, l.Credit = l.Credit, l.Debit
			lines = append(lines, l)
		}
		if _, err := s.ledger.PostTx(ctx, tx, ledger.EntryInput{Journal: "GEN", Date: day, Memo: "Unallocation of payment " + p.Number,
			SourceType: "payment", SourceID: p.ID, Lines: lines}); err != nil {
			return err
		}
		if p.Unallocated, err = p.Unallocated.Add(consumed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE billing_allocation SET undone_on = $1 WHERE id = $2`, day.String(), allocationID); err != nil {
			return err
		}
		var settled, version int64
		if err := tx.QueryRowContext(ctx, `UPDATE billing_invoice SET settled_minor = settled_minor - $1, version = version + 1, updated_at = $2
			WHERE id = $3 RETURNING settled_minor, version`, minor, tx.Now(), invoiceID).Scan(&settled, &version); err != nil {
			return err
		}
		return s.restatus(ctx, tx, before, withSettled(before, settled, version, tx.Now()))
	}, "unallocate", EventPaymentUnallocate)
}

func (s *Service) changePayment(ctx context.Context, paymentID string, version int64, fn func(tx *db.Tx, p *Payment) error, action, event string) (Payment, error) {
	var after Payment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findPayment(ctx, tx, paymentID)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("payment")
		}
		after = before
		if err := fn(tx, &after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE billing_payment SET unallocated_minor = $1, version = $2, updated_at = $3 WHERE id = $4 AND version = $5`,
			after.Unallocated.Minor(), after.Version, after.UpdatedAt, after.ID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "billing_payment", after.ID, "payment"); err != nil {
			return err
		}
		if after.Allocations, err = allocationsOf(ctx, tx, after.ID, after.Amount.Currency()); err != nil {
			return err
		}
		return record(ctx, tx, "payment", after.ID, after.CustomerID, action, event, before, after)
	})
	return after, err
}

const paymentColumns = `id, number, customer_id, method, currency, amount_minor, unallocated_minor, received_on, reference, entry_id,
	version, created_at, updated_at`

func scanPayment(s interface{ Scan(...any) error }) (Payment, error) {
	var p Payment
	var cur, on string
	var amount, unallocated int64
	if err := s.Scan(&p.ID, &p.Number, &p.CustomerID, &p.Method, &cur, &amount, &unallocated, &on, &p.Reference, &p.EntryID, &p.Version,
		&p.CreatedAt, &p.UpdatedAt); err != nil {
		return p, err
	}
	c, err := money.ParseCurrency(cur)
	if err != nil {
		return p, err
	}
	p.Amount, p.Unallocated = money.New(amount, c), money.New(unallocated, c)
	p.ReceivedOn, err = calendar.ParseDate(on)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func findPayment(ctx context.Context, q db.Querier, key string) (Payment, error) {
	p, err := scanPayment(q.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM billing_payment WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Payment{}, db.NotFound(err, "payment")
	}
	p.Allocations, err = allocationsOf(ctx, q, p.ID, p.Amount.Currency())
	return p, err
}

func allocationsOf(ctx context.Context, q db.Querier, paymentID string, cur money.Currency) ([]Allocation, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, invoice_id, currency, amount_minor, consumed_minor, allocated_on, undone_on FROM billing_allocation
		WHERE source_type = 'payment' AND source_id = $1 ORDER BY id`, paymentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Allocation{}
	for rows.Next() {
		var a Allocation
		var minor, consumed int64
		var on, code string
		if err := rows.Scan(&a.ID, &a.InvoiceID, &code, &minor, &consumed, &on, &a.UndoneOn); err != nil {
			return nil, err
		}
		c, err := money.ParseCurrency(code)
		if err != nil {
			return nil, err
		}
		if a.AllocatedOn, err = calendar.ParseDate(on); err != nil {
			return nil, err
		}
		a.Amount, a.Consumed = money.New(minor, c), money.New(consumed, cur)
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindPayment returns a payment by ID or number. Errors: not_found.
func (s *Service) FindPayment(ctx context.Context, key string) (Payment, error) {
	return findPayment(ctx, s.db, key)
}

// PaymentFilter selects payments.
type PaymentFilter struct {
	CustomerID string
	Method     string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// PaymentSorts are the columns a list of payments may be sorted by; ids
// grow with time, so "created" is the id.
var PaymentSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "number", Column: "number"},
	{Name: "received_on", Column: "received_on"},
	{Name: "amount", Column: "amount_minor", Numeric: true},
	{Name: "unallocated", Column: "unallocated_minor", Numeric: true},
	{Name: "method", Column: "method"},
}

// SortValue is p's value of a sort field, for the cursor of a page ending
// at p.
func (p Payment) SortValue(field string) string {
	switch field {
	case "number":
		return p.Number
	case "received_on":
		return p.ReceivedOn.String()
	case "amount":
		return strconv.FormatInt(p.Amount.Minor(), 10)
	case "unallocated":
		return strconv.FormatInt(p.Unallocated.Minor(), 10)
	case "method":
		return p.Method
	}
	return p.ID
}

// FindPayments lists payments, newest first unless f sorts them.
func (s *Service) FindPayments(ctx context.Context, f PaymentFilter) ([]Payment, error) {
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true})
	and, args, orderBy, err := sort.Clause(f.After, []any{f.CustomerID, f.Method})
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+paymentColumns+` FROM billing_payment WHERE ($1 = '' OR customer_id = $1)
		AND ($2 = '' OR method = $2)`+and+` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var out []Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Allocations, err = allocationsOf(ctx, s.db, out[i].ID, out[i].Amount.Currency()); err != nil {
			return nil, err
		}
	}
	return out, nil
}
