package money

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
)

// Amount is an exact sum of money: an integer count of the currency's minor
// units (cents for USD, yen for JPY, fils for KWD) plus the currency.
//
// Amounts are values; every operation returns a new Amount. Two Amounts can
// be compared with == and are equal when both the minor units and the
// currency match. The zero Amount has no currency: it formats as "0" and
// refuses to combine with any Amount that has one, which surfaces
// uninitialized fields instead of letting them pass as zero dollars.
//
// The representable range is ±math.MaxInt64 minor units; math.MinInt64 is
// excluded so that Neg and Abs are always exact.
type Amount struct {
	minor int64
	cur   Currency
}

// New returns an Amount of minor units of c, for example New(1250, "USD")
// is 12.50 USD. It panics if c is not a valid currency or minor is
// math.MinInt64, because both are programming errors; use ParseCurrency to
// validate codes from untrusted sources such as database rows or requests.
func New(minor int64, c Currency) Amount {
	if !c.Valid() {
		panic(fmt.Sprintf("money.New: invalid currency %q", string(c)))
	}
	if minor == math.MinInt64 {
		panic("money.New: minor units out of range")
	}
	return Amount{minor: minor, cur: c}
}

// Zero returns the zero Amount of c. It panics if c is not valid, as New does.
func Zero(c Currency) Amount {
	return New(0, c)
}

// Parse converts a decimal string such as "1234.50", "-0.5" or "12" into an
// Amount of c. The accepted syntax is an optional leading '-', one or more
// ASCII digits, and optionally '.' followed by one or more digits. A leading
// '+', exponents, spaces and thousands separators are rejected, as is a
// decimal point for a currency with no minor unit. Fewer fraction digits
// than the currency's exponent are fine ("1.5" USD is 150 cents); more are
// an error wrapping ErrPrecision, never rounded.
func Parse(s string, c Currency) (Amount, error) {
	if !c.Valid() {
		return Amount{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, string(c))
	}
	v, err := parseDecimal(s, c.Exponent())
	if err != nil {
		return Amount{}, fmt.Errorf("parse amount in %s: %w", c, err)
	}
	return Amount{minor: v, cur: c}, nil
}

// Minor returns the amount as an integer count of minor units; this and
// Currency are what storage persists.
func (a Amount) Minor() int64 { return a.minor }

// Currency returns the currency of a.
func (a Amount) Currency() Currency { return a.cur }

// IsZero reports whether a is zero in its currency.
//
// Because encoding/json's omitzero option honours an IsZero method, a field
// tagged omitzero is omitted for any zero Amount, including 0.00 USD.
func (a Amount) IsZero() bool { return a.minor == 0 }

// IsNegative reports whether a is less than zero.
func (a Amount) IsNegative() bool { return a.minor < 0 }

// Sign returns -1, 0 or +1 according to the sign of a.
func (a Amount) Sign() int { return cmp.Compare(a.minor, 0) }

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{minor: -a.minor, cur: a.cur} }

// Abs returns |a|.
func (a Amount) Abs() Amount {
	if a.minor < 0 {
		return a.Neg()
	}
	return a
}

// Add returns a+b. It fails with ErrCurrencyMismatch if the currencies
// differ and with ErrOverflow if the sum does not fit.
func (a Amount) Add(b Amount) (Amount, error) {
	if err := a.sameCurrency(b); err != nil {
		return Amount{}, err
	}
	s, ok := addInt64(a.minor, b.minor)
	if !ok {
		return Amount{}, fmt.Errorf("%w: %s + %s %s", ErrOverflow, a, b, a.cur)
	}
	return Amount{minor: s, cur: a.cur}, nil
}

// Sub returns a-b. It fails with ErrCurrencyMismatch if the currencies
// differ and with ErrOverflow if the difference does not fit.
func (a Amount) Sub(b Amount) (Amount, error) {
	if err := a.sameCurrency(b); err != nil {
		return Amount{}, err
	}
	d, ok := subInt64(a.minor, b.minor)
	if !ok {
		return Amount{}, fmt.Errorf("%w: %s - %s %s", ErrOverflow, a, b, a.cur)
	}
	return Amount{minor: d, cur: a.cur}, nil
}

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
// Amounts in different currencies have no order, so that case is an error
// wrapping ErrCurrencyMismatch.
func (a Amount) Cmp(b Amount) (int, error) {
	if err := a.sameCurrency(b); err != nil {
		return 0, err
	}
	return cmp.Compare(a.minor, b.minor), nil
}

// Equal reports whether a and b have the same currency and value. Unlike
// Cmp it does not fail on mixed currencies: they are simply not equal.
func (a Amount) Equal(b Amount) bool { return a == b }

// MulQuantity returns the line amount for unit price a times quantity q,
// rounded to the currency's minor unit half away from zero. The product is
// computed exactly in 128 bits; ErrOverflow means only that the rounded
// result does not fit an Amount.
func (a Amount) MulQuantity(q Quantity) (Amount, error) {
	v, err := mulDivRound(a.minor, q.units, quantityOne)
	if err != nil {
		return Amount{}, fmt.Errorf("%w: %s %s * %s", err, a, a.cur, q)
	}
	return Amount{minor: v, cur: a.cur}, nil
}

