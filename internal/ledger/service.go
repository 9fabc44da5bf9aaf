package ledger

import (
	"context"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions of the ledger module.
const (
	PermCurrencyRead   = "ledger.currency.read"
	PermCurrencyUpdate = "ledger.currency.update"
	PermRateRead       = "ledger.rate.read"
	PermRateCreate     = "ledger.rate.create"
	PermRateDelete     = "ledger.rate.delete"
	PermTaxRead        = "ledger.tax.read"
	PermTaxCreate      = "ledger.tax.create"
	PermTaxUpdate      = "ledger.tax.update"
	PermTermRead       = "ledger.term.read"
	PermTermCreate     = "ledger.term.create"
	PermTermUpdate     = "ledger.term.update"
)

// Events.
const (
	EventCurrencyCreated = "ledger.currency.created.v1"
	EventCurrencyUpdated = "ledger.currency.updated.v1"
	EventTaxCreated      = "ledger.tax.created.v1"
	EventTaxUpdated      = "ledger.tax.updated.v1"
	EventTermCreated     = "ledger.term.created.v1"
	EventTermUpdated     = "ledger.term.updated.v1"
)

// Errors.
var (
	ErrCurrencyExists = &apperr.Error{Kind: apperr.KindConflict, Code: "currency_exists",
		Message: "the currency is already listed; change its active flag to switch it on or off",
		Fields:  []apperr.FieldError{{Field: "code", Code: "taken", Message: "already listed"}}}
	ErrRateExists = &apperr.Error{Kind: apperr.KindConflict, Code: "exchange_rate_exists",
		Message: "a rate for this pair and day exists; delete it first to correct it",
		Fields:  []apperr.FieldError{{Field: "valid_on", Code: "taken", Message: "this pair already has a rate on this day"}}}
	ErrTaxExists = &apperr.Error{Kind: apperr.KindConflict, Code: "tax_exists", Message: "a tax with this code exists",
		Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "already used"}}}
	ErrTermExists = &apperr.Error{Kind: apperr.KindConflict, Code: "payment_term_exists", Message: "a payment term with this code exists",
		Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "already used"}}}
	// ErrNoRate is returned by RateOn when no rate of the pair, in either
	// direction, is valid on or before the day.
	ErrNoRate = &apperr.Error{Kind: apperr.KindNotFound, Code: "no_exchange_rate", Message: "no exchange rate is in force for this pair on this day"}
)

// Service is the ledger module's API.
type Service struct {
	db   *db.DB
	refs refs
}

// NewService returns the service.
func NewService(d *db.DB) *Service {
	return &Service{db: d}
}

func record(ctx context.Context, tx *db.Tx, entity, entityID, action, event string, before, after any) error {
	if event != "" {
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: entity, AggregateID: entityID, Payload: after}); err != nil {
			return err
		}
	}
	return audit.RecordTx(ctx, tx, entity, entityID, action, before, after)
}

// Currencies

// FindCurrencies lists the currencies in use (or, with f.Active, only the
// active or inactive ones), by code.
func (s *Service) FindCurrencies(ctx context.Context, f CurrencyFilter) ([]Currency, error) {
	return findCurrencies(ctx, s.db, f)
}

// FindCurrency returns a listed currency by code, in any case. Errors:
// not_found.
func (s *Service) FindCurrency(ctx context.Context, code string) (Currency, error) {
	cur, err := money.ParseCurrency(code)
	if err != nil {
		return Currency{}, apperr.NotFound("currency")
	}
	return findCurrency(ctx, s.db, cur)
}

// CreateCurrency puts an ISO 4217 currency in use, active. Errors:
// validation_failed (unknown_currency), currency_exists.
func (s *Service) CreateCurrency(ctx context.Context, in CurrencyInput) (Currency, error) {
	c, err := newCurrency(in)
	if err != nil {
		return Currency{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.Now(), tx.Now()
		if err := insertCurrency(ctx, tx, c); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrCurrencyExists
			}
			return err
		}
		return record(ctx, tx, "ledger_currency", string(c.Code), audit.ActionCreate, EventCurrencyCreated, nil, c)
	})
	return c, err
}

