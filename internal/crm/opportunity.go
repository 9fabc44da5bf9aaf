package crm

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

// Opportunity statuses, given by the stage it is in.
const (
	Open = "open"
	Won  = "won"
	Lost = "lost"
)

// Opportunity is a possible sale to a party, moving through the pipeline.
type Opportunity struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	PartyID    string `json:"party_id"`
	LeadID     string `json:"lead_id,omitempty" doc:"The lead it was converted from."`
	CampaignID string `json:"campaign_id,omitempty" doc:"The campaign it is attributed to (from its lead)."`
	StageID    string `json:"stage_id"`
	StageName  string `json:"stage_name"`
	Status     string `json:"status" enum:"open,won,lost"`
	// Probability is the chance of winning in percent; the stage's default
	// when the opportunity entered it, unless set.
	Probability    int           `json:"probability"`
	Amount         money.Amount  `json:"amount"`
	WeightedAmount money.Amount  `json:"weighted_amount" doc:"amount × probability, rounded half away from zero to the currency's minor unit."`
	ExpectedClose  calendar.Date `json:"expected_close" format:"date"`
	OwnerID        string        `json:"owner_id"`
	Competitors    []string      `json:"competitors"`
	LostReason     string        `json:"lost_reason,omitempty"`
	StageEnteredAt time.Time     `json:"stage_entered_at"`
	ClosedAt       *time.Time    `json:"closed_at,omitempty"`
	Version        int64         `json:"version"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// OpportunityInput is what a client sets on an opportunity; the stage
// changes only through MoveOpportunity.
type OpportunityInput struct {
	Name          string        `json:"name" maxLength:"200"`
	PartyID       string        `json:"party_id" maxLength:"64" doc:"The customer or prospect (ID or code)."`
	CampaignID    string        `json:"campaign_id,omitempty" maxLength:"64"`
	StageID       string        `json:"stage_id,omitempty" maxLength:"64" doc:"Only on create; defaults to the first open stage."`
	Probability   *int          `json:"probability,omitempty" minimum:"0" maximum:"100" doc:"Defaults to the stage's probability."`
	Amount        money.Amount  `json:"amount"`
	ExpectedClose calendar.Date `json:"expected_close" format:"date"`
	OwnerID       string        `json:"owner_id,omitempty" maxLength:"64" doc:"Defaults to the creating user."`
	Competitors   []string      `json:"competitors,omitempty" maxItems:"20"`
	Version       int64         `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

// MoveInput moves an opportunity to another stage.
type MoveInput struct {
	StageID     string `json:"stage_id" maxLength:"64"`
	LostReason  string `json:"lost_reason,omitempty" maxLength:"500" doc:"Required when the stage is a lost one."`
	Probability *int   `json:"probability,omitempty" minimum:"0" maximum:"100" doc:"Defaults to the new stage's probability."`
	Version     int64  `json:"version,omitempty"`
}

// StageVisit is one stay of an opportunity in a stage.
type StageVisit struct {
	StageID   string     `json:"stage_id"`
	StageName string     `json:"stage_name"`
	EnteredAt time.Time  `json:"entered_at"`
	LeftAt    *time.Time `json:"left_at,omitempty" doc:"Empty while the opportunity is still in the stage."`
	Seconds   int64      `json:"seconds" doc:"Time in the stage; up to now for the current stage."`
	ChangedBy string     `json:"changed_by"`
}

// OpportunityFilter selects opportunities.
type OpportunityFilter struct {
	Status     string
	StageID    string
	PartyID    string
	OwnerID    string
	CampaignID string
	Q          string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// OpportunitySorts are the columns a list of opportunities may be sorted
// by; ids grow with time, so "created" is the id.
var OpportunitySorts = []page.SortField{
	{Name: "created", Column: "o.id"},
	{Name: "updated", Column: "o.updated_at", Time: true},
	{Name: "name", Column: "o.name"},
	{Name: "amount", Column: "o.amount_minor", Numeric: true},
	{Name: "probability", Column: "o.probability", Numeric: true},
	{Name: "expected_close", Column: "o.expected_close"},
	{Name: "status", Column: "o.status"},
}

// SortValue is o's value of a sort field, for the cursor of a page ending
// at o.
func (o Opportunity) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(o.UpdatedAt)
	case "name":
		return o.Name
	case "amount":
		return strconv.FormatInt(o.Amount.Minor(), 10)
	case "probability":
		return strconv.Itoa(o.Probability)
	case "expected_close":
		return o.ExpectedClose.String()
	case "status":
		return o.Status
	}
	return o.ID
}

