package crm

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Criteria is a segment's saved filter over parties. Every criterion set
// must hold (AND); a list criterion holds when any of its values does.
type Criteria struct {
	Roles      []string `json:"roles,omitempty" doc:"customer and/or supplier."`
	Lifecycles []string `json:"lifecycles,omitempty" doc:"Any of: lead, prospect, customer, inactive, churned."`
	Tags       []string `json:"tags,omitempty" doc:"Parties carrying any of these tags."`
	// OrderedWithinDays keeps parties whose last order is at most this many
	// days old; NotOrderedWithinDays those without one (also never).
	OrderedWithinDays    *int `json:"ordered_within_days,omitempty" minimum:"0" maximum:"36500" doc:"Last order at most this many days ago."`
	NotOrderedWithinDays *int `json:"not_ordered_within_days,omitempty" minimum:"0" maximum:"36500" doc:"No order in this many days (or never)."`
	// RevenueMin keeps parties whose net order revenue in its currency,
	// over RevenueFrom..RevenueTo (default: the last 365 days), is at
	// least this.
	RevenueMin     *money.Amount  `json:"revenue_min,omitempty" doc:"Net order revenue over the period at least this (in its currency)."`
	RevenueFrom    *calendar.Date `json:"revenue_from,omitempty" format:"date" doc:"Start of the revenue period; default 365 days ago."`
	RevenueTo      *calendar.Date `json:"revenue_to,omitempty" format:"date" doc:"End of the revenue period; default today."`
	ProductsBought []string       `json:"products_bought,omitempty" maxItems:"100" doc:"Product IDs: parties that ordered any of them."`
	// OpenTicketsMin needs the support module plugged in.
	OpenTicketsMin *int `json:"open_tickets_min,omitempty" minimum:"1" maximum:"100000" doc:"At least this many open support tickets."`
}

