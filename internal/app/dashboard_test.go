package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/clock"
)

// TestOrderCycleTime: two orders dated 5 and 3 days ago are shipped,
// invoiced and paid today: 2 orders, average 4.00 days, median 4.00, p90
// 5.00. An order invoiced but not paid does not count, nor does a day
// before the payments.
func TestOrderCycleTime(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		now := time.Now().UTC()
		today := now.Format(time.DateOnly)
		sell := func(daysAgo int, pay bool) {
			r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer,
				"order_date": now.AddDate(0, 0, -daysAgo).Format(time.DateOnly),
				"lines":      []map[string]any{{"product_id": f.product, "quantity": "1", "unit_price": eur("100.00")}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var o orderApprovalJSON
			r.JSON(t, &o)
			f.confirm(t, o)
			_, sh, _ := f.shipment(t, o.ID)
			f.ship(t, sh)
			inv := f.invoice(t, o.ID)
			if pay {
				f.pay(t, "100.00", map[string]any{"invoice_id": inv.ID, "amount": eur("100.00")})
				require.Equal(t, "paid", f.orderStock(t, o.ID).Status)
			}
		}
		sell(5, true)
		sell(3, true)
		sell(1, false)

		type stats struct {
			Orders  int    `json:"orders"`
			Average string `json:"average_days"`
			Median  string `json:"median_days"`
			P90     string `json:"p90_days"`
			Min     *int   `json:"min_days"`
			Max     *int   `json:"max_days"`
		}
		var rep struct {
			Total stats `json:"total"`
			Rows  []struct {
				Month string `json:"month"`
				stats
			} `json:"rows"`
		}
		r := e.do(f.mgr, "GET", "/api/v1/reports/order-cycle-time?group_by=month&from="+today+"&to="+today, nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &rep)
		require.Equal(t, 2, rep.Total.Orders, "the unpaid order is not counted")
		require.Equal(t, "4.00", rep.Total.Average)
		require.Equal(t, "4.00", rep.Total.Median)
		require.Equal(t, "5.00", rep.Total.P90)
		require.Equal(t, 3, *rep.Total.Min)
		require.Equal(t, 5, *rep.Total.Max)
		require.Len(t, rep.Rows, 1)
		require.Equal(t, today[:7], rep.Rows[0].Month)
		require.Equal(t, "4.00", rep.Rows[0].Average)

		yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
		r = e.do(f.fin, "GET", "/api/v1/reports/order-cycle-time?from="+yesterday+"&to="+yesterday, nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		rep.Total, rep.Rows = stats{}, nil
		r.JSON(t, &rep)
		require.Zero(t, rep.Total.Orders)
		require.Empty(t, rep.Total.Average)
		require.Empty(t, rep.Rows)

		r = e.do(f.mgr, "GET", "/api/v1/reports/order-cycle-time?from="+today+"&to="+yesterday, nil)
		require.Equal(t, 422, r.Status)
		require.Equal(t, "out_of_range", fieldCodes(t, r)["to"])
		r = e.do(f.mgr, "GET", "/api/v1/reports/order-cycle-time?from=2026-02-30&to="+today, nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, fieldCodes(t, r), "query.from")
		require.Equal(t, 403, e.do(f.rep, "GET", "/api/v1/reports/order-cycle-time?from="+today+"&to="+today, nil).Status,
			"a sales rep sees only their own orders, not the company's cycle time")
	})
}

