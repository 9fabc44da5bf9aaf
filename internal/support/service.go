package support

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/clock"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/sales"
)

// Permissions.
const (
	PermTicketRead    = "support.ticket.read"
	PermTicketCreate  = "support.ticket.create"
	PermTicketUpdate  = "support.ticket.update"
	PermTicketRate    = "support.ticket.rate"
	PermAgentRead     = "support.agent.read"
	PermAgentManage   = "support.agent.manage"
	PermSLARead       = "support.sla.read"
	PermSLAManage     = "support.sla.manage"
	PermArticleRead   = "support.article.read"
	PermArticleManage = "support.article.manage"
)

// Events.
const (
	EventTicketCreated       = "support.ticket.created.v1"
	EventTicketAssigned      = "support.ticket.assigned.v1"
	EventTicketUpdated       = "support.ticket.updated.v1"
	EventTicketStatusChanged = "support.ticket.status_changed.v1"
	EventTicketResolved      = "support.ticket.resolved.v1"
	EventTicketMessage       = "support.ticket.message_added.v1"
	EventTicketNote          = "support.ticket.note_added.v1"
	EventSLAWarning          = "support.ticket.sla_warning.v1"
	EventSLABreached         = "support.ticket.sla_breached.v1"
	EventTicketEscalated     = "support.ticket.escalated.v1"
	EventTicketRated         = "support.ticket.rated.v1"
	EventArticleCreated      = "support.article.created.v1"
	EventArticleUpdated      = "support.article.updated.v1"
	EventAgentSaved          = "support.agent.saved.v1"
)

// UserCheck tells whether a user may work as an agent: the user exists, is
// active and their roles grant PermTicketUpdate. It returns the user's
// name. The composition root provides it from identity.
type UserCheck func(ctx context.Context, userID string) (name string, canHandle bool, err error)

// Service is the support module's API.
type Service struct {
	db       *db.DB
	parties  *party.Service
	products *product.Service
	sales    *sales.Service
	users    UserCheck
	clock    clock.Clock
}

// NewService returns the service; it tells time by the system clock until
// SetClock.
func NewService(d *db.DB, parties *party.Service, products *product.Service, s *sales.Service, users UserCheck) *Service {
	return &Service{db: d, parties: parties, products: products, sales: s, users: users, clock: clock.System{}}
}

// SetClock replaces the clock SLA times are taken from (tests use a fake
// one to cross weekends and holidays).
func (s *Service) SetClock(c clock.Clock) { s.clock = c }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// recordTicket publishes an event about a ticket and audits the change.
func recordTicket(ctx context.Context, tx *db.Tx, event, action string, before *Ticket, after Ticket) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "ticket", AggregateID: after.ID, Payload: after}); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return audit.RecordTx(ctx, tx, "ticket", after.ID, action, b, after)
}

func userOf(ctx context.Context) (id, name string) {
	if p := authz.FromContext(ctx); p != nil {
		return p.UserID, p.Name
	}
	return "", ""
}
