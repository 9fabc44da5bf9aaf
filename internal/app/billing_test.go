package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type invoiceJSON struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Status   string `json:"status"`
	Version  int64  `json:"version"`
	DueDate  string `json:"due_date"`
	Total    struct{ Amount string }
	Tax      struct{ Amount string }
	Residual struct{ Amount string }
	Lines    []struct {
		Quantity string `json:"quantity"`
	}
}

type paymentJSON struct {
	ID          string `json:"id"`
	Number      string `json:"number"`
	Version     int64  `json:"version"`
	Unallocated struct{ Amount string }
	Allocations []struct {
		ID        string `json:"id"`
		InvoiceID string `json:"invoice_id"`
	}
}

// newBillingFixture adds a 20% VAT and puts the customer on the built-in
// net 30 terms.
func newBillingFixture(t *testing.T, e *env) approvalFixture {
	f := newApprovalFixture(t, e, "100")
	r := e.do(f.fin, "POST", "/api/v1/taxes", map[string]any{"code": "VAT20", "name": "VAT 20%", "rate": "20.00", "account_code": "2100"})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	f.updateCustomer(t, "payment_terms", "net30")
	return f
}

func (f approvalFixture) invoice(t *testing.T, orderID string) invoiceJSON {
	r := f.e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": orderID})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var inv invoiceJSON
	r.JSON(t, &inv)
	r = f.e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/post", map[string]any{"version": inv.Version})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.JSON(t, &inv)
	return inv
}

func (f approvalFixture) pay(t *testing.T, amount string, allocations ...map[string]any) paymentJSON {
	r := f.e.do(f.fin, "POST", "/api/v1/payments", map[string]any{"customer_id": f.customer, "method": "bank", "amount": eur(amount),
		"reference": "bank transfer", "allocations": allocations})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var p paymentJSON
	r.JSON(t, &p)
	return p
}

func (f approvalFixture) trialBalance(t *testing.T) trialBalanceJSON {
	var tb trialBalanceJSON
	f.e.do(f.fin, "GET", "/api/v1/ledger/trial-balance", nil).JSON(t, &tb)
	require.Len(t, tb.Totals, 1)
	require.Equal(t, tb.Totals[0].Debit.Amount, tb.Totals[0].Credit.Amount, "the ledger balances")
	return tb
}