// Segment is a named, saved filter over parties, evaluated on demand.
type Segment struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Criteria    Criteria  `json:"criteria"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// SegmentInput is what a client sets on a segment.
type SegmentInput struct {
	Name        string   `json:"name" maxLength:"120"`
	Description string   `json:"description,omitempty" maxLength:"1000"`
	Criteria    Criteria `json:"criteria"`
	Version     int64    `json:"version,omitempty"`
}

// Member is a party in a segment, with the behaviour that put it there.
type Member struct {
	PartyID       string         `json:"party_id"`
	Code          string         `json:"code"`
	LegalName     string         `json:"legal_name"`
	Lifecycle     string         `json:"lifecycle"`
	Tags          []string       `json:"tags"`
	LastOrderDate *calendar.Date `json:"last_order_date,omitempty" format:"date"`
	Revenue       []money.Amount `json:"revenue,omitempty" doc:"Net order revenue over the segment's period, per currency (when the segment filters on it)."`
	OpenTickets   *int           `json:"open_tickets,omitempty"`
}

// Evaluation is a segment's members now.
type Evaluation struct {
	Count   int      `json:"count" doc:"How many parties are in the segment."`
	Members []Member `json:"members" doc:"The members, by code, at most limit of them."`
}

// Errors of segments.
var (
	ErrSegmentExists = &apperr.Error{Kind: apperr.KindConflict, Code: "segment_exists", Message: "a segment with this name exists",
		Fields: []apperr.FieldError{{Field: "name", Code: "taken", Message: "already used"}}}
	ErrSegmentInUse = apperr.Conflict("segment_in_use", "campaigns use this segment")
)

func (s *Service) validateCriteria(c *Criteria) error {
	var v apperr.Validator
	for i, r := range c.Roles {
		v.Check(r == party.RoleCustomer || r == party.RoleSupplier, "criteria.roles["+itoa(i)+"]", "invalid", "customer or supplier")
	}
	for i, l := range c.Lifecycles {
		v.Check(slices.Contains(party.Lifecycles, l), "criteria.lifecycles["+itoa(i)+"]", "invalid", "one of "+strings.Join(party.Lifecycles, ", "))
	}
	for i := range c.Tags {
		c.Tags[i] = strings.TrimSpace(c.Tags[i])
		v.Check(c.Tags[i] != "", "criteria.tags["+itoa(i)+"]", "required", "a tag")
	}
	if c.OrderedWithinDays != nil {
		v.Check(*c.OrderedWithinDays >= 0, "criteria.ordered_within_days", "negative", "0 or more days")
	}
	if c.NotOrderedWithinDays != nil {
		v.Check(*c.NotOrderedWithinDays >= 0, "criteria.not_ordered_within_days", "negative", "0 or more days")
	}
	if c.RevenueMin != nil {
		v.Check(!c.RevenueMin.IsNegative(), "criteria.revenue_min", "negative", "must not be negative")
	}
	if c.RevenueFrom != nil && c.RevenueTo != nil {
		v.Check(!c.RevenueTo.Before(*c.RevenueFrom), "criteria.revenue_to", "before_from", "must not be before revenue_from")
	}
	needsBehaviour := c.OrderedWithinDays != nil || c.NotOrderedWithinDays != nil || c.RevenueMin != nil || len(c.ProductsBought) > 0
	if needsBehaviour && s.behaviour == nil {
		v.Add("criteria", "criterion_unavailable", "order behaviour needs the sales module")
	}
	if c.OpenTicketsMin != nil && s.openTickets == nil {
		v.Add("criteria.open_tickets_min", "criterion_unavailable", "open tickets need the support module, which is not plugged in")
	}
	return v.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }

const segmentColumns = `id, name, description, criteria, version, created_at, updated_at`

func scanSegment(s interface{ Scan(...any) error }) (Segment, error) {
	var sg Segment
	var crit string
	if err := s.Scan(&sg.ID, &sg.Name, &sg.Description, &crit, &sg.Version, &sg.CreatedAt, &sg.UpdatedAt); err != nil {
		return sg, err
	}
	sg.CreatedAt, sg.UpdatedAt = sg.CreatedAt.UTC(), sg.UpdatedAt.UTC()
	return sg, json.Unmarshal([]byte(crit), &sg.Criteria)
}

func findSegment(ctx context.Context, q db.Querier, key string) (Segment, error) {
	sg, err := scanSegment(q.QueryRowContext(ctx, `SELECT `+segmentColumns+` FROM crm_segment WHERE id = $1 OR name = $1`, key))
	if err != nil {
		return Segment{}, db.NotFound(err, "segment")
	}
	return sg, nil
}

// FindSegments lists the segments by name.
func (s *Service) FindSegments(ctx context.Context) ([]Segment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+segmentColumns+` FROM crm_segment ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Segment{}
	for rows.Next() {
		sg, err := scanSegment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// FindSegment returns a segment by ID or name. Errors: not_found.
func (s *Service) FindSegment(ctx context.Context, key string) (Segment, error) {
	return findSegment(ctx, s.db, key)
}

// CreateSegment saves a segment. Errors: validation_failed, segment_exists.
func (s *Service) CreateSegment(ctx context.Context, in SegmentInput) (Segment, error) {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.Name == "" {
		return Segment{}, apperr.Invalid("a segment needs a name", apperr.Field("name", "required", "e.g. Lapsed customers"))
	}
	if err := s.validateCriteria(&in.Criteria); err != nil {
		return Segment{}, err
	}
	crit, err := json.Marshal(in.Criteria)
	if err != nil {
		return Segment{}, err
	}
	sg := Segment{ID: id.New("seg"), Name: in.Name, Description: in.Description, Criteria: in.Criteria, Version: 1}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		sg.CreatedAt, sg.UpdatedAt = tx.Now(), tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO crm_segment (`+segmentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			sg.ID, sg.Name, sg.Description, string(crit), sg.Version, sg.CreatedAt, sg.UpdatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrSegmentExists
			}
			return err
		}
		return record(ctx, tx, eventAggregateSegment, sg.ID, audit.ActionCreate, EventSegmentCreated, nil, sg)
	})
	return sg, err
}

// ReplaceSegment changes a segment. Errors: not_found, validation_failed,
// segment_exists, version_conflict.
func (s *Service) ReplaceSegment(ctx context.Context, key string, in SegmentInput, version int64) (Segment, error) {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.Name == "" {
		return Segment{}, apperr.Invalid("a segment needs a name", apperr.Field("name", "required", "e.g. Lapsed customers"))
	}
	if err := s.validateCriteria(&in.Criteria); err != nil {
		return Segment{}, err
	}
	crit, err := json.Marshal(in.Criteria)
	if err != nil {
		return Segment{}, err
	}
	var after Segment
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findSegment(ctx, tx, key)
		if err != nil {
			return err
		}
		after = before
		after.Name, after.Description, after.Criteria, after.Version, after.UpdatedAt = in.Name, in.Description, in.Criteria, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE crm_segment SET name = $1, description = $2, criteria = $3, version = $4, updated_at = $5
			WHERE id = $6 AND version = $7`, after.Name, after.Description, string(crit), after.Version, after.UpdatedAt, after.ID, version)
		if db.IsUniqueViolation(err) {
			return ErrSegmentExists
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "crm_segment", after.ID, "segment"); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateSegment, after.ID, audit.ActionUpdate, EventSegmentUpdated, before, after)
	})
	return after, err
}

// DeleteSegment removes a segment no campaign uses. Errors: not_found,
// segment_in_use.
func (s *Service) DeleteSegment(ctx context.Context, key string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		sg, err := findSegment(ctx, tx, key)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM crm_campaign WHERE segment_id = $1`, sg.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrSegmentInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM crm_segment WHERE id = $1`, sg.ID); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateSegment, sg.ID, audit.ActionDelete, EventSegmentDeleted, sg, sg)
	})
}

