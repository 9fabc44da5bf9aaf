package ledger

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// Permissions of the journal.
const (
	PermAccountRead   = "ledger.account.read"
	PermAccountUpdate = "ledger.account.update"
	PermEntryRead     = "ledger.entry.read"
	PermEntryCreate   = "ledger.entry.create"
	PermEntryReverse  = "ledger.entry.reverse"
)

// Events of the journal.
const (
	EventEntryPosted  = "ledger.entry.posted.v1"
	EventAccountSaved = "ledger.account.saved.v1"
)

// Account types.
var AccountTypes = []string{"asset", "liability", "equity", "income", "expense"}

// Account roles the modules post to; the default chart has one account
// for each.
const (
	RoleBank           = "bank"
	RoleCash           = "cash"
	RoleReceivable     = "receivable"
	RoleInventory      = "inventory"
	RoleVATPayable     = "vat_payable"
	RoleCustomerCredit = "customer_credit"
	RoleRevenue        = "revenue"
	RoleSalesReturns   = "sales_returns"
	RoleCOGS           = "cogs"
	// RoleInventoryAdjustment takes the other side of stock counted in or out.
	RoleInventoryAdjustment = "inventory_adjustment"
	// RoleGRNI takes the other side of stock received before its bill.
	RoleGRNI = "grni"
	// RoleExchange carries an amount from one currency into another, so
	// each currency of an entry balances.
	RoleExchange = "exchange_difference"
)

// Account is an account of the chart.
type Account struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Type      string    `json:"type" enum:"asset,liability,equity,income,expense"`
	Role      string    `json:"role,omitempty" doc:"What the modules post here, e.g. receivable; one account per role."`
	Active    bool      `json:"active"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AccountInput is a new account.
type AccountInput struct {
	Code string `json:"code" minLength:"1" maxLength:"20" pattern:"^[0-9A-Za-z.-]+$"`
	Name string `json:"name" minLength:"1" maxLength:"120"`
	Type string `json:"type" enum:"asset,liability,equity,income,expense"`
	Role string `json:"role,omitempty" maxLength:"40" doc:"Give an account a role only to make the modules post there instead."`
}

// Entry is a journal entry: lines that balance per currency. Entries are
// immutable; a correction is a reversal.
type Entry struct {
	ID         string        `json:"id"`
	Number     string        `json:"number" doc:"Gap-free per journal and year, e.g. SAL-2026-00042."`
	Journal    string        `json:"journal" doc:"SAL, BNK, CSH, STK or GEN."`
	Date       calendar.Date `json:"date" format:"date"`
	Memo       string        `json:"memo"`
	SourceType string        `json:"source_type,omitempty" doc:"The document that posted it, e.g. invoice."`
	SourceID   string        `json:"source_id,omitempty"`
	Reverses   string        `json:"reverses,omitempty" doc:"The entry this one reverses."`
	ReversedBy string        `json:"reversed_by,omitempty"`
	Lines      []EntryLine   `json:"lines"`
	CreatedBy  string        `json:"created_by"`
	CreatedAt  time.Time     `json:"created_at"`
}

// EntryLine debits or credits one account.
type EntryLine struct {
	Account string       `json:"account"`
	PartyID string       `json:"party_id,omitempty"`
	Debit   money.Amount `json:"debit"`
	Credit  money.Amount `json:"credit"`
	Memo    string       `json:"memo,omitempty"`
}

// EntryInput is an entry to post.
type EntryInput struct {
	// ID is the entry's ID when a posting must name the entry before it
	// is written (a payment's allocations); empty: a new one.
	ID         string           `json:"-"`
	Journal    string           `json:"journal" maxLength:"8"`
	Date       calendar.Date    `json:"date" format:"date"`
	Memo       string           `json:"memo" maxLength:"200"`
	SourceType string           `json:"-"`
	SourceID   string           `json:"-"`
	Reverses   string           `json:"-"`
	Lines      []EntryLineInput `json:"lines" minItems:"2" maxItems:"1000"`
}

// EntryLineInput is one line: an account (or, for postings, a role), and
// a debit or a credit.
type EntryLineInput struct {
	Account string        `json:"account,omitempty" maxLength:"20"`
	Role    string        `json:"role,omitempty" maxLength:"40" doc:"Instead of account: the account with this role."`
	PartyID string        `json:"party_id,omitempty" maxLength:"64"`
	Debit   *money.Amount `json:"debit,omitempty"`
	Credit  *money.Amount `json:"credit,omitempty"`
	Memo    string        `json:"memo,omitempty" maxLength:"200"`
}

// Errors of the journal.
var (
	ErrUnbalanced      = apperr.Invalid("the entry does not balance: per currency, debits must equal credits")
	ErrAlreadyReversed = apperr.Conflict("already_reversed", "the entry has been reversed")
	ErrAccountExists   = apperr.Conflict("account_exists", "an account with this code or role exists")
)

// FindAccounts lists the chart of accounts by code.
func (s *Service) FindAccounts(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+accountColumns+` FROM ledger_account ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const accountColumns = `code, name, type, role, active, version, created_at, updated_at`

