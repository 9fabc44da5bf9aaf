package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/money"
)

// LedgerReport is what the ledger check found: no problems means the
// ledger agrees with the documents it posts for.
type LedgerReport struct {
	Entries  int
	Problems []string
}

// CheckLedger proves the ledger's invariants across the modules that post
// to it: every entry balances per currency; the receivable account equals
// the open invoices' residuals and, with customer credit, the residuals
// less what is owed back to customers; the inventory account equals stock
// on hand at standard cost. It reads each module through its service.
func CheckLedger(ctx context.Context, a *App) (LedgerReport, error) {
	return checkLedger(ctx, a.svc)
}

func checkLedger(ctx context.Context, s *services) (LedgerReport, error) {
	var rep LedgerReport
	var err error
	if rep.Entries, err = s.ledger.EntryCount(ctx); err != nil {
		return rep, err
	}
	bad, err := s.ledger.UnbalancedEntries(ctx)
	if err != nil {
		return rep, err
	}
	for _, n := range bad {
		rep.Problems = append(rep.Problems, "entry "+n+" does not balance")
	}
	residuals, err := s.billing.OpenResiduals(ctx)
	if err != nil {
		return rep, err
	}
	credit, err := s.billing.CustomerCredit(ctx)
	if err != nil {
		return rep, err
	}
	receivable, err := s.ledger.RoleBalances(ctx, ledger.RoleReceivable)
	if err != nil {
		return rep, err
	}
	customerCredit, err := s.ledger.RoleBalances(ctx, ledger.RoleCustomerCredit)
	if err != nil {
		return rep, err
	}
	for _, c := range currencies(residuals, credit, receivable, customerCredit) {
		if receivable[c] != residuals[c] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receivables %s: account %s, open invoices %s", c,
				money.New(receivable[c], c), money.New(residuals[c], c)))
		}
		if receivable[c]+customerCredit[c] != residuals[c]-credit[c] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receivables less customer credit %s: accounts %s, documents %s", c,
				money.New(receivable[c]+customerCredit[c], c), money.New(residuals[c]-credit[c], c)))
		}
	}
	onHand, err := s.inventory.OnHand(ctx)
	if err != nil {
		return rep, err
	}
	value := map[money.Currency]int64{}
	for productID, q := range onHand {
		p, err := s.product.FindProduct(ctx, productID)
		if err != nil {
			return rep, err
		}
		if p.StandardCost == nil {
			continue
		}
		v, err := p.StandardCost.MulQuantity(q)
		if err != nil {
			return rep, err
		}
		value[v.Currency()] += v.Minor()
	}
	inventory, err := s.ledger.RoleBalances(ctx, ledger.RoleInventory)
	if err != nil {
		return rep, err
	}
	for _, c := range currencies(value, inventory) {
		if value[c] != inventory[c] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("inventory %s: account %s, stock at standard cost %s", c,
				money.New(inventory[c], c), money.New(value[c], c)))
		}
	}
	return rep, nil
}

// currencies lists the currencies of several maps, sorted.
func currencies(ms ...map[money.Currency]int64) []money.Currency {
	var out []money.Currency
	for _, m := range ms {
		for c := range m {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}
