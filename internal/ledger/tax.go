package ledger

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Tax is a sales or purchase tax applied to line amounts, such as VAT 19%.
type Tax struct {
	Code        string    `json:"code" doc:"Unique, e.g. VAT19."`
	Name        string    `json:"name"`
	Rate        Percent   `json:"rate" doc:"The tax rate as a decimal percentage string with up to 4 decimals, e.g. \"19.00\"."`
	Included    bool      `json:"included" doc:"True when prices already include the tax (the tax is taken out of the amount); false when it is added on top."`
	AccountCode string    `json:"account_code" doc:"Code of the ledger account the tax posts to."`
	Active      bool      `json:"active" doc:"Inactive taxes stay on old documents but are not offered for new ones."`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TaxInput defines a tax.
type TaxInput struct {
	Code        string `json:"code" maxLength:"40" doc:"1 to 40 letters, digits, '.', '_' or '-'."`
	Name        string `json:"name" maxLength:"200"`
	Rate        string `json:"rate" maxLength:"40" doc:"Percentage as a decimal string, 0 to 1000 with at most 4 decimals, e.g. \"19.00\"; never a JSON number."`
	Included    bool   `json:"included,omitempty" doc:"Prices include the tax; defaults to false (tax added on top)."`
	AccountCode string `json:"account_code,omitempty" maxLength:"40" doc:"Ledger account the tax posts to."`
	Active      *bool  `json:"active,omitempty" doc:"Defaults to true."`
}

// TaxUpdate changes a tax; nil fields stay as they are. The code never
// changes.
type TaxUpdate struct {
	Name        *string `json:"name,omitempty" maxLength:"200"`
	Rate        *string `json:"rate,omitempty" maxLength:"40" doc:"Percentage as a decimal string, e.g. \"19.00\"."`
	Included    *bool   `json:"included,omitempty"`
	AccountCode *string `json:"account_code,omitempty" maxLength:"40"`
	Active      *bool   `json:"active,omitempty"`
}

// TaxFilter selects taxes for FindTaxes.
type TaxFilter struct {
	Active *bool
}

// maxPercentPPM bounds tax rates at 1000%: some excise duties exceed 100%,
// nothing legitimate comes near this.
const maxPercentPPM = 1000 * 10_000

var refCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// percentField checks a percentage field, from 0 to limit parts per
// million, and returns its value and whether it is valid.
func percentField(v *apperr.Validator, field, s string, limit int64, limitText string) (Percent, bool) {
	p, err := ParsePercent(strings.TrimSpace(s))
	switch {
	case errors.Is(err, ErrPrecision):
		v.Add(field, "precision", "at most 4 decimal places")
	case err != nil:
		v.Add(field, "invalid", `a decimal percentage string such as "19.00"`)
	case p.ppm < 0:
		v.Add(field, "negative", "must not be negative")
	case p.ppm > limit:
		v.Add(field, "too_large", "at most "+limitText)
	default:
		return p, true
	}
	return p, false
}

// newTax validates in and returns the tax it describes.
func newTax(in TaxInput) (Tax, error) {
	var v apperr.Validator
	t := Tax{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Included: in.Included,
		AccountCode: strings.TrimSpace(in.AccountCode), Active: in.Active == nil || *in.Active}
	v.Check(refCode.MatchString(t.Code), "code", "invalid", "1 to 40 letters, digits, '.', '_' or '-'")
	v.Check(t.Name != "", "name", "required", "the tax's name")
	t.Rate, _ = percentField(&v, "rate", in.Rate, maxPercentPPM, "1000")
	return t, v.Err()
}

func (u TaxUpdate) apply(t *Tax) error {
	var v apperr.Validator
	if u.Name != nil {
		t.Name = strings.TrimSpace(*u.Name)
		v.Check(t.Name != "", "name", "required", "a name, or leave the field out")
	}
	if u.Rate != nil {
		t.Rate, _ = percentField(&v, "rate", *u.Rate, maxPercentPPM, "1000")
	}
	if u.Included != nil {
		t.Included = *u.Included
	}
	if u.AccountCode != nil {
		t.AccountCode = strings.TrimSpace(*u.AccountCode)
	}
	if u.Active != nil {
		t.Active = *u.Active
	}
	return v.Err()
}

// ErrTaxOverflow is returned when a tax computation does not fit an amount.
var ErrTaxOverflow = apperr.Invalid("the amount is too large to compute its tax",
	apperr.Field("amount", "too_large", "the result does not fit"))

// ErrNoCurrency is returned for an amount without a currency.
var ErrNoCurrency = apperr.Invalid("the amount has no currency",
	apperr.Field("amount", "required", "an amount with its currency"))

// TaxOn splits the line amount into its base and its tax under t, rounding
// once, half away from zero, to the currency's minor unit:
//
//	excluded tax (t.Included false), amount is the net price:
//	    tax = amount × rate          base = amount
//	included tax (t.Included true), amount is the gross price:
//	    base = amount ÷ (1 + rate)   tax = amount − base
//
// so for an included tax base + tax is always exactly amount. With a 19%
// tax, 10.00 excluded gives a tax of 1.90; 10.00 included gives a base of
// 8.40 (8.403…) and a tax of 1.60. Negative amounts (credit notes) round
// symmetrically. Errors: ErrNoCurrency, ErrTaxOverflow.
func TaxOn(amount money.Amount, t Tax) (base, tax money.Amount, err error) {
	if !amount.Currency().Valid() {
		return money.Amount{}, money.Amount{}, ErrNoCurrency
	}
	if !t.Included {
		tax, err = amount.MulRatio(t.Rate.ppm, ppmOne)
		if err != nil {
			return money.Amount{}, money.Amount{}, ErrTaxOverflow
		}
		return amount, tax, nil
	}
	base, err = amount.MulRatio(ppmOne, ppmOne+t.Rate.ppm)
	if err != nil {
		return money.Amount{}, money.Amount{}, ErrTaxOverflow
	}
	tax, err = amount.Sub(base)
	if err != nil {
		return money.Amount{}, money.Amount{}, ErrTaxOverflow
	}
	return base, tax, nil
}
