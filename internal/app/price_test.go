package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPriceListsPickTheMostSpecificPrice: a customer's own list beats the
// list it names, which beats its segment's list, which beats the general
// list; quantity breaks and validity dates apply; the list price is the
// fallback.
func TestPriceListsPickTheMostSpecificPrice(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		mgr := e.token(e.user("mia@example.com", "sales_manager"))
		steward := e.token(e.user("sam@example.com", "data_steward"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		var prod struct{ ID string }
		r := e.do(steward, "POST", "/api/v1/products", map[string]any{"code": "CHAI", "name": "Chai",
			"list_price": map[string]any{"amount": "18.00", "currency": "USD"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &prod)
		mkParty := func(name string, extra map[string]any) string {
			body := map[string]any{"roles": []string{"customer"}, "legal_name": name}
			for k, v := range extra {
				body[k] = v
			}
			r := e.do(mgr, "POST", "/api/v1/parties", body)
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var p struct{ ID string }
			r.JSON(t, &p)
			return p.ID
		}
		vip := mkParty("Very Important Imports", map[string]any{"tags": []string{"wholesale"}})
		wholesale := mkParty("Wholesale Wonders", map[string]any{"tags": []string{"wholesale"}})
		plain := mkParty("Plain Customer Inc", nil)

		item := func(minQ, price string) map[string]any {
			return map[string]any{"product_id": prod.ID, "min_quantity": minQ, "unit_price": map[string]any{"amount": price, "currency": "USD"}}
		}
		lists := []map[string]any{
			{"code": "general", "name": "General", "currency": "USD", "items": []any{item("0", "17.00"), item("100", "15.00")}},
			{"code": "wholesale", "name": "Wholesale", "currency": "USD", "segment": "wholesale", "items": []any{item("0", "16.00")}},
			{"code": "spring", "name": "Spring promo", "currency": "USD", "valid_from": "2026-03-01", "valid_to": "2026-05-31", "items": []any{item("0", "14.50")}},
			{"code": "vip", "name": "VIP", "currency": "USD", "party_id": vip, "items": []any{item("0", "12.00")}},
		}
		for _, l := range lists {
			r := e.do(rep, "POST", "/api/v1/price-lists", l)
			require.Equal(t, 403, r.Status, "sales reps do not set prices")
			r = e.do(mgr, "POST", "/api/v1/price-lists", l)
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		named := mkParty("Named List Ltd", map[string]any{"price_list": "SPRING"})
		r = e.do(mgr, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Typo Trading",
			"price_list": "SPRNG", "payment_terms": "net45", "currency": "CHF"})
		require.Equal(t, 422, r.Status, "references to reference data are checked: %s", r.Body)
		for _, f := range []string{`"field":"price_list","code":"unknown"`, `"field":"payment_terms","code":"unknown"`, `"field":"currency","code":"not_in_use"`} {
			require.Contains(t, string(r.Body), f)
		}
		price := func(party, qty, on string) (string, string) {
			path := "/api/v1/prices?product_id=" + prod.ID + "&quantity=" + qty + "&on=" + on
			if party != "" {
				path += "&party_id=" + party
			}
			r := e.do(mgr, "GET", path, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			var p struct {
				UnitPrice struct{ Amount string } `json:"unit_price"`
				Source    string                  `json:"source"`
			}
			r.JSON(t, &p)
			return p.UnitPrice.Amount, p.Source
		}
		cases := []struct{ party, qty, on, want, source string }{
			{vip, "1", "2026-04-01", "12.00", "customer"},
			{named, "1", "2026-04-01", "14.50", "price_list"},
			{named, "1", "2026-06-01", "17.00", "general"}, // the named list has expired
			{wholesale, "500", "2026-04-01", "16.00", "segment"},
			{plain, "1", "2026-04-01", "17.00", "general"},
			{plain, "100", "2026-04-01", "15.00", "general"}, // a quantity break
			{"", "99.5", "2026-04-01", "17.00", "general"},
		}
		for _, c := range cases {
			got, source := price(c.party, c.qty, c.on)
			require.Equal(t, c.want, got, "%+v", c)
			require.Equal(t, c.source, source, "%+v", c)
		}
		r = e.do(mgr, "GET", "/api/v1/prices?product_id="+prod.ID+"&currency=EUR", nil)
		require.Equal(t, 404, r.Status)
		require.Equal(t, "no_price", code(t, r))

		r = e.do(mgr, "POST", "/api/v1/price-lists", map[string]any{"code": "bad", "name": "Bad", "currency": "USD",
			"valid_from": "2026-05-01", "valid_to": "2026-04-01", "items": []any{
				map[string]any{"product_id": prod.ID, "min_quantity": "0", "unit_price": map[string]any{"amount": "1.00", "currency": "EUR"}}}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"valid_to","code":"before_valid_from"`)
		require.Contains(t, string(r.Body), `"field":"items[0].unit_price","code":"currency_mismatch"`)
	})
}
