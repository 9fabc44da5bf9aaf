package money

import "errors"

// Sentinel errors. Functions wrap them with detail, so compare with
// errors.Is rather than ==.
var (
	// ErrCurrencyMismatch is returned when an operation combines amounts in
	// different currencies; converting is the caller's decision, never ours.
	ErrCurrencyMismatch = errors.New("money: currency mismatch")

	// ErrOverflow is returned when a result does not fit the int64
	// representation. Results are never silently wrapped.
	ErrOverflow = errors.New("money: overflow")

	// ErrUnknownCurrency is returned for a code that is not in the ISO 4217
	// table of this package.
	ErrUnknownCurrency = errors.New("money: unknown currency")

	// ErrSyntax is returned when a decimal string is malformed.
	ErrSyntax = errors.New("money: invalid decimal syntax")

	// ErrPrecision is returned when a decimal string has more fraction
	// digits than the target can hold. Input is rejected rather than
	// rounded so that no value changes silently on the way in.
	ErrPrecision = errors.New("money: too many fraction digits")

	// ErrDivisionByZero is returned by MulRatio for a zero denominator.
	ErrDivisionByZero = errors.New("money: division by zero")

	// ErrInvalidWeights is returned by Allocate when the weights cannot
	// define a split: none given, a negative weight, or all zero.
	ErrInvalidWeights = errors.New("money: invalid allocation weights")
)
