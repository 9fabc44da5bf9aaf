package crm

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/mail"
	"regexp"
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
	"github.com/concord-erp/concord/internal/platform/page"
)

// Lead sources.
const (
	SourceWebForm  = "web_form"
	SourceImport   = "import"
	SourceCampaign = "campaign"
	SourceManual   = "manual"
	SourceAPI      = "api"
)

// Lead statuses: new → contacted → qualified → converted, or disqualified
// (with a reason) from any but converted.
const (
	LeadNew          = "new"
	LeadContacted    = "contacted"
	LeadQualified    = "qualified"
	LeadDisqualified = "disqualified"
	LeadConverted    = "converted"
)

// Sources lists the lead sources.
var Sources = []string{SourceWebForm, SourceImport, SourceCampaign, SourceManual, SourceAPI}

// Lead is a person (and their company) who may become a customer.
type Lead struct {
	ID               string        `json:"id"`
	Source           string        `json:"source" enum:"web_form,import,campaign,manual,api"`
	Status           string        `json:"status" enum:"new,contacted,qualified,disqualified,converted"`
	FirstName        string        `json:"first_name"`
	LastName         string        `json:"last_name"`
	Email            string        `json:"email"`
	Phone            string        `json:"phone"`
	JobTitle         string        `json:"job_title"`
	CompanyName      string        `json:"company_name"`
	Website          string        `json:"website"`
	Employees        int           `json:"employees" doc:"Size of the company; 0 when unknown."`
	Industry         string        `json:"industry"`
	Country          string        `json:"country" doc:"ISO 3166-1 alpha-2 code."`
	Message          string        `json:"message"`
	OwnerID          string        `json:"owner_id"`
	CampaignID       string        `json:"campaign_id"`
	Score            int           `json:"score" doc:"0–100: the sum of the factors' points, clamped."`
	ScoreFactors     []ScoreFactor `json:"score_factors" doc:"Why the lead scored what it did."`
	DisqualifyReason string        `json:"disqualify_reason,omitempty"`
	PartyID          string        `json:"party_id,omitempty" doc:"The party it was converted into."`
	OpportunityID    string        `json:"opportunity_id,omitempty" doc:"The opportunity opened when it was converted."`
	ConvertedAt      *time.Time    `json:"converted_at,omitempty"`
	Version          int64         `json:"version"`
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
}

