package money

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refMulDivRound is the obviously correct big-integer version of
// mulDivRound.
func refMulDivRound(a, b, d int64) (int64, bool) {
	num := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	den := big.NewInt(d)
	neg := num.Sign()*den.Sign() < 0
	num.Abs(num)
	den.Abs(den)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	if !q.IsInt64() || q.Int64() == math.MinInt64 {
		return 0, false
	}
	return q.Int64(), true
}

func randEdgeInt64(r *rand.Rand) int64 {
	switch r.IntN(6) {
	case 0:
		edges := []int64{0, 1, -1, 2, -2, 3, 5, 10000, -10000, math.MaxInt64, -math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, 3037000499, 3037000500}
		return edges[r.IntN(len(edges))]
	case 1:
		return r.Int64N(1000) - 500
	case 2:
		return r.Int64N(1_000_000_000) - 500_000_000
	case 3:
		// Random magnitude across the whole range.
		return int64(r.Uint64() >> r.UintN(64))
	default:
		return int64(r.Uint64())
	}
}

func TestMulDivRoundMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		a, b, d := randEdgeInt64(r), randEdgeInt64(r), randEdgeInt64(r)
		if d == 0 {
			continue
		}
		want, ok := refMulDivRound(a, b, d)
		got, err := mulDivRound(a, b, d)
		if !ok {
			require.ErrorIs(t, err, ErrOverflow, "%d*%d/%d", a, b, d)
			continue
		}
		require.NoError(t, err, "%d*%d/%d", a, b, d)
		require.Equal(t, want, got, "%d*%d/%d", a, b, d)
	}
}

func TestAddSubInt64(t *testing.T) {
	cases := []struct {
		a, b   int64
		sum    int64
		sumOK  bool
		diff   int64
		diffOK bool
	}{
		{1, 2, 3, true, -1, true},
		{math.MaxInt64, 0, math.MaxInt64, true, math.MaxInt64, true},
		{math.MaxInt64, 1, 0, false, math.MaxInt64 - 1, true},
		{-math.MaxInt64, -1, 0, false, -math.MaxInt64 + 1, true},
		{-math.MaxInt64, 1, -math.MaxInt64 + 1, true, 0, false},
		{math.MaxInt64, -math.MaxInt64, 0, true, 0, false},
		{0, -math.MaxInt64, -math.MaxInt64, true, math.MaxInt64, true},
	}
	for _, tc := range cases {
		s, ok := addInt64(tc.a, tc.b)
		require.Equal(t, tc.sumOK, ok, "%d+%d", tc.a, tc.b)
		if ok {
			require.Equal(t, tc.sum, s)
		}
		d, ok := subInt64(tc.a, tc.b)
		require.Equal(t, tc.diffOK, ok, "%d-%d", tc.a, tc.b)
		if ok {
			require.Equal(t, tc.diff, d)
		}
	}
}
