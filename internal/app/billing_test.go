package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/app"
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

// TestCreditNoteToReinvoice: an invoice with a wrong price is paid,
// cancelled by a credit note that gives its quantities back, and invoiced
// again; the order follows, and the money stays exact.
func TestCreditNoteToReinvoice(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "3", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
		var o orderApprovalJSON
		r.JSON(t, &o)
		f.confirm(t, o)
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		inv := f.invoice(t, o.ID)
		require.Equal(t, "360.00", inv.Total.Amount)
		f.pay(t, "360.00", map[string]any{"invoice_id": inv.ID, "amount": eur("360.00")})
		type orderLines struct {
			Status string
			Lines  []struct{ Invoiced string }
		}
		var got orderLines
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
		require.Equal(t, "paid", got.Status)

		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "wrong price", "reinvoice": true,
			"lines": []map[string]any{{"line": 0, "quantity": "3", "unit_price": eur("90.00")}}})
		require.Equal(t, map[string]string{"lines[0].unit_price": "reinvoice_price"}, fieldCodes(t, r), "a price correction is not invoiced again")
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/credit-notes", map[string]any{"reason": "wrong price", "reinvoice": true})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
		require.Equal(t, "delivered", got.Status, "delivered and no longer invoiced")
		require.Equal(t, "0", got.Lines[0].Invoiced)
		tb := f.trialBalance(t)
		require.Equal(t, "-360.00", tb.balanceOf("2200"), "what was paid is the customer's credit")
		require.Equal(t, "300.00", tb.balanceOf("4100"), "the credit is a sales allowance, net of tax")
		require.Equal(t, "-300.00", tb.balanceOf("4000"))

		r = e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": o.ID})
		var again invoiceJSON
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &again)
		require.Equal(t, "3", again.Lines[0].Quantity, "the credited quantities can be invoiced again")
		r = e.do(f.fin, "POST", "/api/v1/invoices/"+again.ID+"/post", map[string]any{"version": again.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
		require.Equal(t, "invoiced", got.Status)
		require.Equal(t, "3", got.Lines[0].Invoiced)

		r = e.do(f.fin, "POST", "/api/v1/invoices/"+again.ID+"/credit-notes", map[string]any{"reason": "x", "reinvoice": true,
			"lines": []map[string]any{{"line": 0, "quantity": "4"}}})
		require.Equal(t, 422, r.Status, "%s", r.Body)
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
		require.Equal(t, "3", got.Lines[0].Invoiced, "a refused credit note gives nothing back")
	})
}

// TestCustomerOverview: a service agent sees the customer's orders,
// shipments with tracking, open invoices, balance and timeline in one
// call; a user without billing rights gets the rest.
func TestCustomerOverview(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "2", "unit_price": eur("50.00"), "tax_code": "VAT20"}}})
		var o orderApprovalJSON
		r.JSON(t, &o)
		f.confirm(t, o)
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		inv := f.invoice(t, o.ID)
		r = e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{"product_id": f.product, "quantity": "1"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)

		type overview struct {
			Customer   struct{ ID string }
			Credit     *struct{ Used struct{ Amount string } }
			BalanceDue []struct{ Amount, Currency string } `json:"balance_due"`
			Counts     map[string]int                      `json:"order_counts"`
			Quotations []struct{ Number string }           `json:"open_quotations"`
			Orders     []struct{ Number, Status string }
			Shipments  []struct {
				TrackingNumber string `json:"tracking_number"`
			}
			OpenInvoices []struct {
				Number   string
				Residual struct{ Amount string }
			} `json:"open_invoices"`
			Timeline []struct{ Type, Number string }
		}
		agent := e.token(e.user("sue@example.com", "service_agent"))
		r = e.do(agent, "GET", "/api/v1/parties/"+f.customer+"/overview", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var ov overview
		r.JSON(t, &ov)
		require.Equal(t, f.customer, ov.Customer.ID)
		require.Equal(t, []struct{ Amount, Currency string }{{"120.00", "EUR"}}, ov.BalanceDue)
		require.Equal(t, map[string]int{"invoiced": 1}, ov.Counts)
		require.Len(t, ov.Quotations, 1)
		require.Equal(t, "JD0123", ov.Shipments[0].TrackingNumber)
		require.Equal(t, inv.Number, ov.OpenInvoices[0].Number)
		require.Equal(t, "120.00", ov.OpenInvoices[0].Residual.Amount)
		require.Equal(t, "120.00", ov.Credit.Used.Amount)
		var types []string
		for _, ev := range ov.Timeline {
			types = append(types, ev.Type)
		}
		for _, want := range []string{"sales.order.created.v1", "sales.order.confirmed.v1", "sales.shipment.shipped.v1",
			"billing.invoice.posted.v1", "sales.quotation.created.v1"} {
			require.Contains(t, types, want)
		}
		require.Equal(t, "sales.quotation.created.v1", ov.Timeline[0].Type, "newest first")

		r = e.do(f.wh, "GET", "/api/v1/parties/"+f.customer+"/overview", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		ov = overview{}
		r.JSON(t, &ov)
		require.Empty(t, ov.OpenInvoices, "the warehouse does not read invoices")
		require.Len(t, ov.Shipments, 1)
	})
}

