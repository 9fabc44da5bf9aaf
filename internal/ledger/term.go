package ledger

import (
	"github.com/concord-erp/concord/internal/platform/calendar"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// PaymentTerm says when an invoice is due and whether paying early earns a
// cash discount, e.g. "2/10 net 30": 2% off if paid within 10 days, the
// full amount due in 30.
type PaymentTerm struct {
	Code            string    `json:"code" doc:"Unique, e.g. net30."`
	Name            string    `json:"name"`
	NetDays         int       `json:"net_days" doc:"Days from the invoice date to the due date."`
	DiscountDays    int       `json:"discount_days" doc:"Days from the invoice date within which the cash discount applies; 0 for none."`
	DiscountPercent Percent   `json:"discount_percent" doc:"Cash discount as a decimal percentage string, e.g. \"2.00\"; \"0.00\" for none."`
	EndOfMonth      bool      `json:"end_of_month" doc:"Due at the end of the month in which invoice date + net_days falls."`
	Active          bool      `json:"active" doc:"Inactive terms stay on old documents but are not offered for new ones."`
	Version         int64     `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// PaymentTermInput defines a payment term.
type PaymentTermInput struct {
	Code            string `json:"code" maxLength:"40" doc:"1 to 40 letters, digits, '.', '_' or '-'."`
	Name            string `json:"name" maxLength:"200"`
	NetDays         int    `json:"net_days" doc:"0 (due on receipt) to 3650."`
	DiscountDays    int    `json:"discount_days,omitempty" doc:"0 to net_days; set together with discount_percent."`
	DiscountPercent string `json:"discount_percent,omitempty" maxLength:"40" doc:"Decimal percentage string below 100, e.g. \"2.00\"; defaults to \"0.00\"."`
	EndOfMonth      bool   `json:"end_of_month,omitempty"`
	Active          *bool  `json:"active,omitempty" doc:"Defaults to true."`
}

// PaymentTermUpdate changes a payment term; nil fields stay as they are.
// The code never changes.
type PaymentTermUpdate struct {
	Name            *string `json:"name,omitempty" maxLength:"200"`
	NetDays         *int    `json:"net_days,omitempty"`
	DiscountDays    *int    `json:"discount_days,omitempty"`
	DiscountPercent *string `json:"discount_percent,omitempty" maxLength:"40"`
	EndOfMonth      *bool   `json:"end_of_month,omitempty"`
	Active          *bool   `json:"active,omitempty"`
}

// PaymentTermFilter selects payment terms for FindPaymentTerms.
type PaymentTermFilter struct {
	Active *bool
}

// maxTermDays bounds net and discount days at ten years.
const maxTermDays = 3650

// newPaymentTerm validates in and returns the term it describes.
func newPaymentTerm(in PaymentTermInput) (PaymentTerm, error) {
	t := PaymentTerm{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), NetDays: in.NetDays,
		DiscountDays: in.DiscountDays, EndOfMonth: in.EndOfMonth, Active: in.Active == nil || *in.Active}
	var v apperr.Validator
	v.Check(refCode.MatchString(t.Code), "code", "invalid", "1 to 40 letters, digits, '.', '_' or '-'")
	percentOK := true
	if in.DiscountPercent != "" {
		t.DiscountPercent, percentOK = percentField(&v, "discount_percent", in.DiscountPercent, ppmOne-1, "99.9999")
	}
	t.check(&v, percentOK)
	return t, v.Err()
}

// check adds the rules on the term's values as a whole to v; percentOK
// tells whether the discount percentage parsed.
func (t *PaymentTerm) check(v *apperr.Validator, percentOK bool) {
	v.Check(t.Name != "", "name", "required", "the term's name")
	v.Check(t.NetDays >= 0 && t.NetDays <= maxTermDays, "net_days", "out_of_range", "0 to 3650 days")
	v.Check(t.DiscountDays >= 0 && t.DiscountDays <= maxTermDays, "discount_days", "out_of_range", "0 to 3650 days")
	if percentOK && (t.DiscountDays > 0 || t.DiscountPercent.ppm > 0) {
		v.Check(t.DiscountDays > 0, "discount_days", "required", "the days within which the discount applies")
		v.Check(t.DiscountPercent.ppm > 0, "discount_percent", "required", "the discount for paying early")
		v.Check(t.DiscountDays <= t.NetDays, "discount_days", "after_due", "the discount period cannot end after net_days")
	}
}

func (u PaymentTermUpdate) apply(t *PaymentTerm) error {
	var v apperr.Validator
	percentOK := true
	if u.Name != nil {
		t.Name = strings.TrimSpace(*u.Name)
	}
	if u.NetDays != nil {
		t.NetDays = *u.NetDays
	}
	if u.DiscountDays != nil {
		t.DiscountDays = *u.DiscountDays
	}
	if u.DiscountPercent != nil {
		t.DiscountPercent, percentOK = percentField(&v, "discount_percent", *u.DiscountPercent, ppmOne-1, "99.9999")
	}
	if u.EndOfMonth != nil {
		t.EndOfMonth = *u.EndOfMonth
	}
	if u.Active != nil {
		t.Active = *u.Active
	}
	t.check(&v, percentOK)
	return v.Err()
}

// DueDate returns when an invoice dated invoiceDate is due under t, and the
// last day on which the cash discount may be taken (the zero Date when the
// term has none):
//
//	due = invoiceDate + NetDays
//	if EndOfMonth: due = the last day of the month that date falls in
//	discountUntil = invoiceDate + DiscountDays (never moved to a month end)
//
// Days are calendar days. For example, net 30 end of month on an invoice of
// 2024-01-31 gives 2024-03-01 + end of month = 2024-03-31; on 2024-01-15 it
// gives 2024-02-14 → 2024-02-29 (a leap year). Net 0 end of month is due at
// the end of the invoice's own month.
func DueDate(invoiceDate calendar.Date, t PaymentTerm) (due, discountUntil calendar.Date) {
	due = invoiceDate.AddDays(t.NetDays)
	if t.EndOfMonth {
		due = due.EndOfMonth()
	}
	if t.DiscountDays > 0 && t.DiscountPercent.ppm > 0 {
		discountUntil = invoiceDate.AddDays(t.DiscountDays)
	}
	return due, discountUntil
}
