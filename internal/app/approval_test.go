package app_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

type approvalJSON struct {
	ID           string `json:"id"`
	DocumentID   string `json:"document_id"`
	PolicyName   string `json:"policy_name"`
	ReasonCode   string `json:"reason_code"`
	ApproverRole string `json:"approver_role"`
	RequestedBy  string `json:"requested_by_name"`
	Status       string `json:"status"`
	Comment      string `json:"comment"`
	CycleSeconds *int64 `json:"cycle_seconds"`
}

type orderApprovalJSON struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Version  int64  `json:"version"`
	Approval *struct {
		Outcome string `json:"outcome"`
		Rule    string `json:"rule"`
		Comment string `json:"comment"`
	} `json:"approval"`
	Lines []struct {
		Reserved    string `json:"reserved"`
		Backordered string `json:"backordered"`
	} `json:"lines"`
}

// approvalFixture is a sales fixture with the two policies and a
// finance user.
type approvalFixture struct {
	salesFixture
	fin string
}

func newApprovalFixture(t *testing.T, e *env, stock string) approvalFixture {
	f := approvalFixture{salesFixture: newSalesFixture(t, e, stock), fin: e.token(e.user("fay@example.com", "finance"))}
	for _, p := range []map[string]any{
		{"name": "Large order", "document_type": "sales_order", "reason_code": "large_order", "expression": "order.total >= 50000.00",
			"approver_role": "finance", "priority": 20},
		{"name": "High discount", "document_type": "sales_order", "reason_code": "high_discount",
			"expression": "order.lines.exists(l, l.discount_percent > 15.0)", "approver_role": "sales_manager", "priority": 30},
	} {
		r := e.do(f.mgr, "POST", "/api/v1/approval-policies", p)
		require.Equal(t, 201, r.Status, "%s", r.Body)
	}
	return f
}

// updateCustomer changes one field of the customer, as its sales manager.
func (f approvalFixture) updateCustomer(t *testing.T, field string, value any) {
	var c map[string]any
	f.e.do(f.mgr, "GET", "/api/v1/parties/"+f.customer, nil).JSON(t, &c)
	c[field] = value
	for _, k := range []string{"id", "created_at", "updated_at", "code"} {
		delete(c, k)
	}
	r := f.e.do(f.mgr, "PUT", "/api/v1/parties/"+f.customer, c)
	require.Equal(t, 200, r.Status, "%s", r.Body)
}

// orderWith creates a draft order of one line at a given price and discount.
func (f approvalFixture) orderWith(t *testing.T, qty, price, discount string) orderApprovalJSON {
	r := f.e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{{
		"product_id": f.product, "quantity": qty, "unit_price": map[string]any{"amount": price, "currency": "EUR"}, "discount_percent": discount}}})
	require.Equal(f.e.t, 201, r.Status, "%s", r.Body)
	var o orderApprovalJSON
	r.JSON(t, &o)
	return o
}

func (f approvalFixture) confirm(t *testing.T, o orderApprovalJSON) (httpxtest.Response, orderApprovalJSON) {
	r := f.e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", map[string]any{"version": o.Version})
	var out orderApprovalJSON
	if r.Status == 200 {
		r.JSON(t, &out)
	}
	return r, out
}

func inbox(t *testing.T, e *env, token string) []approvalJSON {
	var l struct{ Data []approvalJSON }
	r := e.do(token, "GET", "/api/v1/approvals?status=pending&actionable=true", nil)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.JSON(t, &l)
	return l.Data
}

