package billing

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Sales report groupings.
var SalesGroupings = []string{"customer", "product", "category", "month", "country", "sales_rep"}

// SalesQuery asks for invoiced sales between two days (inclusive), grouped
// one way, optionally converted into one currency.
type SalesQuery struct {
	GroupBy  string
	From, To calendar.Date
	Currency string
}

// SalesRow is one group's invoiced sales: net revenue after line
// discounts and before tax (credit notes subtract), quantity, the number
// of orders invoiced, and the margin over standard cost when every line of
// the group has a cost in the row's currency.
type SalesRow struct {
	Key        string         `json:"key" doc:"The group: a customer, product or category ID, YYYY-MM, a country code or a user ID."`
	Label      string         `json:"label" doc:"The group's name."`
	NetRevenue money.Amount   `json:"net_revenue"`
	Quantity   money.Quantity `json:"quantity"`
	Orders     int            `json:"orders"`
	Cost       *money.Amount  `json:"cost,omitempty"`
	Margin     *money.Amount  `json:"margin,omitempty"`
}

// SalesReport is the sales analysis.
type SalesReport struct {
	GroupBy  string        `json:"group_by"`
	From     calendar.Date `json:"from" format:"date"`
	To       calendar.Date `json:"to" format:"date"`
	Currency string        `json:"currency,omitempty" doc:"All amounts converted into it at each invoice's day rate; absent: one row per group and currency."`
	Rows     []SalesRow    `json:"rows"`
}

// salesLine is a posted invoice or credit note line.
type salesLine struct {
	customer, order, product, currency, day string
	units, net                              int64
}