func (in *OpportunityInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	var comps []string
	for _, c := range in.Competitors {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(comps, c) {
			comps = append(comps, c)
		}
	}
	in.Competitors = comps
	if in.Competitors == nil {
		in.Competitors = []string{}
	}
}

func (in *OpportunityInput) validate() error {
	var v apperr.Validator
	v.Check(in.Name != "", "name", "required", "what is being sold, e.g. 200 chairs for the new office")
	v.Check(in.PartyID != "", "party_id", "required", "the customer or prospect")
	v.Check(in.Amount.Currency() != "", "amount", "required", "the expected amount with its currency")
	v.Check(!in.Amount.IsNegative(), "amount", "negative", "must not be negative")
	v.Check(!in.ExpectedClose.IsZero(), "expected_close", "required", "the day the deal is expected to close")
	if in.Probability != nil {
		v.Check(*in.Probability >= 0 && *in.Probability <= 100, "probability", "out_of_range", "0 to 100")
	}
	for i, c := range in.Competitors {
		v.Check(len(c) <= 100, "competitors["+strconv.Itoa(i)+"]", "too_long", "at most 100 characters")
	}
	return v.Err()
}

func weighted(a money.Amount, probability int) money.Amount {
	w, err := a.MulRatio(int64(probability), probabilityScale)
	if err != nil {
		// Only an overflow fails, beyond any real opportunity; show nothing weighted.
		return money.Zero(a.Currency())
	}
	return w
}

func statusOf(st Stage) string {
	switch {
	case st.Won:
		return Won
	case st.Lost:
		return Lost
	default:
		return Open
	}
}

const opportunityColumns = `o.id, o.name, o.party_id, o.lead_id, o.campaign_id, o.stage_id, COALESCE(s.name, ''), o.status, o.probability,
	o.amount_minor, o.currency, o.expected_close, o.owner_id, o.competitors, o.lost_reason, o.stage_entered_at, o.closed_at, o.version,
	o.created_at, o.updated_at`

const opportunityFrom = ` FROM crm_opportunity o LEFT JOIN crm_stage s ON s.id = o.stage_id`

func scanOpportunity(s interface{ Scan(...any) error }) (Opportunity, error) {
	var o Opportunity
	var amount int64
	var cur, closeDate, comps string
	var closed sql.NullTime
	if err := s.Scan(&o.ID, &o.Name, &o.PartyID, &o.LeadID, &o.CampaignID, &o.StageID, &o.StageName, &o.Status, &o.Probability,
		&amount, &cur, &closeDate, &o.OwnerID, &comps, &o.LostReason, &o.StageEnteredAt, &closed, &o.Version, &o.CreatedAt,
		&o.UpdatedAt); err != nil {
		return o, err
	}
	c, err := money.ParseCurrency(cur)
	if err != nil {
		return o, err
	}
	if o.ExpectedClose, err = calendar.ParseDate(closeDate); err != nil {
		return o, err
	}
	if err := json.Unmarshal([]byte(comps), &o.Competitors); err != nil {
		return o, err
	}
	o.Amount = money.New(amount, c)
	o.WeightedAmount = weighted(o.Amount, o.Probability)
	o.StageEnteredAt, o.CreatedAt, o.UpdatedAt = o.StageEnteredAt.UTC(), o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	if closed.Valid {
		t := closed.Time.UTC()
		o.ClosedAt = &t
	}
	return o, nil
}

