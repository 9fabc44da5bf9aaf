// Package sales owns sales orders: a customer's order with priced lines
// and exact totals, confirmed by reserving stock in the same transaction
// and cancelled by releasing it.
//
// It imports party, product, inventory and ledger (the dependency rules
// allow them) and publishes sales.order.created.v1, .confirmed.v1 and
// .cancelled.v1. Record rule: without sales.order.all a user sees only the
// orders they own.
package sales
