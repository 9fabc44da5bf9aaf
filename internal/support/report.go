package support

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
)

// PermReport reads the service reports.
const PermReport = "support.report.read"

// ComplianceGroupings are the SLA compliance report's groupings.
var ComplianceGroupings = []string{"month", "priority"}

// ComplianceQuery asks for the SLA targets that were met or breached
// between two days (inclusive, UTC), grouped by the month the response or
// resolution happened or by the ticket's priority.
type ComplianceQuery struct {
	From, To calendar.Date
	GroupBy  string
}

// Compliance counts the targets of one kind met and breached.
type Compliance struct {
	Met      int    `json:"met"`
	Breached int    `json:"breached"`
	Percent  string `json:"percent,omitempty" doc:"Met as a percentage of met plus breached, two decimals, e.g. 75.00; absent when there were none."`
}

// ComplianceRow is one group's first-response and resolution compliance.
type ComplianceRow struct {
	Key           string     `json:"key" doc:"YYYY-MM, or a priority."`
	FirstResponse Compliance `json:"first_response"`
	Resolution    Compliance `json:"resolution"`
}

// ComplianceReport is the SLA compliance report.
type ComplianceReport struct {
	From    calendar.Date   `json:"from" format:"date"`
	To      calendar.Date   `json:"to" format:"date"`
	GroupBy string          `json:"group_by"`
	Total   ComplianceRow   `json:"total" doc:"All groups together; its key is empty."`
	Rows    []ComplianceRow `json:"rows" doc:"By month (oldest first) or by priority (lowest first); groups without targets are left out."`
}

// SLACompliance reports, for tickets with an SLA, the first responses and
// resolutions that happened in the period: met when they happened by
// their due time, breached when after it. A target counts in the period
// of its response or resolution, so a ticket still waiting for one is
// not counted yet (the SLA check has flagged it as breached already when
// its due time passed). A ticket reopened and resolved again counts with
// its last resolution. Grouping by priority uses the ticket's priority
// now, after any escalation. Errors: validation_failed.
func (s *Service) SLACompliance(ctx context.Context, q ComplianceQuery) (ComplianceReport, error) {
	if q.GroupBy == "" {
		q.GroupBy = "month"
	}
	var v apperr.Validator
	v.Check(slices.Contains(ComplianceGroupings, q.GroupBy), "group_by", "invalid", "one of "+strings.Join(ComplianceGroupings, ", "))
	v.Check(!q.From.IsZero(), "from", "required", "a day, YYYY-MM-DD")
	v.Check(!q.To.IsZero(), "to", "required", "a day, YYYY-MM-DD")
	v.Check(q.From.IsZero() || q.To.IsZero() || !q.To.Before(q.From), "to", "out_of_range", "not before from")
	if err := v.Err(); err != nil {
		return ComplianceReport{}, err
	}
	start, end := q.From.Time(), q.To.AddDays(1).Time()
	groups := map[string]*ComplianceRow{}
	total := ComplianceRow{}
	count := func(key string, resolution, met bool) {
		g := groups[key]
		if g == nil {
			g = &ComplianceRow{Key: key}
			groups[key] = g
		}
		for _, row := range []*ComplianceRow{g, &total} {
			c := &row.FirstResponse
			if resolution {
				c = &row.Resolution
			}
			if met {
				c.Met++
			} else {
				c.Breached++
			}
		}
	}
	for _, target := range []struct {
		resolution bool
		at, due    string
	}{{false, "first_responded_at", "first_response_due"}, {true, "resolved_at", "resolution_due"}} {
		rows, err := s.db.QueryContext(ctx, `SELECT priority, `+target.at+`, `+target.due+` FROM support_ticket
			WHERE sla_policy_id <> '' AND `+target.due+` IS NOT NULL AND `+target.at+` >= $1 AND `+target.at+` < $2`, start, end)
		if err != nil {
			return ComplianceReport{}, err
		}
		for rows.Next() {
			var priority string
			var at, due time.Time
			if err := rows.Scan(&priority, &at, &due); err != nil {
				rows.Close()
				return ComplianceReport{}, err
			}
			key := priority
			if q.GroupBy == "month" {
				key = at.UTC().Format("2006-01")
			}
			count(key, target.resolution, !at.After(due))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return ComplianceReport{}, err
		}
	}
	out := ComplianceReport{From: q.From, To: q.To, GroupBy: q.GroupBy, Total: total, Rows: []ComplianceRow{}}
	for _, g := range groups {
		out.Rows = append(out.Rows, *g)
	}
	order := func(key string) string {
		if q.GroupBy == "priority" {
			return strconv.Itoa(slices.Index(Priorities, key))
		}
		return key
	}
	slices.SortFunc(out.Rows, func(a, b ComplianceRow) int { return strings.Compare(order(a.Key), order(b.Key)) })
	out.Total.FirstResponse.Percent = percent(out.Total.FirstResponse)
	out.Total.Resolution.Percent = percent(out.Total.Resolution)
	for i := range out.Rows {
		r := &out.Rows[i]
		r.FirstResponse.Percent, r.Resolution.Percent = percent(r.FirstResponse), percent(r.Resolution)
	}
	return out, nil
}

// percent is met ÷ (met + breached) × 100 with two decimals, rounded half
// up; "" when nothing was due.
func percent(c Compliance) string {
	n := int64(c.Met + c.Breached)
	if n == 0 {
		return ""
	}
	h := (int64(c.Met)*10000 + n/2) / n
	frac := strconv.FormatInt(h%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return strconv.FormatInt(h/100, 10) + "." + frac
}