// TestSalesAnalysis checks the report against hand-computed figures: net
// after line discounts and before tax, credit notes subtracted, orders
// counted once, margin at standard cost, and a converted view.
func TestSalesAnalysis(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var p map[string]any
		e.do(f.steward, "GET", "/api/v1/products/"+f.product, nil).JSON(t, &p)
		p["standard_cost"] = eur("50.00")
		for _, k := range []string{"id", "created_at", "updated_at"} {
			delete(p, k)
		}
		require.Equal(t, 200, e.do(f.steward, "PUT", "/api/v1/products/"+f.product, p).Status)
		var other struct{ ID string }
		e.do(f.rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Berglunds snabbköp", "currency": "EUR",
			"addresses": []map[string]any{{"type": "billing", "line1": "Berguvsvägen 8", "city": "Luleå", "country": "SE", "default": true}}}).JSON(t, &other)
		sell := func(customer, qty, price, discount string) invoiceJSON {
			r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": customer, "lines": []map[string]any{{
				"product_id": f.product, "quantity": qty, "unit_price": eur(price), "discount_percent": discount, "tax_code": "VAT20"}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var o orderApprovalJSON
			r.JSON(t, &o)
			f.confirm(t, o)
			_, sh, _ := f.shipment(t, o.ID)
			f.ship(t, sh)
			return f.invoice(t, o.ID)
		}
		a := sell(f.customer, "3", "100.00", "10") // 270.00 net
		sell(other.ID, "2", "40.00", "0")          // 80.00 net
		r := e.do(f.fin, "POST", "/api/v1/invoices/"+a.ID+"/credit-notes", map[string]any{"reason": "one returned",
			"lines": []map[string]any{{"line": 0, "quantity": "1"}}}) // −90.00
		require.Equal(t, 201, r.Status, "%s", r.Body)

		type row struct {
			Key        string
			Label      string
			NetRevenue struct{ Amount, Currency string } `json:"net_revenue"`
			Quantity   string
			Orders     int
			Margin     *struct{ Amount string }
		}
		report := func(query string) []row {
			r := e.do(f.mgr, "GET", "/api/v1/reports/sales?"+query, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			var rep struct{ Rows []row }
			r.JSON(t, &rep)
			return rep.Rows
		}
		today := time.Now().UTC().Format(time.DateOnly)
		span := "&from=" + today + "&to=" + today
		rows := report("group_by=customer" + span)
		require.Len(t, rows, 2)
		require.Equal(t, "Alfreds Futterkiste", rows[0].Label)
		require.Equal(t, "180.00", rows[0].NetRevenue.Amount)
		require.Equal(t, "2", rows[0].Quantity)
		require.Equal(t, 1, rows[0].Orders)
		require.Equal(t, "80.00", rows[0].Margin.Amount, "180.00 less two units at 50.00")
		require.Equal(t, "80.00", rows[1].NetRevenue.Amount)
		require.Equal(t, "-20.00", rows[1].Margin.Amount, "sold below cost")

		rows = report("group_by=month" + span)
		require.Len(t, rows, 1)
		require.Equal(t, today[:7], rows[0].Key)
		require.Equal(t, "260.00", rows[0].NetRevenue.Amount)
		require.Equal(t, 2, rows[0].Orders)
		rows = report("group_by=country" + span)
		require.Equal(t, "SE", rows[1].Key)
		rows = report("group_by=sales_rep" + span)
		require.Equal(t, "rep@example.com", rows[0].Label)
		require.Empty(t, report("group_by=product&from=2000-01-01&to=2000-12-31"))

		r = e.do(f.fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": "EUR", "quote": "USD", "rate": "1.1", "valid_on": today})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		rows = report("group_by=product&currency=USD" + span)
		require.Equal(t, "286.00", rows[0].NetRevenue.Amount, "260.00 EUR at 1.1")
		require.Equal(t, "USD", rows[0].NetRevenue.Currency)
		require.Nil(t, rows[0].Margin, "the cost is in EUR")

		r = e.do(f.mgr, "GET", "/api/v1/reports/sales?group_by=customer&from="+today+"&to=2000-01-01", nil)
		require.Equal(t, 422, r.Status)
		require.Equal(t, 403, e.do(f.wh, "GET", "/api/v1/reports/sales?group_by=customer"+span, nil).Status)

		var out, errOut strings.Builder
		code := app.Report(e.sys, []string{"sales", "--db", e.url, "--group-by", "customer", "--from", today, "--to", today, "--format", "csv"},
			func(string) string { return "" }, &out, &errOut)
		require.Equal(t, 0, code, errOut.String())
		require.Equal(t, "\ufeffkey,label,currency,net_revenue,quantity,orders,margin\r\n"+f.customer+",Alfreds Futterkiste,EUR,180.00,2,1,80.00\r\n"+
			other.ID+",Berglunds snabbköp,EUR,80.00,2,1,-20.00\r\n", out.String())
	})
}