// LeadInput is what a client sets on a lead.
type LeadInput struct {
	Source      string `json:"source,omitempty" enum:"web_form,import,campaign,manual,api" doc:"Defaults to manual."`
	FirstName   string `json:"first_name,omitempty" maxLength:"100"`
	LastName    string `json:"last_name,omitempty" maxLength:"100"`
	Email       string `json:"email,omitempty" maxLength:"254"`
	Phone       string `json:"phone,omitempty" maxLength:"50"`
	JobTitle    string `json:"job_title,omitempty" maxLength:"100"`
	CompanyName string `json:"company_name,omitempty" maxLength:"300"`
	Website     string `json:"website,omitempty" maxLength:"300"`
	Employees   int    `json:"employees,omitempty" minimum:"0" maximum:"10000000"`
	Industry    string `json:"industry,omitempty" maxLength:"100"`
	Country     string `json:"country,omitempty" maxLength:"2"`
	Message     string `json:"message,omitempty" maxLength:"5000"`
	OwnerID     string `json:"owner_id,omitempty" maxLength:"64" doc:"Defaults to the creating user."`
	CampaignID  string `json:"campaign_id,omitempty" maxLength:"64"`
	Version     int64  `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

// LeadFilter selects leads.
type LeadFilter struct {
	Status     string
	Source     string
	OwnerID    string
	CampaignID string
	Q          string
	MinScore   int
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// LeadSorts are the columns a list of leads may be sorted by; ids grow
// with time, so "created" is the id.
var LeadSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "last_name", Column: "last_name"},
	{Name: "company_name", Column: "company_name"},
	{Name: "score", Column: "score", Numeric: true},
	{Name: "status", Column: "status"},
}

// SortValue is l's value of a sort field, for the cursor of a page ending
// at l.
func (l Lead) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(l.UpdatedAt)
	case "last_name":
		return l.LastName
	case "company_name":
		return l.CompanyName
	case "score":
		return strconv.Itoa(l.Score)
	case "status":
		return l.Status
	}
	return l.ID
}

// LeadDuplicates are the parties and other leads a lead looks like, scored
// by the master-data matcher (party.Compare).
type LeadDuplicates struct {
	Parties []party.Duplicate `json:"parties" doc:"Parties that look like the lead's company (or person), best first."`
	Leads   []LeadMatch       `json:"leads" doc:"Other leads that look like this one, best first."`
}

// LeadMatch is another lead that looks like a lead.
type LeadMatch struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	CompanyName string         `json:"company_name"`
	Status      string         `json:"status"`
	Score       int            `json:"score" doc:"0–100 as for parties."`
	Likely      bool           `json:"likely"`
	Reasons     []party.Reason `json:"reasons"`
}

// ConvertInput chooses what a lead converts into.
type ConvertInput struct {
	// PartyID converts into this existing party. Without it the lead goes
	// into the party it most likely duplicates, or else a new one.
	PartyID string `json:"party_id,omitempty" maxLength:"64" doc:"Convert into this existing party; by default the likely duplicate, else a new party."`
	// CreateNew makes a new party even though the lead looks like one.
	CreateNew       bool           `json:"create_new,omitempty" doc:"Make a new party although the lead looks like an existing one."`
	OpportunityName string         `json:"opportunity_name,omitempty" maxLength:"200" doc:"Defaults to the company's name."`
	Amount          *money.Amount  `json:"amount,omitempty" doc:"The opportunity's expected amount; 0 in the party's currency by default."`
	ExpectedClose   *calendar.Date `json:"expected_close,omitempty" format:"date" doc:"Defaults to 30 days from today."`
	SkipOpportunity bool           `json:"skip_opportunity,omitempty" doc:"Only make or link the party."`
	DefaultCurrency string         `json:"currency,omitempty" maxLength:"3" doc:"Currency of a new party and of the opportunity when no amount is given."`
	Version         int64          `json:"version,omitempty"`
}

// ConvertResult is what a conversion made.
type ConvertResult struct {
	Lead        Lead         `json:"lead"`
	PartyID     string       `json:"party_id"`
	PartyCode   string       `json:"party_code"`
	NewParty    bool         `json:"new_party" doc:"Whether a new party was made (false: the lead went into an existing one)."`
	Opportunity *Opportunity `json:"opportunity,omitempty"`
}

var (
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	phoneChars  = regexp.MustCompile(`^\+?[0-9 ()./-]{4,30}$`)
)

// Errors of leads.
var (
	ErrLeadConverted = apperr.Conflict("lead_converted", "the lead was converted; change its party or opportunity instead")
	ErrNotQualified  = apperr.Conflict("lead_not_qualified", "qualify the lead before converting it")
)

func (in *LeadInput) normalize() {
	for _, f := range []*string{&in.FirstName, &in.LastName, &in.Email, &in.Phone, &in.JobTitle, &in.CompanyName, &in.Website,
		&in.Industry, &in.Message, &in.OwnerID, &in.CampaignID} {
		*f = strings.TrimSpace(*f)
	}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if in.Source == "" {
		in.Source = SourceManual
	}
}

func (in *LeadInput) validate() error {
	var v apperr.Validator
	v.Check(slices.Contains(Sources, in.Source), "source", "invalid", "one of "+strings.Join(Sources, ", "))
	v.Check(in.LastName != "" || in.FirstName != "" || in.CompanyName != "", "last_name", "required", "a person's or a company's name")
	v.Check(in.Email != "" || in.Phone != "", "email", "required", "an e-mail address or a phone number to reach the lead")
	if in.Email != "" {
		a, err := mail.ParseAddress(in.Email)
		v.Check(err == nil && a.Address == in.Email, "email", "invalid", "an e-mail address such as jane@example.com")
	}
	v.Check(in.Phone == "" || phoneChars.MatchString(in.Phone), "phone", "invalid", "digits with an optional leading + and separators")
	v.Check(in.Country == "" || countryCode.MatchString(in.Country), "country", "invalid", "an ISO 3166-1 alpha-2 code such as DE")
	v.Check(in.Employees >= 0, "employees", "negative", "must not be negative")
	return v.Err()
}

func (in LeadInput) apply(l *Lead) {
	l.Source, l.FirstName, l.LastName, l.Email, l.Phone = in.Source, in.FirstName, in.LastName, in.Email, in.Phone
	l.JobTitle, l.CompanyName, l.Website, l.Employees = in.JobTitle, in.CompanyName, in.Website, in.Employees
	l.Industry, l.Country, l.Message, l.CampaignID = in.Industry, in.Country, in.Message, in.CampaignID
}

// personName is the lead's full name.
func (l Lead) personName() string { return strings.TrimSpace(l.FirstName + " " + l.LastName) }

// candidate is the lead as the master-data matcher sees a party: its
// company, or the person when there is no company.
func (l Lead) candidate() party.Candidate {
	name := l.CompanyName
	if name == "" {
		name = l.personName()
	}
	return party.Candidate{LegalName: name, Email: l.Email, Phone: l.Phone, Country: l.Country}
}

// partyInput is the party a lead becomes.
func (l Lead) partyInput(currency string) party.Input {
	in := party.Input{Kind: party.KindOrganization, Roles: []string{party.RoleCustomer}, LegalName: l.CompanyName, Email: l.Email,
		Phone: l.Phone, Website: l.Website, Currency: currency, Lifecycle: "prospect", OwnerID: l.OwnerID}
	if l.CompanyName == "" {
		in.Kind, in.LegalName = party.KindPerson, l.personName()
	}
	if l.personName() != "" && l.CompanyName != "" {
		in.Contacts = []party.Contact{{Name: l.personName(), Title: l.JobTitle, Email: l.Email, Phone: l.Phone}}
	}
	return in
}

const leadColumns = `id, source, status, first_name, last_name, email, phone, job_title, company_name, website, employees, industry, country,
	message, owner_id, campaign_id, score, score_factors, disqualify_reason, party_id, opportunity_id, converted_at, version, created_at,
	updated_at`

func scanLead(s interface{ Scan(...any) error }) (Lead, error) {
	var l Lead
	var factors string
	var converted sql.NullTime
	if err := s.Scan(&l.ID, &l.Source, &l.Status, &l.FirstName, &l.LastName, &l.Email, &l.Phone, &l.JobTitle, &l.CompanyName, &l.Website,
		&l.Employees, &l.Industry, &l.Country, &l.Message, &l.OwnerID, &l.CampaignID, &l.Score, &factors, &l.DisqualifyReason, &l.PartyID,
		&l.OpportunityID, &converted, &l.Version, &l.CreatedAt, &l.UpdatedAt); err != nil {
		return l, err
	}
	if err := json.Unmarshal([]byte(factors), &l.ScoreFactors); err != nil {
		return l, err
	}
	if converted.Valid {
		t := converted.Time.UTC()
		l.ConvertedAt = &t
	}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return l, nil
}

func matchKeys(l Lead) (name, email string) {
	c := l.candidate()
	return party.NormalizeName(c.LegalName), party.NormalizeEmail(c.Email)
}

func insertLead(ctx context.Context, tx *db.Tx, l Lead) error {
	factors, err := json.Marshal(l.ScoreFactors)
	if err != nil {
		return err
	}
	name, email := matchKeys(l)
	_, err = tx.ExecContext(ctx, `INSERT INTO crm_lead (`+leadColumns+`, match_name, match_email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
		$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
		l.ID, l.Source, l.Status, l.FirstName, l.LastName, l.Email, l.Phone, l.JobTitle, l.CompanyName, l.Website, l.Employees, l.Industry,
		l.Country, l.Message, l.OwnerID, l.CampaignID, l.Score, string(factors), l.DisqualifyReason, l.PartyID, l.OpportunityID,
		nullTime(l.ConvertedAt), l.Version, l.CreatedAt, l.UpdatedAt, name, email)
	return err
}

