package ledger

import (
	"context"
	"database/sql"
	"errors"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
)

type scanner interface{ Scan(...any) error }

// where collects conditions with $n placeholders, numbered in order.
type where struct {
	conds []string
	args  []any
}

// add appends a condition whose ? marks stand, in order, for args.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Currencies

const currencyColumns = `code, name, active, version, created_at, updated_at`

func scanCurrency(s scanner) (Currency, error) {
	var c Currency
	var code string
	if err := s.Scan(&code, &c.Name, &c.Active, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return c, err
	}
	cur, err := money.ParseCurrency(code)
	if err != nil {
		return c, err
	}
	c.Code, c.Exponent, c.CreatedAt, c.UpdatedAt = cur, cur.Exponent(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func findCurrencies(ctx context.Context, q db.Querier, f CurrencyFilter) ([]Currency, error) {
	var w where
	if f.Active != nil {
		w.add("active = ?", *f.Active)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+currencyColumns+` FROM ledger_currency`+w.sql()+` ORDER BY code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Currency{}
	for rows.Next() {
		c, err := scanCurrency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func findCurrency(ctx context.Context, q db.Querier, code money.Currency) (Currency, error) {
	c, err := scanCurrency(q.QueryRowContext(ctx, `SELECT `+currencyColumns+` FROM ledger_currency WHERE code = $1`, string(code)))
	return c, db.NotFound(err, "currency")
}

func insertCurrency(ctx context.Context, tx *db.Tx, c Currency) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_currency (`+currencyColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		string(c.Code), c.Name, c.Active, c.Version, c.CreatedAt, c.UpdatedAt)
	return err
}

// updateCurrency writes c over the row at version and reports whether it
// did.
func updateCurrency(ctx context.Context, tx *db.Tx, c Currency, version int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE ledger_currency SET name = $1, active = $2, version = $3, updated_at = $4
		WHERE code = $5 AND version = $6`, c.Name, c.Active, c.Version, c.UpdatedAt, string(c.Code), version)
	return affectedOne(res, err)
}

func affectedOne(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Exchange rates

const rateColumns = `id, base, quote, rate_e10, valid_on, source, created_at`

func scanRate(s scanner) (Rate, error) {
	var r Rate
	var base, quote, validOn string
	var units int64
	if err := s.Scan(&r.ID, &base, &quote, &units, &validOn, &r.Source, &r.CreatedAt); err != nil {
		return r, err
	}
	var err error
	if r.Base, err = money.ParseCurrency(base); err != nil {
		return r, err
	}
	if r.Quote, err = money.ParseCurrency(quote); err != nil {
		return r, err
	}
	if r.ValidOn, err = calendar.ParseDate(validOn); err != nil {
		return r, err
	}
	r.Rate, r.CreatedAt = FactorOf(units), r.CreatedAt.UTC()
	return r, nil
}

func scanRates(rows *sql.Rows, err error) ([]Rate, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Rate{}
	for rows.Next() {
		r, err := scanRate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func insertRate(ctx context.Context, tx *db.Tx, r Rate) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_exchange_rate (`+rateColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.ID, string(r.Base), string(r.Quote), r.Rate.Units(), r.ValidOn.String(), r.Source, r.CreatedAt)
	return err
}

func findRate(ctx context.Context, q db.Querier, rateID string) (Rate, error) {
	r, err := scanRate(q.QueryRowContext(ctx, `SELECT `+rateColumns+` FROM ledger_exchange_rate WHERE id = $1`, rateID))
	return r, db.NotFound(err, "exchange rate")
}

// rateFilter is a validated RateFilter.
type rateFilter struct {
	base, quote money.Currency // "" for any
	on          calendar.Date  // zero for every stored rate
	after       [2]string
	limit       int
}

func (f rateFilter) pairs(w *where) {
	if f.base != "" {
		w.add("r.base = ?", string(f.base))
	}
	if f.quote != "" {
		w.add("r.quote = ?", string(f.quote))
	}
}

// findRates lists stored rates, newest valid_on first, then by ID.
func findRates(ctx context.Context, q db.Querier, f rateFilter) ([]Rate, error) {
	var w where
	f.pairs(&w)
	if f.after[0] != "" {
		w.add("(r.valid_on < ? OR (r.valid_on = ? AND r.id > ?))", f.after[0], f.after[0], f.after[1])
	}
	w.args = append(w.args, f.limit)
	return scanRates(q.QueryContext(ctx, `SELECT `+prefixed(rateColumns)+` FROM ledger_exchange_rate r`+w.sql()+
		` ORDER BY r.valid_on DESC, r.id LIMIT $`+strconv.Itoa(len(w.args)), w.args...))
}

// findRatesOn lists, per stored pair, the rate in force on f.on: the one
// with the latest valid_on not after it. Pairs come in base, quote order.
func findRatesOn(ctx context.Context, q db.Querier, f rateFilter) ([]Rate, error) {
	var w where
	w.add(`r.valid_on = (SELECT MAX(x.valid_on) FROM ledger_exchange_rate x
		WHERE x.base = r.base AND x.quote = r.quote AND x.valid_on <= ?)`, f.on.String())
	f.pairs(&w)
	if f.after[0] != "" {
		w.add("(r.base > ? OR (r.base = ? AND r.quote > ?))", f.after[0], f.after[0], f.after[1])
	}
	w.args = append(w.args, f.limit)
	return scanRates(q.QueryContext(ctx, `SELECT `+prefixed(rateColumns)+` FROM ledger_exchange_rate r`+w.sql()+
		` ORDER BY r.base, r.quote LIMIT $`+strconv.Itoa(len(w.args)), w.args...))
}

// latestRate returns the most recent rate valid on or before day that is
// stored for base→quote or quote→base; on the same day the base→quote rate
// wins. ok is false when there is none.
func latestRate(ctx context.Context, q db.Querier, base, quote money.Currency, day calendar.Date) (r Rate, ok bool, err error) {
	r, err = scanRate(q.QueryRowContext(ctx, `SELECT `+rateColumns+` FROM ledger_exchange_rate
		WHERE ((base = $1 AND quote = $2) OR (base = $2 AND quote = $1)) AND valid_on <= $3
		ORDER BY valid_on DESC, CASE WHEN base = $1 THEN 0 ELSE 1 END LIMIT 1`, string(base), string(quote), day.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return Rate{}, false, nil
	}
	return r, err == nil, err
}

func prefixed(cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = "r." + p
	}
	return strings.Join(parts, ", ")
}

// Taxes

const taxColumns = `code, name, rate_ppm, included, account_code, active, version, created_at, updated_at`

func scanTax(s scanner) (Tax, error) {
	var t Tax
	var ppm int64
	err := s.Scan(&t.Code, &t.Name, &ppm, &t.Included, &t.AccountCode, &t.Active, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	t.Rate, t.CreatedAt, t.UpdatedAt = PercentFromPPM(ppm), t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

func findTaxes(ctx context.Context, q db.Querier, f TaxFilter) ([]Tax, error) {
	var w where
	if f.Active != nil {
		w.add("active = ?", *f.Active)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+taxColumns+` FROM ledger_tax`+w.sql()+` ORDER BY code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Tax{}
	for rows.Next() {
		t, err := scanTax(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func findTax(ctx context.Context, q db.Querier, code string) (Tax, error) {
	t, err := scanTax(q.QueryRowContext(ctx, `SELECT `+taxColumns+` FROM ledger_tax WHERE code = $1`, code))
	return t, db.NotFound(err, "tax")
}

func insertTax(ctx context.Context, tx *db.Tx, t Tax) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_tax (`+taxColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		t.Code, t.Name, t.Rate.PPM(), t.Included, t.AccountCode, t.Active, t.Version, t.CreatedAt, t.UpdatedAt)
	return err
}

func updateTax(ctx context.Context, tx *db.Tx, t Tax, version int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE ledger_tax SET name = $1, rate_ppm = $2, included = $3, account_code = $4,
		active = $5, version = $6, updated_at = $7 WHERE code = $8 AND version = $9`,
		t.Name, t.Rate.PPM(), t.Included, t.AccountCode, t.Active, t.Version, t.UpdatedAt, t.Code, version)
	return affectedOne(res, err)
}

// Payment terms

const termColumns = `code, name, net_days, discount_days, discount_ppm, end_of_month, active, version, created_at, updated_at`

func scanTerm(s scanner) (PaymentTerm, error) {
	var t PaymentTerm
	var ppm int64
	err := s.Scan(&t.Code, &t.Name, &t.NetDays, &t.DiscountDays, &ppm, &t.EndOfMonth, &t.Active, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	t.DiscountPercent, t.CreatedAt, t.UpdatedAt = PercentFromPPM(ppm), t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

func findTerms(ctx context.Context, q db.Querier, f PaymentTermFilter) ([]PaymentTerm, error) {
	var w where
	if f.Active != nil {
		w.add("active = ?", *f.Active)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+termColumns+` FROM ledger_payment_term`+w.sql()+` ORDER BY net_days, code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PaymentTerm{}
	for rows.Next() {
		t, err := scanTerm(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func findTerm(ctx context.Context, q db.Querier, code string) (PaymentTerm, error) {
	t, err := scanTerm(q.QueryRowContext(ctx, `SELECT `+termColumns+` FROM ledger_payment_term WHERE code = $1`, code))
	return t, db.NotFound(err, "payment term")
}

func insertTerm(ctx context.Context, tx *db.Tx, t PaymentTerm) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_payment_term (`+termColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		t.Code, t.Name, t.NetDays, t.DiscountDays, t.DiscountPercent.PPM(), t.EndOfMonth, t.Active, t.Version, t.CreatedAt, t.UpdatedAt)
	return err
}

func updateTerm(ctx context.Context, tx *db.Tx, t PaymentTerm, version int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE ledger_payment_term SET name = $1, net_days = $2, discount_days = $3, discount_ppm = $4,
		end_of_month = $5, active = $6, version = $7, updated_at = $8 WHERE code = $9 AND version = $10`,
		t.Name, t.NetDays, t.DiscountDays, t.DiscountPercent.PPM(), t.EndOfMonth, t.Active, t.Version, t.UpdatedAt, t.Code, version)
	return affectedOne(res, err)
}