func findOpportunity(ctx context.Context, q db.Querier, key string) (Opportunity, error) {
	o, err := scanOpportunity(q.QueryRowContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE o.id = $1`, key))
	if err != nil {
		return Opportunity{}, db.NotFound(err, "opportunity")
	}
	return o, nil
}

func insertOpportunity(ctx context.Context, tx *db.Tx, o Opportunity) error {
	comps, err := json.Marshal(o.Competitors)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO crm_opportunity (id, name, party_id, lead_id, campaign_id, stage_id, status, probability,
		amount_minor, currency, expected_close, owner_id, competitors, lost_reason, stage_entered_at, closed_at, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		o.ID, o.Name, o.PartyID, o.LeadID, o.CampaignID, o.StageID, o.Status, o.Probability, o.Amount.Minor(), string(o.Amount.Currency()),
		o.ExpectedClose.String(), o.OwnerID, string(comps), o.LostReason, o.StageEnteredAt, nullTime(o.ClosedAt), o.Version, o.CreatedAt,
		o.UpdatedAt)
	return err
}

func updateOpportunity(ctx context.Context, tx *db.Tx, o Opportunity, version int64) error {
	comps, err := json.Marshal(o.Competitors)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE crm_opportunity SET name = $1, party_id = $2, campaign_id = $3, stage_id = $4, status = $5,
		probability = $6, amount_minor = $7, currency = $8, expected_close = $9, owner_id = $10, competitors = $11, lost_reason = $12,
		stage_entered_at = $13, closed_at = $14, version = $15, updated_at = $16 WHERE id = $17 AND version = $18`,
		o.Name, o.PartyID, o.CampaignID, o.StageID, o.Status, o.Probability, o.Amount.Minor(), string(o.Amount.Currency()),
		o.ExpectedClose.String(), o.OwnerID, string(comps), o.LostReason, o.StageEnteredAt, nullTime(o.ClosedAt), o.Version, o.UpdatedAt,
		o.ID, version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "crm_opportunity", o.ID, "opportunity")
}

