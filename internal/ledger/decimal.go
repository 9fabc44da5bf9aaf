package ledger

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Errors of the fixed-point parsers; ParseFactor and ParsePercent wrap
// them, so compare with errors.Is.
var (
	ErrSyntax    = errors.New("ledger: not a decimal number such as 1.25")
	ErrPrecision = errors.New("ledger: too many decimal places")
	ErrRange     = errors.New("ledger: number out of range")
)

// parseFixed converts a plain decimal string into an integer scaled by
// 10^scale. The grammar is that of money amounts, -?[0-9]+(\.[0-9]+)?: no
// '+', exponents, spaces or separators. More fraction digits than scale is
// ErrPrecision, never rounded.
func parseFixed(s string, scale int) (int64, error) {
	digits, neg := s, false
	if strings.HasPrefix(digits, "-") {
		digits, neg = digits[1:], true
	}
	intPart, frac, hasPoint := strings.Cut(digits, ".")
	if intPart == "" || (hasPoint && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return 0, ErrSyntax
	}
	if len(frac) > scale {
		return 0, ErrPrecision
	}
	var v int64
	for _, c := range intPart + frac + strings.Repeat("0", scale-len(frac)) {
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, ErrRange
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatFixed renders v/10^scale with trailing fraction zeros removed, but
// keeping at least minFrac fraction digits.
func formatFixed(v int64, scale, minFrac int) string {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	intPart, frac := digits[:len(digits)-scale], digits[len(digits)-scale:]
	for len(frac) > minFrac && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if v < 0 {
		out = "-" + out
	}
	return out
}

// RateScale is the number of decimal places of an exchange rate. A rate is
// held exactly as an integer count of 10^-10 (the rate_e10 column): 1.085
// is 10850000000, and the smallest rate is 0.0000000001.
const RateScale = 10

// rateOne is the rate 1 in units of 10^-RateScale.
const rateOne int64 = 10_000_000_000

// Factor is an exchange rate: how many units of the quote currency one unit
// of the base currency buys, exact to RateScale decimal places. It is never
// a float; JSON and text carry it as a decimal string such as "1.085".
type Factor struct{ units int64 }

// FactorOf returns the rate units/10^RateScale.
func FactorOf(units int64) Factor { return Factor{units: units} }

// ParseFactor reads a decimal string such as "1.085" with at most RateScale
// decimal places. Errors wrap ErrSyntax, ErrPrecision or ErrRange. The sign
// is not checked: a rate must be positive, which validation reports as a
// field error.
func ParseFactor(s string) (Factor, error) {
	v, err := parseFixed(s, RateScale)
	return Factor{units: v}, err
}

// Units returns f as an integer count of 10^-RateScale; it is what storage
// keeps.
func (f Factor) Units() int64 { return f.units }

// IsZero reports whether f is zero (no rate).
func (f Factor) IsZero() bool { return f.units == 0 }

// String returns f without trailing zeros: "1.085", "150", "0.0000000001".
func (f Factor) String() string { return formatFixed(f.units, RateScale, 0) }

// MarshalText encodes f as String does.
func (f Factor) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText decodes a decimal string as ParseFactor does.
func (f *Factor) UnmarshalText(b []byte) error {
	v, err := ParseFactor(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Inverse returns 1/f rounded to RateScale decimal places, half away from
// zero: the inverse of 1.085 is 0.9216589862 (0.92165898617…). The rounding
// happens once, on the exact quotient 10^20/units. It fails with ErrRange
// if f is not positive or its inverse does not fit (f below 0.000000001).
func (f Factor) Inverse() (Factor, error) {
	if f.units <= 0 {
		return Factor{}, ErrRange
	}
	num := new(big.Int).Mul(big.NewInt(rateOne), big.NewInt(rateOne))
	q, ok := divRound(num, big.NewInt(f.units))
	if !ok || q <= 0 {
		return Factor{}, ErrRange
	}
	return Factor{units: q}, nil
}

// divRound returns num/den rounded half away from zero, and whether it fits
// an int64.
func divRound(num, den *big.Int) (int64, bool) {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	// |r| >= |den|/2, i.e. 2|r| >= |den|: round away from zero.
	if new(big.Int).Lsh(new(big.Int).Abs(r), 1).Cmp(new(big.Int).Abs(den)) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() || q.Int64() == math.MinInt64 {
		return 0, false
	}
	return q.Int64(), true
}

// PercentScale is the number of decimal places of a percentage. A
// percentage is held exactly as an integer count of parts per million of
// the whole (the *_ppm columns): 19% is 190000, 8.875% is 88750 and
// 0.0001% is 1.
const PercentScale = 4

// ppmOne is 100%: one million parts per million.
const ppmOne int64 = 1_000_000

// Percent is an exact percentage, such as a tax rate or a cash discount. JSON
// and text carry it as a decimal string of the percentage with at least two
// decimals: "19.00", "8.875", "0.0001".
type Percent struct{ ppm int64 }

// PercentFromPPM returns the percentage of ppm parts per million: 190000 is
// 19%.
func PercentFromPPM(ppm int64) Percent { return Percent{ppm: ppm} }

// ParsePercent reads a percentage such as "19", "19.00" or "8.875" with at
// most PercentScale decimal places. Errors wrap ErrSyntax, ErrPrecision or
// ErrRange. The sign and the upper bound are left to validation.
func ParsePercent(s string) (Percent, error) {
	v, err := parseFixed(s, PercentScale)
	return Percent{ppm: v}, err
}

// PPM returns p in parts per million of the whole; it is what storage keeps.
func (p Percent) PPM() int64 { return p.ppm }

// IsZero reports whether p is 0%.
func (p Percent) IsZero() bool { return p.ppm == 0 }

// String returns p as a percentage with two to four decimals: "19.00".
func (p Percent) String() string { return formatFixed(p.ppm, PercentScale, 2) }

// MarshalText encodes p as String does.
func (p Percent) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText decodes a percentage as ParsePercent does.
func (p *Percent) UnmarshalText(b []byte) error {
	v, err := ParsePercent(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
