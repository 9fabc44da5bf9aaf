package money

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	usd Currency = "USD"
	eur Currency = "EUR"
	jpy Currency = "JPY"
	kwd Currency = "KWD"
)

func mustParse(t *testing.T, s string, c Currency) Amount {
	t.Helper()
	a, err := Parse(s, c)
	require.NoError(t, err)
	return a
}

func mustQty(t *testing.T, s string) Quantity {
	t.Helper()
	q, err := ParseQuantity(s)
	require.NoError(t, err)
	return q
}

func TestParseAndString(t *testing.T) {
	cases := []struct {
		in    string
		cur   Currency
		minor int64
		out   string
	}{
		{"1234.50", usd, 123450, "1234.50"},
		{"1234.5", usd, 123450, "1234.50"},
		{"12", usd, 1200, "12.00"},
		{"-0.5", usd, -50, "-0.50"},
		{"-0.05", usd, -5, "-0.05"},
		{"0.01", usd, 1, "0.01"},
		{"0", usd, 0, "0.00"},
		{"-0", usd, 0, "0.00"},
		{"-0.00", usd, 0, "0.00"},
		{"007.10", usd, 710, "7.10"},
		{"92233720368547758.07", usd, math.MaxInt64, "92233720368547758.07"},
		{"-92233720368547758.07", usd, -math.MaxInt64, "-92233720368547758.07"},
		{"100", jpy, 100, "100"},
		{"-100", jpy, -100, "-100"},
		{"0", jpy, 0, "0"},
		{"9223372036854775807", jpy, math.MaxInt64, "9223372036854775807"},
		{"1.234", kwd, 1234, "1.234"},
		{"0.1", kwd, 100, "0.100"},
		{"-0.001", kwd, -1, "-0.001"},
		{"-12.5", kwd, -12500, "-12.500"},
	}
	for _, tc := range cases {
		t.Run(string(tc.cur)+"/"+tc.in, func(t *testing.T) {
			a, err := Parse(tc.in, tc.cur)
			require.NoError(t, err)
			require.Equal(t, tc.minor, a.Minor())
			require.Equal(t, tc.cur, a.Currency())
			require.Equal(t, tc.out, a.String())

			back, err := Parse(a.String(), tc.cur)
			require.NoError(t, err)
			require.Equal(t, a, back)
		})
	}
}