func updateLead(ctx context.Context, tx *db.Tx, l Lead, version int64) error {
	factors, err := json.Marshal(l.ScoreFactors)
	if err != nil {
		return err
	}
	name, email := matchKeys(l)
	res, err := tx.ExecContext(ctx, `UPDATE crm_lead SET source = $1, status = $2, first_name = $3, last_name = $4, email = $5, phone = $6,
		job_title = $7, company_name = $8, website = $9, employees = $10, industry = $11, country = $12, message = $13, owner_id = $14,
		campaign_id = $15, score = $16, score_factors = $17, disqualify_reason = $18, party_id = $19, opportunity_id = $20,
		converted_at = $21, version = $22, updated_at = $23, match_name = $24, match_email = $25 WHERE id = $26 AND version = $27`,
		l.Source, l.Status, l.FirstName, l.LastName, l.Email, l.Phone, l.JobTitle, l.CompanyName, l.Website, l.Employees, l.Industry,
		l.Country, l.Message, l.OwnerID, l.CampaignID, l.Score, string(factors), l.DisqualifyReason, l.PartyID, l.OpportunityID,
		nullTime(l.ConvertedAt), l.Version, l.UpdatedAt, name, email, l.ID, version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "crm_lead", l.ID, "lead")
}

func findLead(ctx context.Context, q db.Querier, key string) (Lead, error) {
	l, err := scanLead(q.QueryRowContext(ctx, `SELECT `+leadColumns+` FROM crm_lead WHERE id = $1`, key))
	if err != nil {
		return Lead{}, db.NotFound(err, "lead")
	}
	return l, nil
}

