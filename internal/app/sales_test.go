package app_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

type salesFixture struct {
	e                       *env
	rep, mgr, wh, steward   string
	customer, product, whID string
}

func newSalesFixture(t *testing.T, e *env, stock string) salesFixture {
	f := salesFixture{e: e, rep: e.token(e.user("rep@example.com", "sales_rep")), mgr: e.token(e.user("mia@example.com", "sales_manager")),
		wh: e.token(e.user("wes@example.com", "warehouse")), steward: e.token(e.user("sam@example.com", "data_steward"))}
	var w struct {
		ID        string                `json:"id"`
		Locations []struct{ ID string } `json:"locations"`
	}
	e.do(f.wh, "POST", "/api/v1/warehouses", map[string]any{"code": "WH1", "name": "Main",
		"locations": []map[string]any{{"code": "A", "type": "storage"}}}).JSON(t, &w)
	f.whID = w.ID
	var p struct{ ID string }
	r := e.do(f.steward, "POST", "/api/v1/products", map[string]any{"code": "CHAI", "name": "Chai",
		"list_price": map[string]any{"amount": "18.00", "currency": "EUR"}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	r.JSON(t, &p)
	f.product = p.ID
	r = e.do(f.wh, "POST", "/api/v1/stock/adjustments", map[string]any{"product_id": p.ID, "location_id": w.Locations[0].ID, "quantity": stock, "reason": "count"})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var c struct{ ID string }
	r = e.do(f.rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Alfreds Futterkiste", "currency": "EUR"})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	r.JSON(t, &c)
	f.customer = c.ID
	return f
}

type orderJSON struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Status   string `json:"status"`
	Version  int64  `json:"version"`
	Subtotal struct{ Amount string }
	Tax      struct{ Amount string }
	Total    struct{ Amount string }
	Lines    []struct {
		Net         struct{ Amount string }
		Tax         struct{ Amount string }
		Total       struct{ Amount string }
		UnitPrice   struct{ Amount string } `json:"unit_price"`
		PriceSource string                  `json:"price_source"`
	}
}

func (f salesFixture) order(t *testing.T, qty string) orderJSON {
	r := f.e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer,
		"lines": []map[string]any{{"product_id": f.product, "quantity": qty}}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var o orderJSON
	r.JSON(t, &o)
	return o
}

// TestConfirmationsNeverOversell is the sales issue's oversell check: 50
// concurrent confirmations of 1 unit against 10 available, through the
// HTTP API, on both engines.
func TestConfirmationsNeverOversell(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "10")
		orders := make([]orderJSON, 50)
		for i := range orders {
			orders[i] = f.order(t, "1")
		}
		require.Equal(t, "18.00", orders[0].Lines[0].UnitPrice.Amount, "the price defaults from the product")
		statuses := make([]int, 50)
		codes := make([]string, 50)
		var wg sync.WaitGroup
		for i := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.do(f.rep, "POST", "/api/v1/sales-orders/"+orders[i].ID+"/confirm", nil, "If-Match", `"1"`)
				statuses[i] = r.Status
				if r.Status >= 400 {
					codes[i] = code(t, r)
				}
			}()
		}
		wg.Wait()
		confirmed, short := 0, 0
		for i, s := range statuses {
			switch s {
			case 200:
				confirmed++
			case 409:
				require.Equal(t, "insufficient_stock", codes[i])
				short++
			default:
				t.Fatalf("confirm %d: status %d %s", i, s, codes[i])
			}
		}
		require.Equal(t, 10, confirmed)
		require.Equal(t, 40, short)
		r := e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
		require.JSONEq(t, `{"product_id":"`+f.product+`","on_hand":"10","reserved":"10","available":"0","incoming":[]}`, string(r.Body))
	})
}