func scanAccount(s scanner) (Account, error) {
	var a Account
	err := s.Scan(&a.Code, &a.Name, &a.Type, &a.Role, &a.Active, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

func findAccount(ctx context.Context, q db.Querier, code string) (Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM ledger_account WHERE code = $1`, code))
	if err != nil {
		return Account{}, db.NotFound(err, "account")
	}
	return a, nil
}

// CreateAccount adds an account to the chart. Errors: validation_failed,
// account_exists.
func (s *Service) CreateAccount(ctx context.Context, in AccountInput) (Account, error) {
	var v apperr.Validator
	v.Check(strings.TrimSpace(in.Name) != "", "name", "required", "the account's name")
	v.Check(slices.Contains(AccountTypes, in.Type), "type", "invalid", "one of "+strings.Join(AccountTypes, ", "))
	if err := v.Err(); err != nil {
		return Account{}, err
	}
	a := Account{Code: in.Code, Name: strings.TrimSpace(in.Name), Type: in.Type, Role: in.Role, Active: true, Version: 1}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a.CreatedAt, a.UpdatedAt = tx.Now(), tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_account (`+accountColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.Code, a.Name, a.Type, a.Role, a.Active, a.Version, a.CreatedAt, a.UpdatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrAccountExists
			}
			return err
		}
		return record(ctx, tx, "ledger_account", a.Code, audit.ActionCreate, EventAccountSaved, nil, a)
	})
	s.refs.chart.Reset()
	return a, err
}

// Journals are the journals an entry may be posted in, as seeded in
// ledger_journal (the entries' foreign key), which no API changes; checked
// here so that posting, done inside every shipment, invoice and payment,
// does not ask the database.
var Journals = []string{"SAL", "BNK", "CSH", "STK", "GEN"}

