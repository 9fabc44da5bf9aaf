package sales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/sales"
)

// TestLineAmountsRoundTheNetOnce: the net is rounded once from the exact
// discounted amount, half away from zero, as the Northwind history rule
// says: 0.05 at 10% off is 0.045, which rounds to 0.05, not to 0.04 (which
// rounding the discount first would give).
func TestLineAmountsRoundTheNetOnce(t *testing.T) {
	usd, _ := money.ParseCurrency("USD")
	vat := ledger.Tax{Code: "VAT19", Rate: ledger.PercentFromPPM(190_000)}
	incl := ledger.Tax{Code: "VAT19I", Rate: ledger.PercentFromPPM(190_000), Included: true}
	for _, c := range []struct {
		price, qty, discount string
		tax                  *ledger.Tax
		net, tax_, total     string
	}{
		{"0.05", "1", "10", nil, "0.05", "0.00", "0.05"},
		{"0.15", "1", "10", nil, "0.14", "0.00", "0.14"}, // 0.135 → 0.14
		{"14.00", "12", "0", nil, "168.00", "0.00", "168.00"},
		{"19.99", "3", "15", &vat, "50.97", "9.68", "60.65"}, // 50.9745; 9.68415
		{"10.00", "1", "0", &incl, "8.40", "1.60", "10.00"},
		{"-2.50", "1", "10", nil, "-2.25", "0.00", "-2.25"},
	} {
		price, err := money.Parse(c.price, usd)
		require.NoError(t, err)
		qty, err := money.ParseQuantity(c.qty)
		require.NoError(t, err)
		d, err := ledger.ParsePercent(c.discount)
		require.NoError(t, err)
		net, tax, total, err := sales.LineAmounts(price, qty, d, c.tax)
		require.NoError(t, err)
		require.Equal(t, []string{c.net, c.tax_, c.total}, []string{net.String(), tax.String(), total.String()}, "%+v", c)
	}
}
