package money

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"strconv"
)

// QuantityScale is the number of decimal places a Quantity carries.
const QuantityScale = 4

// quantityOne is the number of raw units in a quantity of 1.
const quantityOne = 10000

// Quantity is an exact, signed quantity of goods or time with four decimal
// places, stored as an int64 count of 1/10000 units. Four places cover
// common fractional units (hours to the 0.36 s, kilograms to the 0.1 g)
// while leaving room for about ±922 trillion whole units.
//
// Like Amount, the range is symmetric (±math.MaxInt64 raw units) so Neg
// never overflows. The zero value is a valid quantity of 0, and Quantities
// can be compared with ==.
type Quantity struct {
	units int64
}

// NewQuantity returns the Quantity of units raw 1/10000 steps, so
// NewQuantity(25000) is 2.5. It panics for math.MinInt64, which is outside
// the representable range. Use QuantityFromInt for whole numbers.
func NewQuantity(units int64) Quantity {
	if units == math.MinInt64 {
		panic("money.NewQuantity: units out of range")
	}
	return Quantity{units: units}
}

// QuantityFromInt returns the whole quantity n. It panics if n×10000 does
// not fit, that is |n| > 922337203685477; quantities from untrusted input
// should go through ParseQuantity instead.
func QuantityFromInt(n int64) Quantity {
	const limit = math.MaxInt64 / quantityOne
	if n > limit || n < -limit {
		panic(fmt.Sprintf("money.QuantityFromInt: %d out of range", n))
	}
	return Quantity{units: n * quantityOne}
}

// ParseQuantity converts a decimal string such as "3", "2.5", "-1.25" or
// "0.0001" into a Quantity. The syntax is the one Parse accepts: optional
// '-', digits, optional '.' and digits; no '+', exponent, spaces or
// separators. More than four fraction digits is an error wrapping
// ErrPrecision rather than a silent rounding.
func ParseQuantity(s string) (Quantity, error) {
	v, err := parseDecimal(s, QuantityScale)
	if err != nil {
		return Quantity{}, fmt.Errorf("parse quantity: %w", err)
	}
	return Quantity{units: v}, nil
}

// Units returns q as raw 1/10000 units, the form storage persists.
func (q Quantity) Units() int64 { return q.units }

// Add returns q+r, or ErrOverflow if the sum does not fit.
func (q Quantity) Add(r Quantity) (Quantity, error) {
	s, ok := addInt64(q.units, r.units)
	if !ok {
		return Quantity{}, fmt.Errorf("%w: %s + %s", ErrOverflow, q, r)
	}
	return Quantity{units: s}, nil
}

// Sub returns q-r, or ErrOverflow if the difference does not fit.
func (q Quantity) Sub(r Quantity) (Quantity, error) {
	d, ok := subInt64(q.units, r.units)
	if !ok {
		return Quantity{}, fmt.Errorf("%w: %s - %s", ErrOverflow, q, r)
	}
	return Quantity{units: d}, nil
}

// Cmp returns -1, 0 or +1 as q is less than, equal to or greater than r.
func (q Quantity) Cmp(r Quantity) int { return cmp.Compare(q.units, r.units) }

// IsZero reports whether q is zero.
func (q Quantity) IsZero() bool { return q.units == 0 }

// IsNegative reports whether q is less than zero.
func (q Quantity) IsNegative() bool { return q.units < 0 }

// Sign returns -1, 0 or +1 according to the sign of q.
func (q Quantity) Sign() int { return cmp.Compare(q.units, 0) }

// Neg returns -q.
func (q Quantity) Neg() Quantity { return Quantity{units: -q.units} }

// String returns q in canonical form: no trailing fraction zeros and no
// bare decimal point, so "2.5", "3", "0.0001", "-1.25".
func (q Quantity) String() string {
	return formatDecimal(q.units, QuantityScale, true)
}

// MarshalJSON encodes q as a JSON string in the form String returns, such
// as "2.5", so that clients never see a binary float.
func (q Quantity) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, q.String()), nil
}

// UnmarshalJSON decodes a JSON string as by ParseQuantity. A JSON number is
// refused so that no float can sneak in. JSON null leaves q unchanged,
// following the encoding/json convention.
func (q *Quantity) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	s, err := jsonString(data, "quantity")
	if err != nil {
		return err
	}
	v, err := ParseQuantity(s)
	if err != nil {
		return fmt.Errorf("money: decode quantity: %w", err)
	}
	*q = v
	return nil
}