// TestApprovalPolicies is the sales issue's policy check: 100.00 is
// approved automatically and the audit names the rule; 60,000.00 waits in
// the finance inbox; a 20% discount waits for the sales manager; a
// rejection returns the order to draft with the comment.
func TestApprovalPolicies(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		admin := e.token(e.user("ada@example.com", "admin"))

		small := f.orderWith(t, "1", "100.00", "0")
		r, small := f.confirm(t, small)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "confirmed", small.Status)
		require.Equal(t, "auto_approved", small.Approval.Outcome)
		require.Equal(t, "no_policy_matched", small.Approval.Rule)
		require.Equal(t, "1", small.Lines[0].Reserved)
		var hist struct {
			Data []struct {
				Action string         `json:"action"`
				After  map[string]any `json:"after"`
			}
		}
		e.do(admin, "GET", "/api/v1/audit?entity_type=sales_order&entity_id="+small.ID, nil).JSON(t, &hist)
		var confirmAudit map[string]any
		for _, h := range hist.Data {
			if h.Action == "confirm" {
				confirmAudit = h.After
			}
		}
		require.NotNil(t, confirmAudit, "the confirmation is audited")
		require.Equal(t, map[string]any{"outcome": "auto_approved", "rule": "no_policy_matched"}, confirmAudit["approval"])

		large := f.orderWith(t, "1", "60000.00", "0")
		r, large = f.confirm(t, large)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "pending_approval", large.Status)
		require.Equal(t, "Large order", large.Approval.Rule)
		require.Equal(t, "0", large.Lines[0].Reserved, "nothing is reserved while the order waits")

		discounted := f.orderWith(t, "1", "100.00", "20")
		r, discounted = f.confirm(t, discounted)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "pending_approval", discounted.Status)

		finInbox := inbox(t, e, f.fin)
		require.Len(t, finInbox, 1, "finance sees only what it approves")
		require.Equal(t, large.ID, finInbox[0].DocumentID)
		require.Equal(t, "large_order", finInbox[0].ReasonCode)
		require.Equal(t, "rep@example.com", finInbox[0].RequestedBy, "the approver sees who asked without reading users")
		mgrInbox := inbox(t, e, f.mgr)
		require.Len(t, mgrInbox, 1)
		require.Equal(t, discounted.ID, mgrInbox[0].DocumentID)
		require.Equal(t, "High discount", mgrInbox[0].PolicyName)
		require.Equal(t, 403, e.do(f.wh, "GET", "/api/v1/approvals?actionable=true", nil).Status, "the warehouse approves nothing")

		// The wrong role may not decide; the right one approves and the
		// order is confirmed with its stock reserved.
		r = e.do(f.mgr, "POST", "/api/v1/approvals/"+finInbox[0].ID+"/approve", nil)
		require.Equal(t, 403, r.Status)
		require.Equal(t, "not_approver", code(t, r))
		r = e.do(f.fin, "POST", "/api/v1/approvals/"+finInbox[0].ID+"/approve", map[string]any{"comment": "known customer"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var decided approvalJSON
		r.JSON(t, &decided)
		require.Equal(t, "approved", decided.Status)
		require.NotNil(t, decided.CycleSeconds, "the cycle time is kept")
		var o orderApprovalJSON
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+large.ID, nil).JSON(t, &o)
		require.Equal(t, "confirmed", o.Status)
		require.Equal(t, "approved", o.Approval.Outcome)
		require.Equal(t, "1", o.Lines[0].Reserved)
		r = e.do(f.fin, "POST", "/api/v1/approvals/"+finInbox[0].ID+"/approve", nil)
		require.Equal(t, 409, r.Status, "a request is decided once")
		require.Equal(t, "invalid_state", code(t, r))

		// A rejection needs a reason and sends the order back to draft.
		r = e.do(f.mgr, "POST", "/api/v1/approvals/"+mgrInbox[0].ID+"/reject", nil)
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"comment": "required"}, fieldCodes(t, r))
		r = e.do(f.mgr, "POST", "/api/v1/approvals/"+mgrInbox[0].ID+"/reject", map[string]any{"comment": "20% is above your limit; offer 10%"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+discounted.ID, nil).JSON(t, &o)
		require.Equal(t, "draft", o.Status)
		require.Equal(t, "rejected", o.Approval.Outcome)
		require.Equal(t, "20% is above your limit; offer 10%", o.Approval.Comment)
		require.Empty(t, inbox(t, e, f.mgr))

		events := e.events("")
		for _, ev := range []string{"sales.order.submitted_for_approval.v1", "sales.order.approved.v1", "sales.order.rejected.v1",
			"approval.request.created.v1", "approval.request.approved.v1", "approval.request.rejected.v1"} {
			require.Contains(t, events, ev)
		}
	})
}

