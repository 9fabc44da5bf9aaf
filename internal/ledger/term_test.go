package ledger

import (
	"github.com/concord-erp/concord/internal/platform/calendar"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDueDate(t *testing.T) {
	d := func(s string) calendar.Date {
		if s == "" {
			return calendar.Date{}
		}
		v, err := calendar.ParseDate(s)
		require.NoError(t, err)
		return v
	}
	net := func(days int, eom bool) PaymentTerm { return PaymentTerm{NetDays: days, EndOfMonth: eom} }
	twoTen := PaymentTerm{NetDays: 30, DiscountDays: 10, DiscountPercent: PercentFromPPM(20000)}
	twoTenEOM := twoTen
	twoTenEOM.EndOfMonth = true
	cases := []struct {
		name               string
		invoice            string
		term               PaymentTerm
		due, discountUntil string
	}{
		{"due on receipt", "2026-03-05", net(0, false), "2026-03-05", ""},
		{"net 30", "2026-01-15", net(30, false), "2026-02-14", ""},
		{"net 30 over February", "2026-02-01", net(30, false), "2026-03-03", ""},
		{"net 30 over a leap February", "2024-02-01", net(30, false), "2024-03-02", ""},
		{"net 60 over the new year", "2026-11-15", net(60, false), "2027-01-14", ""},
		{"2/10 net 30", "2026-03-05", twoTen, "2026-04-04", "2026-03-15"},
		{"2/10 net 30 on the 31st", "2026-01-31", twoTen, "2026-03-02", "2026-02-10"},
		{"net 30 end of month", "2026-01-15", net(30, true), "2026-02-28", ""},
		{"net 30 end of month in a leap year", "2024-01-15", net(30, true), "2024-02-29", ""},
		{"end of month of the month net days reach", "2024-01-31", net(30, true), "2024-03-31", ""},
		{"net 0 end of month is the invoice's month end", "2026-02-10", net(0, true), "2026-02-28", ""},
		{"net 0 end of month on the last day", "2026-04-30", net(0, true), "2026-04-30", ""},
		{"2000 is a leap year", "2000-02-01", net(0, true), "2000-02-29", ""},
		{"1900 is not", "1900-02-01", net(0, true), "1900-02-28", ""},
		{"2100 is not", "2100-01-31", net(1, true), "2100-02-28", ""},
		{"end of month over the new year", "2026-12-15", net(30, true), "2027-01-31", ""},
		{"the discount date is not moved to a month end", "2026-03-05", twoTenEOM, "2026-04-30", "2026-03-15"},
		{"a discount needs a percentage", "2026-03-05", PaymentTerm{NetDays: 30, DiscountDays: 10}, "2026-04-04", ""},
	}
	for _, c := range cases {
		due, until := DueDate(d(c.invoice), c.term)
		require.Equal(t, d(c.due), due, "%s: due", c.name)
		require.Equal(t, d(c.discountUntil), until, "%s: discount until", c.name)
	}
}

func TestNewPaymentTermValidation(t *testing.T) {
	_, err := newPaymentTerm(PaymentTermInput{Code: "", Name: "", NetDays: -1, DiscountDays: 5})
	require.Equal(t, map[string]string{"code": "invalid", "name": "required", "net_days": "out_of_range",
		"discount_days": "after_due", "discount_percent": "required"}, fields(t, err))
	_, err = newPaymentTerm(PaymentTermInput{Code: "x", Name: "X", NetDays: 30, DiscountPercent: "2"})
	require.Equal(t, map[string]string{"discount_days": "required"}, fields(t, err))
	_, err = newPaymentTerm(PaymentTermInput{Code: "x", Name: "X", NetDays: 30, DiscountDays: 10, DiscountPercent: "100"})
	require.Equal(t, map[string]string{"discount_percent": "too_large"}, fields(t, err))
	_, err = newPaymentTerm(PaymentTermInput{Code: "x", Name: "X", NetDays: 3651})
	require.Equal(t, map[string]string{"net_days": "out_of_range"}, fields(t, err))
	term, err := newPaymentTerm(PaymentTermInput{Code: "3_15_net45", Name: "3/15 net 45", NetDays: 45, DiscountDays: 15, DiscountPercent: "3"})
	require.NoError(t, err)
	require.Equal(t, "3.00", term.DiscountPercent.String())
	require.True(t, term.Active)

	upd := term
	days := 50
	require.Error(t, PaymentTermUpdate{DiscountDays: &days}.apply(&upd), "the discount cannot outlast net days")
	pct := "0"
	zero := 0
	upd = term
	require.NoError(t, PaymentTermUpdate{DiscountDays: &zero, DiscountPercent: &pct}.apply(&upd))
	require.True(t, upd.DiscountPercent.IsZero())
}