// enterStageTx records the opportunity's arrival in its current stage,
// closing the stay in the previous one.
func enterStageTx(ctx context.Context, tx *db.Tx, o Opportunity, actor string) error {
	now := tx.Now()
	rows, err := tx.QueryContext(ctx, `SELECT id, entered_at FROM crm_stage_history WHERE opportunity_id = $1 AND left_at IS NULL`, o.ID)
	if err != nil {
		return err
	}
	type open struct {
		id      string
		entered time.Time
	}
	var stays []open
	for rows.Next() {
		var st open
		if err := rows.Scan(&st.id, &st.entered); err != nil {
			rows.Close()
			return err
		}
		stays = append(stays, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, st := range stays {
		if _, err := tx.ExecContext(ctx, `UPDATE crm_stage_history SET left_at = $1, seconds = $2 WHERE id = $3`,
			now, int64(now.Sub(st.entered)/time.Second), st.id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO crm_stage_history (id, opportunity_id, stage_id, stage_name, entered_at, left_at, seconds,
		changed_by) VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6)`, id.New("sth"), o.ID, o.StageID, o.StageName, now, actor)
	return err
}

// FindOpportunity returns an opportunity the principal may see. Errors:
// not_found.
func (s *Service) FindOpportunity(ctx context.Context, key string) (Opportunity, error) {
	return s.visibleOpportunity(ctx, s.db, key)
}

// OpportunityTx reads an opportunity the principal may see in the caller's
// transaction: for the sales module pre-filling a quotation from it.
// Errors: not_found.
func (s *Service) OpportunityTx(ctx context.Context, tx *db.Tx, key string) (Opportunity, error) {
	return s.visibleOpportunity(ctx, tx, key)
}

func (s *Service) visibleOpportunity(ctx context.Context, q db.Querier, key string) (Opportunity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Opportunity{}, err
	}
	o, err := findOpportunity(ctx, q, key)
	if err != nil {
		return Opportunity{}, err
	}
	return o, owns(p, "crm.opportunity", o.OwnerID, "opportunity")
}

// FindOpportunities lists the opportunities the principal may see, newest
// first unless f.Sort says otherwise.
func (s *Service) FindOpportunities(ctx context.Context, f OpportunityFilter) ([]Opportunity, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanAll("crm.opportunity") {
		f.OwnerID = p.UserID
	}
	args := []any{f.Status, f.StageID, f.PartyID, f.OwnerID, f.CampaignID}
	where := `($1 = '' OR o.status = $1) AND ($2 = '' OR o.stage_id = $2) AND ($3 = '' OR o.party_id = $3)
		AND ($4 = '' OR o.owner_id = $4) AND ($5 = '' OR o.campaign_id = $5)`
	if q := strings.TrimSpace(f.Q); q != "" {
		args = append(args, "%"+strings.ToLower(q)+"%")
		where += ` AND LOWER(o.name) LIKE $` + strconv.Itoa(len(args))
	}
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "o.id", Desc: true})
	sort.IDColumn = "o.id"
	after, args, orderBy, err := sort.Clause(f.After, args)
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE `+where+after+` ORDER BY `+orderBy+` LIMIT $`+
		strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Opportunity{}
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CreateOpportunity opens an opportunity with a party. Errors:
// validation_failed (also for a party, stage or campaign that does not
// exist).
func (s *Service) CreateOpportunity(ctx context.Context, in OpportunityInput) (Opportunity, error) {
	pt, err := s.parties.FindParty(ctx, in.PartyID)
	if in.PartyID != "" && err != nil {
		if apperr.CodeOf(err) != apperr.CodeNotFound {
			return Opportunity{}, err
		}
		return Opportunity{}, apperr.Invalid("no such party", apperr.Field("party_id", "not_found", "no party with this ID or code you may see"))
	}
	in.PartyID = pt.ID
	var o Opportunity
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		o, err = s.createOpportunityTx(ctx, tx, in, "")
		return err
	})
	return o, err
}

// createOpportunityTx creates an opportunity with in.PartyID, a party ID
// the caller has checked (or just created in tx).
func (s *Service) createOpportunityTx(ctx context.Context, tx *db.Tx, in OpportunityInput, leadID string) (Opportunity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Opportunity{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Opportunity{}, err
	}
	owner, err := ownerFor(p, "crm.opportunity", in.OwnerID)
	if err != nil {
		return Opportunity{}, err
	}
	var st Stage
	if in.StageID != "" {
		if st, err = findStage(ctx, tx, in.StageID); err != nil {
			return Opportunity{}, apperr.Invalid("no such stage", apperr.Field("stage_id", "not_found", "no pipeline stage with this ID"))
		}
	} else {
		stages, err := findStages(ctx, tx)
		if err != nil {
			return Opportunity{}, err
		}
		i := slices.IndexFunc(stages, func(st Stage) bool { return !st.Won && !st.Lost })
		if i < 0 {
			return Opportunity{}, apperr.Invalid("the pipeline has no open stage", apperr.Field("stage_id", "required", "create an open stage first"))
		}
		st = stages[i]
	}
	if in.CampaignID != "" {
		if _, err := findCampaign(ctx, tx, in.CampaignID); err != nil {
			return Opportunity{}, apperr.Invalid("no such campaign", apperr.Field("campaign_id", "not_found", "no campaign with this ID"))
		}
	}
	now := tx.Now()
	o := Opportunity{ID: id.New("opp"), Name: in.Name, PartyID: in.PartyID, LeadID: leadID, CampaignID: in.CampaignID, StageID: st.ID,
		StageName: st.Name, Status: statusOf(st), Probability: st.Probability, Amount: in.Amount, ExpectedClose: in.ExpectedClose,
		OwnerID: owner, Competitors: in.Competitors, StageEnteredAt: now, Version: 1, CreatedAt: now, UpdatedAt: now}
	if in.Probability != nil {
		o.Probability = *in.Probability
	}
	if o.Status != Open {
		o.ClosedAt = &now
	}
	o.WeightedAmount = weighted(o.Amount, o.Probability)
	if err := insertOpportunity(ctx, tx, o); err != nil {
		return Opportunity{}, err
	}
	if err := enterStageTx(ctx, tx, o, p.ActorID()); err != nil {
		return Opportunity{}, err
	}
	return o, record(ctx, tx, eventAggregateOpportunity, o.ID, audit.ActionCreate, EventOpportunityCreated, nil, o)
}

// ReplaceOpportunity changes an opportunity's data (not its stage).
// Errors: not_found, validation_failed, version_conflict.
func (s *Service) ReplaceOpportunity(ctx context.Context, key string, in OpportunityInput, version int64) (Opportunity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Opportunity{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Opportunity{}, err
	}
	var after Opportunity
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleOpportunity(ctx, tx, key)
		if err != nil {
			return err
		}
		owner, err := ownerFor(p, "crm.opportunity", in.OwnerID)
		if err != nil {
			return err
		}
		if in.OwnerID == "" {
			owner = before.OwnerID
		}
		pt, err := s.parties.FindParty(ctx, in.PartyID)
		if err != nil {
			return apperr.Invalid("no such party", apperr.Field("party_id", "not_found", "no party with this ID or code you may see"))
		}
		if in.CampaignID != "" {
			if _, err := findCampaign(ctx, tx, in.CampaignID); err != nil {
				return apperr.Invalid("no such campaign", apperr.Field("campaign_id", "not_found", "no campaign with this ID"))
			}
		}
		after = before
		after.Name, after.PartyID, after.CampaignID, after.Amount, after.ExpectedClose = in.Name, pt.ID, in.CampaignID, in.Amount, in.ExpectedClose
		after.OwnerID, after.Competitors = owner, in.Competitors
		if in.Probability != nil {
			after.Probability = *in.Probability
		}
		after.WeightedAmount = weighted(after.Amount, after.Probability)
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updateOpportunity(ctx, tx, after, version); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateOpportunity, after.ID, audit.ActionUpdate, EventOpportunityUpdated, before, after)
	})
	return after, err
}