// TestCreditLimitNeedsApproval: open orders plus the new one over the
// limit send the order to finance with reason credit_limit_exceeded.
func TestCreditLimitNeedsApproval(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		f.updateCustomer(t, "credit_limit", map[string]any{"amount": "1000.00", "currency": "EUR"})

		r, first := f.confirm(t, f.orderWith(t, "6", "100.00", "0"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "confirmed", first.Status, "600.00 of 1,000.00 is within the limit")

		var credit struct {
			Used      struct{ Amount string } `json:"used"`
			Available struct{ Amount string } `json:"available"`
			Exceeded  bool                    `json:"exceeded"`
		}
		r = e.do(f.rep, "GET", "/api/v1/parties/"+f.customer+"/credit", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &credit)
		require.Equal(t, "600.00", credit.Used.Amount)
		require.Equal(t, "400.00", credit.Available.Amount)

		second := f.orderWith(t, "5", "100.00", "0")
		r, second = f.confirm(t, second)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "pending_approval", second.Status, "600 + 500 is over 1,000")
		reqs := inbox(t, e, f.fin)
		require.Len(t, reqs, 1)
		require.Equal(t, "credit_limit_exceeded", reqs[0].ReasonCode)

		// Cancelling the waiting order withdraws its request.
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+second.ID+"/cancel", map[string]any{"version": second.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Empty(t, inbox(t, e, f.fin))
		var all struct{ Data []approvalJSON }
		e.do(f.fin, "GET", "/api/v1/approvals?document_id="+second.ID, nil).JSON(t, &all)
		require.Equal(t, "cancelled", all.Data[0].Status)
	})
}

// TestConcurrentCreditChecks: two orders that each fit under the limit but
// not together, confirmed at once: exactly one is confirmed.
func TestConcurrentCreditChecks(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		f.updateCustomer(t, "credit_limit", map[string]any{"amount": "1000.00", "currency": "EUR"})
		orders := []orderApprovalJSON{f.orderWith(t, "7", "100.00", "0"), f.orderWith(t, "7", "100.00", "0")}
		statuses := make([]string, 2)
		var wg sync.WaitGroup
		for i := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, o := f.confirm(t, orders[i])
				if r.Status == 200 {
					statuses[i] = o.Status
				}
			}()
		}
		wg.Wait()
		require.ElementsMatch(t, []string{"confirmed", "pending_approval"}, statuses)
	})
}

// TestBackorders: a customer who accepts backorders gets what is in stock
// reserved and the rest recorded; others are refused.
func TestBackorders(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "4")
		refused := f.orderWith(t, "10", "10.00", "0")
		r, _ := f.confirm(t, refused)
		require.Equal(t, 409, r.Status)
		require.Equal(t, "insufficient_stock", code(t, r))

		f.updateCustomer(t, "accepts_backorders", true)
		r, o := f.confirm(t, refused)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "confirmed", o.Status)
		require.Equal(t, "4", o.Lines[0].Reserved)
		require.Equal(t, "6", o.Lines[0].Backordered)
		var a struct{ Available string }
		e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil).JSON(t, &a)
		require.Equal(t, "0", a.Available)

		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/cancel", map[string]any{"version": o.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil).JSON(t, &a)
		require.Equal(t, "4", a.Available, "cancelling releases the reservation")
	})
}

