package billing

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
)

// PermCycleTimeReport reads the order-to-cash cycle time, an analytics
// report.
const PermCycleTimeReport = "analytics.order_cycle.read"

// The order-to-cash cycle time is billing's report, not sales': the end of
// the cycle is the day the last allocation settled an order's invoices,
// which only billing records, and billing may read sales orders through
// the sales service while sales may not import billing.

// CycleTimeQuery asks for the orders that became paid between two days
// (inclusive).
type CycleTimeQuery struct {
	From, To calendar.Date
}

// CycleTimeStats sums up the cycle times of a set of orders in calendar
// days, as decimal strings with two decimals: the average rounded half
// up, the median (the mean of the two middle orders for an even count)
// and the 90th percentile by nearest rank (the order at position ⌈0.9 n⌉
// when sorted).
type CycleTimeStats struct {
	Orders  int    `json:"orders" doc:"Orders that became paid."`
	Average string `json:"average_days,omitempty" doc:"Average days from order date to paid, e.g. 4.00; absent without orders."`
	Median  string `json:"median_days,omitempty"`
	P90     string `json:"p90_days,omitempty" doc:"90% of the orders were paid within this many days (nearest rank)."`
	Min     *int   `json:"min_days,omitempty"`
	Max     *int   `json:"max_days,omitempty"`
}

// CycleTimeRow is one month's cycle times, by the month the orders became
// paid.
type CycleTimeRow struct {
	Month string `json:"month" doc:"YYYY-MM of the day the orders became paid."`
	CycleTimeStats
}

// CycleTimeReport is the order-to-cash cycle time report.
type CycleTimeReport struct {
	From  calendar.Date  `json:"from" format:"date"`
	To    calendar.Date  `json:"to" format:"date"`
	Total CycleTimeStats `json:"total"`
	Rows  []CycleTimeRow `json:"rows" doc:"By month, oldest first; months without paid orders are left out."`
}

// OrderCycleTime reports, for the sales orders that became paid between
// two days, how many calendar days passed from the order date (the day
// the customer ordered, which an order entered late or imported keeps) to
// the day it became paid: the latest day of the allocations (payments or
// credit notes) still in force on its invoices. Only orders in status
// paid or closed count, so an order with an open invoice does not.
// Errors: validation_failed.
func (s *Service) OrderCycleTime(ctx context.Context, q CycleTimeQuery) (CycleTimeReport, error) {
	var v apperr.Validator
	v.Check(!q.From.IsZero(), "from", "required", "a day, YYYY-MM-DD")
	v.Check(!q.To.IsZero(), "to", "required", "a day, YYYY-MM-DD")
	v.Check(q.From.IsZero() || q.To.IsZero() || !q.To.Before(q.From), "to", "out_of_range", "not before from")
	if err := v.Err(); err != nil {
		return CycleTimeReport{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.order_id, MAX(a.allocated_on) FROM billing_allocation a
		JOIN billing_invoice i ON i.id = a.invoice_id
		WHERE i.kind = $1 AND i.order_id <> '' AND a.undone_on = ''
		GROUP BY i.order_id HAVING MAX(a.allocated_on) >= $2 AND MAX(a.allocated_on) <= $3`, KindInvoice, q.From.String(), q.To.String())
	if err != nil {
		return CycleTimeReport{}, err
	}
	paidOn := map[string]string{}
	for rows.Next() {
		var order, day string
		if err := rows.Scan(&order, &day); err != nil {
			rows.Close()
			return CycleTimeReport{}, err
		}
		paidOn[order] = day
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return CycleTimeReport{}, err
	}
	out := CycleTimeReport{From: q.From, To: q.To, Rows: []CycleTimeRow{}}
	if len(paidOn) == 0 {
		return out, nil
	}
	ordered, err := s.sales.PaidOrderDates(ctx)
	if err != nil {
		return CycleTimeReport{}, err
	}
	byMonth := map[string][]int{}
	var all []int
	for order, day := range paidOn {
		start, ok := ordered[order]
		if !ok {
			continue
		}
		paid, err := calendar.ParseDate(day)
		if err != nil {
			return CycleTimeReport{}, err
		}
		days := int(paid.Time().Sub(start.Time()).Hours() / 24)
		byMonth[day[:7]] = append(byMonth[day[:7]], days)
		all = append(all, days)
	}
	out.Total = cycleStats(all)
	for month, days := range byMonth {
		out.Rows = append(out.Rows, CycleTimeRow{Month: month, CycleTimeStats: cycleStats(days)})
	}
	slices.SortFunc(out.Rows, func(a, b CycleTimeRow) int { return strings.Compare(a.Month, b.Month) })
	return out, nil
}

// cycleStats computes the statistics of whole days exactly, in hundredths.
func cycleStats(days []int) CycleTimeStats {
	st := CycleTimeStats{Orders: len(days)}
	n := len(days)
	if n == 0 {
		return st
	}
	slices.Sort(days)
	sum := 0
	for _, d := range days {
		sum += d
	}
	st.Average = Hundredths(divRound(int64(sum)*100, int64(n)))
	if n%2 == 1 {
		st.Median = Hundredths(int64(days[n/2]) * 100)
	} else {
		st.Median = Hundredths(int64(days[n/2-1]+days[n/2]) * 50)
	}
	rank := (9*n + 9) / 10 // ⌈0.9 n⌉
	st.P90 = Hundredths(int64(days[rank-1]) * 100)
	lo, hi := days[0], days[n-1]
	st.Min, st.Max = &lo, &hi
	return st
}

// divRound divides rounding half away from zero.
func divRound(a, b int64) int64 {
	if (a < 0) != (b < 0) {
		return -((-a + b/2) / b)
	}
	return (a + b/2) / b
}

// Hundredths formats a number of hundredths as a decimal string with two
// decimals, e.g. 400 as "4.00" and -5 as "-0.05".
func Hundredths(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	frac := strconv.FormatInt(h%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatInt(h/100, 10) + "." + frac
}