// ErrLostReasonRequired is returned when an opportunity is moved to a lost
// stage without a reason.
var ErrLostReasonRequired = apperr.Invalid("say why the opportunity was lost",
	apperr.Field("lost_reason", "required", "required for a lost stage"))

// MoveOpportunity moves an opportunity to another stage: its probability
// becomes the stage's (unless given), its stay in the old stage is closed
// in the stage history, and a won or lost stage closes it. Errors:
// not_found, validation_failed (unknown stage, lost_reason missing),
// version_conflict.
func (s *Service) MoveOpportunity(ctx context.Context, key string, in MoveInput, version int64) (Opportunity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Opportunity{}, err
	}
	in.LostReason = strings.TrimSpace(in.LostReason)
	var after Opportunity
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleOpportunity(ctx, tx, key)
		if err != nil {
			return err
		}
		st, err := findStage(ctx, tx, in.StageID)
		if err != nil {
			return apperr.Invalid("no such stage", apperr.Field("stage_id", "not_found", "no pipeline stage with this ID"))
		}
		if st.Lost && in.LostReason == "" {
			return ErrLostReasonRequired
		}
		if before.Version != version {
			return apperr.VersionConflict("opportunity")
		}
		after = before
		now := tx.Now()
		after.StageID, after.StageName, after.Status, after.Probability = st.ID, st.Name, statusOf(st), st.Probability
		if in.Probability != nil && !st.Won && !st.Lost {
			after.Probability = *in.Probability
		}
		after.LostReason, after.ClosedAt = "", nil
		if st.Lost {
			after.LostReason = in.LostReason
		}
		if after.Status != Open {
			after.ClosedAt = &now
		}
		after.WeightedAmount = weighted(after.Amount, after.Probability)
		after.Version, after.UpdatedAt = before.Version+1, now
		if before.StageID != st.ID {
			after.StageEnteredAt = now
		}
		if err := updateOpportunity(ctx, tx, after, version); err != nil {
			return err
		}
		if before.StageID == st.ID {
			return record(ctx, tx, eventAggregateOpportunity, after.ID, audit.ActionUpdate, EventOpportunityUpdated, before, after)
		}
		if err := enterStageTx(ctx, tx, after, p.ActorID()); err != nil {
			return err
		}
		if err := record(ctx, tx, eventAggregateOpportunity, after.ID, "move", EventOpportunityStageChanged, before, after); err != nil {
			return err
		}
		switch {
		case after.Status == Won && before.Status != Won:
			return record(ctx, tx, eventAggregateOpportunity, after.ID, "win", EventOpportunityWon, nil, after)
		case after.Status == Lost && before.Status != Lost:
			return record(ctx, tx, eventAggregateOpportunity, after.ID, "lose", EventOpportunityLost, nil, after)
		}
		return nil
	})
	return after, err
}

