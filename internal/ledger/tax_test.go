package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/money"
)

func tax(t *testing.T, pct string, included bool) Tax {
	t.Helper()
	p, err := ParsePercent(pct)
	require.NoError(t, err)
	return Tax{Code: "T", Rate: p, Included: included}
}

func TestTaxOnExcluded(t *testing.T) {
	cases := []struct {
		amount string
		cur    money.Currency
		rate   string
		tax    string
	}{
		{"10.00", "EUR", "19", "1.90"},
		{"0.05", "EUR", "19", "0.01"},    // 0.0095
		{"0.25", "EUR", "10", "0.03"},    // 0.025: half away from zero, not to even (0.02)
		{"-0.25", "EUR", "10", "-0.03"},  // a credit note rounds symmetrically
		{"0.15", "EUR", "10", "0.02"},    // 0.015
		{"0.14", "EUR", "10", "0.01"},    // 0.014
		{"2.50", "USD", "21", "0.53"},    // 0.525, which a float64 holds as 0.52499…
		{"1.00", "USD", "8.875", "0.09"}, // 0.08875
		{"1.15", "EUR", "19", "0.22"},    // 0.2185
		{"5", "JPY", "10", "1"},          // 0.5 yen
		{"1234", "JPY", "8", "99"},       // 98.72
		{"0.010", "KWD", "5", "0.001"},   // 0.0005
		{"99.99", "EUR", "0", "0.00"},
		{"10.00", "EUR", "0.0001", "0.00"},
		{"92233720368547758.07", "USD", "0", "0.00"},
	}
	for _, c := range cases {
		a := amount(t, c.amount, c.cur)
		base, tx, err := TaxOn(a, tax(t, c.rate, false))
		require.NoError(t, err)
		require.Equal(t, a, base, "an excluded tax leaves the amount as the base")
		require.Equal(t, c.tax, tx.String(), "%s %s at %s%%", c.amount, c.cur, c.rate)
		require.Equal(t, c.cur, tx.Currency())
	}
}

func TestTaxOnIncluded(t *testing.T) {
	cases := []struct {
		amount string
		cur    money.Currency
		rate   string
		base   string
		tax    string
	}{
		{"119.00", "EUR", "19", "100.00", "19.00"},
		{"10.00", "EUR", "19", "8.40", "1.60"}, // 8.4033…
		{"1.00", "EUR", "19", "0.84", "0.16"},  // 0.8403…
		{"0.05", "EUR", "100", "0.03", "0.02"}, // base 0.025 rounds up; tax is the rest
		{"-0.05", "EUR", "100", "-0.03", "-0.02"},
		{"0.01", "EUR", "25", "0.01", "0.00"},  // 0.008
		{"0.01", "EUR", "300", "0.00", "0.01"}, // 0.0025
		{"1000", "JPY", "10", "909", "91"},     // 909.09…
		{"105", "JPY", "5", "100", "5"},
		{"1.000", "KWD", "5", "0.952", "0.048"}, // 0.95238…
		{"50.00", "EUR", "0", "50.00", "0.00"},
		{"100.00", "EUR", "8.875", "91.85", "8.15"}, // 91.8484…
	}
	for _, c := range cases {
		a := amount(t, c.amount, c.cur)
		base, tx, err := TaxOn(a, tax(t, c.rate, true))
		require.NoError(t, err)
		require.Equal(t, c.base, base.String(), "base of %s %s including %s%%", c.amount, c.cur, c.rate)
		require.Equal(t, c.tax, tx.String(), "tax of %s %s including %s%%", c.amount, c.cur, c.rate)
		sum, err := base.Add(tx)
		require.NoError(t, err)
		require.Equal(t, a, sum, "base + tax is always the amount")
	}
}

func TestTaxOnErrors(t *testing.T) {
	_, _, err := TaxOn(money.Amount{}, tax(t, "19", false))
	require.ErrorIs(t, err, ErrNoCurrency)
	_, _, err = TaxOn(money.New(9_000_000_000_000_000_000, "JPY"), tax(t, "1000", false))
	require.ErrorIs(t, err, ErrTaxOverflow)
}

func TestNewTaxValidation(t *testing.T) {
	_, err := newTax(TaxInput{Code: "VAT 19", Name: " ", Rate: "-1"})
	require.Equal(t, map[string]string{"code": "invalid", "name": "required", "rate": "negative"}, fields(t, err))
	_, err = newTax(TaxInput{Code: "VAT19", Name: "VAT", Rate: "1000.0001"})
	require.Equal(t, map[string]string{"rate": "too_large"}, fields(t, err))
	_, err = newTax(TaxInput{Code: "VAT19", Name: "VAT", Rate: "19.00001"})
	require.Equal(t, map[string]string{"rate": "precision"}, fields(t, err))
	tx, err := newTax(TaxInput{Code: "VAT19", Name: "VAT 19%", Rate: "19", Included: true, AccountCode: "2200"})
	require.NoError(t, err)
	require.Equal(t, Tax{Code: "VAT19", Name: "VAT 19%", Rate: PercentFromPPM(190000), Included: true, AccountCode: "2200", Active: true}, tx)
}
