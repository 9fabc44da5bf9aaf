package ledger

import (
	"context"
	"database/sql"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/refcache"
)

// refs are the tables every posting reads (the chart of accounts, taxes,
// payment terms), kept in memory per refcache. They are loaded through the
// caller's querier; the use cases that change them never post in the same
// transaction, and reset them once committed.
type refs struct {
	chart refcache.Value[chart]
	taxes refcache.Value[map[string]Tax]
	terms refcache.Value[map[string]PaymentTerm]
}

// chart is the chart of accounts by code, and the account of each role.
type chart struct {
	byCode map[string]Account
	byRole map[string]string // role → account code
}

func (s *Service) chartOf(ctx context.Context, q db.Querier) (chart, error) {
	return s.refs.chart.Get(func() (chart, error) {
		c := chart{byCode: map[string]Account{}, byRole: map[string]string{}}
		rows, err := q.QueryContext(ctx, `SELECT `+accountColumns+` FROM ledger_account`)
		if err != nil {
			return c, err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return c, err
			}
			c.byCode[a.Code] = a
			if a.Role != "" {
				c.byRole[a.Role] = a.Code
			}
		}
		return c, rows.Err()
	})
}

func (s *Service) cachedTax(ctx context.Context, q db.Querier, code string) (Tax, error) {
	taxes, err := s.refs.taxes.Get(func() (map[string]Tax, error) {
		all, err := findTaxes(ctx, q, TaxFilter{})
		return byCode(all, func(t Tax) string { return t.Code }), err
	})
	if err != nil {
		return Tax{}, err
	}
	t, ok := taxes[code]
	if !ok {
		return Tax{}, db.NotFound(sql.ErrNoRows, "tax")
	}
	return t, nil
}

func (s *Service) cachedTerm(ctx context.Context, q db.Querier, code string) (PaymentTerm, error) {
	terms, err := s.refs.terms.Get(func() (map[string]PaymentTerm, error) {
		all, err := findTerms(ctx, q, PaymentTermFilter{})
		return byCode(all, func(t PaymentTerm) string { return t.Code }), err
	})
	if err != nil {
		return PaymentTerm{}, err
	}
	t, ok := terms[code]
	if !ok {
		return PaymentTerm{}, db.NotFound(sql.ErrNoRows, "payment term")
	}
	return t, nil
}

func byCode[T any](all []T, code func(T) string) map[string]T {
	m := make(map[string]T, len(all))
	for _, t := range all {
		m[code(t)] = t
	}
	return m
}
