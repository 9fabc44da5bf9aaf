package httpapi

import (
	"context"
	"slices"

	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/sales"
	"github.com/concord-erp/concord/internal/support"
)

// overviewItems is how many of each kind of document the overview shows.
const overviewItems = 20

// CustomerOverview is everything about a customer on one page. A section
// the caller may not read is left out.
type CustomerOverview struct {
	Customer       party.Party           `json:"customer"`
	Credit         *sales.Credit         `json:"credit,omitempty" doc:"Credit used against the limit."`
	BalanceDue     []money.Amount        `json:"balance_due" doc:"Per currency: open invoices less unallocated payments and credit."`
	OrderCounts    map[string]int        `json:"order_counts" doc:"The customer's orders by status."`
	OpenQuotations []sales.Quotation     `json:"open_quotations"`
	Orders         []sales.Order         `json:"orders" doc:"The latest orders."`
	Shipments      []sales.Shipment      `json:"shipments" doc:"The latest shipments, with carrier and tracking."`
	OpenInvoices   []billing.Invoice     `json:"open_invoices" doc:"Posted invoices not yet paid, with their residuals."`
	Payments       []billing.Payment     `json:"payments" doc:"The latest payments."`
	Activities     []crm.Activity        `json:"activities" doc:"The latest calls, meetings, tasks, notes and e-mails about the customer."`
	Timeline       []sales.TimelineEntry `json:"timeline" doc:"The latest events about the customer and their documents, with their activities."`
	Tickets        []support.Ticket      `json:"tickets" doc:"The latest tickets, open or not."`
	OpenTickets    int                   `json:"open_tickets" doc:"How many of the latest tickets are not yet resolved."`
}

type overviewOutput struct{ Body CustomerOverview }

func (s *server) customerOverview(ctx context.Context, in *idPath) (*overviewOutput, error) {
	cust, err := s.deps.Party.FindParty(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	p := authz.FromContext(ctx)
	can := func(perm string) bool { return p.Scoped(perm) && p.Can(perm) }
	o := CustomerOverview{Customer: cust, BalanceDue: []money.Amount{}, OrderCounts: map[string]int{}, OpenQuotations: []sales.Quotation{},
		Orders: []sales.Order{}, Shipments: []sales.Shipment{}, OpenInvoices: []billing.Invoice{}, Payments: []billing.Payment{},
		Timeline: []sales.TimelineEntry{}, Activities: []crm.Activity{}, Tickets: []support.Ticket{}}
	var steps []func() error
	if can(sales.PermRead) {
		steps = append(steps,
			func() (err error) {
				c, err := s.deps.Sales.CreditStatus(ctx, cust.ID)
				o.Credit = &c
				return err
			},
			func() (err error) { o.OrderCounts, err = s.deps.Sales.OrderCounts(ctx, cust.ID); return },
			func() (err error) {
				o.Orders, err = s.deps.Sales.FindOrders(ctx, sales.Filter{CustomerID: cust.ID, Limit: overviewItems})
				return
			},
			func() (err error) {
				o.Timeline, err = s.deps.Sales.CustomerTimeline(ctx, cust.ID, 50)
				return
			})
	}
	if can(support.PermTicketRead) {
		steps = append(steps, func() (err error) {
			o.Tickets, err = s.deps.Support.FindTickets(ctx, support.TicketFilter{CustomerID: cust.ID, Limit: overviewItems})
			for _, t := range o.Tickets {
				if t.Status == support.StatusNew || t.Status == support.StatusOpen || t.Status == support.StatusPendingCustomer {
					o.OpenTickets++
				}
			}
			return
		})
	}
	if can(sales.PermQuotationRead) {
		steps = append(steps, func() (err error) {
			o.OpenQuotations, err = s.deps.Sales.FindQuotations(ctx, sales.QuotationFilter{CustomerID: cust.ID, Open: true, Limit: overviewItems})
			return
		})
	}
	if can(sales.PermShipmentRead) {
		steps = append(steps, func() (err error) {
			o.Shipments, err = s.deps.Sales.FindShipments(ctx, sales.ShipmentFilter{CustomerID: cust.ID, Newest: true, Limit: overviewItems})
			return
		})
	}
	if can(billing.PermInvoiceRead) {
		steps = append(steps,
			func() (err error) { o.BalanceDue, err = s.deps.Billing.BalanceDue(ctx, cust.ID); return },
			func() (err error) {
				for _, status := range []string{billing.Posted, billing.PartiallyPaid} {
					invs, err := s.deps.Billing.FindInvoices(ctx, billing.InvoiceFilter{CustomerID: cust.ID, Status: status, Kind: billing.KindInvoice,
						Limit: overviewItems})
					if err != nil {
						return err
					}
					o.OpenInvoices = append(o.OpenInvoices, invs...)
				}
				return nil
			})
	}
	if can(billing.PermPaymentRead) {
		steps = append(steps, func() (err error) {
			o.Payments, err = s.deps.Billing.FindPayments(ctx, billing.PaymentFilter{CustomerID: cust.ID, Limit: overviewItems})
			return
		})
	}
	if can(crm.PermActivityRead) {
		steps = append(steps, func() (err error) {
			o.Activities, err = s.deps.CRM.ActivitiesOfParty(ctx, cust.ID, overviewItems)
			return
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	o.Timeline = withActivities(o.Timeline, o.Activities)
	// The lists are empty rather than null when a service found nothing.
	o.Orders, o.Shipments, o.OpenQuotations = nonNil(o.Orders), nonNil(o.Shipments), nonNil(o.OpenQuotations)
	o.OpenInvoices, o.Payments, o.BalanceDue = nonNil(o.OpenInvoices), nonNil(o.Payments), nonNil(o.BalanceDue)
	return &overviewOutput{Body: o}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// withActivities adds the activities to the timeline, newest first: each
// at the time it was logged, or done.
func withActivities(tl []sales.TimelineEntry, acts []crm.Activity) []sales.TimelineEntry {
	for _, a := range acts {
		e := sales.TimelineEntry{OccurredAt: a.CreatedAt, Type: crm.EventActivityCreated, ResourceType: "crm_activity", ResourceID: a.ID,
			Title: a.Title, Status: "open"}
		if a.Done {
			e.Status = "done"
			if a.DoneAt != nil {
				e.OccurredAt, e.Type = *a.DoneAt, crm.EventActivityCompleted
			}
		}
		tl = append(tl, e)
	}
	slices.SortStableFunc(tl, func(x, y sales.TimelineEntry) int { return y.OccurredAt.Compare(x.OccurredAt) })
	return tl
}