// TestPaymentInAnotherCurrency: a USD payment settles a EUR invoice at the
// day's rate; the rest is USD credit; every currency of the ledger still
// balances and taking the allocation off gives the USD back.
func TestPaymentInAnotherCurrency(t *testing.T) {
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
		usd := func(a string) map[string]any { return map[string]any{"amount": a, "currency": "USD"} }
		pay := map[string]any{"customer_id": f.customer, "method": "bank", "amount": usd("700.00"),
			"allocations": []map[string]any{{"invoice_id": inv.ID, "amount": eur("600.00")}}}
		r = e.do(f.fin, "POST", "/api/v1/payments", pay)
		require.Equal(t, map[string]string{"allocations[0].amount": "no_exchange_rate"}, fieldCodes(t, r))
		today := time.Now().UTC().Format(time.DateOnly)
		r = e.do(f.fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": "EUR", "quote": "USD", "rate": "1.1", "valid_on": today})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r = e.do(f.fin, "POST", "/api/v1/payments", pay)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var p struct {
			ID          string
			Version     int64
			Unallocated struct{ Amount, Currency string }
			Allocations []struct {
				ID       string
				Amount   struct{ Amount, Currency string }
				Consumed struct{ Amount, Currency string }
			}
		}
		r.JSON(t, &p)
		require.Equal(t, "40.00", p.Unallocated.Amount, "700.00 USD less 600.00 EUR at 1.1")
		require.Equal(t, "660.00", p.Allocations[0].Consumed.Amount)
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &inv)
		require.Equal(t, "paid", inv.Status)

		var tb trialBalanceJSON
		e.do(f.fin, "GET", "/api/v1/ledger/trial-balance", nil).JSON(t, &tb)
		require.Len(t, tb.Totals, 2, "EUR and USD")
		for _, tot := range tb.Totals {
			require.Equal(t, tot.Debit.Amount, tot.Credit.Amount, "%s balances", tot.Debit.Currency)
		}
		r = e.do(f.fin, "POST", "/api/v1/payments/"+p.ID+"/unallocate", map[string]any{"allocation_id": p.Allocations[0].ID, "version": p.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &p)
		require.Equal(t, "700.00", p.Unallocated.Amount)
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &inv)
		require.Equal(t, "600.00", inv.Residual.Amount)
	})
}

