package ledger

import (
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Currency is an ISO 4217 currency the company uses. Only codes that money
// knows can be listed; their minor units come from money, so they are
// reported but never stored or changed here.
type Currency struct {
	Code      money.Currency `json:"code" doc:"ISO 4217 code, e.g. EUR."`
	Name      string         `json:"name"`
	Exponent  int            `json:"exponent" doc:"Number of minor-unit digits (ISO 4217): 2 for EUR, 0 for JPY, 3 for KWD."`
	Active    bool           `json:"active" doc:"Inactive currencies keep their history but take no new exchange rates."`
	Version   int64          `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// CurrencyInput puts a currency in use.
type CurrencyInput struct {
	Code string `json:"code" maxLength:"3" doc:"ISO 4217 code; case does not matter."`
	Name string `json:"name,omitempty" maxLength:"100" doc:"Display name; defaults to the code."`
}

// CurrencyUpdate changes a currency; nil fields stay as they are.
type CurrencyUpdate struct {
	Name   *string `json:"name,omitempty" maxLength:"100"`
	Active *bool   `json:"active,omitempty"`
}

// CurrencyFilter selects currencies for FindCurrencies.
type CurrencyFilter struct {
	Active *bool
}

// newCurrency validates in and returns the currency it describes.
func newCurrency(in CurrencyInput) (Currency, error) {
	var v apperr.Validator
	code, err := money.ParseCurrency(strings.TrimSpace(in.Code))
	v.Check(err == nil, "code", "unknown_currency", "an ISO 4217 currency code such as EUR")
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name = string(code)
	}
	if err := v.Err(); err != nil {
		return Currency{}, err
	}
	return Currency{Code: code, Name: name, Exponent: code.Exponent(), Active: true}, nil
}

func (u CurrencyUpdate) apply(c *Currency) error {
	var v apperr.Validator
	if u.Name != nil {
		c.Name = strings.TrimSpace(*u.Name)
		v.Check(c.Name != "", "name", "required", "a name, or leave the field out")
	}
	if u.Active != nil {
		c.Active = *u.Active
	}
	return v.Err()
}