func TestOrderTotalsStatesAndRetries(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "5")
		finance := e.token(e.user("fin@example.com", "finance"))
		for _, tax := range []map[string]any{{"code": "VAT19", "name": "VAT 19%", "rate": "19.00"}, {"code": "VAT7I", "name": "VAT 7% incl.", "rate": "7.00", "included": true}} {
			r := e.do(finance, "POST", "/api/v1/taxes", tax)
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "lines": []map[string]any{
			// 3 × 33.33 = 99.99, −10% = 9.999 → 10.00, net 89.99, +19% = 17.0981 → 17.10, total 107.09
			{"product_id": f.product, "quantity": "3", "unit_price": map[string]any{"amount": "33.33", "currency": "EUR"}, "discount_percent": "10", "tax_code": "VAT19"},
			// 10.70 including 7%: base 10.00, tax 0.70
			{"product_id": f.product, "quantity": "1", "unit_price": map[string]any{"amount": "10.70", "currency": "EUR"}, "tax_code": "VAT7I"},
			// 0.5 × 0.05 = 0.025 → 0.03 (half away from zero)
			{"product_id": f.product, "quantity": "0.5", "unit_price": map[string]any{"amount": "0.05", "currency": "EUR"}},
		}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var o orderJSON
		r.JSON(t, &o)
		require.Regexp(t, `^SO-\d{4}-00001$`, o.Number)
		want := [][3]string{{"89.99", "17.10", "107.09"}, {"10.00", "0.70", "10.70"}, {"0.03", "0.00", "0.03"}}
		for i, l := range o.Lines {
			require.Equal(t, want[i], [3]string{l.Net.Amount, l.Tax.Amount, l.Total.Amount}, "line %d", i)
		}
		require.Equal(t, "100.02", o.Subtotal.Amount)
		require.Equal(t, "17.80", o.Tax.Amount)
		require.Equal(t, "117.82", o.Total.Amount)

		// A retried confirm with the same Idempotency-Key reserves once.
		for range 2 {
			r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, "If-Match", `"1"`, "Idempotency-Key", "confirm-"+o.ID)
			require.Equal(t, 200, r.Status, "%s", r.Body)
		}
		r = e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
		require.Contains(t, string(r.Body), `"reserved":"4.5"`)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, "If-Match", `"2"`)
		require.Equal(t, 409, r.Status)
		require.Equal(t, "invalid_state", code(t, r))

		other := e.token(e.user("bob@example.com", "sales_rep"))
		require.Equal(t, 404, e.do(other, "GET", "/api/v1/sales-orders/"+o.ID, nil).Status, "another rep's order is not found")
		require.Equal(t, 200, e.do(f.mgr, "GET", "/api/v1/sales-orders/"+o.Number, nil).Status, "a manager sees it, by number too")

		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/cancel", nil, "If-Match", `"2"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
		require.Contains(t, string(r.Body), `"reserved":"0"`, "cancelling releases the stock")

		r = e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": "nope", "lines": []map[string]any{{"product_id": "x", "quantity": "0"}}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), fmt.Sprintf(`"field":"%s"`, "customer_id"))
	})
}

func TestLinePreviewShowsPriceAndAvailability(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "3")
		path := "/api/v1/sales-orders/line-preview?customer_id=" + f.customer + "&product_id=CHAI&quantity="
		r := e.do(f.rep, "GET", path+"2", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"unit_price":{"amount":"18.00","currency":"EUR"}`)
		require.Contains(t, string(r.Body), `"available":"3"`)
		require.Contains(t, string(r.Body), `"short":false`)
		r = e.do(f.rep, "GET", path+"5", nil)
		require.Contains(t, string(r.Body), `"short":true`, "a line longer than the stock shows red")
		r = e.do(f.rep, "GET", "/api/v1/sales-orders/line-preview?customer_id=nope&product_id=CHAI", nil)
		require.Equal(t, 422, r.Status)
	})
}

func TestQuotationToOrder(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "10")
		r := e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer,
			"lines": []map[string]any{{"product_id": f.product, "quantity": "2"}}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var q struct {
			ID       string `json:"id"`
			Number   string `json:"number"`
			Revision int    `json:"revision"`
			Status   string `json:"status"`
			Total    struct{ Amount string }
		}
		r.JSON(t, &q)
		require.Regexp(t, `^QT-\d{4}-00001$`, q.Number)
		require.Equal(t, "36.00", q.Total.Amount)
		r = e.do(f.rep, "POST", "/api/v1/quotations/"+q.ID+"/send", nil, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(f.rep, "PUT", "/api/v1/quotations/"+q.ID, map[string]any{"customer_id": f.customer,
			"lines": []map[string]any{{"product_id": f.product, "quantity": "3", "discount_percent": "5"}}}, "If-Match", `"2"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &q)
		require.Equal(t, 2, q.Revision)
		require.Equal(t, "draft", q.Status, "a revision goes back to draft")
		require.Equal(t, "51.30", q.Total.Amount, "3 × 18.00 − 5%")

		r = e.do(f.rep, "POST", "/api/v1/quotations/"+q.ID+"/convert", nil, "If-Match", `"3"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var conv struct {
			Quotation struct {
				Status  string `json:"status"`
				OrderID string `json:"order_id"`
			} `json:"quotation"`
			Order orderJSON `json:"order"`
		}
		r.JSON(t, &conv)
		require.Equal(t, "accepted", conv.Quotation.Status)
		require.Equal(t, conv.Order.ID, conv.Quotation.OrderID)
		require.Equal(t, "51.30", conv.Order.Total.Amount, "the order keeps the quoted prices")
		r = e.do(f.rep, "POST", "/api/v1/quotations/"+q.ID+"/convert", nil, "If-Match", `"4"`)
		require.Equal(t, "invalid_state", code(t, r), "a quotation becomes an order once")

		past := e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer, "valid_until": "2020-01-01",
			"lines": []map[string]any{{"product_id": f.product, "quantity": "1"}}})
		require.Equal(t, 422, past.Status)
		require.Contains(t, string(past.Body), `"field":"valid_until","code":"in_past"`)
		other := e.token(e.user("bob@example.com", "sales_rep"))
		require.Equal(t, 404, e.do(other, "GET", "/api/v1/quotations/"+q.ID, nil).Status)

		// An expired quotation cannot become an order until it is revised.
		r = e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer,
			"lines": []map[string]any{{"product_id": f.product, "quantity": "1"}}})
		var old struct{ ID string }
		r.JSON(t, &old)
		_, err := e.app.DB.ExecContext(t.Context(), `UPDATE sales_quotation SET valid_until = '2020-01-01' WHERE id = $1`, old.ID)
		require.NoError(t, err)
		r = e.do(f.rep, "GET", "/api/v1/quotations/"+old.ID, nil)
		require.Contains(t, string(r.Body), `"expired":true`)
		r = e.do(f.rep, "POST", "/api/v1/quotations/"+old.ID+"/convert", nil, "If-Match", `"1"`)
		require.Equal(t, 409, r.Status)
		require.Equal(t, "quotation_expired", code(t, r))
	})
}

// TestEditDraftOrder: a draft is replaced whole, repriced and renumbered
// never; a stale version, a bad line, another rep and a confirmed order
// are refused, and nothing of a refused edit is written.
func TestEditDraftOrder(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "100")
		o := f.order(t, "2")
		require.Equal(t, "36.00", o.Total.Amount, "2 × 18.00 list price")
		edit := func(token string, version int64, lines ...map[string]any) httpxtest.Response {
			return e.do(token, "PUT", "/api/v1/sales-orders/"+o.ID, map[string]any{"customer_id": f.customer, "reference": "PO-77",
				"lines": lines, "version": version})
		}
		r := edit(f.rep, o.Version, map[string]any{"product_id": f.product, "quantity": "5"},
			map[string]any{"product_id": f.product, "quantity": "1", "unit_price": eur("10.00"), "discount_percent": "10"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var got orderJSON
		r.JSON(t, &got)
		require.Equal(t, o.Number, got.Number, "the number stays")
		require.Equal(t, o.Version+1, got.Version)
		require.Len(t, got.Lines, 2)
		require.Equal(t, "99.00", got.Total.Amount, "5 × 18.00 + 10.00 less 10%")
		require.Equal(t, "draft", got.Status)

		r = edit(f.rep, o.Version, map[string]any{"product_id": f.product, "quantity": "1"})
		require.Equal(t, 409, r.Status, "the first version is stale")
		require.Equal(t, "version_conflict", code(t, r))
		r = edit(f.rep, got.Version, map[string]any{"product_id": "prd_nope", "quantity": "1"})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"lines[0].product_id"`)
		other := e.token(e.user("ola@example.com", "sales_rep"))
		r = edit(other, got.Version, map[string]any{"product_id": f.product, "quantity": "1"})
		require.Equal(t, 404, r.Status, "another rep's order")

		var again orderJSON
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &again)
		require.Equal(t, got, again, "refused edits wrote nothing")

		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", map[string]any{"version": got.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &got)
		r = edit(f.rep, got.Version, map[string]any{"product_id": f.product, "quantity": "1"})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "invalid_state", code(t, r))
	})
}

