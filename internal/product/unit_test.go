package product

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/money"
)

func TestConvertIsExactAndRoundsHalfAwayFromZero(t *testing.T) {
	kg := Unit{Code: "kg", Category: "weight", RatioNum: 1, RatioDen: 1}
	g := Unit{Code: "g", Category: "weight", RatioNum: 1, RatioDen: 1000}
	lb := Unit{Code: "lb", Category: "weight", RatioNum: 45359237, RatioDen: 100000000}
	dozen := Unit{Code: "dozen", Category: "unit", RatioNum: 12, RatioDen: 1}
	pcs := Unit{Code: "pcs", Category: "unit", RatioNum: 1, RatioDen: 1}
	q := func(s string) money.Quantity {
		v, err := money.ParseQuantity(s)
		require.NoError(t, err)
		return v
	}
	cases := []struct {
		in       string
		from, to Unit
		want     string
	}{
		{"2.5", kg, g, "2500"},
		{"1", g, kg, "0.001"},
		{"0.3", g, kg, "0.0003"},
		{"0.05", g, kg, "0.0001"},   // 0.00005 rounds up
		{"-0.05", g, kg, "-0.0001"}, // and away from zero when negative
		{"0.04", g, kg, "0"},
		{"1", lb, kg, "0.4536"},
		{"10", kg, lb, "22.0462"},
		{"3", dozen, pcs, "36"},
	}
	for _, c := range cases {
		got, err := Convert(q(c.in), c.from, c.to)
		require.NoError(t, err)
		require.Equal(t, c.want, got.String(), "%s %s → %s", c.in, c.from.Code, c.to.Code)
	}
	_, err := Convert(q("1"), kg, pcs)
	require.ErrorIs(t, err, ErrIncompatibleUnits)
}

func TestGTINCheckDigit(t *testing.T) {
	for _, good := range []string{"4006381333931", "036000291452", "96385074", "10614141000415"} {
		require.True(t, validGTIN(good), good)
	}
	for _, bad := range []string{"4006381333932", "036000291453"} {
		require.False(t, validGTIN(bad), bad)
	}
}