// UpdateCurrency renames a currency or switches it on or off; version is
// the version being changed. Errors: not_found, validation_failed,
// version_conflict.
func (s *Service) UpdateCurrency(ctx context.Context, code string, upd CurrencyUpdate, version int64) (Currency, error) {
	var after Currency
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := money.ParseCurrency(code)
		if err != nil {
			return apperr.NotFound("currency")
		}
		before, err := findCurrency(ctx, tx, cur)
		if err != nil {
			return err
		}
		after = before
		if err := upd.apply(&after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if ok, err := updateCurrency(ctx, tx, after, version); err != nil || !ok {
			return versionConflict(err, "currency")
		}
		return record(ctx, tx, "ledger_currency", string(cur), audit.ActionUpdate, EventCurrencyUpdated, before, after)
	})
	return after, err
}

// versionConflict returns err, or when the update touched no row (the row
// was read in the same transaction, so it exists) a version conflict.
func versionConflict(err error, resource string) error {
	if err != nil {
		return err
	}
	return apperr.VersionConflict(resource)
}

// Exchange rates

// FindRates lists exchange rates. Without f.On it lists the stored rates,
// the latest valid_on first; with f.On the rates in force on that day, one
// per pair. Errors: validation_failed (base, quote, on).
func (s *Service) FindRates(ctx context.Context, f RateFilter) ([]Rate, error) {
	var v apperr.Validator
	rf := rateFilter{after: f.After, limit: f.Limit}
	var err error
	if f.Base != "" {
		rf.base, err = money.ParseCurrency(f.Base)
		v.Check(err == nil, "base", "unknown_currency", "an ISO 4217 currency code such as EUR")
	}
	if f.Quote != "" {
		rf.quote, err = money.ParseCurrency(f.Quote)
		v.Check(err == nil, "quote", "unknown_currency", "an ISO 4217 currency code such as EUR")
	}
	if f.On != "" {
		rf.on, err = calendar.ParseDate(f.On)
		v.Check(err == nil, "on", "invalid_date", "a date written YYYY-MM-DD")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	switch {
	case rf.on.IsZero():
		return findRates(ctx, s.db, rf)
	case rf.base != "" && rf.quote != "":
		if f.After[0] != "" {
			return []Rate{}, nil // the one answer was on the first page
		}
		r, err := s.RateOn(ctx, rf.base, rf.quote, rf.on)
		if apperr.CodeOf(err) == ErrNoRate.Code {
			return []Rate{}, nil
		}
		if err != nil {
			return nil, err
		}
		return []Rate{r}, nil
	default:
		return findRatesOn(ctx, s.db, rf)
	}
}

// CreateRate records an exchange rate between two active currencies.
// Errors: validation_failed (unknown_currency, currency_not_active,
// same_currency, not_positive, invalid_date, …), exchange_rate_exists.
func (s *Service) CreateRate(ctx context.Context, in RateInput) (Rate, error) {
	r, err := newRate(in)
	if err != nil {
		return Rate{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var v apperr.Validator
		for _, f := range []struct {
			field string
			code  money.Currency
		}{{"base", r.Base}, {"quote", r.Quote}} {
			c, err := findCurrency(ctx, tx, f.code)
			if err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
				return err
			}
			v.Check(err == nil && c.Active, f.field, "currency_not_active", "not an active currency; add or activate it first")
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.ID, r.CreatedAt = id.New("fxr"), tx.Now()
		if err := insertRate(ctx, tx, r); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrRateExists
			}
			return err
		}
		return record(ctx, tx, "ledger_exchange_rate", r.ID, audit.ActionCreate, "", nil, r)
	})
	return r, err
}

