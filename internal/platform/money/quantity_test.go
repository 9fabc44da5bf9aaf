package money

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseQuantityAndString(t *testing.T) {
	cases := []struct {
		in    string
		units int64
		out   string
	}{
		{"3", 30000, "3"},
		{"2.5", 25000, "2.5"},
		{"2.5000", 25000, "2.5"},
		{"0.0001", 1, "0.0001"},
		{"-0.0001", -1, "-0.0001"},
		{"-1.25", -12500, "-1.25"},
		{"0", 0, "0"},
		{"-0", 0, "0"},
		{"0.0000", 0, "0"},
		{"10", 100000, "10"},
		{"100.0100", 1000100, "100.01"},
		{"0003.10", 31000, "3.1"},
		{"922337203685477.5807", math.MaxInt64, "922337203685477.5807"},
		{"-922337203685477.5807", -math.MaxInt64, "-922337203685477.5807"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			q, err := ParseQuantity(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.units, q.Units())
			require.Equal(t, tc.out, q.String())

			back, err := ParseQuantity(q.String())
			require.NoError(t, err)
			require.Equal(t, q, back)
		})
	}
}

func TestParseQuantityInvalid(t *testing.T) {
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrSyntax},
		{"-", ErrSyntax},
		{"+2", ErrSyntax},
		{"2.", ErrSyntax},
		{".5", ErrSyntax},
		{"1e4", ErrSyntax},
		{" 1", ErrSyntax},
		{"1,5", ErrSyntax},
		{"1 000", ErrSyntax},
		{"abc", ErrSyntax},
		{"0.00001", ErrPrecision},
		{"2.50000", ErrPrecision},
		{"922337203685477.5808", ErrOverflow},
		{"-922337203685477.5808", ErrOverflow},
		{"922337203685478", ErrOverflow},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := ParseQuantity(tc.in)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestQuantityConstructors(t *testing.T) {
	require.Equal(t, "2.5", NewQuantity(25000).String())
	require.Equal(t, int64(25000), NewQuantity(25000).Units())
	require.Equal(t, "7", QuantityFromInt(7).String())
	require.Equal(t, "-7", QuantityFromInt(-7).String())
	require.Equal(t, int64(-70000), QuantityFromInt(-7).Units())

	const limit = math.MaxInt64 / quantityOne
	require.Equal(t, "922337203685477", QuantityFromInt(limit).String())
	require.Equal(t, "-922337203685477", QuantityFromInt(-limit).String())
	require.Panics(t, func() { QuantityFromInt(limit + 1) })
	require.Panics(t, func() { QuantityFromInt(-limit - 1) })
	require.Panics(t, func() { NewQuantity(math.MinInt64) })

	var zero Quantity
	require.True(t, zero.IsZero())
	require.Equal(t, "0", zero.String())
}

func TestQuantityArithmetic(t *testing.T) {
	a, b := mustQty(t, "2.5"), mustQty(t, "0.0001")

	s, err := a.Add(b)
	require.NoError(t, err)
	require.Equal(t, "2.5001", s.String())

	d, err := b.Sub(a)
	require.NoError(t, err)
	require.Equal(t, "-2.4999", d.String())

	maxQ, minQ := NewQuantity(math.MaxInt64), NewQuantity(-math.MaxInt64)
	_, err = maxQ.Add(b)
	require.ErrorIs(t, err, ErrOverflow)
	_, err = minQ.Sub(b)
	require.ErrorIs(t, err, ErrOverflow)
	_, err = maxQ.Sub(minQ)
	require.ErrorIs(t, err, ErrOverflow)

	require.Equal(t, 1, a.Cmp(b))
	require.Equal(t, -1, b.Cmp(a))
	require.Equal(t, 0, a.Cmp(mustQty(t, "2.50")))

	require.Equal(t, 1, a.Sign())
	require.Equal(t, -1, a.Neg().Sign())
	require.Equal(t, 0, Quantity{}.Sign())
	require.True(t, a.Neg().IsNegative())
	require.False(t, a.IsNegative())
	require.False(t, a.IsZero())
	require.Equal(t, a, a.Neg().Neg())
	require.Equal(t, int64(math.MaxInt64), minQ.Neg().Units())
}

func TestQuantityJSON(t *testing.T) {
	for _, s := range []string{"2.5", "3", "0.0001", "-1.25", "0", "922337203685477.5807"} {
		q := mustQty(t, s)
		data, err := json.Marshal(q)
		require.NoError(t, err)
		require.Equal(t, `"`+s+`"`, string(data))

		var back Quantity
		require.NoError(t, json.Unmarshal(data, &back))
		require.Equal(t, q, back)
	}

	var q Quantity
	require.NoError(t, json.Unmarshal([]byte(`"2.50"`), &q))
	require.Equal(t, "2.5", q.String())
	require.NoError(t, json.Unmarshal([]byte(`null`), &q))
	require.Equal(t, "2.5", q.String(), "null must leave the value unchanged")
}

func TestQuantityUnmarshalJSONRejects(t *testing.T) {
	cases := []struct {
		in  string
		msg string
		is  error
	}{
		{`2.5`, "JSON number", nil},
		{`3`, "JSON number", nil},
		{`-1`, "JSON number", nil},
		{`true`, "want a JSON string", nil},
		{`{"q":"1"}`, "want a JSON string", nil},
		{`"2.50001"`, "", ErrPrecision},
		{`"1e3"`, "", ErrSyntax},
		{`""`, "", ErrSyntax},
		{`" 2"`, "", ErrSyntax},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			q := QuantityFromInt(9)
			err := json.Unmarshal([]byte(tc.in), &q)
			require.Error(t, err)
			if tc.msg != "" {
				require.ErrorContains(t, err, tc.msg)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			require.Equal(t, QuantityFromInt(9), q)
		})
	}
}

// FuzzParseQuantity checks that anything ParseQuantity accepts formats to a
// canonical string that parses back to the same Quantity and the same
// number.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"0", "-0", "3", "2.5", "0.0001", "-1.25", "2.5000", "0.00001", "922337203685477.5807", "1e3", "+1", ""} {
		f.Add(s)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(QuantityScale), nil)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			return
		}
		out := q.String()
		back, err := ParseQuantity(out)
		require.NoError(t, err, "re-parse %q", out)
		require.Equal(t, q, back)
		require.Equal(t, out, back.String())

		in, ok := new(big.Rat).SetString(s)
		require.True(t, ok, "big.Rat rejects accepted input %q", s)
		require.Zero(t, in.Cmp(new(big.Rat).SetFrac(big.NewInt(q.Units()), scale)), "%q became %s", s, out)
	})
}
