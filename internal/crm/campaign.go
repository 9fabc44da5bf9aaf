package crm

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Campaign channels and statuses.
var (
	Channels         = []string{"email", "web", "social", "ads", "event", "phone", "print", "other"}
	CampaignStatuses = []string{"planned", "active", "completed", "cancelled"}
)

// Campaign is a marketing action aimed at a segment, with a budget.
type Campaign struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Channel     string        `json:"channel" enum:"email,web,social,ads,event,phone,print,other"`
	Status      string        `json:"status" enum:"planned,active,completed,cancelled"`
	SegmentID   string        `json:"segment_id,omitempty"`
	Budget      money.Amount  `json:"budget" doc:"What the campaign costs; the report's cost."`
	StartDate   calendar.Date `json:"start_date" format:"date"`
	EndDate     calendar.Date `json:"end_date" format:"date"`
	OwnerID     string        `json:"owner_id" doc:"Leads from the campaign's web form go to this user."`
	MemberCount int           `json:"member_count"`
	Version     int64         `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// CampaignInput is what a client sets on a campaign.
type CampaignInput struct {
	Name      string        `json:"name" maxLength:"200"`
	Channel   string        `json:"channel" enum:"email,web,social,ads,event,phone,print,other"`
	Status    string        `json:"status,omitempty" enum:"planned,active,completed,cancelled" doc:"Defaults to planned."`
	SegmentID string        `json:"segment_id,omitempty" maxLength:"64"`
	Budget    money.Amount  `json:"budget"`
	StartDate calendar.Date `json:"start_date" format:"date"`
	EndDate   calendar.Date `json:"end_date" format:"date"`
	OwnerID   string        `json:"owner_id,omitempty" maxLength:"64" doc:"Defaults to the creating user."`
	Version   int64         `json:"version,omitempty"`
}

// AddMembersInput adds parties to a campaign: the given ones and, with
// FromSegment, every party now in the campaign's segment.
type AddMembersInput struct {
	PartyIDs    []string `json:"party_ids,omitempty" maxItems:"1000"`
	FromSegment bool     `json:"from_segment,omitempty" doc:"Add every party now in the campaign's segment."`
}

// Errors of campaigns.
var ErrCampaignExists = &apperr.Error{Kind: apperr.KindConflict, Code: "campaign_exists", Message: "a campaign with this name exists",
	Fields: []apperr.FieldError{{Field: "name", Code: "taken", Message: "already used"}}}

func (in *CampaignInput) validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Status == "" {
		in.Status = "planned"
	}
	var v apperr.Validator
	v.Check(in.Name != "", "name", "required", "the campaign's name")
	v.Check(slices.Contains(Channels, in.Channel), "channel", "invalid", "one of "+strings.Join(Channels, ", "))
	v.Check(slices.Contains(CampaignStatuses, in.Status), "status", "invalid", "one of "+strings.Join(CampaignStatuses, ", "))
	v.Check(in.Budget.Currency() != "", "budget", "required", "the budget with its currency")
	v.Check(!in.Budget.IsNegative(), "budget", "negative", "must not be negative")
	v.Check(!in.StartDate.IsZero(), "start_date", "required", "the first day")
	v.Check(!in.EndDate.IsZero(), "end_date", "required", "the last day")
	v.Check(in.StartDate.IsZero() || in.EndDate.IsZero() || !in.EndDate.Before(in.StartDate), "end_date", "before_start", "must not be before start_date")
	return v.Err()
}

const campaignColumns = `c.id, c.name, c.channel, c.status, c.segment_id, c.budget_minor, c.currency, c.start_date, c.end_date, c.owner_id,
	(SELECT COUNT(*) FROM crm_campaign_member m WHERE m.campaign_id = c.id), c.version, c.created_at, c.updated_at`

func scanCampaign(s interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	var budget int64
	var cur, start, end string
	if err := s.Scan(&c.ID, &c.Name, &c.Channel, &c.Status, &c.SegmentID, &budget, &cur, &start, &end, &c.OwnerID, &c.MemberCount,
		&c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return c, err
	}
	cy, err := money.ParseCurrency(cur)
	if err != nil {
		return c, err
	}
	c.Budget = money.New(budget, cy)
	if c.StartDate, err = calendar.ParseDate(start); err != nil {
		return c, err
	}
	if c.EndDate, err = calendar.ParseDate(end); err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func findCampaign(ctx context.Context, q db.Querier, key string) (Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM crm_campaign c WHERE c.id = $1 OR c.name = $1`, key))
	if err != nil {
		return Campaign{}, db.NotFound(err, "campaign")
	}
	return c, nil
}

