package money

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseCurrency(t *testing.T) {
	valid := []struct {
		in   string
		want Currency
	}{
		{"USD", "USD"},
		{"usd", "USD"},
		{"Jpy", "JPY"},
		{"kWd", "KWD"},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseCurrency(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}

	invalid := []string{"", "US", "USDX", " USD", "USD ", "U$D", "123", "XXX", "ÄB", "ZZZ", "BGN", "XAU"}
	for _, in := range invalid {
		t.Run("invalid/"+in, func(t *testing.T) {
			_, err := ParseCurrency(in)
			require.ErrorIs(t, err, ErrUnknownCurrency)
		})
	}
}

func TestCurrencyValid(t *testing.T) {
	require.True(t, Currency("EUR").Valid())
	require.False(t, Currency("eur").Valid(), "Valid is case-sensitive; ParseCurrency normalizes")
	require.False(t, Currency("").Valid())
	require.False(t, Currency("EURO").Valid())
}

func TestCurrencyExponent(t *testing.T) {
	want := map[Currency]int{
		"USD": 2, "EUR": 2, "GBP": 2, "CNY": 2, "JPY": 0, "KRW": 0, "CHF": 2,
		"HKD": 2, "SGD": 2, "TWD": 2, "INR": 2, "AUD": 2, "CAD": 2, "NZD": 2,
		"SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "HUF": 2, "MXN": 2,
		"BRL": 2, "ZAR": 2, "RUB": 2, "TRY": 2, "AED": 2, "SAR": 2, "ILS": 2,
		"THB": 2, "MYR": 2, "IDR": 2, "PHP": 2, "VND": 0, "CLP": 0, "ISK": 0,
		"KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
		"UGX": 0, "XOF": 0, "XAF": 0, "PYG": 0,
	}
	for c, exp := range want {
		require.True(t, c.Valid(), c)
		require.Equal(t, exp, c.Exponent(), c)
	}
	require.Equal(t, 0, Currency("nope").Exponent())
}

func TestCurrencyTableWellFormed(t *testing.T) {
	require.Greater(t, len(exponents), 150)
	for c, exp := range exponents {
		require.Len(t, string(c), 3, c)
		for i := range 3 {
			require.True(t, 'A' <= c[i] && c[i] <= 'Z', c)
		}
		require.Contains(t, []int{0, 2, 3}, exp, c)
		got, err := ParseCurrency(string(c))
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
}