// DeleteRate deletes a stored exchange rate, to correct a mistake. Errors:
// not_found.
func (s *Service) DeleteRate(ctx context.Context, rateID string) error {
	if !id.Valid("fxr", rateID) {
		return apperr.NotFound("exchange rate")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := findRate(ctx, tx, rateID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ledger_exchange_rate WHERE id = $1`, rateID); err != nil {
			return err
		}
		return record(ctx, tx, "ledger_exchange_rate", rateID, audit.ActionDelete, "", r, nil)
	})
}

// RateOn returns the base→quote rate in force on day: of the rates stored
// for the pair in either direction, the one with the latest valid_on not
// after day, a base→quote rate winning over a quote→base one of the same
// day. A quote→base rate is inverted exactly and rounded to RateScale
// decimals half away from zero (Rate.Invert); Convert can divide by the
// stored rate instead, which avoids that rounding. For base = quote it
// returns the rate 1. Errors: no_exchange_rate (ErrNoRate), and
// validation_failed when a tiny rate has no inverse of 10 decimals.
func (s *Service) RateOn(ctx context.Context, base, quote money.Currency, day calendar.Date) (Rate, error) {
	return rateOn(ctx, s.db, base, quote, day)
}

// RateOnTx is RateOn in the caller's transaction.
func (s *Service) RateOnTx(ctx context.Context, tx db.Querier, base, quote money.Currency, day calendar.Date) (Rate, error) {
	return rateOn(ctx, tx, base, quote, day)
}

func rateOn(ctx context.Context, q db.Querier, base, quote money.Currency, day calendar.Date) (Rate, error) {
	if base == quote {
		return Rate{Base: base, Quote: quote, Rate: FactorOf(rateOne), ValidOn: day, Source: "identity"}, nil
	}
	r, ok, err := latestRate(ctx, q, base, quote, day)
	if err != nil {
		return Rate{}, err
	}
	if !ok {
		e := *ErrNoRate
		e.Message = "no exchange rate from " + string(base) + " to " + string(quote) + " is in force on " + day.String()
		return Rate{}, &e
	}
	if r.Base != base {
		return r.Invert()
	}
	return r, nil
}

// Taxes

// FindTaxes lists taxes by code.
func (s *Service) FindTaxes(ctx context.Context, f TaxFilter) ([]Tax, error) {
	return findTaxes(ctx, s.db, f)
}

// FindTax returns a tax by code. Errors: not_found.
func (s *Service) FindTax(ctx context.Context, code string) (Tax, error) {
	return s.cachedTax(ctx, s.db, strings.TrimSpace(code))
}

// CreateTax defines a tax. Errors: validation_failed, tax_exists.
func (s *Service) CreateTax(ctx context.Context, in TaxInput) (Tax, error) {
	t, err := newTax(in)
	if err != nil {
		return Tax{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		t.Version, t.CreatedAt, t.UpdatedAt = 1, tx.Now(), tx.Now()
		if err := insertTax(ctx, tx, t); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrTaxExists
			}
			return err
		}
		return record(ctx, tx, "ledger_tax", t.Code, audit.ActionCreate, EventTaxCreated, nil, t)
	})
	s.refs.taxes.Reset()
	return t, err
}

// UpdateTax changes a tax; version is the version being changed. Errors:
// not_found, validation_failed, version_conflict.
func (s *Service) UpdateTax(ctx context.Context, code string, upd TaxUpdate, version int64) (Tax, error) {
	var after Tax
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findTax(ctx, tx, code)
		if err != nil {
			return err
		}
		after = before
		if err := upd.apply(&after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if ok, err := updateTax(ctx, tx, after, version); err != nil || !ok {
			return versionConflict(err, "tax")
		}
		return record(ctx, tx, "ledger_tax", code, audit.ActionUpdate, EventTaxUpdated, before, after)
	})
	s.refs.taxes.Reset()
	return after, err
}

// Payment terms

// FindPaymentTerms lists payment terms, shortest first.
func (s *Service) FindPaymentTerms(ctx context.Context, f PaymentTermFilter) ([]PaymentTerm, error) {
	return findTerms(ctx, s.db, f)
}

// FindPaymentTerm returns a payment term by code. Errors: not_found.
func (s *Service) FindPaymentTerm(ctx context.Context, code string) (PaymentTerm, error) {
	return findTerm(ctx, s.db, strings.TrimSpace(code))
}

// CreatePaymentTerm defines a payment term. Errors: validation_failed,
// payment_term_exists.
func (s *Service) CreatePaymentTerm(ctx context.Context, in PaymentTermInput) (PaymentTerm, error) {
	t, err := newPaymentTerm(in)
	if err != nil {
		return PaymentTerm{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		t.Version, t.CreatedAt, t.UpdatedAt = 1, tx.Now(), tx.Now()
		if err := insertTerm(ctx, tx, t); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrTermExists
			}
			return err
		}
		return record(ctx, tx, "ledger_payment_term", t.Code, audit.ActionCreate, EventTermCreated, nil, t)
	})
	s.refs.terms.Reset()
	return t, err
}

// UpdatePaymentTerm changes a payment term; version is the version being
// changed. Errors: not_found, validation_failed, version_conflict.
func (s *Service) UpdatePaymentTerm(ctx context.Context, code string, upd PaymentTermUpdate, version int64) (PaymentTerm, error) {
	var after PaymentTerm
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findTerm(ctx, tx, code)
		if err != nil {
			return err
		}
		after = before
		if err := upd.apply(&after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if ok, err := updateTerm(ctx, tx, after, version); err != nil || !ok {
			return versionConflict(err, "payment term")
		}
		return record(ctx, tx, "ledger_payment_term", code, audit.ActionUpdate, EventTermUpdated, before, after)
	})
	s.refs.terms.Reset()
	return after, err
}