// EvaluateSegment returns the members of a saved segment now.
// Errors: not_found.
func (s *Service) EvaluateSegment(ctx context.Context, key string, limit int) (Evaluation, error) {
	sg, err := s.FindSegment(ctx, key)
	if err != nil {
		return Evaluation{}, err
	}
	return s.Evaluate(ctx, sg.Criteria, limit)
}

// Evaluate returns the parties the principal may see that meet the
// criteria, without saving anything. Errors: validation_failed.
func (s *Service) Evaluate(ctx context.Context, c Criteria, limit int) (Evaluation, error) {
	if err := s.validateCriteria(&c); err != nil {
		return Evaluation{}, err
	}
	members, err := s.evaluate(ctx, c)
	if err != nil {
		return Evaluation{}, err
	}
	out := Evaluation{Count: len(members), Members: members}
	if limit > 0 && len(out.Members) > limit {
		out.Members = out.Members[:limit]
	}
	return out, nil
}

// partyPage is how many parties one read of the party service returns.
const partyPage = 500

// evaluate walks the parties (through the party service, with the
// principal's record rule) and keeps those that meet every criterion. The
// behaviour is read once per evaluation, not per party.
func (s *Service) evaluate(ctx context.Context, c Criteria) ([]Member, error) {
	today := calendar.DateOf(time.Now().UTC())
	var lastOrder map[string]calendar.Date
	var revenue map[string]map[money.Currency]int64
	var buyers map[string]bool
	var tickets map[string]int
	var err error
	if c.OrderedWithinDays != nil || c.NotOrderedWithinDays != nil {
		if lastOrder, err = s.behaviour.LastOrderDates(ctx); err != nil {
			return nil, err
		}
	}
	if c.RevenueMin != nil {
		from, to := today.AddDays(-365), today
		if c.RevenueFrom != nil {
			from = *c.RevenueFrom
		}
		if c.RevenueTo != nil {
			to = *c.RevenueTo
		}
		if revenue, err = s.behaviour.Revenue(ctx, from, to); err != nil {
			return nil, err
		}
	}
	if len(c.ProductsBought) > 0 {
		if buyers, err = s.behaviour.Buyers(ctx, c.ProductsBought); err != nil {
			return nil, err
		}
	}
	if c.OpenTicketsMin != nil {
		if tickets, err = s.openTickets(ctx); err != nil {
			return nil, err
		}
	}
	out := []Member{}
	after := ""
	for {
		ps, err := s.parties.FindParties(ctx, party.Filter{After: after, Limit: partyPage})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			m, ok := matches(p, c, today, lastOrder, revenue, buyers, tickets)
			if ok {
				out = append(out, m)
			}
		}
		if len(ps) < partyPage {
			break
		}
		after = ps[len(ps)-1].ID
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

func anyOf(have, want []string) bool {
	return slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) })
}

// matches reports whether a party meets the criteria, and what it showed.
func matches(p party.Party, c Criteria, today calendar.Date, lastOrder map[string]calendar.Date,
	revenue map[string]map[money.Currency]int64, buyers map[string]bool, tickets map[string]int) (Member, bool) {
	m := Member{PartyID: p.ID, Code: p.Code, LegalName: p.LegalName, Lifecycle: p.Lifecycle, Tags: p.Tags}
	if len(c.Roles) > 0 && !anyOf(p.Roles, c.Roles) {
		return m, false
	}
	if len(c.Lifecycles) > 0 && !slices.Contains(c.Lifecycles, p.Lifecycle) {
		return m, false
	}
	if len(c.Tags) > 0 && !anyOf(p.Tags, c.Tags) {
		return m, false
	}
	if last, ok := lastOrder[p.ID]; ok {
		m.LastOrderDate = &last
	}
	if c.OrderedWithinDays != nil && (m.LastOrderDate == nil || m.LastOrderDate.Before(today.AddDays(-*c.OrderedWithinDays))) {
		return m, false
	}
	if c.NotOrderedWithinDays != nil && m.LastOrderDate != nil && !m.LastOrderDate.Before(today.AddDays(-*c.NotOrderedWithinDays)) {
		return m, false
	}
	if c.RevenueMin != nil {
		for cur, minor := range revenue[p.ID] {
			m.Revenue = append(m.Revenue, money.New(minor, cur))
		}
		slices.SortFunc(m.Revenue, func(a, b money.Amount) int { return strings.Compare(string(a.Currency()), string(b.Currency())) })
		if revenue[p.ID][c.RevenueMin.Currency()] < c.RevenueMin.Minor() {
			return m, false
		}
	}
	if len(c.ProductsBought) > 0 && !buyers[p.ID] {
		return m, false
	}
	if c.OpenTicketsMin != nil {
		n := tickets[p.ID]
		m.OpenTickets = &n
		if n < *c.OpenTicketsMin {
			return m, false
		}
	}
	return m, true
}