// TestStockBelowReorder: with a reorder point of 10, a product with 4 in
// stock is listed with a shortfall of 6 (and the 20 expected); one with 12
// is not; one with 12 on hand of which 5 are reserved for an order has 7
// available and is listed with a shortfall of 3. Per warehouse, the other
// warehouse's stock does not count.
func TestStockBelowReorder(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1") // CHAI, without a reorder point
		var w struct {
			ID        string                `json:"id"`
			Locations []struct{ ID string } `json:"locations"`
		}
		r := e.do(f.wh, "POST", "/api/v1/warehouses", map[string]any{"code": "WH2", "name": "North",
			"locations": []map[string]any{{"code": "B", "type": "storage"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &w)
		product := func(code, stock string) string {
			var p struct{ ID string }
			r := e.do(f.steward, "POST", "/api/v1/products", map[string]any{"code": code, "name": code + " tea",
				"list_price": eur("10.00"), "reorder_point": "10", "reorder_quantity": "50"})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			r.JSON(t, &p)
			r = e.do(f.wh, "POST", "/api/v1/stock/adjustments", map[string]any{"product_id": p.ID, "location_id": w.Locations[0].ID,
				"quantity": stock, "reason": "count"})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			return p.ID
		}
		low := product("LOW", "4")
		product("FULL", "12")
		held := product("HELD", "12")
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts", map[string]any{"product_id": low, "warehouse_id": w.ID, "quantity": "20",
			"expected_on": time.Now().UTC().AddDate(0, 0, 7).Format(time.DateOnly), "reference": "PO-1"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "warehouse_id": w.ID,
			"lines": []map[string]any{{"product_id": held, "quantity": "5"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var o orderJSON
		r.JSON(t, &o)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", map[string]any{"version": o.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)

		type row struct {
			Code, OnHand, Reserved, Available, Incoming, Shortfall string
			ReorderPoint                                           string `json:"reorder_point"`
			ReorderQuantity                                        string `json:"reorder_quantity"`
		}
		report := func(query string) []row {
			r := e.do(f.wh, "GET", "/api/v1/reports/stock-below-reorder"+query, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			var rep struct {
				Rows []struct {
					row
					OnHand    string `json:"on_hand"`
					Available string `json:"available"`
				}
			}
			r.JSON(t, &rep)
			out := []row{}
			for _, x := range rep.Rows {
				x.row.OnHand, x.row.Available = x.OnHand, x.Available
				out = append(out, x.row)
			}
			return out
		}
		rows := report("")
		require.Equal(t, []row{
			{Code: "LOW", OnHand: "4", Reserved: "0", Available: "4", Incoming: "20", Shortfall: "6", ReorderPoint: "10", ReorderQuantity: "50"},
			{Code: "HELD", OnHand: "12", Reserved: "5", Available: "7", Incoming: "0", Shortfall: "3", ReorderPoint: "10", ReorderQuantity: "50"},
		}, rows, "FULL has 12 available and is not listed; the largest shortfall comes first")

		rows = report("?warehouse_id=WH1")
		require.Len(t, rows, 3, "nothing of the three is in WH1")
		require.Equal(t, "10", rows[0].Shortfall)

		r = e.do(f.wh, "GET", "/api/v1/reports/stock-below-reorder?warehouse_id=NOPE", nil)
		require.Equal(t, 422, r.Status)
		require.Equal(t, "not_found", fieldCodes(t, r)["warehouse_id"])
	})
}

// TestSLACompliance: four high-priority tickets opened Monday 2 March 2026
// at 09:00 in Shanghai are due a first response at 13:00 (05:00 UTC);
// three are answered at 10:00, one at 14:00: 3 met + 1 breached → 75.00 %.
// One is resolved the same day, long before its due time: 100.00 %.
func TestSLACompliance(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSupportFixture(t, e)
		f.agent(t, "ann@example.com", true, "delivery")
		slaSetup(t, f)
		fake := clockAt(e, "2026-03-02 01:00")
		var tickets []ticketJSON
		for i := range 4 {
			tk := f.ticket(t, map[string]any{"subject": "Late delivery " + string(rune('A'+i)), "category": "delivery", "priority": "high"})
			require.Equal(t, utc("2026-03-02 05:00"), *tk.SLA.FirstResponseDue)
			tickets = append(tickets, tk)
		}
		answer := func(tk ticketJSON, at string) {
			fake.Set(utc(at))
			r := e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "public", "body": "We are on it."})
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		answer(tickets[0], "2026-03-02 02:00")
		answer(tickets[1], "2026-03-02 02:00")
		answer(tickets[2], "2026-03-02 05:00")
		answer(tickets[3], "2026-03-02 06:00")
		fake.Set(utc("2026-03-02 07:00"))
		var got ticketJSON
		e.do(f.boss, "GET", "/api/v1/tickets/"+tickets[0].ID, nil).JSON(t, &got)
		r := e.do(f.boss, "POST", "/api/v1/tickets/"+got.ID+"/status", map[string]any{"status": "resolved", "version": got.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)

		type compliance struct {
			Met, Breached int
			Percent       string
		}
		type row struct {
			Key           string
			FirstResponse compliance `json:"first_response"`
			Resolution    compliance
		}
		var rep struct {
			Total row
			Rows  []row
		}
		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?from=2026-03-01&to=2026-03-31", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &rep)
		want := row{FirstResponse: compliance{Met: 3, Breached: 1, Percent: "75.00"}, Resolution: compliance{Met: 1, Percent: "100.00"}}
		require.Equal(t, want, rep.Total)
		want.Key = "2026-03"
		require.Equal(t, []row{want}, rep.Rows, "due at 05:00 and answered at 05:00 is met")

		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?group_by=priority&from=2026-03-02&to=2026-03-02", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &rep)
		want.Key = "high"
		require.Equal(t, []row{want}, rep.Rows)

		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?from=2026-03-03&to=2026-03-31", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		rep.Total, rep.Rows = row{}, nil
		r.JSON(t, &rep)
		require.Empty(t, rep.Rows)
		require.Equal(t, row{}, rep.Total, "nothing happened after the 2nd; no percentages")

		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?from=2026-03-31&to=2026-03-01", nil)
		require.Equal(t, 422, r.Status)
		require.Equal(t, "out_of_range", fieldCodes(t, r)["to"])
		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?from=March&to=2026-03-01", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, fieldCodes(t, r), "query.from")
		r = e.do(f.boss, "GET", "/api/v1/reports/sla-compliance?group_by=agent&from=2026-03-01&to=2026-03-31", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, fieldCodes(t, r), "query.group_by")
	})
}

// clockAt sets customer service's clock to a fixed UTC time ("2006-01-02
// 15:04") and returns it.
func clockAt(e *env, at string) *clock.Fake {
	fake := clock.NewFake(utc(at))
	e.app.SetClock(fake)
	return fake
}