// MulRatio returns a×num/den rounded to the minor unit half away from zero,
// for percentages (MulRatio(15, 100)) and rates expressed as integer
// fractions. The intermediate product is exact. It fails with
// ErrDivisionByZero if den is zero and ErrOverflow if the result does not
// fit.
func (a Amount) MulRatio(num, den int64) (Amount, error) {
	if den == 0 {
		return Amount{}, ErrDivisionByZero
	}
	v, err := mulDivRound(a.minor, num, den)
	if err != nil {
		return Amount{}, fmt.Errorf("%w: %s %s * %d/%d", err, a, a.cur, num, den)
	}
	return Amount{minor: v, cur: a.cur}, nil
}

// Allocate splits a into len(weights) parts proportional to weights, in the
// same order, such that the parts always sum exactly to a.
//
// It uses the largest-remainder method: each part first gets the floor of
// its exact share of |a|; the minor units left over (fewer than the number
// of weights) then go one each to the parts with the largest fractional
// remainders, ties going to the earlier weight. Zero weights receive zero.
// For a negative a the split of |a| is negated, so Allocate is symmetric in
// sign. The result depends only on the inputs.
//
// Weights must be non-negative, not all zero, and sum to at most
// math.MaxInt64; otherwise the error wraps ErrInvalidWeights or ErrOverflow.
func (a Amount) Allocate(weights ...int64) ([]Amount, error) {
	if len(weights) == 0 {
		return nil, fmt.Errorf("%w: no weights", ErrInvalidWeights)
	}
	var sum int64
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("%w: weight %d is negative (%d)", ErrInvalidWeights, i, w)
		}
		if sum > math.MaxInt64-w {
			return nil, fmt.Errorf("%w: sum of weights exceeds int64", ErrOverflow)
		}
		sum += w
	}
	if sum == 0 {
		return nil, fmt.Errorf("%w: all weights are zero", ErrInvalidWeights)
	}

	total := absU64(a.minor)
	usum := uint64(sum)
	parts := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var allocated uint64
	for i, w := range weights {
		// total*w/sum cannot exceed total and hi < sum because w <= sum,
		// so the division is safe and the floor fits.
		hi, lo := bits.Mul64(total, uint64(w))
		parts[i], rems[i] = bits.Div64(hi, lo, usum)
		allocated += parts[i]
	}

	leftover := total - allocated
	if leftover > 0 {
		order := make([]int, len(weights))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(x, y int) int {
			if c := cmp.Compare(rems[y], rems[x]); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		})
		for _, i := range order[:leftover] {
			parts[i]++
		}
	}

	out := make([]Amount, len(weights))
	for i, p := range parts {
		v := int64(p)
		if a.minor < 0 {
			v = -v
		}
		out[i] = Amount{minor: v, cur: a.cur}
	}
	return out, nil
}

// String returns a as a plain decimal with exactly the currency's number of
// fraction digits and no currency code: "1234.50", "-0.05", "100" for JPY.
func (a Amount) String() string {
	return formatDecimal(a.minor, a.cur.Exponent(), false)
}

func (a Amount) sameCurrency(b Amount) error {
	if a.cur != b.cur {
		return fmt.Errorf("%w: %q and %q", ErrCurrencyMismatch, string(a.cur), string(b.cur))
	}
	return nil
}

// amountJSON is the wire form. The amount is a string so that no JSON
// decoder along the way can turn it into a binary float.
type amountJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON encodes a as {"amount":"1234.50","currency":"USD"}. An Amount
// without a valid currency, such as the zero Amount, is an error rather than
// output that UnmarshalJSON would refuse.
func (a Amount) MarshalJSON() ([]byte, error) {
	if !a.cur.Valid() {
		return nil, fmt.Errorf("marshal amount: %w: %q", ErrUnknownCurrency, string(a.cur))
	}
	return json.Marshal(amountJSON{Amount: a.String(), Currency: string(a.cur)})
}

// UnmarshalJSON decodes the object written by MarshalJSON. Both fields are
// required, unknown fields are rejected, the currency code is
// case-insensitive, and the amount must be a JSON string parsed as by Parse;
// a JSON number is refused so that no float can sneak in. JSON null leaves a
// unchanged, following the encoding/json convention.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var raw struct {
		Amount   json.RawMessage `json:"amount"`
		Currency *string         `json:"currency"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("money: decode amount: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("money: decode amount: trailing data after object")
	}
	if raw.Currency == nil {
		return errors.New(`money: decode amount: missing "currency"`)
	}
	s, err := jsonString(raw.Amount, "amount")
	if err != nil {
		return err
	}
	cur, err := ParseCurrency(*raw.Currency)
	if err != nil {
		return fmt.Errorf("money: decode amount: %w", err)
	}
	v, err := Parse(s, cur)
	if err != nil {
		return fmt.Errorf("money: decode amount: %w", err)
	}
	*a = v
	return nil
}

// jsonString extracts a JSON string value, explaining the mistake when the
// value is a number because that is the likely error from API clients.
func jsonString(raw json.RawMessage, field string) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", fmt.Errorf("money: decode %s: missing value", field)
	}
	if raw[0] != '"' {
		if raw[0] == '-' || isDigit(raw[0]) {
			return "", fmt.Errorf("money: decode %s: got JSON number %s, want a JSON string such as \"12.50\" to avoid floating-point loss", field, raw)
		}
		return "", fmt.Errorf("money: decode %s: got %s, want a JSON string", field, raw)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("money: decode %s: %w", field, err)
	}
	return s, nil
}
