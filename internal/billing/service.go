package billing

import (
	"context"
	"slices"
	"strings"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/sales"
)

// Permissions.
const (
	PermInvoiceRead   = "billing.invoice.read"
	PermInvoiceCreate = "billing.invoice.create"
	PermInvoicePost   = "billing.invoice.post"
	PermCreditNote    = "billing.invoice.credit"
	PermPaymentRead   = "billing.payment.read"
	PermPaymentCreate = "billing.payment.create"
	PermAllocate      = "billing.payment.allocate"
	// PermSalesReport reads the sales analysis, an analytics report.
	PermSalesReport = "analytics.sales.read"
)

// Events.
const (
	EventInvoiceCreated    = "billing.invoice.created.v1"
	EventInvoicePosted     = "billing.invoice.posted.v1"
	EventInvoiceSettled    = "billing.invoice.settled.v1"
	EventCreditNotePosted  = "billing.credit_note.posted.v1"
	EventPaymentReceived   = "billing.payment.received.v1"
	EventPaymentAllocated  = "billing.payment.allocated.v1"
	EventPaymentUnallocate = "billing.payment.unallocated.v1"
)

// Service is the billing module's API.
type Service struct {
	db       *db.DB
	parties  *party.Service
	products *product.Service
	ledger   *ledger.Service
	sales    *sales.Service
}

// NewService returns the service.
func NewService(d *db.DB, parties *party.Service, products *product.Service, l *ledger.Service, s *sales.Service) *Service {
	return &Service{db: d, parties: parties, products: products, ledger: l, sales: s}
}

func record(ctx context.Context, tx *db.Tx, entity, entityID, aggregate, action, event string, before, after any) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "party", AggregateID: aggregate, Payload: after}); err != nil {
		return err
	}
	return audit.RecordTx(ctx, tx, entity, entityID, action, before, after)
}

// Receivables returns what a customer owes per currency: the receivable
// account's balance less their unallocated payments. Sales uses it for
// credit checks.
func (s *Service) Receivables(ctx context.Context, q db.Querier, customerID string) ([]money.Amount, error) {
	sums, err := s.ledger.PartyBalancesTx(ctx, q, customerID, ledger.RoleReceivable, ledger.RoleCustomerCredit)
	if err != nil {
		return nil, err
	}
	out := make([]money.Amount, 0, len(sums))
	for cur, minor := range sums {
		out = append(out, money.New(minor, cur))
	}
	slices.SortFunc(out, func(a, b money.Amount) int { return strings.Compare(string(a.Currency()), string(b.Currency())) })
	return out, nil
}

// BalanceDue returns what a customer owes per currency, as Receivables.
func (s *Service) BalanceDue(ctx context.Context, customerID string) ([]money.Amount, error) {
	return s.Receivables(ctx, s.db, customerID)
}