// PostTx writes a balanced entry in the caller's transaction: the only way
// entries are written. Every line has a debit or a credit (not both, not
// zero), an active account and a party where the account is a receivable;
// per currency the debits equal the credits. Errors: validation_failed
// (unbalanced names the currencies in details).
func (s *Service) PostTx(ctx context.Context, tx *db.Tx, in EntryInput) (Entry, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return Entry{}, authz.ErrUnauthenticated
	}
	var v apperr.Validator
	if !slices.Contains(Journals, in.Journal) {
		v.Add("journal", "not_found", "one of "+strings.Join(Journals, ", "))
	}
	v.Check(!in.Date.IsZero(), "date", "required", "the entry's date")
	if in.ID == "" {
		in.ID = id.New("je")
	}
	e := Entry{ID: in.ID, Journal: in.Journal, Date: in.Date, Memo: strings.TrimSpace(in.Memo), SourceType: in.SourceType,
		SourceID: in.SourceID, Reverses: in.Reverses, CreatedBy: p.ActorID(), CreatedAt: tx.Now()}
	accounts, err := s.chartOf(ctx, tx)
	if err != nil {
		return Entry{}, err
	}
	sums := map[money.Currency]int64{}
	for i, li := range in.Lines {
		f := "lines[" + strconv.Itoa(i) + "]."
		code := li.Account
		if code == "" && li.Role != "" {
			if code = accounts.byRole[li.Role]; code == "" {
				v.Add(f+"role", "not_found", "no account has this role")
				continue
			}
		}
		a, ok := accounts.byCode[code]
		if !ok || !a.Active {
			v.Add(f+"account", "not_found", "no active account with this code")
			continue
		}
		if (li.Debit == nil) == (li.Credit == nil) {
			v.Add(f+"debit", "one_side", "give a debit or a credit")
			continue
		}
		amount, sign := li.Debit, int64(1)
		if li.Credit != nil {
			amount, sign = li.Credit, -1
		}
		if amount.Sign() <= 0 {
			v.Add(f+"debit", "not_positive", "must be greater than 0")
			continue
		}
		v.Check(a.Role != RoleReceivable || li.PartyID != "", f+"party_id", "required", "receivables are kept per customer")
		cur := amount.Currency()
		l := EntryLine{Account: a.Code, PartyID: li.PartyID, Debit: money.Zero(cur), Credit: money.Zero(cur), Memo: strings.TrimSpace(li.Memo)}
		if sign > 0 {
			l.Debit = *amount
		} else {
			l.Credit = *amount
		}
		sums[cur] += sign * amount.Minor()
		e.Lines = append(e.Lines, l)
	}
	if err := v.Err(); err != nil {
		return Entry{}, err
	}
	var off []string
	for cur, sum := range sums {
		if sum != 0 {
			off = append(off, string(cur)+" "+money.New(sum, cur).String())
		}
	}
	if len(off) > 0 {
		slices.Sort(off)
		e := *ErrUnbalanced
		e.Details = map[string]any{"debits_minus_credits": off}
		return Entry{}, &e
	}
	if e.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: e.Journal, Year: e.Date.Year()}); err != nil {
		return Entry{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entry (id, number, journal, entry_date, memo, source_type, source_id, reverses,
		reversed_by, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10)`, e.ID, e.Number, e.Journal, e.Date.String(),
		e.Memo, e.SourceType, e.SourceID, e.Reverses, e.CreatedBy, e.CreatedAt); err != nil {
		return Entry{}, err
	}
	// One statement for all lines: an entry is posted inside every
	// shipment, invoice and payment, so its round trips count.
	var rows []string
	var args []any
	for i, l := range e.Lines {
		rows = append(rows, db.Placeholders(len(args), 9))
		args = append(args, e.ID, i, l.Account, l.PartyID, string(l.Debit.Currency()), l.Debit.Minor(), l.Credit.Minor(), e.Date.String(), l.Memo)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entry_line (entry_id, position, account, party_id, currency, debit_minor,
		credit_minor, entry_date, memo) VALUES `+strings.Join(rows, ", "), args...); err != nil {
		return Entry{}, err
	}
	return e, record(ctx, tx, "ledger_entry", e.ID, audit.ActionCreate, EventEntryPosted, nil, e)
}

// PostEntry posts a manual entry in the general journal. Errors: as PostTx.
func (s *Service) PostEntry(ctx context.Context, in EntryInput) (Entry, error) {
	in.SourceType, in.SourceID = "", ""
	var e Entry
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		e, err = s.PostTx(ctx, tx, in)
		return err
	})
	return e, err
}

