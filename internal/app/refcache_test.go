package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

// TestReferenceChangesApplyAtOnce: taxes, approval policies and warehouses
// are kept in memory for a second (refcache), yet a change made through
// the API is what the very next document sees.
func TestReferenceChangesApplyAtOnce(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		order := func(warehouse string) (httpxtest.Response, map[string]any) {
			r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "warehouse_id": warehouse,
				"lines": []map[string]any{{"product_id": f.product, "quantity": "1", "unit_price": eur("100.00"), "tax_code": "VAT20"}}})
			var o map[string]any
			if r.Status == 201 {
				r.JSON(t, &o)
			}
			return r, o
		}
		tax := func(o map[string]any) string { return o["tax"].(map[string]any)["amount"].(string) }

		r, o := order("")
		require.Equal(t, 201, r.Status, "%s", r.Body)
		require.Equal(t, "20.00", tax(o))
		r = e.do(f.fin, "PATCH", "/api/v1/taxes/VAT20", map[string]any{"rate": "10.00"}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		_, o = order("")
		require.Equal(t, "10.00", tax(o), "the new rate applies to the next order")

		big := f.orderWith(t, "1", "60000.00", "0")
		_, c := f.confirm(t, big)
		require.Equal(t, "pending_approval", c.Status, "the large-order policy holds it")
		require.Equal(t, 204, e.do(f.mgr, "DELETE", "/api/v1/approval-policies/Large order", nil).Status)
		_, c = f.confirm(t, f.orderWith(t, "1", "60000.00", "0"))
		require.Equal(t, "confirmed", c.Status, "a deleted policy holds nothing back")

		r, _ = order("WH1")
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var w map[string]any
		e.do(f.wh, "GET", "/api/v1/warehouses/WH1", nil).JSON(t, &w)
		r = e.do(f.wh, "PUT", "/api/v1/warehouses/WH1", map[string]any{"code": "WH1", "name": w["name"], "active": false,
			"locations": w["locations"]}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r, _ = order("WH1")
		require.Equal(t, 422, r.Status, "a retired warehouse takes no orders")
		require.Contains(t, string(r.Body), `"field":"warehouse_id","code":"not_found"`)
	})
}