// TestBankReconciliation imports a statement (a second import adds
// nothing), sees the payment suggested for its line, reconciles it and
// refuses a line that does not match.
func TestBankReconciliation(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		p := f.pay(t, "250.00")
		var pay struct{ Number string }
		e.do(f.fin, "GET", "/api/v1/payments/"+p.ID, nil).JSON(t, &pay)
		today := time.Now().UTC().Format(time.DateOnly)
		csv := "date,amount,currency,reference,counterparty\n" +
			today + ",250.00,EUR,Transfer " + pay.Number + ",Alfreds Futterkiste\n" +
			today + ",-12.50,EUR,Bank fees,Bank\n" +
			today + ",99.99,EUR,Unknown,Someone\n"
		imp := func(body string) (int, map[string]any) {
			r := e.do(f.fin, "POST", "/api/v1/bank-statements/import", body, "Content-Type", "text/csv")
			var out map[string]any
			r.JSON(t, &out)
			return r.Status, out
		}
		status, out := imp(csv)
		require.Equal(t, 200, status, "%v", out)
		require.EqualValues(t, 3, out["imported"])
		lines := out["lines"].([]any)
		first := lines[0].(map[string]any)
		require.Equal(t, p.ID, first["suggested_payment_id"], "the reference names the payment")
		require.Nil(t, lines[2].(map[string]any)["suggested_payment_id"])
		_, out = imp(csv)
		require.EqualValues(t, 0, out["imported"])
		require.EqualValues(t, 3, out["duplicates"])
		_, out = imp("date,amount,currency\nyesterday,1.00,EUR\n")
		require.Len(t, out["problems"], 1)

		r := e.do(f.fin, "POST", "/api/v1/bank-statement-lines/"+lines[2].(map[string]any)["id"].(string)+"/reconcile", map[string]any{"payment_id": p.ID})
		require.Equal(t, "not_matching", code(t, r))
		r = e.do(f.fin, "POST", "/api/v1/bank-statement-lines/"+first["id"].(string)+"/reconcile", map[string]any{"payment_id": pay.Number})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var open struct{ Data []map[string]any }
		e.do(f.fin, "GET", "/api/v1/bank-statement-lines?open=true", nil).JSON(t, &open)
		require.Len(t, open.Data, 2)
		require.Equal(t, 403, e.do(f.rep, "GET", "/api/v1/bank-statement-lines", nil).Status)
	})
}