func TestParseInvalid(t *testing.T) {
	cases := []struct {
		in   string
		cur  Currency
		want error
	}{
		{"", usd, ErrSyntax},
		{"-", usd, ErrSyntax},
		{"+1", usd, ErrSyntax},
		{"1.", usd, ErrSyntax},
		{".5", usd, ErrSyntax},
		{"-.5", usd, ErrSyntax},
		{"1e3", usd, ErrSyntax},
		{"1E3", usd, ErrSyntax},
		{" 1", usd, ErrSyntax},
		{"1 ", usd, ErrSyntax},
		{"1 000", usd, ErrSyntax},
		{"1,000.00", usd, ErrSyntax},
		{"1'000", usd, ErrSyntax},
		{"1_000", usd, ErrSyntax},
		{"0x10", usd, ErrSyntax},
		{"--1", usd, ErrSyntax},
		{"1.2.3", usd, ErrSyntax},
		{"1,5", usd, ErrSyntax},
		{"NaN", usd, ErrSyntax},
		{"Inf", usd, ErrSyntax},
		{"١٢", usd, ErrSyntax}, // Arabic-Indic digits
		{"12USD", usd, ErrSyntax},
		{"$12", usd, ErrSyntax},
		{"1.234", usd, ErrPrecision},
		{"0.001", usd, ErrPrecision},
		{"1.0", jpy, ErrPrecision},
		{"1.2345", kwd, ErrPrecision},
		{"92233720368547758.08", usd, ErrOverflow},
		{"-92233720368547758.08", usd, ErrOverflow},
		{"9223372036854775808", jpy, ErrOverflow},
		{"-9223372036854775808", jpy, ErrOverflow},
		{"99999999999999999999999999", jpy, ErrOverflow},
		{"1", "usd", ErrUnknownCurrency},
		{"1", "", ErrUnknownCurrency},
		{"1", "ABC", ErrUnknownCurrency},
	}
	for _, tc := range cases {
		t.Run(string(tc.cur)+"/"+tc.in, func(t *testing.T) {
			_, err := Parse(tc.in, tc.cur)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestParseLeadingZerosDoNotOverflow(t *testing.T) {
	a, err := Parse("000000000000000000000000000001.00", usd)
	require.NoError(t, err)
	require.Equal(t, int64(100), a.Minor())
}

func TestNewAndZero(t *testing.T) {
	a := New(-1250, usd)
	require.Equal(t, int64(-1250), a.Minor())
	require.Equal(t, "-12.50", a.String())

	z := Zero(kwd)
	require.True(t, z.IsZero())
	require.Equal(t, "0.000", z.String())

	require.Panics(t, func() { New(1, "usd") })
	require.Panics(t, func() { New(1, "") })
	require.Panics(t, func() { Zero("XYZ") })
	require.Panics(t, func() { New(math.MinInt64, usd) })
	require.NotPanics(t, func() { New(-math.MaxInt64, usd) })
}

func TestZeroValueAmount(t *testing.T) {
	var a Amount
	require.Equal(t, "0", a.String())
	require.True(t, a.IsZero())
	require.Equal(t, Currency(""), a.Currency())

	_, err := a.Add(Zero(usd))
	require.ErrorIs(t, err, ErrCurrencyMismatch)
	require.False(t, a.Equal(Zero(usd)))

	_, err = json.Marshal(a)
	require.ErrorIs(t, err, ErrUnknownCurrency)
}

func TestSignHelpers(t *testing.T) {
	pos, neg, zero := New(5, usd), New(-5, usd), Zero(usd)

	require.Equal(t, 1, pos.Sign())
	require.Equal(t, -1, neg.Sign())
	require.Equal(t, 0, zero.Sign())

	require.False(t, pos.IsNegative())
	require.True(t, neg.IsNegative())
	require.False(t, zero.IsNegative())
	require.False(t, pos.IsZero())

	require.Equal(t, neg, pos.Neg())
	require.Equal(t, pos, neg.Neg())
	require.Equal(t, zero, zero.Neg())
	require.Equal(t, pos, neg.Abs())
	require.Equal(t, pos, pos.Abs())

	extreme := New(-math.MaxInt64, usd)
	require.Equal(t, int64(math.MaxInt64), extreme.Neg().Minor())
	require.Equal(t, int64(math.MaxInt64), extreme.Abs().Minor())
}

func TestAddSub(t *testing.T) {
	a, b := mustParse(t, "10.25", usd), mustParse(t, "-0.30", usd)

	sum, err := a.Add(b)
	require.NoError(t, err)
	require.Equal(t, "9.95", sum.String())

	diff, err := a.Sub(b)
	require.NoError(t, err)
	require.Equal(t, "10.55", diff.String())
	require.Equal(t, usd, diff.Currency())
}

func TestArithmeticRefusesMixedCurrencies(t *testing.T) {
	a, b := New(100, usd), New(100, eur)

	_, err := a.Add(b)
	require.ErrorIs(t, err, ErrCurrencyMismatch)
	_, err = a.Sub(b)
	require.ErrorIs(t, err, ErrCurrencyMismatch)
	_, err = a.Cmp(b)
	require.ErrorIs(t, err, ErrCurrencyMismatch)
	require.False(t, a.Equal(b))
	require.ErrorContains(t, err, `"USD" and "EUR"`)
}

func TestAddSubOverflow(t *testing.T) {
	maxA, minA := New(math.MaxInt64, usd), New(-math.MaxInt64, usd)
	one := New(1, usd)

	_, err := maxA.Add(one)
	require.ErrorIs(t, err, ErrOverflow)
	_, err = minA.Sub(one)
	require.ErrorIs(t, err, ErrOverflow, "math.MinInt64 is outside the range")
	_, err = minA.Add(one.Neg())
	require.ErrorIs(t, err, ErrOverflow)
	_, err = maxA.Sub(minA)
	require.ErrorIs(t, err, ErrOverflow)

	got, err := maxA.Add(minA)
	require.NoError(t, err)
	require.True(t, got.IsZero())
}

func TestCmpEqual(t *testing.T) {
	a, b := New(100, usd), New(200, usd)
	c, err := a.Cmp(b)
	require.NoError(t, err)
	require.Equal(t, -1, c)
	c, err = b.Cmp(a)
	require.NoError(t, err)
	require.Equal(t, 1, c)
	c, err = a.Cmp(New(100, usd))
	require.NoError(t, err)
	require.Equal(t, 0, c)

	require.True(t, a.Equal(New(100, usd)))
	require.False(t, a.Equal(b))
	require.True(t, a == New(100, usd), "Amount must stay comparable with ==")
}

func TestMulQuantityRounding(t *testing.T) {
	cases := []struct {
		price string
		cur   Currency
		qty   string
		want  string
	}{
		{"19.99", usd, "3", "59.97"},
		{"0.33", usd, "3", "0.99"},
		{"0.333", kwd, "3", "0.999"},
		{"1.00", usd, "0.3333", "0.33"},
		{"1.00", usd, "0.335", "0.34"},
		{"1.00", usd, "0.3349", "0.33"},
		{"0.33", usd, "0.5", "0.17"},   // 0.165 rounds up
		{"-0.33", usd, "0.5", "-0.17"}, // -0.165 rounds down, away from zero
		{"0.33", usd, "-0.5", "-0.17"},
		{"-0.33", usd, "-0.5", "0.17"},
		{"0.01", usd, "0.5", "0.01"},
		{"0.01", usd, "0.4999", "0.00"},
		{"-0.01", usd, "0.4999", "0.00"},
		{"-0.01", usd, "0.5", "-0.01"},
		{"0.03", usd, "0.5", "0.02"}, // 0.015: half away from zero, not to even
		{"0.05", usd, "0.5", "0.03"}, // 0.025
		{"3", jpy, "0.5", "2"},
		{"5", jpy, "0.1", "1"},
		{"-5", jpy, "0.1", "-1"},
		{"4", jpy, "0.1", "0"},
		{"0.001", kwd, "0.5", "0.001"},
		{"12.345", kwd, "2.5", "30.863"}, // 30.8625
		{"12.345", kwd, "-2.5", "-30.863"},
		{"123.45", usd, "0", "0.00"},
		{"0.00", usd, "1000", "0.00"},
	}
	for _, tc := range cases {
		t.Run(tc.price+"x"+tc.qty, func(t *testing.T) {
			got, err := mustParse(t, tc.price, tc.cur).MulQuantity(mustQty(t, tc.qty))
			require.NoError(t, err)
			require.Equal(t, tc.want, got.String())
			require.Equal(t, tc.cur, got.Currency())
		})
	}
}

func TestMulQuantityLargeValues(t *testing.T) {
	maxA := New(math.MaxInt64, usd)

	got, err := maxA.MulQuantity(QuantityFromInt(1))
	require.NoError(t, err)
	require.Equal(t, maxA, got)

	got, err = maxA.MulQuantity(QuantityFromInt(-1))
	require.NoError(t, err)
	require.Equal(t, maxA.Neg(), got)

	// The intermediate is ~2^63 × 2^63 and must not wrap.
	got, err = maxA.MulQuantity(NewQuantity(1))
	require.NoError(t, err)
	require.Equal(t, int64(922337203685478), got.Minor()) // 922337203685477.5807 rounded

	_, err = maxA.MulQuantity(mustQty(t, "1.0001"))
	require.ErrorIs(t, err, ErrOverflow)
	_, err = maxA.MulQuantity(NewQuantity(math.MaxInt64))
	require.ErrorIs(t, err, ErrOverflow)
	_, err = maxA.Neg().MulQuantity(NewQuantity(math.MaxInt64))
	require.ErrorIs(t, err, ErrOverflow)
	_, err = New(20000, usd).MulQuantity(QuantityFromInt(math.MaxInt64 / quantityOne))
	require.ErrorIs(t, err, ErrOverflow)

	// 3037000499² fits int64 and 3037000500² does not; both products are
	// far beyond 64 bits before the division by 10000.
	got, err = New(3037000499, usd).MulQuantity(QuantityFromInt(3037000499))
	require.NoError(t, err)
	require.Equal(t, int64(9223372030926249001), got.Minor())
	_, err = New(3037000500, usd).MulQuantity(QuantityFromInt(3037000500))
	require.ErrorIs(t, err, ErrOverflow)
	_, err = New(-3037000500, usd).MulQuantity(QuantityFromInt(3037000500))
	require.ErrorIs(t, err, ErrOverflow, "the negative range is symmetric")

	// Rounding up at the very edge of the range must overflow, not wrap.
	edge := New(math.MaxInt64, jpy)
	_, err = edge.MulQuantity(mustQty(t, "1.0001"))
	require.ErrorIs(t, err, ErrOverflow)
}

func TestMulQuantityMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 50_000 {
		a := randEdgeInt64(r)
		q := randEdgeInt64(r)
		if a == math.MinInt64 || q == math.MinInt64 {
			continue
		}
		want, ok := refMulDivRound(a, q, quantityOne)
		got, err := New(a, usd).MulQuantity(NewQuantity(q))
		if !ok {
			require.ErrorIs(t, err, ErrOverflow)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, want, got.Minor(), "%d × %d", a, q)
	}
}

func TestMulRatio(t *testing.T) {
	cases := []struct {
		amount   string
		num, den int64
		want     string
	}{
		{"10.00", 15, 100, "1.50"},
		{"19.99", 19, 100, "3.80"}, // 3.7981
		{"0.05", 1, 2, "0.03"},     // 0.025 away from zero
		{"-0.05", 1, 2, "-0.03"},
		{"0.05", -1, 2, "-0.03"},
		{"0.05", 1, -2, "-0.03"},
		{"-0.05", -1, -2, "-0.03"},
		{"-0.05", -1, 2, "0.03"},
		{"1.00", 1, 3, "0.33"},
		{"2.00", 1, 3, "0.67"},
		{"-2.00", 1, 3, "-0.67"},
		{"100.00", 0, 7, "0.00"},
		{"1.00", math.MinInt64, math.MinInt64, "1.00"},
		{"92233720368547758.07", math.MaxInt64, math.MaxInt64, "92233720368547758.07"},
		{"92233720368547758.07", 1, 2, "46116860184273879.04"}, // .035 → .04
	}
	for _, tc := range cases {
		t.Run(tc.amount, func(t *testing.T) {
			got, err := mustParse(t, tc.amount, usd).MulRatio(tc.num, tc.den)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.String())
		})
	}

	_, err := New(1, usd).MulRatio(1, 0)
	require.ErrorIs(t, err, ErrDivisionByZero)
	_, err = New(math.MaxInt64, usd).MulRatio(2, 1)
	require.ErrorIs(t, err, ErrOverflow)
	_, err = New(math.MaxInt64, usd).MulRatio(math.MaxInt64, 1)
	require.ErrorIs(t, err, ErrOverflow)
	_, err = New(1, usd).MulRatio(math.MinInt64, 1)
	require.ErrorIs(t, err, ErrOverflow, "math.MinInt64 is outside the range")
}

func minors(parts []Amount) []int64 {
	out := make([]int64, len(parts))
	for i, p := range parts {
		out[i] = p.Minor()
	}
	return out
}

func TestAllocate(t *testing.T) {
	cases := []struct {
		name    string
		minor   int64
		weights []int64
		want    []int64
	}{
		{"thirds", 10, []int64{1, 1, 1}, []int64{4, 3, 3}},
		{"negative thirds", -10, []int64{1, 1, 1}, []int64{-4, -3, -3}},
		{"halves", 5, []int64{1, 1}, []int64{3, 2}},
		{"one cent three ways", 1, []int64{1, 1, 1}, []int64{1, 0, 0}},
		{"percentages", 100, []int64{30, 70}, []int64{30, 70}},
		{"zero weight gets nothing", 100, []int64{0, 1, 0}, []int64{0, 100, 0}},
		{"largest remainder wins", 2, []int64{1, 2, 1}, []int64{1, 1, 0}},
		{"remainder before index", 3, []int64{1, 2, 1}, []int64{1, 1, 1}},
		{"larger remainder later", 10, []int64{1, 2}, []int64{3, 7}}, // 3.33 and 6.67
		{"zero amount", 0, []int64{1, 2, 3}, []int64{0, 0, 0}},
		{"single", 12345, []int64{7}, []int64{12345}},
		{"max amount", math.MaxInt64, []int64{1, 1}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
		{"max weights", 100, []int64{1, math.MaxInt64 - 1}, []int64{0, 100}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := New(tc.minor, usd).Allocate(tc.weights...)
			require.NoError(t, err)
			require.Equal(t, tc.want, minors(parts))
			for _, p := range parts {
				require.Equal(t, usd, p.Currency())
			}
		})
	}
}

func TestAllocateInvalid(t *testing.T) {
	a := New(100, usd)
	_, err := a.Allocate()
	require.ErrorIs(t, err, ErrInvalidWeights)
	_, err = a.Allocate(1, -1, 2)
	require.ErrorIs(t, err, ErrInvalidWeights)
	_, err = a.Allocate(0, 0)
	require.ErrorIs(t, err, ErrInvalidWeights)
	_, err = a.Allocate(math.MaxInt64, 1)
	require.ErrorIs(t, err, ErrOverflow)
}

// TestAllocateProperties checks on many random inputs that the parts sum to
// the original, each part is within one minor unit of its exact share, zero
// weights get zero, signs follow the original, and the result is
// deterministic.
func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 4242))
	for iter := range 20_000 {
		var minor int64
		switch r.IntN(3) {
		case 0:
			minor = r.Int64N(2001) - 1000
		case 1:
			minor = r.Int64N(math.MaxInt64)
			if r.IntN(2) == 0 {
				minor = -minor
			}
		default:
			minor = []int64{math.MaxInt64, -math.MaxInt64, 1, -1, 0}[r.IntN(5)]
		}

		n := 1 + r.IntN(20)
		weights := make([]int64, n)
		limit := int64(1000)
		if r.IntN(4) == 0 {
			limit = math.MaxInt64 / int64(n)
		}
		var wsum int64
		for i := range weights {
			if r.IntN(5) != 0 {
				weights[i] = r.Int64N(limit)
			}
			wsum += weights[i]
		}
		if wsum == 0 {
			weights[r.IntN(n)] = 1
			wsum = 1
		}

		a := New(minor, kwd)
		parts, err := a.Allocate(weights...)
		require.NoError(t, err, "iteration %d", iter)
		require.Len(t, parts, n)

		again, err := a.Allocate(weights...)
		require.NoError(t, err)
		require.Equal(t, parts, again, "Allocate must be deterministic")

		total := Zero(kwd)
		bigTotal := big.NewInt(minor)
		bigSum := big.NewInt(wsum)
		for i, p := range parts {
			require.Equal(t, kwd, p.Currency())
			total, err = total.Add(p)
			require.NoError(t, err)

			if weights[i] == 0 {
				require.True(t, p.IsZero(), "zero weight got %d", p.Minor())
				continue
			}
			require.True(t, p.Sign() == 0 || p.Sign() == a.Sign())

			// Exact share is minor*w/sum; the part must be its floor or
			// ceiling (in magnitude).
			share := new(big.Int).Mul(new(big.Int).Abs(bigTotal), big.NewInt(weights[i]))
			floor, rem := new(big.Int).QuoRem(share, bigSum, new(big.Int))
			got := big.NewInt(p.Abs().Minor())
			diff := new(big.Int).Sub(got, floor).Int64()
			if rem.Sign() == 0 {
				require.Zero(t, diff, "exact share must not be adjusted")
			} else {
				require.Contains(t, []int64{0, 1}, diff)
			}
		}
		require.Equal(t, a, total, "parts must sum to the original (iteration %d)", iter)
	}
}

