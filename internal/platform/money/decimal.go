package money

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// parseDecimal converts a plain decimal string into an integer scaled by
// 10^scale. The grammar is deliberately narrow, -?[0-9]+(\.[0-9]+)?, because
// money text reaches us from APIs and imports where a lenient parser would
// turn typos ("1,000", "1e3", " 5") into wrong amounts. The accepted range
// is symmetric, ±math.MaxInt64, so that negation can never overflow.
func parseDecimal(s string, scale int) (int64, error) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[intStart:i]
	if intPart == "" {
		return 0, syntaxError(s, "expected a digit")
	}
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fracStart:i]
		if frac == "" {
			return 0, syntaxError(s, "expected a digit after the decimal point")
		}
	}
	if i != len(s) {
		return 0, syntaxError(s, fmt.Sprintf("unexpected %q at offset %d", s[i], i))
	}
	if len(frac) > scale {
		return 0, fmt.Errorf("%w: %q has %d, at most %d allowed", ErrPrecision, s, len(frac), scale)
	}

	var v int64
	push := func(d int64) bool {
		if v > (math.MaxInt64-d)/10 {
			return false
		}
		v = v*10 + d
		return true
	}
	for _, part := range [...]string{intPart, frac} {
		for j := range len(part) {
			if !push(int64(part[j] - '0')) {
				return 0, fmt.Errorf("%w: %q", ErrOverflow, s)
			}
		}
	}
	for range scale - len(frac) {
		if !push(0) {
			return 0, fmt.Errorf("%w: %q", ErrOverflow, s)
		}
	}
	if neg {
		v = -v
	}
	return v, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func syntaxError(s, reason string) error {
	return fmt.Errorf("%w: %q: %s", ErrSyntax, s, reason)
}

// formatDecimal renders v/10^scale. With trim set, trailing fraction zeros
// (and a bare point) are removed; otherwise exactly scale digits follow the
// point.
func formatDecimal(v int64, scale int, trim bool) string {
	digits := strconv.FormatUint(absU64(v), 10)
	if scale == 0 {
		if v < 0 {
			return "-" + digits
		}
		return digits
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	cut := len(digits) - scale
	intPart, frac := digits[:cut], digits[cut:]
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	var b strings.Builder
	b.Grow(len(digits) + 2)
	if v < 0 {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// absU64 returns |v| as uint64; unsigned negation keeps it correct even for
// math.MinInt64.
func absU64(v int64) uint64 {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	return u
}

// mulDivRound returns a*b/d rounded half away from zero. The product is kept
// in 128 bits so only the final quotient has to fit, and that quotient must
// lie in the symmetric range ±math.MaxInt64. d must not be zero.
func mulDivRound(a, b, d int64) (int64, error) {
	neg := (a < 0) != (b < 0) != (d < 0)
	ud := absU64(d)
	hi, lo := bits.Mul64(absU64(a), absU64(b))
	if hi >= ud {
		// The quotient needs more than 64 bits; bits.Div64 would panic.
		return 0, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, ud)
	if q > math.MaxInt64 {
		return 0, ErrOverflow
	}
	// r >= d-r is 2r >= d without the risk of overflowing 2r.
	if r >= ud-r {
		if q == math.MaxInt64 {
			return 0, ErrOverflow
		}
		q++
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

// addInt64 and subInt64 report overflow against the symmetric range
// ±math.MaxInt64 used throughout the package.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

func subInt64(a, b int64) (int64, bool) {
	d := a - b
	if (b < 0 && d < a) || (b > 0 && d > a) || d == math.MinInt64 {
		return 0, false
	}
	return d, true
}
