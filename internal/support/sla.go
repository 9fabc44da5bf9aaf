package support

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Policy is an SLA policy: the first-response and resolution targets, in
// business minutes of its calendar, for tickets of a priority from
// customers of a tier. A customer's tier is a tag on the party (e.g.
// "gold"); a policy with an empty tier covers every customer.
type Policy struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	Priority             string    `json:"priority" enum:"low,normal,high,urgent"`
	Tier                 string    `json:"tier" doc:"A customer tag, e.g. gold; empty covers every customer without a more specific policy."`
	CalendarID           string    `json:"calendar_id"`
	FirstResponseMinutes int       `json:"first_response_minutes"`
	ResolutionMinutes    int       `json:"resolution_minutes"`
	WarnPercent          int       `json:"warn_percent" doc:"A warning goes out when this share of a target's business time has passed."`
	Active               bool      `json:"active"`
	Version              int64     `json:"version"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// PolicyInput creates or replaces an SLA policy.
type PolicyInput struct {
	Name                 string `json:"name" minLength:"1" maxLength:"100"`
	Priority             string `json:"priority" enum:"low,normal,high,urgent"`
	Tier                 string `json:"tier,omitempty" maxLength:"64"`
	CalendarID           string `json:"calendar_id" maxLength:"64" doc:"Calendar ID or name."`
	FirstResponseMinutes int    `json:"first_response_minutes" minimum:"1" maximum:"525600"`
	ResolutionMinutes    int    `json:"resolution_minutes" minimum:"1" maximum:"5256000"`
	WarnPercent          int    `json:"warn_percent,omitempty" minimum:"1" maximum:"99" doc:"Defaults to 80."`
	Active               *bool  `json:"active,omitempty" doc:"Defaults to true."`
	Version              int64  `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

// ErrPolicyTaken is the answer to a second policy for one priority and tier.
var ErrPolicyTaken = apperr.Invalid("a policy covers this priority and tier already",
	apperr.Field("tier", "duplicate", "one policy per priority and tier"))

func (in *PolicyInput) check() error {
	var v apperr.Validator
	in.Name = strings.TrimSpace(in.Name)
	in.Tier = strings.ToLower(strings.TrimSpace(in.Tier))
	if in.WarnPercent == 0 {
		in.WarnPercent = 80
	}
	v.Check(in.Name != "", "name", "required", "a name")
	v.Check(slices.Contains(Priorities, in.Priority), "priority", "invalid", "one of "+strings.Join(Priorities, ", "))
	v.Check(in.FirstResponseMinutes > 0, "first_response_minutes", "not_positive", "more than 0")
	v.Check(in.ResolutionMinutes >= in.FirstResponseMinutes, "resolution_minutes", "too_short", "at least the first-response target")
	v.Check(in.WarnPercent > 0 && in.WarnPercent < 100, "warn_percent", "out_of_range", "1 to 99")
	return v.Err()
}

// CreateCalendar creates a business-hours calendar. Errors:
// validation_failed (name duplicate).
func (s *Service) CreateCalendar(ctx context.Context, in CalendarInput) (Calendar, error) {
	if err := in.check(); err != nil {
		return Calendar{}, err
	}
	var c Calendar
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c = Calendar{ID: id.New("cal"), Name: in.Name, TimeZone: in.TimeZone, Hours: in.Hours, Holidays: orEmpty(in.Holidays), Version: 1,
			CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		if err := insertCalendar(ctx, tx, c); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "support_calendar", c.ID, audit.ActionCreate, nil, c)
	})
	return c, err
}

// UpdateCalendar replaces a calendar. Due times already computed stay.
// Errors: not_found, validation_failed, version_conflict.
func (s *Service) UpdateCalendar(ctx context.Context, key string, in CalendarInput, version int64) (Calendar, error) {
	if err := in.check(); err != nil {
		return Calendar{}, err
	}
	var after Calendar
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findCalendar(ctx, tx, key)
		if err != nil {
			return err
		}
		after = before
		after.Name, after.TimeZone, after.Hours, after.Holidays, after.Version, after.UpdatedAt =
			in.Name, in.TimeZone, in.Hours, orEmpty(in.Holidays), before.Version+1, tx.Now()
		if err := updateCalendar(ctx, tx, after, version); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "support_calendar", after.ID, audit.ActionUpdate, before, after)
	})
	return after, err
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// FindCalendars lists the calendars by name.
func (s *Service) FindCalendars(ctx context.Context) ([]Calendar, error) {
	return findCalendars(ctx, s.db)
}