// FindCampaigns lists the campaigns, newest first.
func (s *Service) FindCampaigns(ctx context.Context) ([]Campaign, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+campaignColumns+` FROM crm_campaign c ORDER BY c.start_date DESC, c.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCampaign returns a campaign by ID or name. Errors: not_found.
func (s *Service) FindCampaign(ctx context.Context, key string) (Campaign, error) {
	return findCampaign(ctx, s.db, key)
}

// CampaignExists reports whether a campaign has this ID: for modules that
// attribute documents to campaigns.
func (s *Service) CampaignExists(ctx context.Context, campaignID string) (bool, error) {
	_, err := findCampaign(ctx, s.db, campaignID)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		return false, nil
	}
	return err == nil, err
}

func (s *Service) checkSegment(ctx context.Context, q db.Querier, segmentID string) error {
	if segmentID == "" {
		return nil
	}
	if _, err := findSegment(ctx, q, segmentID); err != nil {
		return apperr.Invalid("no such segment", apperr.Field("segment_id", "not_found", "no segment with this ID"))
	}
	return nil
}

// CreateCampaign saves a campaign. Errors: validation_failed,
// campaign_exists.
func (s *Service) CreateCampaign(ctx context.Context, in CampaignInput) (Campaign, error) {
	p, err := principal(ctx)
	if err != nil {
		return Campaign{}, err
	}
	if err := in.validate(); err != nil {
		return Campaign{}, err
	}
	c := Campaign{ID: id.New("cmp"), Name: in.Name, Channel: in.Channel, Status: in.Status, Budget: in.Budget,
		StartDate: in.StartDate, EndDate: in.EndDate, OwnerID: in.OwnerID, Version: 1}
	if c.OwnerID == "" {
		c.OwnerID = p.UserID
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkSegment(ctx, tx, in.SegmentID); err != nil {
			return err
		}
		if in.SegmentID != "" {
			sg, _ := findSegment(ctx, tx, in.SegmentID)
			c.SegmentID = sg.ID
		}
		c.CreatedAt, c.UpdatedAt = tx.Now(), tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO crm_campaign (id, name, channel, status, segment_id, budget_minor, currency, start_date,
			end_date, owner_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			c.ID, c.Name, c.Channel, c.Status, c.SegmentID, c.Budget.Minor(), string(c.Budget.Currency()), c.StartDate.String(),
			c.EndDate.String(), c.OwnerID, c.Version, c.CreatedAt, c.UpdatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrCampaignExists
			}
			return err
		}
		return record(ctx, tx, eventAggregateCampaign, c.ID, audit.ActionCreate, EventCampaignCreated, nil, c)
	})
	return c, err
}

// ReplaceCampaign changes a campaign. Errors: not_found, validation_failed,
// campaign_exists, version_conflict.
func (s *Service) ReplaceCampaign(ctx context.Context, key string, in CampaignInput, version int64) (Campaign, error) {
	if err := in.validate(); err != nil {
		return Campaign{}, err
	}
	var after Campaign
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findCampaign(ctx, tx, key)
		if err != nil {
			return err
		}
		if err := s.checkSegment(ctx, tx, in.SegmentID); err != nil {
			return err
		}
		after = before
		after.Name, after.Channel, after.Status, after.Budget, after.StartDate, after.EndDate = in.Name, in.Channel, in.Status, in.Budget,
			in.StartDate, in.EndDate
		after.SegmentID = ""
		if in.SegmentID != "" {
			sg, _ := findSegment(ctx, tx, in.SegmentID)
			after.SegmentID = sg.ID
		}
		if in.OwnerID != "" {
			after.OwnerID = in.OwnerID
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE crm_campaign SET name = $1, channel = $2, status = $3, segment_id = $4, budget_minor = $5,
			currency = $6, start_date = $7, end_date = $8, owner_id = $9, version = $10, updated_at = $11 WHERE id = $12 AND version = $13`,
			after.Name, after.Channel, after.Status, after.SegmentID, after.Budget.Minor(), string(after.Budget.Currency()),
			after.StartDate.String(), after.EndDate.String(), after.OwnerID, after.Version, after.UpdatedAt, after.ID, version)
		if db.IsUniqueViolation(err) {
			return ErrCampaignExists
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "crm_campaign", after.ID, "campaign"); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateCampaign, after.ID, audit.ActionUpdate, EventCampaignUpdated, before, after)
	})
	return after, err
}