func TestAllocateFairness(t *testing.T) {
	// With equal weights no part may differ from another by more than one
	// minor unit, and the extra units go to the earliest parts.
	for total := int64(0); total < 200; total++ {
		for n := 1; n <= 12; n++ {
			weights := make([]int64, n)
			for i := range weights {
				weights[i] = 1
			}
			parts, err := New(total, usd).Allocate(weights...)
			require.NoError(t, err)
			base := total / int64(n)
			extra := int(total % int64(n))
			for i, p := range parts {
				want := base
				if i < extra {
					want++
				}
				require.Equal(t, want, p.Minor(), "total %d, n %d, part %d", total, n, i)
			}
		}
	}
}

func TestAmountJSON(t *testing.T) {
	cases := []struct {
		a    Amount
		want string
	}{
		{New(123450, usd), `{"amount":"1234.50","currency":"USD"}`},
		{New(-5, usd), `{"amount":"-0.05","currency":"USD"}`},
		{New(100, jpy), `{"amount":"100","currency":"JPY"}`},
		{New(1234, kwd), `{"amount":"1.234","currency":"KWD"}`},
		{New(math.MaxInt64, usd), `{"amount":"92233720368547758.07","currency":"USD"}`},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			data, err := json.Marshal(tc.a)
			require.NoError(t, err)
			require.JSONEq(t, tc.want, string(data))
			require.Equal(t, tc.want, string(data))

			var back Amount
			require.NoError(t, json.Unmarshal(data, &back))
			require.Equal(t, tc.a, back)
		})
	}
}