func (s *Service) visibleLead(ctx context.Context, q db.Querier, key string) (Lead, error) {
	p, err := principal(ctx)
	if err != nil {
		return Lead{}, err
	}
	l, err := findLead(ctx, q, key)
	if err != nil {
		return Lead{}, err
	}
	return l, owns(p, "crm.lead", l.OwnerID, "lead")
}

// FindLead returns a lead the principal may see. Errors: not_found.
func (s *Service) FindLead(ctx context.Context, key string) (Lead, error) {
	return s.visibleLead(ctx, s.db, key)
}

// FindLeads lists the leads the principal may see, newest first unless
// f.Sort says otherwise.
func (s *Service) FindLeads(ctx context.Context, f LeadFilter) ([]Lead, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanAll("crm.lead") {
		f.OwnerID = p.UserID
	}
	args := []any{f.Status, f.Source, f.OwnerID, f.CampaignID, f.MinScore}
	where := `($1 = '' OR status = $1) AND ($2 = '' OR source = $2) AND ($3 = '' OR owner_id = $3)
		AND ($4 = '' OR campaign_id = $4) AND score >= $5`
	if q := strings.TrimSpace(f.Q); q != "" {
		args = append(args, "%"+strings.ToLower(q)+"%")
		n := "$" + strconv.Itoa(len(args))
		where += ` AND (LOWER(first_name) LIKE ` + n + ` OR LOWER(last_name) LIKE ` + n + ` OR LOWER(company_name) LIKE ` + n +
			` OR LOWER(email) LIKE ` + n + `)`
	}
	after, args, orderBy, err := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true}).Clause(f.After, args)
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+leadColumns+` FROM crm_lead WHERE `+where+after+` ORDER BY `+orderBy+` LIMIT $`+
		strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Lead{}
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// checkCampaign reports a campaign_id that names no campaign.
func checkCampaign(ctx context.Context, q db.Querier, campaignID string) (Campaign, error) {
	if campaignID == "" {
		return Campaign{}, nil
	}
	c, err := findCampaign(ctx, q, campaignID)
	if err != nil {
		return Campaign{}, apperr.Invalid("no such campaign", apperr.Field("campaign_id", "not_found", "no campaign with this ID"))
	}
	return c, nil
}

