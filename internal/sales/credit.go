package sales

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Credit is a customer's credit position, in the currency of their credit
// limit (or of the order when they have none).
type Credit struct {
	CustomerID  string        `json:"customer_id"`
	Limit       *money.Amount `json:"limit,omitempty" doc:"Absent when the customer has no credit limit."`
	Receivables money.Amount  `json:"receivables" doc:"Open invoices."`
	OpenOrders  money.Amount  `json:"open_orders" doc:"Orders submitted or confirmed and not yet invoiced."`
	ThisOrder   *money.Amount `json:"this_order,omitempty" doc:"The order being confirmed, when there is one."`
	Used        money.Amount  `json:"used" doc:"receivables + open_orders + this_order"`
	Available   *money.Amount `json:"available,omitempty" doc:"limit − used; negative when over the limit."`
	Exceeded    bool          `json:"exceeded"`
}

// ReceivablesFunc returns what a customer owes, per currency.
type ReceivablesFunc func(ctx context.Context, q db.Querier, customerID string) ([]money.Amount, error)

// SetReceivables sets where open receivables come from: billing owns the
// invoices; the composition root connects it.
func (s *Service) SetReceivables(f ReceivablesFunc) { s.receivables = f }

// CreditStatus returns a customer's credit position. Errors: not_found,
// no_exchange_rate.
func (s *Service) CreditStatus(ctx context.Context, customerID string) (Credit, error) {
	cust, err := s.parties.FindParty(ctx, customerID)
	if err != nil {
		return Credit{}, err
	}
	cur, err := money.ParseCurrency(cust.Currency)
	if err != nil && cust.CreditLimit == nil {
		return Credit{}, apperr.Invalid("the customer has no currency", apperr.Field("customer_id", "no_currency", "give the customer a currency or a credit limit"))
	}
	return s.credit(ctx, s.db, cust, nil, cur)
}

// credit computes a customer's credit position including order o (nil for
// none) in the limit's currency, or in cur when there is no limit.
func (s *Service) credit(ctx context.Context, q db.Querier, cust party.Party, o *Order, cur money.Currency) (Credit, error) {
	if cust.CreditLimit != nil {
		cur = cust.CreditLimit.Currency()
	}
	c := Credit{CustomerID: cust.ID, Limit: cust.CreditLimit, Receivables: money.Zero(cur), OpenOrders: money.Zero(cur)}
	except := ""
	if o != nil {
		except = o.ID
	}
	totals, err := openOrderTotals(ctx, q, cust.ID, except)
	if err != nil {
		return Credit{}, err
	}
	for code, minor := range totals {
		from, err := money.ParseCurrency(code)
		if err != nil {
			return Credit{}, err
		}
		a, err := s.convert(ctx, q, money.New(minor, from), cur)
		if err != nil {
			return Credit{}, err
		}
		if c.OpenOrders, err = c.OpenOrders.Add(a); err != nil {
			return Credit{}, err
		}
	}
	if s.receivables != nil {
		owed, err := s.receivables(ctx, q, cust.ID)
		if err != nil {
			return Credit{}, err
		}
		for _, a := range owed {
			if a, err = s.convert(ctx, q, a, cur); err != nil {
				return Credit{}, err
			}
			if c.Receivables, err = c.Receivables.Add(a); err != nil {
				return Credit{}, err
			}
		}
	}
	if c.Used, err = c.Receivables.Add(c.OpenOrders); err != nil {
		return Credit{}, err
	}
	if o != nil {
		this, err := s.convert(ctx, q, o.Total, cur)
		if err != nil {
			return Credit{}, err
		}
		c.ThisOrder = &this
		if c.Used, err = c.Used.Add(this); err != nil {
			return Credit{}, err
		}
	}
	if c.Limit != nil {
		avail, err := c.Limit.Sub(c.Used)
		if err != nil {
			return Credit{}, err
		}
		c.Available, c.Exceeded = &avail, avail.IsNegative()
	}
	return c, nil
}

// convert converts an amount at today's rate; a missing rate stops the
// use case (409) rather than guessing.
func (s *Service) convert(ctx context.Context, q db.Querier, a money.Amount, to money.Currency) (money.Amount, error) {
	if a.Currency() == to {
		return a, nil
	}
	rate, err := s.ledger.RateOnTx(ctx, q, a.Currency(), to, calendar.DateOf(time.Now().UTC()))
	if ae, ok := apperr.As(err); ok && ae.Code == ledger.ErrNoRate.Code {
		return money.Amount{}, apperr.Conflict(ae.Code, ae.Message)
	}
	if err != nil {
		return money.Amount{}, err
	}
	return ledger.Convert(a, to, rate)
}
