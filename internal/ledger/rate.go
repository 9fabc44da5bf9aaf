package ledger

import (
	"errors"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"math/big"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Rate is an exchange rate valid from a business day until the next rate
// of the same pair: one unit of Base buys Rate units of Quote.
type Rate struct {
	ID        string         `json:"id" doc:"ID of the stored rate; for an inverted rate, of the stored rate it was derived from."`
	Base      money.Currency `json:"base" doc:"ISO 4217 code of the currency being priced."`
	Quote     money.Currency `json:"quote" doc:"ISO 4217 code of the currency the price is in."`
	Rate      Factor         `json:"rate" doc:"Units of quote for one unit of base: an exact decimal string with at most 10 decimals, e.g. \"1.085\"."`
	ValidOn   calendar.Date  `json:"valid_on" format:"date" doc:"The business day (YYYY-MM-DD) from which the rate applies."`
	Source    string         `json:"source" doc:"Where the rate comes from, e.g. ECB or manual."`
	Inverted  bool           `json:"inverted,omitempty" doc:"True when derived from the stored quote→base rate as its inverse, rounded to 10 decimals half away from zero."`
	CreatedAt time.Time      `json:"created_at"`
}

// RateInput records an exchange rate. Fields are strings so that every
// mistake comes back as a field error.
type RateInput struct {
	Base    string `json:"base" maxLength:"3" doc:"ISO 4217 code of an active currency."`
	Quote   string `json:"quote" maxLength:"3" doc:"ISO 4217 code of another active currency."`
	Rate    string `json:"rate" maxLength:"40" doc:"Units of quote for one unit of base, a positive decimal string with at most 10 decimals; never a JSON number."`
	ValidOn string `json:"valid_on" maxLength:"10" doc:"The business day from which the rate applies, YYYY-MM-DD."`
	Source  string `json:"source,omitempty" maxLength:"100" doc:"Where the rate comes from; defaults to manual."`
}

// RateFilter selects exchange rates for FindRates. Its fields are the query
// parameters as given and are validated there.
type RateFilter struct {
	Base  string // ISO 4217 code, any case
	Quote string
	// On (YYYY-MM-DD) asks for the rates in force on that day, one per pair:
	// the latest valid_on <= On. With Base and Quote both set it answers
	// what RateOn does, including an inverted rate.
	On string
	// After is the cursor: the valid_on and ID of the last rate seen, or
	// with On, its base and quote.
	After [2]string
	Limit int
}

// newRate validates in and returns the rate it describes.
func newRate(in RateInput) (Rate, error) {
	var v apperr.Validator
	base, errB := money.ParseCurrency(strings.TrimSpace(in.Base))
	v.Check(errB == nil, "base", "unknown_currency", "an ISO 4217 currency code such as EUR")
	quote, errQ := money.ParseCurrency(strings.TrimSpace(in.Quote))
	v.Check(errQ == nil, "quote", "unknown_currency", "an ISO 4217 currency code such as EUR")
	v.Check(errB != nil || errQ != nil || base != quote, "quote", "same_currency", "must differ from base")
	f, err := ParseFactor(strings.TrimSpace(in.Rate))
	switch {
	case errors.Is(err, ErrPrecision):
		v.Add("rate", "precision", "at most 10 decimal places")
	case err != nil:
		v.Add("rate", "invalid", `a decimal string such as "1.085"`)
	default:
		v.Check(f.units > 0, "rate", "not_positive", "must be greater than zero")
	}
	day, err := calendar.ParseDate(strings.TrimSpace(in.ValidOn))
	v.Check(err == nil, "valid_on", "invalid_date", "a date written YYYY-MM-DD")
	source := strings.TrimSpace(in.Source)
	if source == "" {
		source = "manual"
	}
	if err := v.Err(); err != nil {
		return Rate{}, err
	}
	return Rate{Base: base, Quote: quote, Rate: f, ValidOn: day, Source: source}, nil
}

// Invert returns the quote→base rate derived from r: its rate is 1/r.Rate
// rounded to RateScale decimals half away from zero (see Factor.Inverse),
// and Inverted is set. It fails only when the inverse does not fit.
func (r Rate) Invert() (Rate, error) {
	f, err := r.Rate.Inverse()
	if err != nil {
		return Rate{}, ErrRateRange
	}
	inv := r
	inv.Base, inv.Quote, inv.Rate, inv.Inverted = r.Quote, r.Base, f, !r.Inverted
	return inv, nil
}

// Errors of the rate arithmetic.
var (
	ErrRateRange = apperr.Invalid("the inverse of this exchange rate does not fit 10 decimal places",
		apperr.Field("rate", "out_of_range", "too small to invert"))
	ErrRateMismatch = apperr.Invalid("the exchange rate does not convert between these currencies",
		apperr.Field("currency", "rate_mismatch", "the rate must be between the amount's currency and the target currency"))
	ErrConvertOverflow = apperr.Invalid("the converted amount is too large",
		apperr.Field("amount", "too_large", "the result does not fit"))
)

// Convert converts amount into the currency to with rate, exactly, and
// rounds once, half away from zero, to the minor unit of to (2 decimals for
// EUR, none for JPY):
//
//	amount in rate.Base, to = rate.Quote:  amount × rate
//	amount in rate.Quote, to = rate.Base:  amount ÷ rate (exact division,
//	                                       not a rounded inverse rate)
//
// The computation is one money.Amount.MulRatio on the exact fraction
// rate × 10^(exponent(to) − exponent(from)). Converting into the amount's
// own currency returns amount unchanged without looking at rate. Errors:
// ErrRateMismatch when rate is not between the two currencies (or amount
// has none), ErrConvertOverflow when the result does not fit.
func Convert(amount money.Amount, to money.Currency, rate Rate) (money.Amount, error) {
	from := amount.Currency()
	if from == to && from.Valid() {
		return amount, nil
	}
	if !from.Valid() || !to.Valid() || rate.Rate.units <= 0 {
		return money.Amount{}, ErrRateMismatch
	}
	var r *big.Rat
	switch {
	case from == rate.Base && to == rate.Quote:
		r = big.NewRat(rate.Rate.units, rateOne)
	case from == rate.Quote && to == rate.Base:
		r = big.NewRat(rateOne, rate.Rate.units)
	default:
		return money.Amount{}, ErrRateMismatch
	}
	// Minor units of from → minor units of to.
	shift := to.Exponent() - from.Exponent()
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(shift, -shift))), nil)
	if shift >= 0 {
		r.Mul(r, new(big.Rat).SetInt(scale))
	} else {
		r.Quo(r, new(big.Rat).SetInt(scale))
	}
	if !r.Num().IsInt64() || !r.Denom().IsInt64() {
		return money.Amount{}, ErrConvertOverflow
	}
	v, err := amount.MulRatio(r.Num().Int64(), r.Denom().Int64())
	if err != nil {
		return money.Amount{}, ErrConvertOverflow
	}
	return money.New(v.Minor(), to), nil
}