// FindCalendar returns a calendar by ID or name. Errors: not_found.
func (s *Service) FindCalendar(ctx context.Context, key string) (Calendar, error) {
	return findCalendar(ctx, s.db, key)
}

// CreatePolicy creates an SLA policy. Errors: validation_failed
// (calendar_id not_found, tier duplicate).
func (s *Service) CreatePolicy(ctx context.Context, in PolicyInput) (Policy, error) {
	if err := in.check(); err != nil {
		return Policy{}, err
	}
	var p Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cal, err := findCalendar(ctx, tx, in.CalendarID)
		if err != nil {
			return apperr.Invalid("no such calendar", apperr.Field("calendar_id", "not_found", "no calendar with this ID or name"))
		}
		p = Policy{ID: id.New("sla"), Name: in.Name, Priority: in.Priority, Tier: in.Tier, CalendarID: cal.ID,
			FirstResponseMinutes: in.FirstResponseMinutes, ResolutionMinutes: in.ResolutionMinutes, WarnPercent: in.WarnPercent,
			Active: in.Active == nil || *in.Active, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		if err := insertPolicy(ctx, tx, p); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "sla_policy", p.ID, audit.ActionCreate, nil, p)
	})
	return p, err
}

// UpdatePolicy replaces an SLA policy; tickets keep the due times they
// were given. Errors: not_found, validation_failed, version_conflict.
func (s *Service) UpdatePolicy(ctx context.Context, key string, in PolicyInput, version int64) (Policy, error) {
	if err := in.check(); err != nil {
		return Policy{}, err
	}
	var after Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findPolicy(ctx, tx, key)
		if err != nil {
			return err
		}
		cal, err := findCalendar(ctx, tx, in.CalendarID)
		if err != nil {
			return apperr.Invalid("no such calendar", apperr.Field("calendar_id", "not_found", "no calendar with this ID or name"))
		}
		after = before
		after.Name, after.Priority, after.Tier, after.CalendarID = in.Name, in.Priority, in.Tier, cal.ID
		after.FirstResponseMinutes, after.ResolutionMinutes, after.WarnPercent = in.FirstResponseMinutes, in.ResolutionMinutes, in.WarnPercent
		after.Active = in.Active == nil || *in.Active
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updatePolicy(ctx, tx, after, version); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "sla_policy", after.ID, audit.ActionUpdate, before, after)
	})
	return after, err
}

// FindPolicies lists the SLA policies.
func (s *Service) FindPolicies(ctx context.Context) ([]Policy, error) { return findPolicies(ctx, s.db) }

// FindPolicy returns an SLA policy by ID or name. Errors: not_found.
func (s *Service) FindPolicy(ctx context.Context, key string) (Policy, error) {
	return findPolicy(ctx, s.db, key)
}

// policyFor picks the policy of a ticket: among the active policies of its
// priority, one whose tier is among the customer's tags (the one with the
// shortest resolution target when several are: the best service the
// customer is entitled to), else the one without a tier.
func policyFor(policies []Policy, priority string, tags []string) (Policy, bool) {
	var best *Policy
	var general *Policy
	for i := range policies {
		p := &policies[i]
		if !p.Active || p.Priority != priority {
			continue
		}
		switch {
		case p.Tier == "":
			general = p
		case slices.ContainsFunc(tags, func(t string) bool { return strings.EqualFold(t, p.Tier) }):
			if best == nil || p.ResolutionMinutes < best.ResolutionMinutes {
				best = p
			}
		}
	}
	if best != nil {
		return *best, true
	}
	if general != nil {
		return *general, true
	}
	return Policy{}, false
}

// targets sets a ticket's SLA due and warning times from a policy and its
// calendar, counted from opened in business time.
func targets(sla *SLA, p Policy, cal Calendar) {
	sla.PolicyID = p.ID
	at := func(minutes, percent int) *time.Time {
		d := time.Duration(minutes) * time.Minute * time.Duration(percent) / 100
		t, ok := cal.Add(sla.OpenedAt, d)
		if !ok {
			return nil
		}
		return &t
	}
	sla.FirstResponseDue, sla.FirstResponseWarn = at(p.FirstResponseMinutes, 100), at(p.FirstResponseMinutes, p.WarnPercent)
	sla.ResolutionDue, sla.ResolutionWarn = at(p.ResolutionMinutes, 100), at(p.ResolutionMinutes, p.WarnPercent)
}
