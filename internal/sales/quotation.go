package sales

import (
	"context"
	"strconv"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// Quotation permissions and events.
const (
	PermQuotationRead    = "sales.quotation.read"
	PermQuotationCreate  = "sales.quotation.create"
	PermQuotationUpdate  = "sales.quotation.update"
	PermQuotationSend    = "sales.quotation.send"
	PermQuotationConvert = "sales.quotation.convert"
	PermQuotationAll     = "sales.quotation.all"

	EventQuotationCreated   = "sales.quotation.created.v1"
	EventQuotationRevised   = "sales.quotation.revised.v1"
	EventQuotationSent      = "sales.quotation.sent.v1"
	EventQuotationConverted = "sales.quotation.converted.v1"
)

// Quotation statuses.
const (
	Sent     = "sent"
	Accepted = "accepted"
)

// DefaultValidity is how long a quotation is valid when no date is given.
const DefaultValidity = 30

// Quotation is an offer to a customer, priced like an order. Each revision
// replaces its lines and counts up; once accepted it became an order.
type Quotation struct {
	ID         string        `json:"id"`
	Number     string        `json:"number" doc:"Gap-free per year, e.g. QT-2026-00007."`
	Revision   int           `json:"revision" doc:"1 for the first offer, counting up with each revision."`
	Status     string        `json:"status" enum:"draft,sent,accepted"`
	Expired    bool          `json:"expired" doc:"valid_until has passed; it can no longer become an order."`
	CustomerID string        `json:"customer_id"`
	Currency   string        `json:"currency"`
	ValidUntil calendar.Date `json:"valid_until" format:"date"`
	OwnerID    string        `json:"owner_id"`
	OrderID    string        `json:"order_id,omitempty" doc:"The order it became."`
	// OpportunityID and CampaignID attribute the quotation, and the order
	// it becomes, to the CRM opportunity and campaign it came from.
	OpportunityID string       `json:"opportunity_id,omitempty" doc:"The CRM opportunity it was made for."`
	CampaignID    string       `json:"campaign_id,omitempty" doc:"The campaign it is attributed to (the opportunity's)."`
	Lines         []Line       `json:"lines"`
	Subtotal      money.Amount `json:"subtotal"`
	Tax           money.Amount `json:"tax"`
	Total         money.Amount `json:"total"`
	Version       int64        `json:"version"`
	CreatedAt     time.Time    `json:"created_at"`
	UpdatedAt     time.Time    `json:"updated_at"`
}

// QuotationInput is the content of a quotation (new or revised).
type QuotationInput struct {
	CustomerID string         `json:"customer_id" maxLength:"64"`
	Currency   string         `json:"currency,omitempty" maxLength:"3"`
	ValidUntil *calendar.Date `json:"valid_until,omitempty" format:"date" doc:"Defaults to 30 days from today."`
	Lines      []LineInput    `json:"lines" minItems:"1" maxItems:"500"`
}

// Errors.
var ErrQuotationExpired = apperr.Conflict("quotation_expired", "the quotation's validity has passed; revise it first")

// priceQuotation builds a quotation's content: customer, currency,
// validity, priced lines and totals.
func (s *Service) priceQuotation(ctx context.Context, q *Quotation, in QuotationInput) error {
	cust, err := s.parties.FindPartyBrief(ctx, in.CustomerID)
	if err != nil {
		return apperr.Invalid("no such customer", apperr.Field("customer_id", "not_found", "no customer with this ID or code you may see"))
	}
	var v apperr.Validator
	q.CustomerID, q.Currency = cust.ID, in.Currency
	if q.Currency == "" {
		q.Currency = cust.Currency
	}
	cur, curErr := money.ParseCurrency(q.Currency)
	v.Check(curErr == nil, "currency", "required", "the quotation's currency (the customer has none)")
	today := calendar.DateOf(time.Now().UTC())
	q.ValidUntil = today.AddDays(DefaultValidity)
	if in.ValidUntil != nil {
		q.ValidUntil = *in.ValidUntil
		v.Check(!q.ValidUntil.Before(today), "valid_until", "in_past", "must not be in the past")
	}
	if curErr == nil {
		q.Currency = string(cur)
		q.Lines = s.priceLines(ctx, &v, cust, cur, in.Lines, false)
	}
	if err := v.Err(); err != nil {
		return err
	}
	o := Order{Lines: q.Lines}
	if err := o.sum(cur); err != nil {
		return err
	}
	q.Subtotal, q.Tax, q.Total = o.Subtotal, o.Tax, o.Total
	return nil
}

// CreateQuotation creates a draft quotation. Errors: validation_failed.
func (s *Service) CreateQuotation(ctx context.Context, in QuotationInput) (Quotation, error) {
	return s.createQuotation(ctx, in, "", "")
}

func (s *Service) createQuotation(ctx context.Context, in QuotationInput, opportunityID, campaignID string) (Quotation, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Quotation{}, err
	}
	q := Quotation{ID: id.New("qt"), Revision: 1, Status: Draft, OwnerID: actor.UserID, Version: 1, OpportunityID: opportunityID,
		CampaignID: campaignID}
	if err := s.priceQuotation(ctx, &q, in); err != nil {
		return Quotation{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		q.CreatedAt, q.UpdatedAt = tx.Now(), tx.Now()
		var err error
		if q.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "QT", Year: tx.Now().Year()}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sales_quotation (id, number, revision, status, customer_id, currency, valid_until,
			owner_id, order_id, subtotal_minor, tax_minor, total_minor, version, created_at, updated_at, opportunity_id, campaign_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10, $11, $12, $13, $14, $15, $16)`,
			q.ID, q.Number, q.Revision, q.Status, q.CustomerID, q.Currency, q.ValidUntil.String(), q.OwnerID,
			q.Subtotal.Minor(), q.Tax.Minor(), q.Total.Minor(), q.Version, q.CreatedAt, q.UpdatedAt, q.OpportunityID, q.CampaignID); err != nil {
			return err
		}
		if err := insertLines(ctx, tx, "sales_quotation_line", "quotation_id", q.ID, q.Lines); err != nil {
			return err
		}
		return recordQuotation(ctx, tx, q, audit.ActionCreate, EventQuotationCreated, nil)
	})
	return q, err
}

func recordQuotation(ctx context.Context, tx *db.Tx, q Quotation, action, event string, before any) error {
	if err := audit.RecordTx(ctx, tx, "sales_quotation", q.ID, action, before, q); err != nil {
		return err
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "sales_quotation", AggregateID: q.ID, Payload: q})
	return err
}

const quotationColumns = `id, number, revision, status, customer_id, currency, valid_until, owner_id, order_id, subtotal_minor, tax_minor,
	total_minor, version, created_at, updated_at, opportunity_id, campaign_id`

func scanQuotation(s interface{ Scan(...any) error }) (Quotation, error) {
	var qt Quotation
	var valid string
	var sub, tax, total int64
	if err := s.Scan(&qt.ID, &qt.Number, &qt.Revision, &qt.Status, &qt.CustomerID, &qt.Currency, &valid, &qt.OwnerID, &qt.OrderID,
		&sub, &tax, &total, &qt.Version, &qt.CreatedAt, &qt.UpdatedAt, &qt.OpportunityID, &qt.CampaignID); err != nil {
		return qt, err
	}
	cur, err := money.ParseCurrency(qt.Currency)
	if err != nil {
		return qt, err
	}
	if qt.ValidUntil, err = calendar.ParseDate(valid); err != nil {
		return qt, err
	}
	qt.Subtotal, qt.Tax, qt.Total = money.New(sub, cur), money.New(tax, cur), money.New(total, cur)
	qt.CreatedAt, qt.UpdatedAt = qt.CreatedAt.UTC(), qt.UpdatedAt.UTC()
	qt.Expired = qt.Status != Accepted && qt.ValidUntil.Before(calendar.DateOf(time.Now().UTC()))
	return qt, nil
}

func findQuotation(ctx context.Context, q db.Querier, key string) (Quotation, error) {
	qt, err := scanQuotation(q.QueryRowContext(ctx, `SELECT `+quotationColumns+` FROM sales_quotation WHERE id = $1 OR number = $1`, key))
	if err != nil {
		return Quotation{}, db.NotFound(err, "quotation")
	}
	qt.Lines, err = readLines(ctx, q, "sales_quotation_line", "quotation_id", "0, 0, 0, 0", qt.ID, qt.Currency)
	return qt, err
}

// QuotationFilter selects quotations for FindQuotations.
type QuotationFilter struct {
	Status     string
	CustomerID string
	// Open keeps drafts and sent quotations that are still valid.
	Open bool
	// Q finds quotations whose number contains it.
	Q string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// QuotationSorts are the columns a list of quotations may be sorted by;
// ids grow with time, so "created" is the id.
var QuotationSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "number", Column: "number"},
	{Name: "valid_until", Column: "valid_until"},
	{Name: "total", Column: "total_minor", Numeric: true},
	{Name: "status", Column: "status"},
}

// SortValue is q's value of a sort field, for the cursor of a page ending
// at q.
func (q Quotation) SortValue(field string) string {
	switch field {
	case "number":
		return q.Number
	case "valid_until":
		return q.ValidUntil.String()
	case "total":
		return strconv.FormatInt(q.Total.Minor(), 10)
	case "status":
		return q.Status
	}
	return q.ID
}

// FindQuotations lists the quotations the principal may see, newest first.
func (s *Service) FindQuotations(ctx context.Context, f QuotationFilter) ([]Quotation, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	owner := ""
	if !actor.CanAll("sales.quotation") {
		owner = actor.UserID
	}
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true})
	and, args, orderBy, err := sort.Clause(f.After, []any{f.Status, f.CustomerID, owner, f.Open, Draft, Sent,
		calendar.DateOf(time.Now().UTC()).String(), db.Contains(f.Q)})
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+quotationColumns+` FROM sales_quotation WHERE ($1 = '' OR status = $1)
		AND ($2 = '' OR customer_id = $2) AND ($3 = '' OR owner_id = $3)
		AND ($4 = FALSE OR (status IN ($5, $6) AND valid_until >= $7))
		AND ($8 = '' OR LOWER(number) LIKE $8 ESCAPE '\')`+and+` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)),
		args...)
	if err != nil {
		return nil, err
	}
	var out []Quotation
	for rows.Next() {
		qt, err := scanQuotation(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, qt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = readLines(ctx, s.db, "sales_quotation_line", "quotation_id", "0, 0, 0, 0", out[i].ID, out[i].Currency); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) visibleQuotation(ctx context.Context, q db.Querier, key string) (Quotation, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Quotation{}, err
	}
	qt, err := findQuotation(ctx, q, key)
	if err != nil {
		return Quotation{}, err
	}
	if actor.CanAll("sales.quotation") || (qt.OwnerID != "" && qt.OwnerID == actor.UserID) {
		return qt, nil
	}
	return Quotation{}, apperr.NotFound("quotation")
}

// FindQuotation returns a quotation the principal may see. Errors:
// not_found.
func (s *Service) FindQuotation(ctx context.Context, key string) (Quotation, error) {
	return s.visibleQuotation(ctx, s.db, key)
}

// ReviseQuotation replaces a draft or sent quotation's content as a new
// revision, back in draft. Errors: not_found, invalid_state,
// version_conflict, validation_failed.
func (s *Service) ReviseQuotation(ctx context.Context, key string, in QuotationInput, version int64) (Quotation, error) {
	var after Quotation
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleQuotation(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Status == Accepted {
			return ErrInvalidState
		}
		after = before
		// Prices come from the services' own reads; nothing they read is
		// locked by this transaction.
		if err := s.priceQuotation(ctx, &after, in); err != nil {
			return err
		}
		after.Revision, after.Status, after.Version, after.UpdatedAt = before.Revision+1, Draft, before.Version+1, tx.Now()
		after.Expired = false
		res, err := tx.ExecContext(ctx, `UPDATE sales_quotation SET revision = $1, status = $2, customer_id = $3, currency = $4,
			valid_until = $5, subtotal_minor = $6, tax_minor = $7, total_minor = $8, version = $9, updated_at = $10 WHERE id = $11 AND version = $12`,
			after.Revision, after.Status, after.CustomerID, after.Currency, after.ValidUntil.String(), after.Subtotal.Minor(),
			after.Tax.Minor(), after.Total.Minor(), after.Version, after.UpdatedAt, after.ID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "sales_quotation", after.ID, "quotation"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sales_quotation_line WHERE quotation_id = $1`, after.ID); err != nil {
			return err
		}
		if err := insertLines(ctx, tx, "sales_quotation_line", "quotation_id", after.ID, after.Lines); err != nil {
			return err
		}
		return recordQuotation(ctx, tx, after, "revise", EventQuotationRevised, before)
	})
	return after, err
}

// SendQuotation marks a draft quotation as sent to the customer. Errors:
// not_found, invalid_state, version_conflict, quotation_expired.
func (s *Service) SendQuotation(ctx context.Context, key string, version int64) (Quotation, error) {
	return s.quotationStep(ctx, key, version, Draft, Sent, "send", EventQuotationSent, nil)
}

// ConvertQuotation turns a valid quotation into a draft order with the
// same lines and prices, in one transaction. Errors: not_found,
// invalid_state, version_conflict, quotation_expired.
func (s *Service) ConvertQuotation(ctx context.Context, key string, version int64) (Quotation, Order, error) {
	var o Order
	q, err := s.quotationStep(ctx, key, version, "", Accepted, "convert", EventQuotationConverted, func(tx *db.Tx, q *Quotation) error {
		if q.Status != Draft && q.Status != Sent {
			return ErrInvalidState
		}
		wh, err := s.warehouse(ctx, "")
		if err != nil {
			return err
		}
		o = Order{ID: id.New("so"), Status: Draft, CustomerID: q.CustomerID, WarehouseID: wh, Currency: q.Currency,
			OwnerID: q.OwnerID, Lines: q.Lines, Subtotal: q.Subtotal, Tax: q.Tax, Total: q.Total, Version: 1,
			OpportunityID: q.OpportunityID, CampaignID: q.CampaignID}
		if err := createOrderTx(ctx, tx, &o); err != nil {
			return err
		}
		q.OrderID = o.ID
		_, err = tx.ExecContext(ctx, `UPDATE sales_quotation SET order_id = $1 WHERE id = $2`, o.ID, q.ID)
		return err
	})
	return q, o, err
}

func (s *Service) quotationStep(ctx context.Context, key string, version int64, from, to, action, event string,
	effect func(tx *db.Tx, q *Quotation) error) (Quotation, error) {
	var after Quotation
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleQuotation(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("quotation")
		}
		if from != "" && before.Status != from {
			return ErrInvalidState
		}
		if before.Expired {
			return ErrQuotationExpired
		}
		after = before
		if effect != nil {
			if err := effect(tx, &after); err != nil {
				return err
			}
		}
		after.Status, after.Version, after.UpdatedAt = to, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE sales_quotation SET status = $1, version = $2, updated_at = $3 WHERE id = $4 AND version = $5`,
			after.Status, after.Version, after.UpdatedAt, after.ID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "sales_quotation", after.ID, "quotation"); err != nil {
			return err
		}
		return recordQuotation(ctx, tx, after, action, event, before)
	})
	return after, err
}