// TestPolicyValidation: a policy that does not compile is a 422 naming the
// position; one that reads a field orders lack is refused when saved.
func TestPolicyValidation(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.token(e.user("ada@example.com", "admin"))
		base := map[string]any{"name": "Broken", "document_type": "sales_order", "reason_code": "broken", "approver_role": "finance",
			"expression": "order.total > 1.0"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range base {
				m[a] = b
			}
			m[k] = v
			return m
		}
		r := e.do(admin, "POST", "/api/v1/approval-policies", with("expression", "order.total >= "))
		require.Equal(t, 422, r.Status, "%s", r.Body)
		require.Equal(t, map[string]string{"expression": "invalid_expression"}, fieldCodes(t, r))
		var p struct {
			Details struct{ Line, Column int } `json:"details"`
			Errors  []struct{ Message string } `json:"errors"`
		}
		r.JSON(t, &p)
		require.Equal(t, 1, p.Details.Line)
		require.Equal(t, 16, p.Details.Column, "the error is where the operand is missing")
		require.True(t, strings.HasPrefix(p.Errors[0].Message, "line 1, column 16: "), p.Errors[0].Message)

		r = e.do(admin, "POST", "/api/v1/approval-policies", with("expression", "order.totl > 5.0"))
		require.Equal(t, 422, r.Status, "a misspelt field is caught on the sample order")
		r = e.do(admin, "POST", "/api/v1/approval-policies", with("expression", "order.total"))
		require.Equal(t, 422, r.Status, "the expression must be a condition")
		r = e.do(admin, "POST", "/api/v1/approval-policies", with("approver_role", "nobody"))
		require.Equal(t, 422, r.Status)
		r = e.do(admin, "POST", "/api/v1/approval-policies", with("document_type", "invoice"))
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"document_type": "unknown"}, fieldCodes(t, r))

		good := with("expression", "order.total >= 1000.0 && customer.tags.exists(t, t == 'new')")
		good["min_amount"] = map[string]any{"amount": "1000.00", "currency": "EUR"}
		r = e.do(admin, "POST", "/api/v1/approval-policies", good)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r = e.do(admin, "POST", "/api/v1/approval-policies", good)
		require.Equal(t, 409, r.Status)
		require.Equal(t, "policy_exists", code(t, r))
		good["expression"] = "credit.exceeded && order.total > 10.0"
		r = e.do(admin, "PUT", "/api/v1/approval-policies/Broken", good, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(admin, "PUT", "/api/v1/approval-policies/Broken", good, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status)
		var list struct{ Data []struct{ Name string } }
		e.do(admin, "GET", "/api/v1/approval-policies?document_type=sales_order", nil).JSON(t, &list)
		require.Len(t, list.Data, 2, "the seeded credit-limit policy and this one")
		require.Equal(t, 204, e.do(admin, "DELETE", "/api/v1/approval-policies/Broken", nil).Status)
	})
}

// TestTwoApprovalsAtOnce: an order caught by two policies is confirmed
// once both approve, even when they approve at the same moment.
func TestTwoApprovalsAtOnce(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		for range 3 {
			r, o := f.confirm(t, f.orderWith(t, "1", "70000.00", "20"))
			require.Equal(t, 200, r.Status, "%s", r.Body)
			require.Equal(t, "Large order, High discount", o.Approval.Rule)
			var l struct{ Data []approvalJSON }
			e.do(f.fin, "GET", "/api/v1/approvals?status=pending&document_id="+o.ID, nil).JSON(t, &l)
			require.Len(t, l.Data, 2)
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			for i, req := range l.Data {
				token := f.fin
				if req.ApproverRole == "sales_manager" {
					token = f.mgr
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = e.do(token, "POST", "/api/v1/approvals/"+req.ID+"/approve", nil).Status
				}()
			}
			wg.Wait()
			require.Equal(t, []int{200, 200}, statuses)
			e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &o)
			require.Equal(t, "confirmed", o.Status)
			require.Equal(t, "1", o.Lines[0].Reserved)
		}
	})
}
