package app_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

type returnJSON struct {
	ID            string   `json:"id"`
	Number        string   `json:"number"`
	Status        string   `json:"status"`
	OrderID       string   `json:"order_id"`
	TicketID      string   `json:"ticket_id"`
	Version       int64    `json:"version"`
	CreditNoteIDs []string `json:"credit_note_ids"`
}

// TestReturnIntoStockWithCreditNote is the return check: ten units
// delivered and invoiced (100.00 EUR each, 20% VAT, standard cost 60.00); a
// ticket about three damaged units becomes a return of three, received
// into stock and credited. Stock, the invoice's residual, the ledger
// accounts and the links are what a user checks; forEngine then runs the
// ledger check.
func TestReturnIntoStockWithCreditNote(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var p map[string]any
		e.do(f.steward, "GET", "/api/v1/products/"+f.product, nil).JSON(t, &p)
		p["standard_cost"] = eur("60.00")
		for _, k := range []string{"id", "created_at", "updated_at"} {
			delete(p, k)
		}
		r := e.do(f.steward, "PUT", "/api/v1/products/"+f.product, p)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "10", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var o orderApprovalJSON
		r.JSON(t, &o)
		_, o = f.confirm(t, o)
		agentTok := e.token(e.user("sue@example.com", "service_agent"))

		// Nothing delivered yet: nothing to return.
		r = e.do(agentTok, "POST", "/api/v1/returns", map[string]any{"order_id": o.ID, "reason": "damaged",
			"lines": []map[string]any{{"order_line": 0, "quantity": "1"}}})
		require.Equal(t, "not_delivered", code(t, r))

		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		inv := f.invoice(t, o.ID)
		require.Equal(t, "1200.00", inv.Total.Amount)
		before := f.trialBalance(t)
		var stock struct {
			OnHand string `json:"on_hand"`
		}
		e.do(f.wh, "GET", "/api/v1/stock/availability?product_id="+f.product, nil).JSON(t, &stock)
		require.Equal(t, "90", stock.OnHand)

		r = e.do(agentTok, "POST", "/api/v1/tickets", map[string]any{"customer_id": f.customer, "channel": "phone",
			"subject": "Three units arrived damaged", "category": "delivery", "order_id": o.ID, "shipment_id": sh.ID})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var tk ticketJSON
		r.JSON(t, &tk)

		// At most what was delivered less what is already being returned.
		r = e.do(agentTok, "POST", "/api/v1/returns", map[string]any{"ticket_id": tk.Number, "reason": "damaged in transit",
			"lines": []map[string]any{{"order_line": 0, "quantity": "11"}}})
		require.Equal(t, "too_much", fieldCodes(t, r)["lines[0].quantity"])
		r = e.do(agentTok, "POST", "/api/v1/returns", map[string]any{"ticket_id": tk.Number, "reason": "damaged in transit",
			"lines": []map[string]any{{"order_line": 0, "quantity": "3"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var rma returnJSON
		r.JSON(t, &rma)
		require.Regexp(t, `^RMA-\d{4}-00001$`, rma.Number)
		require.Equal(t, o.ID, rma.OrderID, "the ticket's order")
		require.Equal(t, tk.ID, rma.TicketID)
		r = e.do(agentTok, "POST", "/api/v1/returns", map[string]any{"order_id": o.ID, "reason": "more",
			"lines": []map[string]any{{"order_line": 0, "quantity": "8"}}})
		require.Equal(t, "too_much", fieldCodes(t, r)["lines[0].quantity"], "7 are left to return")

		// Crediting before receiving is refused; the warehouse receives.
		r = e.do(f.fin, "POST", "/api/v1/returns/"+rma.ID+"/credit", map[string]any{"version": rma.Version})
		require.Equal(t, "invalid_state", code(t, r))
		var wh struct {
			Locations []struct{ ID string } `json:"locations"`
		}
		e.do(f.wh, "GET", "/api/v1/warehouses/"+f.whID, nil).JSON(t, &wh)
		r = e.do(f.wh, "POST", "/api/v1/returns/"+rma.ID+"/receive", map[string]any{"disposition": "restock", "version": rma.Version})
		require.Equal(t, "required", fieldCodes(t, r)["location_id"])
		r = e.do(f.wh, "POST", "/api/v1/returns/"+rma.ID+"/receive", map[string]any{"disposition": "restock",
			"location_id": wh.Locations[0].ID}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &rma)
		require.Equal(t, "received", rma.Status)
		e.do(f.wh, "GET", "/api/v1/stock/availability?product_id="+f.product, nil).JSON(t, &stock)
		require.Equal(t, "93", stock.OnHand, "three units back on the shelf")
		var moves struct {
			Data []struct {
				Type      string `json:"type"`
				Reference string `json:"reference"`
			}
		}
		e.do(f.wh, "GET", "/api/v1/stock/moves?product_id="+f.product, nil).JSON(t, &moves)
		require.Equal(t, "return", moves.Data[0].Type)
		require.Equal(t, rma.ID, moves.Data[0].Reference)

		r = e.do(f.fin, "POST", "/api/v1/returns/"+rma.ID+"/credit", map[string]any{"version": rma.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &rma)
		require.Equal(t, "credited", rma.Status)
		require.Len(t, rma.CreditNoteIDs, 1)
		var cn invoiceJSON
		e.do(f.fin, "GET", "/api/v1/invoices/"+rma.CreditNoteIDs[0], nil).JSON(t, &cn)
		require.Regexp(t, `^CN-\d{4}-00001$`, cn.Number)
		require.Equal(t, "360.00", cn.Total.Amount, "3 × 100.00 + 20% VAT")
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &inv)
		require.Equal(t, "840.00", inv.Residual.Amount)

		after := f.trialBalance(t)
		diff := func(account string) string {
			return subtract(t, after.balanceOf(account), before.balanceOf(account))
		}
		require.Equal(t, "180.00", diff("1200"), "inventory: 3 × 60.00 back")
		require.Equal(t, "-180.00", diff("5000"), "cost of goods sold undone")
		require.Equal(t, "-360.00", diff("1100"), "receivable down by the credit note")
		require.Equal(t, "60.00", diff("2100"), "VAT given back")

		// Credited once; it cannot be cancelled any more.
		r = e.do(f.fin, "POST", "/api/v1/returns/"+rma.ID+"/credit", map[string]any{"version": rma.Version})
		require.Equal(t, "invalid_state", code(t, r))
		r = e.do(agentTok, "POST", "/api/v1/returns/"+rma.ID+"/cancel", map[string]any{"version": rma.Version})
		require.Equal(t, "invalid_state", code(t, r))
		var list struct{ Data []returnJSON }
		e.do(agentTok, "GET", "/api/v1/returns?ticket_id="+tk.ID, nil).JSON(t, &list)
		require.Len(t, list.Data, 1)

		// A scrapped return keeps the stock as it is.
		r = e.do(agentTok, "POST", "/api/v1/returns", map[string]any{"order_id": o.ID, "reason": "broken",
			"lines": []map[string]any{{"order_line": 0, "quantity": "2"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &rma)
		r = e.do(f.wh, "POST", "/api/v1/returns/"+rma.ID+"/receive", map[string]any{"disposition": "scrap", "version": rma.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		e.do(f.wh, "GET", "/api/v1/stock/availability?product_id="+f.product, nil).JSON(t, &stock)
		require.Equal(t, "93", stock.OnHand)
		require.Equal(t, []string{"returns.return.authorized.v1", "returns.return.received.v1", "returns.return.credited.v1",
			"returns.return.authorized.v1", "returns.return.received.v1"}, e.events("returns.return."))
	})
}

// subtract returns a − b for two decimal strings, to the cent.
func subtract(t *testing.T, a, b string) string {
	x, ok1 := new(big.Rat).SetString(orZero(a))
	y, ok2 := new(big.Rat).SetString(orZero(b))
	require.True(t, ok1 && ok2, "%q %q", a, b)
	return new(big.Rat).Sub(x, y).FloatString(2)
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