// TestOrderToCash follows an order from confirmation to closed: two
// partial shipments, an invoice for each (delivered quantities), a
// payment with an over-payment kept as credit, the credit allocated, and
// the ledger and the ageing at every step.
func TestOrderToCash(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "10", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var o orderApprovalJSON
		r.JSON(t, &o)
		r, o = f.confirm(t, o)
		require.Equal(t, "confirmed", o.Status, "%s", r.Body)

		r = e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": o.ID})
		require.Equal(t, "nothing_to_invoice", code(t, r), "nothing has shipped")
		_, sh, _ := f.shipment(t, o.ID, map[string]any{"order_line": 0, "quantity": "6"})
		f.ship(t, sh)
		first := f.invoice(t, o.ID)
		require.Regexp(t, `^INV-\d{4}-00001$`, first.Number)
		require.Equal(t, "6", first.Lines[0].Quantity)
		require.Equal(t, "720.00", first.Total.Amount)
		require.Equal(t, "120.00", first.Tax.Amount)
		require.Equal(t, time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly), first.DueDate)
		tb := f.trialBalance(t)
		require.Equal(t, "720.00", tb.balanceOf("1100"))
		require.Equal(t, "-600.00", tb.balanceOf("4000"))
		require.Equal(t, "-120.00", tb.balanceOf("2100"))

		var ageing struct {
			Rows []struct {
				CustomerID string `json:"customer_id"`
				Current    struct{ Amount string }
				Total      struct{ Amount string }
			}
		}
		e.do(f.fin, "GET", "/api/v1/receivables/ageing", nil).JSON(t, &ageing)
		require.Len(t, ageing.Rows, 1)
		require.Equal(t, "720.00", ageing.Rows[0].Current.Amount, "due in 30 days")
		later := time.Now().UTC().AddDate(0, 0, 45).Format(time.DateOnly)
		var late map[string]any
		e.do(f.fin, "GET", "/api/v1/receivables/ageing?as_of="+later, nil).JSON(t, &late)
		require.Equal(t, "720.00", late["rows"].([]any)[0].(map[string]any)["days_1_30"].(map[string]any)["amount"])

		_, sh, _ = f.shipment(t, o.ID)
		f.ship(t, sh)
		second := f.invoice(t, o.ID)
		require.Equal(t, "480.00", second.Total.Amount)
		require.Equal(t, "invoiced", f.orderStock(t, o.ID).Status)

		// 1,000.00 arrives: 720.00 settles the first invoice, 280.00 is credit.
		p := f.pay(t, "1000.00", map[string]any{"invoice_id": first.Number, "amount": eur("720.00")})
		require.Equal(t, "280.00", p.Unallocated.Amount)
		var inv invoiceJSON
		e.do(f.fin, "GET", "/api/v1/invoices/"+first.ID, nil).JSON(t, &inv)
		require.Equal(t, "paid", inv.Status)
		var credit struct {
			Receivables struct{ Amount string } `json:"receivables"`
		}
		e.do(f.rep, "GET", "/api/v1/parties/"+f.customer+"/credit", nil).JSON(t, &credit)
		require.Equal(t, "200.00", credit.Receivables.Amount, "480.00 owed less 280.00 of credit")

		r = e.do(f.fin, "POST", "/api/v1/payments/"+p.ID+"/allocate", map[string]any{"invoice_id": second.ID, "amount": eur("300.00"), "version": p.Version})
		require.Equal(t, 422, r.Status, "more than the credit")
		r = e.do(f.fin, "POST", "/api/v1/payments/"+p.ID+"/allocate", map[string]any{"invoice_id": second.ID, "amount": eur("280.00"), "version": p.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &p)
		e.do(f.fin, "GET", "/api/v1/invoices/"+second.ID, nil).JSON(t, &inv)
		require.Equal(t, "partially_paid", inv.Status)
		require.Equal(t, "200.00", inv.Residual.Amount)

		// Taking the allocation off and putting it back changes nothing in the end.
		r = e.do(f.fin, "POST", "/api/v1/payments/"+p.ID+"/unallocate", map[string]any{"allocation_id": p.Allocations[1].ID, "version": p.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &p)
		require.Equal(t, "280.00", p.Unallocated.Amount)
		e.do(f.fin, "GET", "/api/v1/invoices/"+second.ID, nil).JSON(t, &inv)
		require.Equal(t, "posted", inv.Status)
		r = e.do(f.fin, "POST", "/api/v1/payments/"+p.ID+"/allocate", map[string]any{"invoice_id": second.ID, "amount": eur("280.00"), "version": p.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)

		f.pay(t, "200.00", map[string]any{"invoice_id": second.ID, "amount": eur("200.00")})
		require.Equal(t, "paid", f.orderStock(t, o.ID).Status)
		tb = f.trialBalance(t)
		require.Equal(t, "0.00", tb.balanceOf("1100"), "nothing is owed")
		require.Equal(t, "0.00", tb.balanceOf("2200"), "no credit is left")
		require.Equal(t, "1200.00", tb.balanceOf("1000"))
		e.do(f.fin, "GET", "/api/v1/receivables/ageing", nil).JSON(t, &ageing)
		require.Empty(t, ageing.Rows)

		got := f.orderStock(t, o.ID)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/close", map[string]any{"version": got.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "closed", f.orderStock(t, o.ID).Status)
	})
}

// TestCreditNotes: a partial credit note lowers what is owed; crediting an
// invoice that was partly paid in full cancels it and leaves the paid part
// as the customer's credit.
func TestCreditNotes(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "5", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
		var o orderApprovalJSON
		r.JSON(t, &o)
		f.confirm(t, o)
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		inv := f.invoice(t, o.ID)
		require.Equal(t, "600.00", inv.Total.Amount)

		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "one damaged",
			"lines": []map[string]any{{"line": 0, "quantity": "1"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var cn invoiceJSON
		r.JSON(t, &cn)
		require.Regexp(t, `^CN-\d{4}-00001$`, cn.Number)
		require.Equal(t, "120.00", cn.Total.Amount)
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &inv)
		require.Equal(t, "480.00", inv.Residual.Amount)
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "too many",
			"lines": []map[string]any{{"line": 0, "quantity": "6"}}})
		require.Equal(t, 422, r.Status)

		f.pay(t, "100.00", map[string]any{"invoice_id": inv.ID, "amount": eur("100.00")})
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "order cancelled"})
		require.Equal(t, map[string]string{"lines": "required"}, fieldCodes(t, r), "what is left must be said")
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "order cancelled",
			"lines": []map[string]any{{"line": 0, "quantity": "5"}}})
		require.Equal(t, map[string]string{"lines": "exceeds_invoice"}, fieldCodes(t, r), "one unit is credited already")
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "order cancelled",
			"lines": []map[string]any{{"line": 0, "quantity": "4"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &inv)
		require.Equal(t, "cancelled", inv.Status)
		tb := f.trialBalance(t)
		require.Equal(t, "0.00", tb.balanceOf("1100"))
		require.Equal(t, "-100.00", tb.balanceOf("2200"), "the 100.00 paid is owed back")
		require.Equal(t, "500.00", tb.balanceOf("4100"), "all five units returned, net of tax")
		require.Equal(t, "0.00", tb.balanceOf("2100"), "the VAT is credited back")
	})
}