// CampaignMembers returns the parties of a campaign, by code (those the
// principal may see). Errors: not_found.
func (s *Service) CampaignMembers(ctx context.Context, key string) ([]Member, error) {
	c, err := s.FindCampaign(ctx, key)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT party_id FROM crm_campaign_member WHERE campaign_id = $1 ORDER BY party_id`, c.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var pid string
		if err := rows.Scan(&pid); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, pid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []Member{}
	for _, pid := range ids {
		p, err := s.parties.FindParty(ctx, pid)
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Member{PartyID: p.ID, Code: p.Code, LegalName: p.LegalName, Lifecycle: p.Lifecycle, Tags: p.Tags})
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// AddMembers adds parties to a campaign; parties already in it stay once.
// Errors: not_found, validation_failed (a party that does not exist, or
// from_segment on a campaign without a segment).
func (s *Service) AddMembers(ctx context.Context, key string, in AddMembersInput) (Campaign, error) {
	c, err := s.FindCampaign(ctx, key)
	if err != nil {
		return Campaign{}, err
	}
	var ids []string
	for i, pid := range in.PartyIDs {
		p, err := s.parties.FindParty(ctx, pid)
		if err != nil {
			return Campaign{}, apperr.Invalid("no such party", apperr.Field("party_ids["+itoa(i)+"]", "not_found", "no party with this ID you may see"))
		}
		ids = append(ids, p.ID)
	}
	if in.FromSegment {
		if c.SegmentID == "" {
			return Campaign{}, apperr.Invalid("the campaign has no segment", apperr.Field("from_segment", "no_segment", "set the campaign's segment first"))
		}
		ev, err := s.EvaluateSegment(ctx, c.SegmentID, 0)
		if err != nil {
			return Campaign{}, err
		}
		for _, m := range ev.Members {
			ids = append(ids, m.PartyID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var after Campaign
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		added := []string{}
		for _, pid := range ids {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM crm_campaign_member WHERE campaign_id = $1 AND party_id = $2`, c.ID, pid).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO crm_campaign_member (campaign_id, party_id, added_at) VALUES ($1, $2, $3)`,
				c.ID, pid, tx.Now()); err != nil {
				return err
			}
			added = append(added, pid)
		}
		var err error
		if after, err = findCampaign(ctx, tx, c.ID); err != nil {
			return err
		}
		if len(added) == 0 {
			return nil
		}
		return record(ctx, tx, eventAggregateCampaign, c.ID, "add_members", EventCampaignMembersAdded, nil,
			CampaignMembersAdded{CampaignID: c.ID, PartyIDs: added, MemberCount: after.MemberCount})
	})
	return after, err
}

// CampaignMembersAdded is the payload of crm.campaign.members_added.v1.
type CampaignMembersAdded struct {
	CampaignID  string   `json:"campaign_id"`
	PartyIDs    []string `json:"party_ids"`
	MemberCount int      `json:"member_count"`
}

// CampaignResult is one campaign's line in the campaign report.
type CampaignResult struct {
	CampaignID       string         `json:"campaign_id"`
	Name             string         `json:"name"`
	Channel          string         `json:"channel"`
	Status           string         `json:"status"`
	Cost             money.Amount   `json:"cost" doc:"The campaign's budget."`
	Members          int            `json:"members"`
	Leads            int            `json:"leads" doc:"Leads attributed to the campaign."`
	ConvertedLeads   int            `json:"converted_leads"`
	Opportunities    int            `json:"opportunities"`
	WonOpportunities int            `json:"won_opportunities"`
	WonRevenue       []money.Amount `json:"won_revenue" doc:"Net amount of confirmed, not cancelled orders attributed to the campaign, per currency."`
	// ROI is (won revenue − cost) / cost in percent, with two decimals,
	// from the revenue in the budget's currency; empty when the cost is 0.
	ROI string `json:"roi,omitempty" doc:"(revenue in the budget's currency − cost) / cost, in percent with two decimals; empty when the cost is 0."`
}

// CampaignReport is the cost, leads, revenue and ROI of every campaign.
func (s *Service) CampaignReport(ctx context.Context) ([]CampaignResult, error) {
	cs, err := s.FindCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	var revenue map[string]map[money.Currency]int64
	if s.revenue != nil {
		if revenue, err = s.revenue(ctx); err != nil {
			return nil, err
		}
	}
	count := func(query, campaignID string) (int, error) {
		var n int
		err := s.db.QueryRowContext(ctx, query, campaignID).Scan(&n)
		return n, err
	}
	out := []CampaignResult{}
	for _, c := range cs {
		r := CampaignResult{CampaignID: c.ID, Name: c.Name, Channel: c.Channel, Status: c.Status, Cost: c.Budget, Members: c.MemberCount,
			WonRevenue: []money.Amount{}}
		for _, q := range []struct {
			dst   *int
			query string
		}{
			{&r.Leads, `SELECT COUNT(*) FROM crm_lead WHERE campaign_id = $1`},
			{&r.ConvertedLeads, `SELECT COUNT(*) FROM crm_lead WHERE campaign_id = $1 AND status = 'converted'`},
			{&r.Opportunities, `SELECT COUNT(*) FROM crm_opportunity WHERE campaign_id = $1`},
			{&r.WonOpportunities, `SELECT COUNT(*) FROM crm_opportunity WHERE campaign_id = $1 AND status = 'won'`},
		} {
			if *q.dst, err = count(q.query, c.ID); err != nil {
				return nil, err
			}
		}
		for cur, minor := range revenue[c.ID] {
			r.WonRevenue = append(r.WonRevenue, money.New(minor, cur))
		}
		slices.SortFunc(r.WonRevenue, func(a, b money.Amount) int { return strings.Compare(string(a.Currency()), string(b.Currency())) })
		if !c.Budget.IsZero() {
			won := revenue[c.ID][c.Budget.Currency()]
			// Percent with two decimals: (won − cost) × 10000 / cost,
			// rounded half away from zero by MulRatio.
			gain := money.New(won-c.Budget.Minor(), c.Budget.Currency())
			if bp, err := gain.MulRatio(10000, c.Budget.Minor()); err == nil {
				r.ROI = percent(bp.Minor())
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// percent formats hundredths of a percent ("15050" → "150.50").
func percent(bp int64) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	frac := bp % 100
	f := itoa(int(frac))
	if frac < 10 {
		f = "0" + f
	}
	return sign + itoa(int(bp/100)) + "." + f
}
