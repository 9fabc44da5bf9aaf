package ledger

import (
	"github.com/concord-erp/concord/internal/platform/calendar"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

func amount(t *testing.T, s string, c money.Currency) money.Amount {
	t.Helper()
	a, err := money.Parse(s, c)
	require.NoError(t, err)
	return a
}

func rate(t *testing.T, base, quote money.Currency, f string) Rate {
	t.Helper()
	v, err := ParseFactor(f)
	require.NoError(t, err)
	return Rate{Base: base, Quote: quote, Rate: v}
}

func TestConvertRoundsOnceToTheTargetMinorUnit(t *testing.T) {
	usdEUR := rate(t, "USD", "EUR", "0.92")
	usdJPY := rate(t, "USD", "JPY", "150.5")
	jpyUSD := rate(t, "JPY", "USD", "0.0066666667")
	eurKWD := rate(t, "EUR", "KWD", "0.3312")
	cases := []struct {
		name   string
		amount money.Amount
		to     money.Currency
		rate   Rate
		want   string
	}{
		{"plain", amount(t, "100.00", "USD"), "EUR", usdEUR, "92.00"},
		{"cent rounds half up", amount(t, "0.25", "USD"), "EUR", rate(t, "USD", "EUR", "1.1"), "0.28"},                   // 0.275
		{"cent rounds half away when negative", amount(t, "-0.25", "USD"), "EUR", rate(t, "USD", "EUR", "1.1"), "-0.28"}, // -0.275
		{"not half to even", amount(t, "0.05", "USD"), "EUR", rate(t, "USD", "EUR", "0.5"), "0.03"},                      // 0.025
		{"to a currency without minor unit", amount(t, "0.01", "USD"), "JPY", usdJPY, "2"},                               // 1.505
		{"to a currency without minor unit, negative", amount(t, "-0.01", "USD"), "JPY", usdJPY, "-2"},
		{"from a currency without minor unit", amount(t, "1000", "JPY"), "USD", jpyUSD, "6.67"}, // 6.6666667
		{"divides when the rate is the other way round", amount(t, "1000", "JPY"), "USD", rate(t, "USD", "JPY", "150"), "6.67"},
		// × 0.3333333333 would give 99999999.99
		{"divides exactly, not by a rounded inverse", amount(t, "300000000.00", "EUR"), "USD", rate(t, "USD", "EUR", "3"), "100000000.00"},
		{"to three decimals", amount(t, "1.00", "EUR"), "KWD", eurKWD, "0.331"},   // 0.3312
		{"from three decimals", amount(t, "0.100", "KWD"), "EUR", eurKWD, "0.30"}, // 0.30193…
		{"same currency", amount(t, "12.34", "EUR"), "EUR", Rate{}, "12.34"},
		{"float trap", amount(t, "2.50", "USD"), "EUR", rate(t, "USD", "EUR", "0.21"), "0.53"}, // 0.525 exactly
	}
	for _, c := range cases {
		got, err := Convert(c.amount, c.to, c.rate)
		require.NoError(t, err, c.name)
		require.Equal(t, c.to, got.Currency(), c.name)
		require.Equal(t, c.want, got.String(), c.name)
	}

	_, err := Convert(amount(t, "1.00", "GBP"), "EUR", usdEUR)
	require.ErrorIs(t, err, ErrRateMismatch, "a GBP amount does not convert with a USD→EUR rate")
	_, err = Convert(amount(t, "1.00", "USD"), "JPY", usdEUR)
	require.ErrorIs(t, err, ErrRateMismatch)
	_, err = Convert(money.Amount{}, "EUR", usdEUR)
	require.ErrorIs(t, err, ErrRateMismatch, "an amount without currency")
	_, err = Convert(money.New(9_000_000_000_000_000_000, "JPY"), "USD", rate(t, "JPY", "USD", "150"))
	require.ErrorIs(t, err, ErrConvertOverflow)
	require.Equal(t, apperr.KindInvalid, apperr.KindOf(err))
}

func TestInvert(t *testing.T) {
	r := rate(t, "EUR", "USD", "1.085")
	r.ID = "fxr_x"
	inv, err := r.Invert()
	require.NoError(t, err)
	require.Equal(t, money.Currency("USD"), inv.Base)
	require.Equal(t, money.Currency("EUR"), inv.Quote)
	require.Equal(t, "0.9216589862", inv.Rate.String())
	require.True(t, inv.Inverted)
	require.Equal(t, "fxr_x", inv.ID, "an inverted rate names the stored rate it comes from")
	_, err = rate(t, "EUR", "USD", "0.000000001").Invert()
	require.ErrorIs(t, err, ErrRateRange)
}

// fields returns the field errors of err, field → code.
func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	ae, ok := apperr.As(err)
	require.True(t, ok, "%v", err)
	out := map[string]string{}
	for _, f := range ae.Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestNewRateValidation(t *testing.T) {
	fieldsOf := func(err error) map[string]string { return fields(t, err) }
	_, err := newRate(RateInput{Base: "XYZ", Quote: "usd", Rate: "-1", ValidOn: "2026-02-30"})
	require.Equal(t, map[string]string{"base": "unknown_currency", "rate": "not_positive", "valid_on": "invalid_date"}, fieldsOf(err))
	_, err = newRate(RateInput{Base: "USD", Quote: "USD", Rate: "0", ValidOn: "26-01-01"})
	require.Equal(t, map[string]string{"quote": "same_currency", "rate": "not_positive", "valid_on": "invalid_date"}, fieldsOf(err))
	_, err = newRate(RateInput{Base: "USD", Quote: "EUR", Rate: "1.00000000001", ValidOn: "2026-01-01"})
	require.Equal(t, map[string]string{"rate": "precision"}, fieldsOf(err))
	_, err = newRate(RateInput{Base: "USD", Quote: "EUR", Rate: "1e3", ValidOn: "2026-01-01"})
	require.Equal(t, map[string]string{"rate": "invalid"}, fieldsOf(err))
	r, err := newRate(RateInput{Base: "usd", Quote: "eur", Rate: "0.92", ValidOn: "2026-01-01"})
	require.NoError(t, err)
	require.Equal(t, Rate{Base: "USD", Quote: "EUR", Rate: FactorOf(9_200_000_000), ValidOn: calendar.NewDate(2026, 1, 1), Source: "manual"}, r)
}