// TestOrderToCashStepByStep is issue 6's end-to-end path through the API:
// customer → order → confirm → two partial shipments → one invoice → two
// partial payments → paid. After every step it checks what a user would:
// the order's state, the stock, the invoice's residual, the customer's
// balance, the trial balance and the ageing.
func TestOrderToCashStepByStep(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var p map[string]any
		e.do(f.steward, "GET", "/api/v1/products/"+f.product, nil).JSON(t, &p)
		p["standard_cost"] = eur("40.00")
		for _, k := range []string{"id", "created_at", "updated_at"} {
			delete(p, k)
		}
		r := e.do(f.steward, "PUT", "/api/v1/products/"+f.product, p)
		require.Equal(t, 200, r.Status, "%s", r.Body)

		// What the user sees after a step; "" for an invoice not yet there.
		type state struct {
			order, onHand, reserved, residual, owed            string
			bank, receivable, inventory, cogs, revenue, ageing string
		}
		var orderID, invoiceID string
		check := func(step string, want state) {
			t.Helper()
			var got state
			got.order = f.orderStock(t, orderID).Status
			got.onHand, got.reserved = f.availability(t)
			if invoiceID != "" {
				var inv invoiceJSON
				e.do(f.fin, "GET", "/api/v1/invoices/"+invoiceID, nil).JSON(t, &inv)
				got.residual = inv.Residual.Amount
			}
			var credit struct {
				Receivables struct{ Amount string } `json:"receivables"`
			}
			e.do(f.rep, "GET", "/api/v1/parties/"+f.customer+"/credit", nil).JSON(t, &credit)
			got.owed = credit.Receivables.Amount
			tb := f.trialBalance(t)
			got.bank, got.receivable, got.inventory = tb.balanceOf("1000"), tb.balanceOf("1100"), tb.balanceOf("1200")
			got.cogs, got.revenue = tb.balanceOf("5000"), tb.balanceOf("4000")
			var ageing struct {
				Rows []struct {
					Total struct{ Amount string }
				}
			}
			e.do(f.fin, "GET", "/api/v1/receivables/ageing", nil).JSON(t, &ageing)
			got.ageing = "0.00"
			if len(ageing.Rows) > 0 {
				got.ageing = ageing.Rows[0].Total.Amount
			}
			require.Equal(t, want, got, "after %s", step)
		}

		r = e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
			"product_id": f.product, "quantity": "10", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var o orderApprovalJSON
		r.JSON(t, &o)
		orderID = o.ID
		check("the order", state{order: "draft", onHand: "100", reserved: "0", owed: "0.00",
			bank: "", receivable: "", inventory: "4000.00", cogs: "", revenue: "", ageing: "0.00"})

		_, o = f.confirm(t, o)
		check("confirming", state{order: "confirmed", onHand: "100", reserved: "10", owed: "0.00",
			inventory: "4000.00", ageing: "0.00"})

		_, sh, _ := f.shipment(t, o.ID, map[string]any{"order_line": 0, "quantity": "6"})
		f.ship(t, sh)
		check("the first shipment", state{order: "partially_delivered", onHand: "94", reserved: "4", owed: "0.00",
			inventory: "3760.00", cogs: "240.00", ageing: "0.00"})

		_, sh, _ = f.shipment(t, o.ID)
		f.ship(t, sh)
		check("the second shipment", state{order: "delivered", onHand: "90", reserved: "0", owed: "0.00",
			inventory: "3600.00", cogs: "400.00", ageing: "0.00"})

		inv := f.invoice(t, o.ID)
		invoiceID = inv.ID
		require.Equal(t, "1200.00", inv.Total.Amount)
		check("invoicing", state{order: "invoiced", onHand: "90", reserved: "0", residual: "1200.00", owed: "1200.00",
			receivable: "1200.00", inventory: "3600.00", cogs: "400.00", revenue: "-1000.00", ageing: "1200.00"})

		f.pay(t, "500.00", map[string]any{"invoice_id": inv.ID, "amount": eur("500.00")})
		check("the first payment", state{order: "invoiced", onHand: "90", reserved: "0", residual: "700.00", owed: "700.00",
			bank: "500.00", receivable: "700.00", inventory: "3600.00", cogs: "400.00", revenue: "-1000.00", ageing: "700.00"})

		f.pay(t, "700.00", map[string]any{"invoice_id": inv.ID, "amount": eur("700.00")})
		check("the second payment", state{order: "paid", onHand: "90", reserved: "0", residual: "0.00", owed: "0.00",
			bank: "1200.00", receivable: "0.00", inventory: "3600.00", cogs: "400.00", revenue: "-1000.00", ageing: "0.00"})
		var paid invoiceJSON
		e.do(f.fin, "GET", "/api/v1/invoices/"+inv.ID, nil).JSON(t, &paid)
		require.Equal(t, "paid", paid.Status)
	})
}

// TestInvoiceBasisFromTheCustomer: a customer billed on ordered quantities
// gets the whole order invoiced before anything ships, unless the request
// names another basis; a bad basis is refused on its field.
func TestInvoiceBasisFromTheCustomer(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var c map[string]any
		e.do(f.rep, "GET", "/api/v1/parties/"+f.customer, nil).JSON(t, &c)
		require.Equal(t, "delivered", c["invoice_basis"], "the default")
		for _, k := range []string{"id", "created_at", "updated_at", "code"} {
			delete(c, k)
		}
		c["invoice_basis"] = "monthly"
		r := e.do(f.mgr, "PUT", "/api/v1/parties/"+f.customer, c)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"invoice_basis"`)
		f.updateCustomer(t, "invoice_basis", "ordered")

		_, o := f.confirm(t, f.orderWith(t, "4", "25.00", "0"))
		r = e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": o.ID, "basis": "delivered"})
		require.Equal(t, "nothing_to_invoice", code(t, r), "the request's basis wins")
		inv := f.invoice(t, o.ID)
		require.Equal(t, "4", inv.Lines[0].Quantity, "billed as ordered, nothing has shipped")
		require.Equal(t, "100.00", inv.Total.Amount)
	})
}