// CreateLead records a lead and scores it. Errors: validation_failed.
func (s *Service) CreateLead(ctx context.Context, in LeadInput) (Lead, error) {
	p, err := principal(ctx)
	if err != nil {
		return Lead{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Lead{}, err
	}
	owner, err := ownerFor(p, "crm.lead", in.OwnerID)
	if err != nil {
		return Lead{}, err
	}
	var l Lead
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := checkCampaign(ctx, tx, in.CampaignID); err != nil {
			return err
		}
		l, err = createLeadTx(ctx, tx, in, owner)
		return err
	})
	return l, err
}

func createLeadTx(ctx context.Context, tx *db.Tx, in LeadInput, owner string) (Lead, error) {
	l := Lead{ID: id.New("lead"), Status: LeadNew, OwnerID: owner, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
	in.apply(&l)
	l.Score, l.ScoreFactors = Score(l, 0)
	if err := insertLead(ctx, tx, l); err != nil {
		return Lead{}, err
	}
	return l, record(ctx, tx, eventAggregateLead, l.ID, audit.ActionCreate, EventLeadCreated, nil, l)
}

// ReplaceLead changes a lead's data; a converted lead is final. Errors:
// not_found, validation_failed, version_conflict, lead_converted.
func (s *Service) ReplaceLead(ctx context.Context, key string, in LeadInput, version int64) (Lead, error) {
	p, err := principal(ctx)
	if err != nil {
		return Lead{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Lead{}, err
	}
	return s.changeLead(ctx, key, version, "", EventLeadUpdated, func(tx *db.Tx, l *Lead) error {
		if l.Status == LeadConverted {
			return ErrLeadConverted
		}
		if _, err := checkCampaign(ctx, tx, in.CampaignID); err != nil {
			return err
		}
		owner := l.OwnerID
		if in.OwnerID != "" {
			if owner, err = ownerFor(p, "crm.lead", in.OwnerID); err != nil {
				return err
			}
		}
		in.apply(l)
		l.OwnerID = owner
		return nil
	})
}

// changeLead applies a change to a visible lead at version, rescores it and
// records it.
func (s *Service) changeLead(ctx context.Context, key string, version int64, action, event string, fn func(tx *db.Tx, l *Lead) error) (Lead, error) {
	var after Lead
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleLead(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("lead")
		}
		after = before
		if err := fn(tx, &after); err != nil {
			return err
		}
		n, err := countActivities(ctx, tx, subjectTypeLead, after.ID)
		if err != nil {
			return err
		}
		after.Score, after.ScoreFactors = Score(after, n)
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updateLead(ctx, tx, after, version); err != nil {
			return err
		}
		if action == "" {
			action = audit.ActionUpdate
		}
		return record(ctx, tx, eventAggregateLead, after.ID, action, event, before, after)
	})
	return after, err
}

