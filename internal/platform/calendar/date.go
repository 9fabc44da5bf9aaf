// Package calendar holds business dates: days of the calendar without time
// or time zone (invoice dates, due dates, the day a rate or price applies).
package calendar

import (
	"errors"
	"time"
)

// Date is a business date: a day of the Gregorian calendar with no time and
// no time zone, such as an invoice date or the day a rate is valid from.
// Text, JSON and storage carry it as "YYYY-MM-DD", which sorts
// chronologically as text. The zero Date is "no date".
type Date struct {
	year  int
	month time.Month
	day   int
}

// ErrDate is returned for text that is not a date in the form YYYY-MM-DD.
var ErrDate = errors.New("calendar: not a date of the form YYYY-MM-DD")

// NewDate returns the date year-month-day, normalized as time.Date does:
// NewDate(2026, 2, 30) is 2026-03-02.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{year: y, month: m, day: d}
}

// ParseDate reads a date written exactly as YYYY-MM-DD, with a year from
// 0001 to 9999 and a day that exists ("2026-02-29" does not). Anything else
// is ErrDate.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return Date{}, ErrDate
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1 {
		return Date{}, ErrDate
	}
	return DateOf(t), nil
}

// Year returns the year of d.
func (d Date) Year() int { return d.year }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.month }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.day }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC) }

// AddDays returns the date n days after d (before it for negative n).
func (d Date) AddDays(n int) Date { return NewDate(d.year, d.month, d.day+n) }

// EndOfMonth returns the last day of d's month: 2024-02-29 for any day of
// February 2024, 2026-02-28 for February 2026.
func (d Date) EndOfMonth() Date { return NewDate(d.year, d.month+1, 0) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.Time().Compare(e.Time()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText encodes d as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a date as ParseDate does.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