// SalesAnalysis reports invoiced sales per group. Labels of sales reps are
// their user IDs; the caller may name them. Errors: validation_failed,
// no_exchange_rate.
func (s *Service) SalesAnalysis(ctx context.Context, q SalesQuery) (SalesReport, error) {
	var v apperr.Validator
	v.Check(slices.Contains(SalesGroupings, q.GroupBy), "group_by", "invalid", "one of "+strings.Join(SalesGroupings, ", "))
	v.Check(!q.From.IsZero() && !q.To.IsZero() && !q.To.Before(q.From), "to", "out_of_range", "from and to, to not before from")
	var target money.Currency
	if q.Currency != "" {
		c, err := money.ParseCurrency(q.Currency)
		v.Check(err == nil, "currency", "invalid", "an ISO 4217 code")
		target = c
	}
	if err := v.Err(); err != nil {
		return SalesReport{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.customer_id, i.order_id, l.product_id, i.currency, i.invoice_date,
		CASE WHEN i.kind = $1 THEN -l.quantity ELSE l.quantity END, CASE WHEN i.kind = $1 THEN -l.net_minor ELSE l.net_minor END
		FROM billing_invoice_line l JOIN billing_invoice i ON i.id = l.invoice_id
		WHERE i.number IS NOT NULL AND i.invoice_date >= $2 AND i.invoice_date <= $3`, KindCreditNote, q.From.String(), q.To.String())
	if err != nil {
		return SalesReport{}, err
	}
	var lines []salesLine
	for rows.Next() {
		var l salesLine
		if err := rows.Scan(&l.customer, &l.order, &l.product, &l.currency, &l.day, &l.units, &l.net); err != nil {
			rows.Close()
			return SalesReport{}, err
		}
		lines = append(lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return SalesReport{}, err
	}
	g, err := s.grouper(ctx, q.GroupBy)
	if err != nil {
		return SalesReport{}, err
	}
	type acc struct {
		row     SalesRow
		orders  map[string]bool
		costAll bool
		cost    int64
	}
	groups := map[string]*acc{}
	var keys []string
	costs := map[string]*money.Amount{} // standard cost by product
	lineCost := func(l salesLine, cur money.Currency) (*money.Amount, error) {
		unit, ok := costs[l.product]
		if !ok {
			p, err := s.products.FindProduct(ctx, l.product)
			if err != nil {
				return nil, err
			}
			unit, costs[l.product] = p.StandardCost, p.StandardCost
		}
		if unit == nil || unit.Currency() != cur {
			return nil, nil
		}
		c, err := unit.MulQuantity(money.NewQuantity(l.units))
		return &c, err
	}
	for _, l := range lines {
		cur, err := money.ParseCurrency(l.currency)
		if err != nil {
			return SalesReport{}, err
		}
		net := money.New(l.net, cur)
		rowCur := cur
		if target != "" {
			rowCur = target
			if net, err = s.toCurrency(ctx, net, target, l.day); err != nil {
				return SalesReport{}, err
			}
		}
		key, label, err := g(ctx, l)
		if err != nil {
			return SalesReport{}, err
		}
		id := key + "\x00" + string(rowCur)
		a := groups[id]
		if a == nil {
			a = &acc{row: SalesRow{Key: key, Label: label, NetRevenue: money.Zero(rowCur)}, orders: map[string]bool{}, costAll: true}
			groups[id], keys = a, append(keys, id)
		}
		if a.row.NetRevenue, err = a.row.NetRevenue.Add(net); err != nil {
			return SalesReport{}, err
		}
		a.row.Quantity, _ = a.row.Quantity.Add(money.NewQuantity(l.units))
		if l.order != "" && l.net > 0 {
			a.orders[l.order] = true
		}
		cost, err := lineCost(l, rowCur)
		if err != nil {
			return SalesReport{}, err
		}
		if cost == nil {
			a.costAll = false
		} else {
			a.cost += cost.Minor()
		}
	}
	out := SalesReport{GroupBy: q.GroupBy, From: q.From, To: q.To, Currency: string(target), Rows: []SalesRow{}}
	for _, id := range keys {
		a := groups[id]
		a.row.Orders = len(a.orders)
		if a.costAll {
			cur := a.row.NetRevenue.Currency()
			cost, margin := money.New(a.cost, cur), money.New(a.row.NetRevenue.Minor()-a.cost, cur)
			a.row.Cost, a.row.Margin = &cost, &margin
		}
		out.Rows = append(out.Rows, a.row)
	}
	slices.SortStableFunc(out.Rows, func(a, b SalesRow) int {
		if q.GroupBy == "month" {
			return strings.Compare(a.Key, b.Key)
		}
		if a.NetRevenue.Minor() != b.NetRevenue.Minor() {
			return cmp.Compare(b.NetRevenue.Minor(), a.NetRevenue.Minor()) // highest revenue first
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// grouper returns how a line is keyed and labelled for a grouping, with
// lookups cached for the report.
func (s *Service) grouper(ctx context.Context, by string) (func(context.Context, salesLine) (string, string, error), error) {
	names := map[string][2]string{}
	cached := func(id string, find func() (string, string, error)) (string, string, error) {
		if kl, ok := names[id]; ok {
			return kl[0], kl[1], nil
		}
		k, l, err := find()
		names[id] = [2]string{k, l}
		return k, l, err
	}
	switch by {
	case "month":
		return func(_ context.Context, l salesLine) (string, string, error) { return l.day[:7], l.day[:7], nil }, nil
	case "customer", "country":
		return func(ctx context.Context, l salesLine) (string, string, error) {
			return cached(l.customer, func() (string, string, error) {
				p, err := s.parties.FindParty(ctx, l.customer)
				if err != nil {
					return "", "", err
				}
				if by == "customer" {
					return p.ID, p.LegalName, nil
				}
				for _, a := range p.Addresses {
					if a.Default || len(p.Addresses) == 1 {
						return a.Country, a.Country, nil
					}
				}
				return "", "(no address)", nil
			})
		}, nil
	case "product", "category":
		cats := map[string]string{}
		if by == "category" {
			cs, err := s.products.FindCategories(ctx)
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				cats[c.ID] = c.Path
			}
		}
		return func(ctx context.Context, l salesLine) (string, string, error) {
			return cached(l.product, func() (string, string, error) {
				p, err := s.products.FindProduct(ctx, l.product)
				if err != nil {
					return "", "", err
				}
				if by == "product" {
					return p.ID, p.Code + " " + p.Name, nil
				}
				if p.CategoryID == "" {
					return "", "(no category)", nil
				}
				return p.CategoryID, cats[p.CategoryID], nil
			})
		}, nil
	default: // sales_rep
		owners, err := s.sales.OrderOwners(ctx)
		if err != nil {
			return nil, err
		}
		return func(_ context.Context, l salesLine) (string, string, error) {
			return owners[l.order], owners[l.order], nil
		}, nil
	}
}

// toCurrency converts at the rate in force on a day.
func (s *Service) toCurrency(ctx context.Context, a money.Amount, to money.Currency, day string) (money.Amount, error) {
	d, err := calendar.ParseDate(day)
	if err != nil {
		return money.Amount{}, err
	}
	rate, err := s.ledger.RateOn(ctx, a.Currency(), to, d)
	if err != nil {
		return money.Amount{}, err
	}
	return ledger.Convert(a, to, rate)
}