// rescoreLeadTx scores a lead again after its engagement changed (an
// activity was logged on it).
func rescoreLeadTx(ctx context.Context, tx *db.Tx, leadID string) error {
	l, err := findLead(ctx, tx, leadID)
	if err != nil {
		return err
	}
	n, err := countActivities(ctx, tx, subjectTypeLead, l.ID)
	if err != nil {
		return err
	}
	score, factors := Score(l, n)
	if score == l.Score && slices.Equal(factors, l.ScoreFactors) {
		return nil
	}
	raw, err := json.Marshal(factors)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE crm_lead SET score = $1, score_factors = $2 WHERE id = $3`, score, string(raw), l.ID)
	return err
}

// ContactLead records that a new lead was contacted. Errors: not_found,
// version_conflict, invalid_state.
func (s *Service) ContactLead(ctx context.Context, key string, version int64) (Lead, error) {
	return s.changeLead(ctx, key, version, "contact", EventLeadContacted, func(_ *db.Tx, l *Lead) error {
		if l.Status != LeadNew {
			return ErrInvalidState
		}
		l.Status = LeadContacted
		return nil
	})
}

// QualifyLead marks a new or contacted lead qualified (worth converting).
// Errors: not_found, version_conflict, invalid_state.
func (s *Service) QualifyLead(ctx context.Context, key string, version int64) (Lead, error) {
	return s.changeLead(ctx, key, version, "qualify", EventLeadQualified, func(_ *db.Tx, l *Lead) error {
		if l.Status != LeadNew && l.Status != LeadContacted && l.Status != LeadDisqualified {
			return ErrInvalidState
		}
		l.Status, l.DisqualifyReason = LeadQualified, ""
		return nil
	})
}

// DisqualifyLead drops a lead with a reason. Errors: not_found,
// version_conflict, invalid_state, validation_failed (no reason).
func (s *Service) DisqualifyLead(ctx context.Context, key, reason string, version int64) (Lead, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Lead{}, apperr.Invalid("say why the lead is disqualified", apperr.Field("reason", "required", "e.g. no budget, competitor, spam"))
	}
	return s.changeLead(ctx, key, version, "disqualify", EventLeadDisqualified, func(_ *db.Tx, l *Lead) error {
		if l.Status == LeadConverted || l.Status == LeadDisqualified {
			return ErrInvalidState
		}
		l.Status, l.DisqualifyReason = LeadDisqualified, reason
		return nil
	})
}

// LeadDuplicates returns the parties (those the principal may see) and the
// other leads that look like a lead. Errors: not_found.
func (s *Service) LeadDuplicates(ctx context.Context, key string) (LeadDuplicates, error) {
	l, err := s.FindLead(ctx, key)
	if err != nil {
		return LeadDuplicates{}, err
	}
	return s.duplicatesOf(ctx, l)
}

func (s *Service) duplicatesOf(ctx context.Context, l Lead) (LeadDuplicates, error) {
	out := LeadDuplicates{Parties: []party.Duplicate{}, Leads: []LeadMatch{}}
	c := l.candidate()
	dups, err := s.parties.CheckDuplicates(ctx, party.Input{Roles: []string{party.RoleCustomer}, LegalName: c.LegalName, Email: c.Email,
		Phone: c.Phone, AllowDuplicate: true}, l.PartyID)
	if err != nil {
		return out, err
	}
	out.Parties = dups
	name, email := matchKeys(l)
	rows, err := s.db.QueryContext(ctx, `SELECT `+leadColumns+` FROM crm_lead WHERE id <> $1 AND ((match_name <> '' AND match_name = $2)
		OR (match_email <> '' AND match_email = $3)) ORDER BY id DESC LIMIT 50`, l.ID, name, email)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	p, err := principal(ctx)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		o, err := scanLead(rows)
		if err != nil {
			return out, err
		}
		if owns(p, "crm.lead", o.OwnerID, "lead") != nil {
			continue
		}
		m := party.Compare(c, o.candidate())
		if m.Score < party.PossibleDuplicate {
			continue
		}
		out.Leads = append(out.Leads, LeadMatch{ID: o.ID, Name: o.personName(), CompanyName: o.CompanyName, Status: o.Status,
			Score: m.Score, Likely: m.Score >= party.LikelyDuplicate, Reasons: m.Reasons})
	}
	slices.SortStableFunc(out.Leads, func(a, b LeadMatch) int { return b.Score - a.Score })
	return out, rows.Err()
}

// ConvertLead turns a qualified lead into a party and an opportunity in
// one transaction. The party is the one given, else the existing party the
// lead most likely duplicates (so a known customer is not entered twice),
// else a new prospect made from the lead. The opportunity carries the
// lead's campaign. Errors: not_found, version_conflict, lead_not_qualified,
// lead_converted, validation_failed.
func (s *Service) ConvertLead(ctx context.Context, key string, in ConvertInput, version int64) (ConvertResult, error) {
	p, err := principal(ctx)
	if err != nil {
		return ConvertResult{}, err
	}
	lead, err := s.FindLead(ctx, key)
	if err != nil {
		return ConvertResult{}, err
	}
	// Which party to use is decided from committed data before the
	// transaction, with the principal's visibility.
	var target party.Party
	switch {
	case in.PartyID != "":
		if target, err = s.parties.FindParty(ctx, in.PartyID); err != nil {
			return ConvertResult{}, apperr.Invalid("no such party", apperr.Field("party_id", "not_found", "no party with this ID or code you may see"))
		}
	case !in.CreateNew:
		dups, err := s.duplicatesOf(ctx, lead)
		if err != nil {
			return ConvertResult{}, err
		}
		if len(dups.Parties) > 0 && dups.Parties[0].Likely {
			if target, err = s.parties.FindParty(ctx, dups.Parties[0].ID); err != nil {
				return ConvertResult{}, err
			}
		}
	}
	var res ConvertResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleLead(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("lead")
		}
		switch before.Status {
		case LeadConverted:
			return ErrLeadConverted
		case LeadQualified:
		default:
			return ErrNotQualified
		}
		after := before
		pt := target
		if pt.ID == "" {
			pin := before.partyInput(strings.ToUpper(in.DefaultCurrency))
			if pin.OwnerID == "" || !p.CanAll("party.party") {
				pin.OwnerID = p.UserID
			}
			pin.AllowDuplicate = in.CreateNew
			if pt, err = s.parties.CreatePartyTx(ctx, tx, pin); err != nil {
				return err
			}
			res.NewParty = true
		}
		res.PartyID, res.PartyCode = pt.ID, pt.Code
		after.PartyID = pt.ID
		if !in.SkipOpportunity {
			oin := OpportunityInput{Name: in.OpportunityName, PartyID: pt.ID, CampaignID: before.CampaignID,
				ExpectedClose: calendar.DateOf(tx.Now()).AddDays(30), OwnerID: p.UserID}
			if oin.Name == "" {
				oin.Name = pt.LegalName
			}
			if in.ExpectedClose != nil {
				oin.ExpectedClose = *in.ExpectedClose
			}
			switch {
			case in.Amount != nil:
				oin.Amount = *in.Amount
			default:
				cur := strings.ToUpper(in.DefaultCurrency)
				if cur == "" {
					cur = pt.Currency
				}
				c, err := money.ParseCurrency(cur)
				if err != nil {
					return apperr.Invalid("the opportunity needs a currency",
						apperr.Field("amount", "required", "give an amount, or a currency when the party has none"))
				}
				oin.Amount = money.Zero(c)
			}
			opp, err := s.createOpportunityTx(ctx, tx, oin, before.ID)
			if err != nil {
				return err
			}
			res.Opportunity = &opp
			after.OpportunityID = opp.ID
		}
		now := tx.Now()
		after.Status, after.ConvertedAt, after.Version, after.UpdatedAt = LeadConverted, &now, before.Version+1, now
		if err := updateLead(ctx, tx, after, version); err != nil {
			return err
		}
		res.Lead = after
		return record(ctx, tx, eventAggregateLead, after.ID, "convert", EventLeadConverted, before, after)
	})
	return res, err
}
