package crm

import (
	"context"
	"sync"
	"time"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions. The crm.* ones belong to the CRM module switch, the
// marketing.* ones (segments, campaigns, their report) to the marketing
// switch. The .all permissions are record rules: without them a user sees
// only the leads, opportunities and activities they own.
const (
	PermLeadRead          = "crm.lead.read"
	PermLeadCreate        = "crm.lead.create"
	PermLeadUpdate        = "crm.lead.update"
	PermLeadConvert       = "crm.lead.convert"
	PermLeadAll           = "crm.lead.all"
	PermOpportunityRead   = "crm.opportunity.read"
	PermOpportunityCreate = "crm.opportunity.create"
	PermOpportunityUpdate = "crm.opportunity.update"
	PermOpportunityAll    = "crm.opportunity.all"
	PermStageRead         = "crm.stage.read"
	PermStageManage       = "crm.stage.manage"
	PermActivityRead      = "crm.activity.read"
	PermActivityCreate    = "crm.activity.create"
	PermActivityUpdate    = "crm.activity.update"
	PermActivityAll       = "crm.activity.all"
	PermPipelineReport    = "crm.report.read"
	PermSegmentRead       = "marketing.segment.read"
	PermSegmentManage     = "marketing.segment.manage"
	PermCampaignRead      = "marketing.campaign.read"
	PermCampaignManage    = "marketing.campaign.manage"
	PermCampaignReport    = "marketing.report.read"
)

// Events.
const (
	EventLeadCreated             = "crm.lead.created.v1"
	EventLeadUpdated             = "crm.lead.updated.v1"
	EventLeadContacted           = "crm.lead.contacted.v1"
	EventLeadQualified           = "crm.lead.qualified.v1"
	EventLeadDisqualified        = "crm.lead.disqualified.v1"
	EventLeadConverted           = "crm.lead.converted.v1"
	EventOpportunityCreated      = "crm.opportunity.created.v1"
	EventOpportunityUpdated      = "crm.opportunity.updated.v1"
	EventOpportunityStageChanged = "crm.opportunity.stage_changed.v1"
	EventOpportunityWon          = "crm.opportunity.won.v1"
	EventOpportunityLost         = "crm.opportunity.lost.v1"
	EventActivityCreated         = "crm.activity.created.v1"
	EventActivityUpdated         = "crm.activity.updated.v1"
	EventActivityCompleted       = "crm.activity.completed.v1"
	EventActivityDue             = "crm.activity.due.v1"
	EventSegmentCreated          = "crm.segment.created.v1"
	EventSegmentUpdated          = "crm.segment.updated.v1"
	EventSegmentDeleted          = "crm.segment.deleted.v1"
	EventCampaignCreated         = "crm.campaign.created.v1"
	EventCampaignUpdated         = "crm.campaign.updated.v1"
	EventCampaignMembersAdded    = "crm.campaign.members_added.v1"
	EventStageCreated            = "crm.stage.created.v1"
	EventStageUpdated            = "crm.stage.updated.v1"
	EventStageDeleted            = "crm.stage.deleted.v1"
)

// Aggregate types of the CRM's events and audit entries.
const (
	eventAggregateLead        = "crm_lead"
	eventAggregateOpportunity = "crm_opportunity"
	eventAggregateActivity    = "crm_activity"
	eventAggregateSegment     = "crm_segment"
	eventAggregateCampaign    = "crm_campaign"
	eventAggregateStage       = "crm_stage"
)

// Limits of the public lead-capture form (see CaptureLimits).
const (
	defaultCaptureLimit     = 5
	defaultCaptureWindow    = 10 * time.Minute
	defaultCaptureMinFill   = 3 * time.Second
	defaultCaptureMaxLinks  = 2
	captureAttemptRetention = 24 * time.Hour
)

// Subject types the CRM checks itself; other modules register theirs
// (sales_order, ticket) with RegisterSubject.
const (
	subjectTypeParty       = "party"
	subjectTypeLead        = "lead"
	subjectTypeOpportunity = "opportunity"
)

// probabilityScale is the denominator of probabilities (percent).
const probabilityScale int64 = 100

// ErrInvalidState is returned for a transition the record's status does
// not allow (qualifying a converted lead, completing a done activity).
var ErrInvalidState = apperr.Conflict(apperr.CodeInvalidState, "the record's status does not allow this")

// SubjectCheck tells whether the record an activity is about exists and is
// visible to the principal of ctx, and returns the party it concerns (""
// when none), so the activity appears on that customer's overview.
// Errors: not_found.
type SubjectCheck func(ctx context.Context, id string) (partyID string, err error)

// Behaviour answers the questions segments ask about what parties did.
// The sales module answers them; the composition root plugs it in.
type Behaviour interface {
	// LastOrderDates returns the date of each customer's latest order that
	// was not cancelled.
	LastOrderDates(ctx context.Context) (map[string]calendar.Date, error)
	// Revenue returns each customer's net order revenue per currency
	// (minor units) of orders dated from..to inclusive.
	Revenue(ctx context.Context, from, to calendar.Date) (map[string]map[money.Currency]int64, error)
	// Buyers returns the customers who ordered any of the products.
	Buyers(ctx context.Context, productIDs []string) (map[string]bool, error)
}

// CampaignRevenue returns the won revenue of each campaign: the net amount
// per currency (minor units) of the orders attributed to it that were
// confirmed and not cancelled.
type CampaignRevenue func(ctx context.Context) (map[string]map[money.Currency]int64, error)

// OpenTickets returns how many open tickets each party has; the support
// module answers it once it is plugged in with SetOpenTickets.
type OpenTickets func(ctx context.Context) (map[string]int, error)

// CaptureLimits bound the public lead-capture form.
type CaptureLimits struct {
	// PerAddress submissions are accepted from one client address within
	// Window; further ones get too_many_submissions.
	PerAddress int
	Window     time.Duration
	// MinFill is how long a person needs at least to fill in the form;
	// faster submissions are taken for a bot's.
	MinFill time.Duration
	// MaxLinks is the most links a message may carry.
	MaxLinks int
}

// Service is the CRM module's API. The principal comes from the context.
type Service struct {
	db      *db.DB
	parties *party.Service

	mu          sync.RWMutex
	subjects    map[string]SubjectCheck
	behaviour   Behaviour
	revenue     CampaignRevenue
	openTickets OpenTickets
	capture     CaptureLimits
}

// NewService returns the service; it registers its record-rule
// permissions and checks subjects of type party, lead and opportunity
// itself.
func NewService(d *db.DB, catalog *authz.Catalog, parties *party.Service) *Service {
	catalog.Add(PermLeadAll, PermOpportunityAll, PermActivityAll)
	s := &Service{db: d, parties: parties, subjects: map[string]SubjectCheck{},
		capture: CaptureLimits{PerAddress: defaultCaptureLimit, Window: defaultCaptureWindow, MinFill: defaultCaptureMinFill,
			MaxLinks: defaultCaptureMaxLinks}}
	s.subjects[subjectTypeParty] = func(ctx context.Context, id string) (string, error) {
		p, err := parties.FindParty(ctx, id)
		return p.ID, err
	}
	s.subjects[subjectTypeLead] = func(ctx context.Context, id string) (string, error) {
		l, err := s.FindLead(ctx, id)
		return l.PartyID, err
	}
	s.subjects[subjectTypeOpportunity] = func(ctx context.Context, id string) (string, error) {
		o, err := s.FindOpportunity(ctx, id)
		return o.PartyID, err
	}
	return s
}

// RegisterSubject lets activities be logged against records of another
// module (sales_order, ticket): check answers whether one exists.
func (s *Service) RegisterSubject(subjectType string, check SubjectCheck) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subjects[subjectType] = check
}

