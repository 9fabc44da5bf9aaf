package billing

import (
	"context"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
)

// AgeingRow is what one customer owes in one currency, by days past due.
type AgeingRow struct {
	CustomerID string       `json:"customer_id,omitempty"`
	Current    money.Amount `json:"current" doc:"Not yet due."`
	Days1To30  money.Amount `json:"days_1_30"`
	Days31To60 money.Amount `json:"days_31_60"`
	Days61To90 money.Amount `json:"days_61_90"`
	Over90     money.Amount `json:"over_90"`
	Total      money.Amount `json:"total"`
}

// Ageing is the receivables ageing as of a day.
type Ageing struct {
	AsOf   calendar.Date `json:"as_of" format:"date"`
	Rows   []AgeingRow   `json:"rows" doc:"Per customer and currency, by customer ID."`
	Totals []AgeingRow   `json:"totals" doc:"Per currency."`
}

// ReceivablesAgeing buckets what posted invoices still owed on a day (the
// total less what was allocated to them by then and not taken off by
// then) by days past their due date.
func (s *Service) ReceivablesAgeing(ctx context.Context, asOf calendar.Date) (Ageing, error) {
	day := asOf.String()
	rows, err := s.db.QueryContext(ctx, `SELECT i.customer_id, i.currency, i.due_date, i.total_minor - COALESCE((SELECT SUM(a.amount_minor)
		FROM billing_allocation a WHERE a.invoice_id = i.id AND a.allocated_on <= $1 AND (a.undone_on = '' OR a.undone_on > $1)), 0)
		FROM billing_invoice i WHERE i.kind = $2 AND i.number IS NOT NULL AND i.invoice_date <= $1 ORDER BY i.customer_id, i.currency`,
		day, KindInvoice)
	if err != nil {
		return Ageing{}, err
	}
	defer rows.Close()
	out := Ageing{AsOf: asOf, Rows: []AgeingRow{}, Totals: []AgeingRow{}}
	totals := map[money.Currency]*AgeingRow{}
	var curs []money.Currency
	for rows.Next() {
		var customer, cur, due string
		var owed int64
		if err := rows.Scan(&customer, &cur, &due, &owed); err != nil {
			return Ageing{}, err
		}
		if owed <= 0 {
			continue
		}
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return Ageing{}, err
		}
		d, err := calendar.ParseDate(due)
		if err != nil {
			return Ageing{}, err
		}
		if n := len(out.Rows); n == 0 || out.Rows[n-1].CustomerID != customer || out.Rows[n-1].Total.Currency() != c {
			out.Rows = append(out.Rows, zeroRow(customer, c))
		}
		if totals[c] == nil {
			r := zeroRow("", c)
			totals[c], curs = &r, append(curs, c)
		}
		late := int(asOf.Time().Sub(d.Time()).Hours() / 24)
		for _, r := range []*AgeingRow{&out.Rows[len(out.Rows)-1], totals[c]} {
			r.add(late, money.New(owed, c))
		}
	}
	for _, c := range curs {
		out.Totals = append(out.Totals, *totals[c])
	}
	return out, rows.Err()
}

func zeroRow(customer string, c money.Currency) AgeingRow {
	z := money.Zero(c)
	return AgeingRow{CustomerID: customer, Current: z, Days1To30: z, Days31To60: z, Days61To90: z, Over90: z, Total: z}
}

func (r *AgeingRow) add(late int, a money.Amount) {
	bucket := &r.Over90
	switch {
	case late <= 0:
		bucket = &r.Current
	case late <= 30:
		bucket = &r.Days1To30
	case late <= 60:
		bucket = &r.Days31To60
	case late <= 90:
		bucket = &r.Days61To90
	}
	*bucket, _ = bucket.Add(a)
	r.Total, _ = r.Total.Add(a)
}

// OpenResiduals returns, per currency, what posted invoices still owe.
func (s *Service) OpenResiduals(ctx context.Context) (map[money.Currency]int64, error) {
	return ledger.SumByCurrency(ctx, s.db, `SELECT currency, SUM(total_minor - settled_minor) FROM billing_invoice WHERE kind = $1 AND number IS NOT NULL
		GROUP BY currency`, KindInvoice)
}

// CustomerCredit returns, per currency, what is owed back to customers:
// unallocated payments and credit notes beyond their invoice's residual.
func (s *Service) CustomerCredit(ctx context.Context) (map[money.Currency]int64, error) {
	payments, err := ledger.SumByCurrency(ctx, s.db, `SELECT currency, SUM(unallocated_minor) FROM billing_payment GROUP BY currency`)
	if err != nil {
		return nil, err
	}
	notes, err := ledger.SumByCurrency(ctx, s.db, `SELECT i.currency, SUM(i.total_minor - COALESCE((SELECT SUM(a.amount_minor) FROM billing_allocation a
		WHERE a.source_type = 'credit_note' AND a.source_id = i.id), 0)) FROM billing_invoice i WHERE i.kind = $1 GROUP BY i.currency`, KindCreditNote)
	for c, v := range notes {
		payments[c] += v
	}
	return payments, err
}