func TestAmountJSONInStruct(t *testing.T) {
	type line struct {
		Price Amount    `json:"price"`
		Qty   Quantity  `json:"qty"`
		Tax   *Amount   `json:"tax,omitempty"`
		Parts []Amount  `json:"parts"`
		Extra *Quantity `json:"extra"`
	}
	in := line{Price: New(1999, eur), Qty: mustQty(t, "2.5"), Parts: []Amount{New(1, jpy)}}
	data, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"price":{"amount":"19.99","currency":"EUR"},"qty":"2.5","parts":[{"amount":"1","currency":"JPY"}],"extra":null}`, string(data))

	var out line
	require.NoError(t, json.Unmarshal(data, &out))
	require.Equal(t, in, out)
}

func TestAmountUnmarshalJSON(t *testing.T) {
	var a Amount
	require.NoError(t, json.Unmarshal([]byte(` { "currency" : "usd", "amount" : "-7.5" } `), &a))
	require.Equal(t, New(-750, usd), a)

	// null is a no-op, as encoding/json expects.
	require.NoError(t, json.Unmarshal([]byte(`null`), &a))
	require.Equal(t, New(-750, usd), a)
}

func TestAmountUnmarshalJSONRejects(t *testing.T) {
	cases := []struct {
		name string
		in   string
		msg  string
		is   error
	}{
		{"number", `{"amount":1234.5,"currency":"USD"}`, "JSON number", nil},
		{"integer number", `{"amount":12,"currency":"USD"}`, "JSON number", nil},
		{"negative number", `{"amount":-1,"currency":"USD"}`, "JSON number", nil},
		{"bool", `{"amount":true,"currency":"USD"}`, "want a JSON string", nil},
		{"object", `{"amount":{},"currency":"USD"}`, "want a JSON string", nil},
		{"null amount", `{"amount":null,"currency":"USD"}`, "missing", nil},
		{"missing amount", `{"currency":"USD"}`, "missing", nil},
		{"missing currency", `{"amount":"1.00"}`, `missing "currency"`, nil},
		{"unknown currency", `{"amount":"1.00","currency":"ABC"}`, "", ErrUnknownCurrency},
		{"currency number", `{"amount":"1.00","currency":840}`, "", nil},
		{"too precise", `{"amount":"1.005","currency":"USD"}`, "", ErrPrecision},
		{"bad syntax", `{"amount":"1e2","currency":"USD"}`, "", ErrSyntax},
		{"overflow", `{"amount":"99999999999999999999","currency":"USD"}`, "", ErrOverflow},
		{"unknown field", `{"amount":"1.00","currency":"USD","rate":"1"}`, "unknown field", nil},
		{"string", `"1.00 USD"`, "", nil},
		{"bare number", `1.5`, "", nil},
		{"array", `["1.00","USD"]`, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := New(42, usd)
			err := json.Unmarshal([]byte(tc.in), &a)
			require.Error(t, err)
			if tc.msg != "" {
				require.ErrorContains(t, err, tc.msg)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			require.Equal(t, New(42, usd), a, "failed decode must not modify the target")
		})
	}
}

func TestAmountUnmarshalJSONDirectTrailingData(t *testing.T) {
	var a Amount
	err := a.UnmarshalJSON([]byte(`{"amount":"1.00","currency":"USD"} {}`))
	require.ErrorContains(t, err, "trailing data")
}

// FuzzParse checks that anything Parse accepts formats to a canonical string
// that parses back to the same Amount and denotes the same number.
func FuzzParse(f *testing.F) {
	seeds := []string{"0", "-0", "1234.50", "-0.5", "12", "0.001", "1.0", "007", "92233720368547758.07", "-9223372036854775807", "1e3", "+1", "", "-", ".5"}
	for _, s := range seeds {
		for i := range 3 {
			f.Add(s, uint8(i))
		}
	}
	curs := []Currency{usd, jpy, kwd}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		cur := curs[int(pick)%len(curs)]
		a, err := Parse(s, cur)
		if err != nil {
			return
		}
		out := a.String()
		back, err := Parse(out, cur)
		require.NoError(t, err, "re-parse %q", out)
		require.Equal(t, a, back)
		require.Equal(t, out, back.String())

		// The accepted input and the Amount must denote the same number.
		in, ok := new(big.Rat).SetString(s)
		require.True(t, ok, "big.Rat rejects accepted input %q", s)
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur.Exponent())), nil)
		require.Zero(t, in.Cmp(new(big.Rat).SetFrac(big.NewInt(a.Minor()), scale)), "%q became %s", s, out)
	})
}
