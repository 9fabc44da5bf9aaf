package sales

import (
	"context"
	"database/sql"
	"strings"

	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
)

// wonStatuses are the order statuses whose revenue counts as won: the
// order was confirmed and not cancelled.
const wonStatuses = `('confirmed', 'partially_delivered', 'delivered', 'invoiced', 'paid', 'closed')`

// SetCRM gives the service the CRM, whose opportunities and campaigns
// quotations and orders are attributed to.
func (s *Service) SetCRM(c *crm.Service) { s.crm = c }

// checkCampaign returns the ID of the campaign an order is attributed to,
// "" for none. Errors: not_found.
func (s *Service) checkCampaign(ctx context.Context, campaignID string) (string, error) {
	campaignID = strings.TrimSpace(campaignID)
	if campaignID == "" {
		return "", nil
	}
	if s.crm == nil {
		return "", apperr.NotFound("campaign")
	}
	c, err := s.crm.FindCampaign(ctx, campaignID)
	if err != nil {
		return "", err
	}
	return c.ID, nil
}

// OpportunityQuotationInput is a quotation made for an opportunity: the
// customer, the currency and the attribution come from the opportunity.
type OpportunityQuotationInput struct {
	ValidUntil *calendar.Date `json:"valid_until,omitempty" format:"date" doc:"Defaults to 30 days from today."`
	Lines      []LineInput    `json:"lines" minItems:"1" maxItems:"500"`
}

// QuoteOpportunity creates a draft quotation for an open or won
// opportunity: for its party, in its currency, attributed to it and its
// campaign, so the order the quotation becomes traces back to the lead's
// source. Errors: not_found (opportunity), invalid_state (lost),
// validation_failed.
func (s *Service) QuoteOpportunity(ctx context.Context, opportunityID string, in OpportunityQuotationInput) (Quotation, error) {
	if s.crm == nil {
		return Quotation{}, apperr.NotFound("opportunity")
	}
	o, err := s.crm.FindOpportunity(ctx, opportunityID)
	if err != nil {
		return Quotation{}, err
	}
	if o.Status == crm.Lost {
		return Quotation{}, apperr.Conflict(apperr.CodeInvalidState, "the opportunity was lost; reopen it first")
	}
	return s.createQuotation(ctx, QuotationInput{CustomerID: o.PartyID, Currency: string(o.Amount.Currency()), ValidUntil: in.ValidUntil,
		Lines: in.Lines}, o.ID, o.CampaignID)
}

// CampaignRevenue returns the net amount (subtotal) per currency of the
// orders attributed to each campaign that were confirmed and not
// cancelled: the won revenue of the campaign report.
func (s *Service) CampaignRevenue(ctx context.Context) (map[string]map[money.Currency]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT campaign_id, currency, SUM(subtotal_minor) FROM sales_order
		WHERE campaign_id <> '' AND status IN `+wonStatuses+` GROUP BY campaign_id, currency`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[money.Currency]int64{}
	for rows.Next() {
		var campaign, cur string
		var sum int64
		if err := rows.Scan(&campaign, &cur, &sum); err != nil {
			return nil, err
		}
		if out[campaign] == nil {
			out[campaign] = map[money.Currency]int64{}
		}
		out[campaign][money.Currency(cur)] = sum
	}
	return out, rows.Err()
}

// LastOrderDates returns the date of each customer's latest order that was
// not cancelled (drafts count: the customer asked).
func (s *Service) LastOrderDates(ctx context.Context) (map[string]calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT customer_id, order_date, created_at FROM sales_order WHERE status <> 'cancelled'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]calendar.Date{}
	for rows.Next() {
		var cust, ordered string
		var created sql.NullTime
		if err := rows.Scan(&cust, &ordered, &created); err != nil {
			return nil, err
		}
		d := calendar.DateOf(created.Time.UTC())
		if ordered != "" {
			if d, err = calendar.ParseDate(ordered); err != nil {
				return nil, err
			}
		}
		if last, ok := out[cust]; !ok || d.After(last) {
			out[cust] = d
		}
	}
	return out, rows.Err()
}

// Revenue returns each customer's net revenue per currency of won orders
// dated from..to inclusive.
func (s *Service) Revenue(ctx context.Context, from, to calendar.Date) (map[string]map[money.Currency]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT customer_id, currency, SUM(subtotal_minor) FROM sales_order
		WHERE status IN `+wonStatuses+` AND order_date >= $1 AND order_date <= $2 GROUP BY customer_id, currency`, from.String(), to.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[money.Currency]int64{}
	for rows.Next() {
		var cust, cur string
		var sum int64
		if err := rows.Scan(&cust, &cur, &sum); err != nil {
			return nil, err
		}
		if out[cust] == nil {
			out[cust] = map[money.Currency]int64{}
		}
		out[cust][money.Currency(cur)] = sum
	}
	return out, rows.Err()
}

// Buyers returns the customers with a won order of any of the products.
func (s *Service) Buyers(ctx context.Context, productIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, pid := range productIDs {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT o.customer_id FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id
			WHERE l.product_id = $1 AND o.status IN `+wonStatuses, pid)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var cust string
			if err := rows.Scan(&cust); err != nil {
				rows.Close()
				return nil, err
			}
			out[cust] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OrderParty answers the CRM whether an order exists and is visible, and
// whose it is, so activities may be logged against orders. Errors:
// not_found.
func (s *Service) OrderParty(ctx context.Context, orderID string) (string, error) {
	o, err := s.FindOrder(ctx, orderID)
	return o.CustomerID, err
}

var _ crm.Behaviour = (*Service)(nil)