// SubjectTypes returns the types of record activities may be logged against.
func (s *Service) SubjectTypes() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.subjects))
	for k := range s.subjects {
		out = append(out, k)
	}
	return out
}

func (s *Service) subject(subjectType string) SubjectCheck {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.subjects[subjectType]
}

// SetBehaviour plugs in the source of behaviour criteria of segments.
func (s *Service) SetBehaviour(b Behaviour) { s.behaviour = b }

// SetCampaignRevenue plugs in the won revenue of campaigns.
func (s *Service) SetCampaignRevenue(f CampaignRevenue) { s.revenue = f }

// SetOpenTickets plugs in the open-ticket counts segments may filter on.
func (s *Service) SetOpenTickets(f OpenTickets) { s.openTickets = f }

// SetCaptureLimits changes the limits of the public lead-capture form.
func (s *Service) SetCaptureLimits(l CaptureLimits) { s.capture = l }

func principal(ctx context.Context) (*authz.Principal, error) {
	if p := authz.FromContext(ctx); p != nil {
		return p, nil
	}
	return nil, authz.ErrUnauthenticated
}

// record appends the event (when given) and the audit entry of a change.
func record(ctx context.Context, tx *db.Tx, aggregate, aggregateID, action, event string, before, after any) error {
	if event != "" {
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: aggregate, AggregateID: aggregateID, Payload: after}); err != nil {
			return err
		}
	}
	return audit.RecordTx(ctx, tx, aggregate, aggregateID, action, before, after)
}

// owns applies a record rule: without the .all permission of resource a
// principal sees only what it owns; another's record is not found.
func owns(p *authz.Principal, resource, ownerID, what string) error {
	if p.CanAll(resource) || (ownerID != "" && ownerID == p.UserID) {
		return nil
	}
	return apperr.NotFound(what)
}

// ownerFor defaults an owner to the acting user and keeps a user without
// the record rule from giving records away.
func ownerFor(p *authz.Principal, resource, requested string) (string, error) {
	if requested == "" {
		return p.UserID, nil
	}
	if !p.CanAll(resource) && requested != p.UserID {
		return "", apperr.Invalid("you can only own records yourself",
			apperr.Field("owner_id", "not_allowed", "without "+resource+".all the owner must be you"))
	}
	return requested, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// RepointPartyTx moves the CRM's references from a merged party to the
// party it was merged into, in the merge's transaction.
func (s *Service) RepointPartyTx(ctx context.Context, tx *db.Tx, from, to string) error {
	for _, q := range []string{
		`UPDATE crm_lead SET party_id = $1 WHERE party_id = $2`,
		`UPDATE crm_opportunity SET party_id = $1 WHERE party_id = $2`,
		`UPDATE crm_activity SET party_id = $1 WHERE party_id = $2`,
		`UPDATE crm_activity SET subject_id = $1 WHERE subject_type = 'party' AND subject_id = $2`,
		// A party in a campaign under both IDs stays once.
		`DELETE FROM crm_campaign_member WHERE party_id = $2 AND campaign_id IN (SELECT campaign_id FROM crm_campaign_member WHERE party_id = $1)`,
		`UPDATE crm_campaign_member SET party_id = $1 WHERE party_id = $2`,
	} {
		if _, err := tx.ExecContext(ctx, q, to, from); err != nil {
			return err
		}
	}
	return nil
}
