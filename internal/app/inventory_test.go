package app_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestWarehousesAndLocations(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		wh := e.token(e.user("wes@example.com", "warehouse"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		body := map[string]any{"code": "wh-ber", "name": "Berlin", "country": "DE", "locations": []map[string]any{
			{"code": "recv", "type": "receiving"}, {"code": "a-01", "type": "storage"}, {"code": "ship", "type": "shipping"}}}
		r := e.do(wh, "POST", "/api/v1/warehouses", body)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var w struct {
			ID        string `json:"id"`
			Code      string `json:"code"`
			Locations []struct {
				ID     string `json:"id"`
				Code   string `json:"code"`
				Active bool   `json:"active"`
			} `json:"locations"`
		}
		r.JSON(t, &w)
		require.Equal(t, "WH-BER", w.Code)
		require.Len(t, w.Locations, 3)
		require.True(t, w.Locations[0].Active)
		require.Equal(t, 200, e.do(rep, "GET", "/api/v1/warehouses/WH-BER", nil).Status, "sales reps read stock locations")
		require.Equal(t, 403, e.do(rep, "POST", "/api/v1/warehouses", body).Status)
		require.Equal(t, "code_taken", code(t, e.do(wh, "POST", "/api/v1/warehouses", body)))

		r = e.do(wh, "POST", "/api/v1/warehouses", map[string]any{"code": "WH2", "name": "x", "locations": []map[string]any{{"code": "A", "type": "attic"}}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"locations[0].type"`)
		bad := map[string]any{"code": "WH 2", "name": " ", "locations": []map[string]any{{"code": "A", "type": "storage"}, {"code": "a", "type": "storage"}}}
		r = e.do(wh, "POST", "/api/v1/warehouses", bad)
		require.Equal(t, 422, r.Status)
		for _, f := range []string{`"field":"code"`, `"field":"name"`, `"field":"locations[1].code","code":"duplicate"`} {
			require.Contains(t, string(r.Body), f)
		}

		// Retire a location, add another; the one not sent is kept.
		upd := map[string]any{"code": "WH-BER", "name": "Berlin Hub", "locations": []map[string]any{
			{"id": w.Locations[0].ID, "code": w.Locations[0].Code, "type": "storage", "active": false},
			{"code": "B-01", "type": "storage"}}}
		r = e.do(wh, "PUT", "/api/v1/warehouses/"+w.ID, upd, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var after struct {
			Locations []struct {
				Code   string `json:"code"`
				Active bool   `json:"active"`
			} `json:"locations"`
		}
		r.JSON(t, &after)
		require.Len(t, after.Locations, 4, "locations are never deleted")
		require.Equal(t, 412, e.do(wh, "PUT", "/api/v1/warehouses/"+w.ID, upd, "If-Match", `"1"`).Status)
	})
}

func TestStockAdjustmentsAndAvailability(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		wh := e.token(e.user("wes@example.com", "warehouse"))
		steward := e.token(e.user("sam@example.com", "data_steward"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		var w struct {
			ID        string `json:"id"`
			Locations []struct {
				ID string `json:"id"`
			} `json:"locations"`
		}
		e.do(wh, "POST", "/api/v1/warehouses", map[string]any{"code": "WH1", "name": "Main",
			"locations": []map[string]any{{"code": "A", "type": "storage"}}}).JSON(t, &w)
		var p, svc struct{ ID string }
		e.do(steward, "POST", "/api/v1/products", map[string]any{"code": "P1", "name": "Pencil",
			"list_price": map[string]any{"amount": "1.00", "currency": "EUR"}}).JSON(t, &p)
		e.do(steward, "POST", "/api/v1/products", map[string]any{"code": "S1", "name": "Setup", "type": "service",
			"list_price": map[string]any{"amount": "100.00", "currency": "EUR"}}).JSON(t, &svc)

		adjust := func(tok, product, loc, q string) (int, string) {
			r := e.do(tok, "POST", "/api/v1/stock/adjustments", map[string]any{"product_id": product, "location_id": loc, "quantity": q, "reason": "count"})
			return r.Status, string(r.Body)
		}
		status, body := adjust(wh, p.ID, w.Locations[0].ID, "12.5")
		require.Equal(t, 201, status, body)
		status, _ = adjust(rep, p.ID, w.Locations[0].ID, "1")
		require.Equal(t, 403, status)
		status, body = adjust(wh, p.ID, w.Locations[0].ID, "-20")
		require.Equal(t, 409, status, body)
		require.Contains(t, body, `"code":"insufficient_stock"`)
		status, body = adjust(wh, svc.ID, w.Locations[0].ID, "1")
		require.Equal(t, 422, status)
		require.Contains(t, body, `"code":"not_stocked"`)
		status, body = adjust(wh, p.ID, "loc_nope", "1")
		require.Equal(t, 422, status)
		require.Contains(t, body, `"field":"location_id","code":"not_found"`)

		r := e.do(rep, "GET", "/api/v1/stock/availability?product_id="+p.ID, nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.JSONEq(t, `{"product_id":"`+p.ID+`","on_hand":"12.5","reserved":"0","available":"12.5","incoming":[]}`, string(r.Body))
		r = e.do(wh, "GET", "/api/v1/stock/moves?product_id="+p.ID, nil)
		require.Contains(t, string(r.Body), `"type":"adjustment"`)
	})
}

// TestExpectedReceiptsFeedAvailableToPromise: announced stock shows as
// incoming by day, gives the line preview a promise date, and becomes on
// hand when received.
func TestExpectedReceiptsFeedAvailableToPromise(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "10")
		var w struct {
			Locations []struct{ ID string } `json:"locations"`
		}
		e.do(f.wh, "GET", "/api/v1/warehouses/"+f.whID, nil).JSON(t, &w)
		today := time.Now().UTC()
		day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
		type receipt struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Received string `json:"received"`
			Version  int64  `json:"version"`
		}
		announce := func(qty, on string) receipt {
			r := e.do(f.wh, "POST", "/api/v1/stock/expected-receipts", map[string]any{"product_id": f.product, "warehouse_id": "WH1",
				"quantity": qty, "expected_on": on, "reference": "PO-77"})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var out receipt
			r.JSON(t, &out)
			return out
		}
		later := announce("10", day(7))
		soon := announce("5", day(3))
		r := e.do(f.rep, "POST", "/api/v1/stock/expected-receipts", map[string]any{"product_id": f.product, "warehouse_id": "WH1",
			"quantity": "1", "expected_on": day(1)})
		require.Equal(t, 403, r.Status, "a sales rep announces no stock")
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts", map[string]any{"product_id": f.product, "warehouse_id": "WH1",
			"quantity": "0", "expected_on": day(1)})
		require.Equal(t, map[string]string{"quantity": "not_positive"}, fieldCodes(t, r))

		r = e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
		require.JSONEq(t, `{"product_id":"`+f.product+`","on_hand":"10","reserved":"0","available":"10","incoming":[
			{"date":"`+day(3)+`","quantity":"5","available_from":"15"},{"date":"`+day(7)+`","quantity":"10","available_from":"25"}]}`, string(r.Body))

		var p struct {
			Short       bool   `json:"short"`
			PromiseDate string `json:"promise_date"`
		}
		path := "/api/v1/sales-orders/line-preview?customer_id=" + f.customer + "&product_id=CHAI&quantity="
		e.do(f.rep, "GET", path+"8", nil).JSON(t, &p)
		require.Equal(t, day(0), p.PromiseDate)
		e.do(f.rep, "GET", path+"12", nil).JSON(t, &p)
		require.True(t, p.Short)
		require.Equal(t, day(3), p.PromiseDate)
		p.PromiseDate = ""
		e.do(f.rep, "GET", path+"30", nil).JSON(t, &p)
		require.Empty(t, p.PromiseDate, "nothing expected covers 30")

		// Part of the early receipt arrives; the rest stays incoming.
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts/"+soon.ID+"/receive",
			map[string]any{"location_id": w.Locations[0].ID, "quantity": "6", "version": soon.Version})
		require.Equal(t, map[string]string{"quantity": "too_much"}, fieldCodes(t, r))
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts/"+soon.ID+"/receive",
			map[string]any{"location_id": w.Locations[0].ID, "quantity": "3", "version": soon.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &soon)
		require.Equal(t, "open", soon.Status)
		require.Equal(t, "3", soon.Received)
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts/"+soon.ID+"/receive", map[string]any{"location_id": w.Locations[0].ID},
			"If-Match", `"`+strconv.FormatInt(soon.Version, 10)+`"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &soon)
		require.Equal(t, "received", soon.Status, "receiving the rest closes it")
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts/"+later.ID+"/cancel", map[string]any{"version": later.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(f.wh, "POST", "/api/v1/stock/expected-receipts/"+later.ID+"/cancel", map[string]any{"version": later.Version + 1})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "invalid_state", code(t, r))

		r = e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
		require.JSONEq(t, `{"product_id":"`+f.product+`","on_hand":"15","reserved":"0","available":"15","incoming":[]}`, string(r.Body))
		var moves struct {
			Data []struct{ Type, Reference string }
		}
		e.do(f.wh, "GET", "/api/v1/stock/moves?product_id="+f.product, nil).JSON(t, &moves)
		require.Equal(t, "receipt", moves.Data[0].Type)
		require.Equal(t, soon.ID, moves.Data[0].Reference)
	})
}