// TestSortOrders: orders listed by total page by page come in order, ties
// broken by id, none skipped or repeated; a bad sort is refused on its
// parameter.
func TestSortOrders(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "100")
		var want []string // totals, ascending
		for _, qty := range []string{"3", "1", "5", "1", "2"} {
			o := f.order(t, qty)
			want = append(want, o.Total.Amount)
		}
		slices.SortFunc(want, func(a, b string) int { return cmpAmount(a, b) })
		var got []string
		seen := map[string]bool{}
		after := ""
		for range 5 {
			var pg struct {
				Data []struct {
					ID    string
					Total struct{ Amount string }
				}
				NextCursor *string `json:"next_cursor"`
			}
			r := e.do(f.rep, "GET", "/api/v1/sales-orders?sort=total&limit=2&after="+after, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			r.JSON(t, &pg)
			for _, o := range pg.Data {
				require.False(t, seen[o.ID], "no order twice")
				seen[o.ID] = true
				got = append(got, o.Total.Amount)
			}
			if pg.NextCursor == nil {
				break
			}
			after = *pg.NextCursor
		}
		require.Equal(t, want, got)

		var desc struct{ Data []struct{ Number string } }
		e.do(f.rep, "GET", "/api/v1/sales-orders?sort=-number", nil).JSON(t, &desc)
		require.Len(t, desc.Data, 5)
		require.True(t, slices.IsSortedFunc(desc.Data, func(a, b struct{ Number string }) int { return strings.Compare(b.Number, a.Number) }))

		r := e.do(f.rep, "GET", "/api/v1/sales-orders?sort=price", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"sort"`)
	})
}

// cmpAmount compares two decimal amounts of two decimals.
func cmpAmount(a, b string) int {
	pa, pb := strings.Replace(a, ".", "", 1), strings.Replace(b, ".", "", 1)
	if len(pa) != len(pb) {
		return len(pa) - len(pb)
	}
	return strings.Compare(pa, pb)
}
