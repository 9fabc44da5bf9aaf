package ledger

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseFactor(t *testing.T) {
	good := []struct {
		in    string
		units int64
		out   string
	}{
		{"1.085", 10850000000, "1.085"},
		{"1", 10000000000, "1"},
		{"0150.50", 1505000000000, "150.5"},
		{"0.0000000001", 1, "0.0000000001"},
		{"0.0066666667", 66666667, "0.0066666667"},
		{"922337203.6854775807", math.MaxInt64, "922337203.6854775807"},
		{"0", 0, "0"},
		{"-1.5", -15000000000, "-1.5"}, // parses; validation refuses it
	}
	for _, c := range good {
		f, err := ParseFactor(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.units, f.Units(), c.in)
		require.Equal(t, c.out, f.String(), c.in)
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back Factor
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, f, back)
	}
	bad := []struct {
		in   string
		want error
	}{
		{"", ErrSyntax}, {"-", ErrSyntax}, {"+1", ErrSyntax}, {"1.", ErrSyntax}, {".5", ErrSyntax},
		{"1e3", ErrSyntax}, {" 1", ErrSyntax}, {"1,5", ErrSyntax}, {"1.2.3", ErrSyntax}, {"NaN", ErrSyntax},
		{"1.00000000001", ErrPrecision}, {"922337203.6854775808", ErrRange}, {"99999999999999999999", ErrRange},
	}
	for _, c := range bad {
		_, err := ParseFactor(c.in)
		require.ErrorIs(t, err, c.want, c.in)
	}
}

func TestFactorInverseRoundsHalfAwayFromZero(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1.085", "0.9216589862"}, // 0.92165898617…
		{"2", "0.5"},
		{"3", "0.3333333333"},
		{"1.5", "0.6666666667"}, // …6666 rounds up
		{"150", "0.0066666667"},
		{"0.0066666667", "149.99999925"},         // 149.99999925000000375…
		{"0.0002097152", "4768.3715820313"},      // 4768.37158203125: a tie, rounded up
		{"0.0000000011", "909090909.0909090909"}, // 909090909.09090909090…, still fits
	}
	for _, c := range cases {
		f, err := ParseFactor(c.in)
		require.NoError(t, err)
		inv, err := f.Inverse()
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, inv.String(), c.in)
	}
	for _, tooSmall := range []int64{1, 10, 0, -5} {
		_, err := FactorOf(tooSmall).Inverse()
		require.ErrorIs(t, err, ErrRange, tooSmall)
	}
}

func TestPercent(t *testing.T) {
	cases := []struct {
		in  string
		ppm int64
		out string
	}{
		{"19", 190000, "19.00"},
		{"19.00", 190000, "19.00"},
		{"8.875", 88750, "8.875"},
		{"2.5", 25000, "2.50"},
		{"0", 0, "0.00"},
		{"0.0001", 1, "0.0001"},
		{"100", 1000000, "100.00"},
	}
	for _, c := range cases {
		p, err := ParsePercent(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.ppm, p.PPM(), c.in)
		require.Equal(t, c.out, p.String(), c.in)
	}
	_, err := ParsePercent("19.00001")
	require.ErrorIs(t, err, ErrPrecision)
	_, err = ParsePercent("19%")
	require.ErrorIs(t, err, ErrSyntax)
}
