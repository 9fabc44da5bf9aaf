// Package money provides exact fixed-point types for monetary amounts and
// quantities. Nothing in it uses floating point.
//
// # Representation
//
// An Amount is an int64 count of the minor units of its Currency (cents for
// USD, yen for JPY, fils for KWD) together with the currency code. A
// Quantity is an int64 count of 1/10000 units (QuantityScale = 4). Both are
// stored as plain integers: an amount as a minor-units column plus a
// currency column, a quantity as its raw units. Both ranges are symmetric,
// ±math.MaxInt64, so negation is always exact; anything that would leave
// the range fails with ErrOverflow instead of wrapping.
//
// # Why no float64
//
// Binary floating point cannot represent most decimal fractions (0.1 is not
// exact), so sums drift and rounding happens at unpredictable places. In an
// ERP that shows up as totals off by a cent and ledgers that do not
// balance. Integers in minor units make every addition exact and confine
// rounding to the few operations that divide.
//
// # Currencies and exponents
//
// Currency is an upper-case ISO 4217 alphabetic code. Its Exponent is the
// ISO 4217 minor-unit count: 2 for most currencies, 0 for JPY, KRW, VND,
// CLP and ISK, 3 for KWD, BHD, OMR, JOD, TND, LYD and IQD. The exponent
// fixes how many fraction digits an amount may have when parsed and has
// when formatted. Amounts in different currencies are never combined
// implicitly: Add, Sub and Cmp fail with ErrCurrencyMismatch.
//
// # Rounding
//
// Only MulQuantity and MulRatio round, and they round half away from zero
// to the currency's minor unit: 0.125 USD becomes 0.13 and -0.125 becomes
// -0.13. The intended use is to round once per line (unit price ×
// quantity) and to compute document totals as the sum of the rounded
// lines, so a document total always equals the sum of its printed lines.
// Allocate never rounds; it splits an amount so the parts sum back to it
// exactly.
//
// Parsing never rounds either: input with more fraction digits than allowed
// is rejected with ErrPrecision.
//
// # Text and JSON
//
// Decimal text is an optional '-', ASCII digits, and an optional '.' with
// more digits; '+', exponents, spaces and thousands separators are
// rejected. Amount.String always prints the currency's exact number of
// fraction digits ("1234.50", "-0.05", "100" for JPY); Quantity.String
// trims trailing zeros ("2.5", "3").
//
// An Amount encodes in JSON as {"amount":"1234.50","currency":"USD"} and a
// Quantity as "2.5". The numeric part is always a JSON string, and decoding
// rejects JSON numbers, because many JSON libraries decode numbers into
// float64 before any application code sees them.
package money
