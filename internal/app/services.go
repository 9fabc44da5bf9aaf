package app

import (
	"context"
	"log/slog"
	"strings"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/events"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/quality"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/returns"
	"github.com/concord-erp/concord/internal/sales"
	"github.com/concord-erp/concord/internal/support"
	"github.com/concord-erp/concord/internal/webhook"
)

// services are the module services of one database, wired to each other
// the same way for the server and for the command line.
type services struct {
	catalog   *authz.Catalog
	identity  *identity.Service
	party     *party.Service
	product   *product.Service
	ledger    *ledger.Service
	inventory *inventory.Service
	quality   *quality.Service
	jobs      *jobs.Queue
	sales     *sales.Service
	approval  *approval.Service
	billing   *billing.Service
	crm       *crm.Service
	support   *support.Service
	returns   *returns.Service
	events    *events.Service
	webhook   *webhook.Service
	// dispatcher delivers the outbox to webhooks (and NATS, when on).
	dispatcher *outbox.Dispatcher
}

// eventTypes are the event types of every module, for the event catalog:
// a module that emits events adds its list here (see docs/architecture.md,
// "Events and integration"). A test fails for any event emitted whose type
// is missing or whose data does not match its declared payload.
func eventTypes() [][]outbox.Type {
	return [][]outbox.Type{identity.EventTypes, party.EventTypes, product.EventTypes, ledger.EventTypes, inventory.EventTypes,
		approval.EventTypes, sales.EventTypes, billing.EventTypes, webhook.EventTypes, crm.EventTypes,
		support.EventTypes, returns.EventTypes}
}

func newServices(d *db.DB, log *slog.Logger) *services {
	s := &services{catalog: authz.NewCatalog()}
	s.identity = identity.NewService(d, s.catalog)
	s.party = party.NewService(d, s.catalog)
	s.product = product.NewService(d, s.party.Suppliers)
	s.ledger = ledger.NewService(d)
	s.inventory = inventory.NewService(d, s.product.Stocked, s.product.StandardCostTx, s.ledger)
	s.inventory.SetReorderPoints(s.product.WithReorderPoints)
	s.quality = quality.NewService(d, s.party.Quality, s.product.Quality)
	s.approval = approval.NewService(d, s.catalog)
	s.approval.SetRoleCheck(func(ctx context.Context, name string) bool {
		_, err := s.identity.FindRole(ctx, name)
		return err == nil
	})
	s.sales = sales.NewService(d, s.catalog, s.party, s.product, s.inventory, s.ledger, s.approval)
	s.crm = crm.NewService(d, s.catalog, s.party)
	s.sales.SetCRM(s.crm)
	// The CRM reads sales behaviour through the sales service, never its tables.
	s.crm.SetBehaviour(s.sales)
	s.crm.SetCampaignRevenue(s.sales.CampaignRevenue)
	s.crm.RegisterSubject("sales_order", s.sales.OrderParty)
	s.billing = billing.NewService(d, s.party, s.product, s.ledger, s.sales)
	s.sales.SetReceivables(s.billing.Receivables)
	// Every module that stores party IDs follows a merge in its transaction.
	s.party.OnMerge(s.product.RepointPartyTx)
	s.party.OnMerge(s.sales.RepointPartyTx)
	s.party.OnMerge(s.crm.RepointPartyTx)
	s.product.OnCostChange(s.inventory.RevalueTx)
	s.party.SetReferenceCheck(s.partyReferences)
	s.jobs = jobs.NewQueue(d, log, s.identity.PrincipalOf)
	s.party.RegisterJobs(s.jobs)
	s.crm.RegisterJobs(s.jobs)
	s.product.RegisterJobs(s.jobs, s.party.SupplierByCode)
	s.support = support.NewService(d, s.party, s.product, s.sales, s.agentUser)
	// Activities may be logged against tickets, and segments may ask for open tickets.
	s.crm.RegisterSubject("ticket", s.support.TicketParty)
	s.crm.SetOpenTickets(s.support.OpenTicketCounts)
	s.support.RegisterJobs(s.jobs)
	s.returns = returns.NewService(d, s.sales, s.inventory, s.billing, s.support)
	cat, err := events.NewCatalog(eventTypes()...)
	if err != nil {
		panic(err) // a module declared a malformed or duplicate type: a programming error
	}
	s.events = events.NewService(d, cat, s.catalog)
	s.webhook = webhook.NewService(d, s.catalog, webhook.Guard{}, cat.Known)
	s.dispatcher = outbox.NewDispatcher(d, log)
	s.dispatcher.Register(s.webhook.Sink())
	return s
}

// agentUser tells support whether a user may work as an agent: an active
// user whose roles grant the ticket update permission.
func (s *services) agentUser(ctx context.Context, userID string) (string, bool, error) {
	u, err := s.identity.FindUserByID(ctx, userID)
	if err != nil {
		return "", false, err
	}
	if !u.Active {
		return u.Name, false, nil
	}
	p, err := s.identity.PrincipalOf(ctx, u.ID)
	if err != nil {
		return u.Name, false, nil
	}
	return u.Name, p.Can(support.PermTicketUpdate), nil
}

// partyReferences checks that a party's currency is in use and that its
// payment terms and price list exist.
func (s *services) partyReferences(ctx context.Context, in party.Input) []apperr.FieldError {
	var out []apperr.FieldError
	if in.Currency != "" {
		if c, err := s.ledger.FindCurrency(ctx, in.Currency); err != nil || !c.Active {
			out = append(out, apperr.Field("currency", "not_in_use", "not a currency in use; put it in use under currencies first"))
		}
	}
	if in.PaymentTerms != "" {
		if t, err := s.ledger.FindPaymentTerm(ctx, in.PaymentTerms); err != nil || !t.Active {
			out = append(out, apperr.Field("payment_terms", "unknown", "no active payment terms with this code"))
		}
	}
	if in.PriceList != "" {
		if _, err := s.product.FindPriceList(ctx, strings.TrimSpace(in.PriceList)); err != nil {
			out = append(out, apperr.Field("price_list", "unknown", "no price list with this code"))
		}
	}
	return out
}