// ReverseTx posts the mirror of an entry on a day and marks the entry
// reversed, in the caller's transaction. Errors: not_found,
// already_reversed.
func (s *Service) ReverseTx(ctx context.Context, tx *db.Tx, entryID string, on calendar.Date, memo string) (Entry, error) {
	orig, err := findEntry(ctx, tx, entryID)
	if err != nil {
		return Entry{}, err
	}
	if orig.ReversedBy != "" || orig.Reverses != "" {
		return Entry{}, ErrAlreadyReversed
	}
	in := EntryInput{Journal: orig.Journal, Date: on, Memo: memo, SourceType: orig.SourceType, SourceID: orig.SourceID, Reverses: orig.ID}
	if in.Memo == "" {
		in.Memo = "Reversal of " + orig.Number
	}
	for _, l := range orig.Lines {
		li := EntryLineInput{Account: l.Account, PartyID: l.PartyID, Memo: l.Memo}
		if l.Debit.Sign() > 0 {
			li.Credit = &l.Debit
		} else {
			li.Credit, li.Debit = nil, &l.Credit
		}
		in.Lines = append(in.Lines, li)
	}
	rev, err := s.PostTx(ctx, tx, in)
	if err != nil {
		return Entry{}, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE ledger_entry SET reversed_by = $1 WHERE id = $2 AND reversed_by = ''`, rev.ID, orig.ID)
	if err != nil {
		return Entry{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Entry{}, ErrAlreadyReversed
	}
	return rev, nil
}

// Reverse reverses an entry. Errors: as ReverseTx.
func (s *Service) Reverse(ctx context.Context, entryID string, on calendar.Date, memo string) (Entry, error) {
	var e Entry
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		e, err = s.ReverseTx(ctx, tx, entryID, on, memo)
		return err
	})
	return e, err
}

const entryColumns = `id, number, journal, entry_date, memo, source_type, source_id, reverses, reversed_by, created_by, created_at`

func scanEntry(s scanner) (Entry, error) {
	var e Entry
	var on string
	if err := s.Scan(&e.ID, &e.Number, &e.Journal, &on, &e.Memo, &e.SourceType, &e.SourceID, &e.Reverses, &e.ReversedBy, &e.CreatedBy, &e.CreatedAt); err != nil {
		return e, err
	}
	d, err := calendar.ParseDate(on)
	e.Date, e.CreatedAt = d, e.CreatedAt.UTC()
	return e, err
}

func findEntry(ctx context.Context, q db.Querier, key string) (Entry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM ledger_entry WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Entry{}, db.NotFound(err, "journal entry")
	}
	e.Lines, err = entryLines(ctx, q, e.ID)
	return e, err
}

func entryLines(ctx context.Context, q db.Querier, entryID string) ([]EntryLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT account, party_id, currency, debit_minor, credit_minor, memo FROM ledger_entry_line
		WHERE entry_id = $1 ORDER BY position`, entryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EntryLine
	for rows.Next() {
		var l EntryLine
		var cur string
		var debit, credit int64
		if err := rows.Scan(&l.Account, &l.PartyID, &cur, &debit, &credit, &l.Memo); err != nil {
			return nil, err
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return nil, err
		}
		l.Debit, l.Credit = money.New(debit, c), money.New(credit, c)
		out = append(out, l)
	}
	return out, rows.Err()
}

// FindEntry returns an entry by ID or number. Errors: not_found.
func (s *Service) FindEntry(ctx context.Context, key string) (Entry, error) {
	return findEntry(ctx, s.db, key)
}

// EntriesOf lists the entries a document posted, oldest first.
func (s *Service) EntriesOf(ctx context.Context, sourceType, sourceID string) ([]Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+entryColumns+` FROM ledger_entry WHERE source_type = $1 AND source_id = $2 ORDER BY number`,
		sourceType, sourceID)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = entryLines(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TrialBalanceRow is an account's totals in one currency.
type TrialBalanceRow struct {
	Account string       `json:"account"`
	Name    string       `json:"name"`
	Type    string       `json:"type"`
	Debit   money.Amount `json:"debit"`
	Credit  money.Amount `json:"credit"`
	Balance money.Amount `json:"balance" doc:"Debit − credit."`
}

// TrialBalance is every account's totals up to a day, per currency; the
// totals of each currency balance.
type TrialBalance struct {
	AsOf   calendar.Date     `json:"as_of" format:"date"`
	Rows   []TrialBalanceRow `json:"rows"`
	Totals []TrialBalanceRow `json:"totals" doc:"Per currency: total debits and credits, which are equal."`
}

// TrialBalanceOn returns the trial balance as of a day (inclusive).
func (s *Service) TrialBalanceOn(ctx context.Context, asOf calendar.Date) (TrialBalance, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT l.account, a.name, a.type, l.currency, SUM(l.debit_minor), SUM(l.credit_minor)
		FROM ledger_entry_line l JOIN ledger_account a ON a.code = l.account WHERE l.entry_date <= $1
		GROUP BY l.account, a.name, a.type, l.currency ORDER BY l.currency, l.account`, asOf.String())
	if err != nil {
		return TrialBalance{}, err
	}
	defer rows.Close()
	tb := TrialBalance{AsOf: asOf, Rows: []TrialBalanceRow{}, Totals: []TrialBalanceRow{}}
	for rows.Next() {
		var r TrialBalanceRow
		var cur string
		var debit, credit int64
		if err := rows.Scan(&r.Account, &r.Name, &r.Type, &cur, &debit, &credit); err != nil {
			return TrialBalance{}, err
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return TrialBalance{}, err
		}
		r.Debit, r.Credit, r.Balance = money.New(debit, c), money.New(credit, c), money.New(debit-credit, c)
		tb.Rows = append(tb.Rows, r)
		if n := len(tb.Totals); n == 0 || tb.Totals[n-1].Debit.Currency() != c {
			tb.Totals = append(tb.Totals, TrialBalanceRow{Debit: money.Zero(c), Credit: money.Zero(c), Balance: money.Zero(c)})
		}
		t := &tb.Totals[len(tb.Totals)-1]
		t.Debit, t.Credit = money.New(t.Debit.Minor()+debit, c), money.New(t.Credit.Minor()+credit, c)
		t.Balance = money.New(t.Debit.Minor()-t.Credit.Minor(), c)
	}
	return tb, rows.Err()
}

// AccountLine is a line of an account's ledger.
type AccountLine struct {
	EntryID     string        `json:"entry_id"`
	EntryNumber string        `json:"entry_number"`
	Position    int           `json:"position" doc:"The line's place in its entry."`
	Date        calendar.Date `json:"date" format:"date"`
	Memo        string        `json:"memo"`
	PartyID     string        `json:"party_id,omitempty"`
	Debit       money.Amount  `json:"debit"`
	Credit      money.Amount  `json:"credit"`
}

// AccountLineFilter selects an account's lines.
type AccountLineFilter struct {
	Account string
	PartyID string
	From    calendar.Date
	To      calendar.Date
	// AfterNumber and AfterPosition are the entry number and line position
	// of the last line of the previous page.
	AfterNumber   string
	AfterPosition int
	Limit         int
}

// AccountLines lists an account's lines in entry order. Errors: not_found.
func (s *Service) AccountLines(ctx context.Context, f AccountLineFilter) ([]AccountLine, error) {
	if _, err := findAccount(ctx, s.db, f.Account); err != nil {
		return nil, err
	}
	from, to := "", "9999-12-31"
	if !f.From.IsZero() {
		from = f.From.String()
	}
	if !f.To.IsZero() {
		to = f.To.String()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.number, l.position, l.entry_date, CASE WHEN l.memo <> '' THEN l.memo ELSE e.memo END, l.party_id,
		l.currency, l.debit_minor, l.credit_minor FROM ledger_entry_line l JOIN ledger_entry e ON e.id = l.entry_id
		WHERE l.account = $1 AND ($2 = '' OR l.party_id = $2) AND l.entry_date >= $3 AND l.entry_date <= $4
		AND (e.number > $5 OR (e.number = $5 AND l.position > $6)) ORDER BY e.number, l.position LIMIT $7`,
		f.Account, f.PartyID, from, to, f.AfterNumber, f.AfterPosition, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AccountLine{}
	for rows.Next() {
		var l AccountLine
		var on, cur string
		var debit, credit int64
		if err := rows.Scan(&l.EntryID, &l.EntryNumber, &l.Position, &on, &l.Memo, &l.PartyID, &cur, &debit, &credit); err != nil {
			return nil, err
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return nil, err
		}
		if l.Date, err = calendar.ParseDate(on); err != nil {
			return nil, err
		}
		l.Debit, l.Credit = money.New(debit, c), money.New(credit, c)
		out = append(out, l)
	}
	return out, rows.Err()
}

// TaxTx reads a tax in the caller's transaction. Errors: not_found.
func (s *Service) TaxTx(ctx context.Context, tx *db.Tx, code string) (Tax, error) {
	return s.cachedTax(ctx, tx, strings.TrimSpace(code))
}

// PaymentTermTx reads payment terms in the caller's transaction. Errors:
// not_found.
func (s *Service) PaymentTermTx(ctx context.Context, tx *db.Tx, code string) (PaymentTerm, error) {
	return s.cachedTerm(ctx, tx, strings.TrimSpace(code))
}

// PartyBalancesTx returns a party's balance (debits − credits) on the
// accounts with the given roles together, per currency, in one query, in
// the caller's transaction or any querier.
func (s *Service) PartyBalancesTx(ctx context.Context, q db.Querier, partyID string, roles ...string) (map[money.Currency]int64, error) {
	args := []any{partyID}
	in := make([]string, len(roles))
	for i, r := range roles {
		args = append(args, r)
		in[i] = "$" + strconv.Itoa(len(args))
	}
	return SumByCurrency(ctx, q, `SELECT l.currency, SUM(l.debit_minor - l.credit_minor) FROM ledger_entry_line l
		JOIN ledger_account a ON a.code = l.account WHERE l.party_id = $1 AND a.role IN (`+strings.Join(in, ", ")+`) GROUP BY l.currency`, args...)
}

// TaxAccountTx reports whether taxes may post to an account: it exists,
// is active, is a liability, and is no other posting role's account (a
// tax's account code written for another chart must not land in, say,
// customer credit).
func (s *Service) TaxAccountTx(ctx context.Context, tx *db.Tx, code string) bool {
	c, err := s.chartOf(ctx, tx)
	a, ok := c.byCode[code]
	return err == nil && ok && a.Active && a.Type == "liability" && (a.Role == "" || a.Role == RoleVATPayable)
}

// UnbalancedEntries returns the numbers of the entries whose lines do not
// balance in some currency: none, as PostTx refuses them; the ledger check
// proves it on the stored rows.
func (s *Service) UnbalancedEntries(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT e.number FROM ledger_entry e JOIN ledger_entry_line l ON l.entry_id = e.id
		GROUP BY e.number, l.currency HAVING SUM(l.debit_minor) <> SUM(l.credit_minor) ORDER BY e.number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// RoleBalances returns the balance (debits − credits) of the account with
// a role, per currency.
func (s *Service) RoleBalances(ctx context.Context, role string) (map[money.Currency]int64, error) {
	return SumByCurrency(ctx, s.db, `SELECT l.currency, SUM(l.debit_minor - l.credit_minor) FROM ledger_entry_line l
		JOIN ledger_account a ON a.code = l.account WHERE a.role = $1 GROUP BY l.currency`, role)
}

// SumByCurrency runs a query of (currency, sum) rows into a map.
func SumByCurrency(ctx context.Context, q db.Querier, query string, args ...any) (map[money.Currency]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[money.Currency]int64{}
	for rows.Next() {
		var cur string
		var sum int64
		if err := rows.Scan(&cur, &sum); err != nil {
			return nil, err
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return nil, err
		}
		out[c] += sum
	}
	return out, rows.Err()
}

// EntryCount returns how many entries the journal holds.
func (s *Service) EntryCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entry`).Scan(&n)
	return n, err
}