// StageHistory returns an opportunity's stays in stages, oldest first.
// Errors: not_found.
func (s *Service) StageHistory(ctx context.Context, key string) ([]StageVisit, error) {
	o, err := s.FindOpportunity(ctx, key)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT stage_id, stage_name, entered_at, left_at, seconds, changed_by FROM crm_stage_history
		WHERE opportunity_id = $1 ORDER BY entered_at, id`, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := time.Now().UTC()
	out := []StageVisit{}
	for rows.Next() {
		var v StageVisit
		var left sql.NullTime
		var secs sql.NullInt64
		if err := rows.Scan(&v.StageID, &v.StageName, &v.EnteredAt, &left, &secs, &v.ChangedBy); err != nil {
			return nil, err
		}
		v.EnteredAt = v.EnteredAt.UTC()
		if left.Valid {
			t := left.Time.UTC()
			v.LeftAt, v.Seconds = &t, secs.Int64
		} else {
			v.Seconds = int64(now.Sub(v.EnteredAt) / time.Second)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ForecastRow is the pipeline of one owner closing in one month in one
// currency.
type ForecastRow struct {
	Month    string       `json:"month" doc:"YYYY-MM of the expected close date."`
	OwnerID  string       `json:"owner_id"`
	Count    int          `json:"count" doc:"Open opportunities."`
	Amount   money.Amount `json:"amount" doc:"Their total amount."`
	Weighted money.Amount `json:"weighted" doc:"Their total weighted amount (each amount × probability, rounded, then added)."`
	Won      money.Amount `json:"won" doc:"The amount of opportunities won, by their expected close month."`
}

// StageTotal is the open pipeline in one stage and currency.
type StageTotal struct {
	StageID   string       `json:"stage_id"`
	StageName string       `json:"stage_name"`
	Count     int          `json:"count"`
	Amount    money.Amount `json:"amount"`
	Weighted  money.Amount `json:"weighted"`
}

// Forecast is the weighted pipeline report.
type Forecast struct {
	Rows    []ForecastRow `json:"rows" doc:"By month, then owner, then currency."`
	ByStage []StageTotal  `json:"by_stage" doc:"Open opportunities by stage (in pipeline order) and currency."`
}

// ForecastFilter bounds the forecast: months from..to (YYYY-MM, inclusive,
// either may be empty) and one owner.
type ForecastFilter struct {
	From, To string
	OwnerID  string
}

var monthFormat = func(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}

// PipelineForecast sums the open (and won) opportunities the principal may
// see by expected close month, owner and currency. Errors:
// validation_failed (a month not in YYYY-MM form).
func (s *Service) PipelineForecast(ctx context.Context, f ForecastFilter) (Forecast, error) {
	var v apperr.Validator
	v.Check(f.From == "" || monthFormat(f.From), "from", "invalid", "a month such as 2026-11")
	v.Check(f.To == "" || monthFormat(f.To), "to", "invalid", "a month such as 2026-12")
	if err := v.Err(); err != nil {
		return Forecast{}, err
	}
	p, err := principal(ctx)
	if err != nil {
		return Forecast{}, err
	}
	if !p.CanAll("crm.opportunity") {
		f.OwnerID = p.UserID
	}
	stages, err := findStages(ctx, s.db)
	if err != nil {
		return Forecast{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE o.status IN ('open', 'won')
		AND ($1 = '' OR o.owner_id = $1) ORDER BY o.id`, f.OwnerID)
	if err != nil {
		return Forecast{}, err
	}
	var opps []Opportunity
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			rows.Close()
			return Forecast{}, err
		}
		opps = append(opps, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Forecast{}, err
	}
	type key struct{ month, owner, cur string }
	acc := map[key]*ForecastRow{}
	type skey struct{ stage, cur string }
	sacc := map[skey]*StageTotal{}
	add := func(a *money.Amount, b money.Amount) {
		if sum, err := a.Add(b); err == nil {
			*a = sum
		}
	}
	for _, o := range opps {
		month := o.ExpectedClose.String()[:7]
		if (f.From != "" && month < f.From) || (f.To != "" && month > f.To) {
			continue
		}
		k := key{month, o.OwnerID, string(o.Amount.Currency())}
		r := acc[k]
		if r == nil {
			z := money.Zero(o.Amount.Currency())
			r = &ForecastRow{Month: month, OwnerID: o.OwnerID, Amount: z, Weighted: z, Won: z}
			acc[k] = r
		}
		if o.Status == Won {
			add(&r.Won, o.Amount)
			continue
		}
		r.Count++
		add(&r.Amount, o.Amount)
		add(&r.Weighted, o.WeightedAmount)
		sk := skey{o.StageID, string(o.Amount.Currency())}
		st := sacc[sk]
		if st == nil {
			z := money.Zero(o.Amount.Currency())
			st = &StageTotal{StageID: o.StageID, StageName: o.StageName, Amount: z, Weighted: z}
			sacc[sk] = st
		}
		st.Count++
		add(&st.Amount, o.Amount)
		add(&st.Weighted, o.WeightedAmount)
	}
	out := Forecast{Rows: []ForecastRow{}, ByStage: []StageTotal{}}
	for _, r := range acc {
		out.Rows = append(out.Rows, *r)
	}
	slices.SortFunc(out.Rows, func(a, b ForecastRow) int {
		return strings.Compare(a.Month+"\x00"+a.OwnerID+"\x00"+string(a.Amount.Currency()), b.Month+"\x00"+b.OwnerID+"\x00"+string(b.Amount.Currency()))
	})
	for _, st := range stages {
		var cur []StageTotal
		for k, t := range sacc {
			if k.stage == st.ID {
				cur = append(cur, *t)
			}
		}
		slices.SortFunc(cur, func(a, b StageTotal) int {
			return strings.Compare(string(a.Amount.Currency()), string(b.Amount.Currency()))
		})
		out.ByStage = append(out.ByStage, cur...)
	}
	return out, nil
}
