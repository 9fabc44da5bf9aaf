package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// fieldCodes returns the field errors of a problem response, field → code.
func fieldCodes(t *testing.T, r httpxtest.Response) map[string]string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Code string }
	}
	r.JSON(t, &p)
	out := map[string]string{}
	for _, f := range p.Errors {
		out[f.Field] = f.Code
	}
	return out
}

// events returns the types of the outbox events so far whose type starts
// with prefix, in order.
func (e *env) events(prefix string) []string {
	e.t.Helper()
	evs, err := outbox.After(context.Background(), e.app.DB, 0, 1000)
	require.NoError(e.t, err)
	var out []string
	for _, ev := range evs {
		if strings.HasPrefix(ev.Type, prefix) {
			out = append(out, ev.Type)
		}
	}
	return out
}

type currencyJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Exponent int    `json:"exponent"`
	Active   bool   `json:"active"`
	Version  int64  `json:"version"`
}

func TestLedgerCurrencies(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		fin := e.token(e.user("fin@example.com", "finance"))
		viewer := e.token(e.user("vic@example.com", "viewer"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))

		// Seeded: USD, EUR, GBP, CNY and JPY, with ISO 4217 minor units.
		var list struct{ Data []currencyJSON }
		r := e.do(viewer, "GET", "/api/v1/currencies", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &list)
		var codes []string
		exponents := map[string]int{"CNY": 2, "EUR": 2, "GBP": 2, "JPY": 0, "USD": 2}
		for _, c := range list.Data {
			codes = append(codes, c.Code)
			require.True(t, c.Active)
			require.Equal(t, exponents[c.Code], c.Exponent, c.Code)
		}
		require.Equal(t, []string{"CNY", "EUR", "GBP", "JPY", "USD"}, codes)

		// Putting a currency in use: any case, known ISO codes only, once.
		r = e.do(fin, "POST", "/api/v1/currencies", map[string]any{"code": "kwd", "name": "Kuwaiti dinar"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		require.Equal(t, `"1"`, r.Header.Get("ETag"))
		require.Equal(t, "/api/v1/currencies/KWD", r.Header.Get("Location"))
		var kwd currencyJSON
		r.JSON(t, &kwd)
		require.Equal(t, currencyJSON{Code: "KWD", Name: "Kuwaiti dinar", Exponent: 3, Active: true, Version: 1}, kwd)
		r = e.do(fin, "POST", "/api/v1/currencies", map[string]any{"code": "KWD"})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "currency_exists", code(t, r))
		for _, bad := range []string{"XYZ", "US1", "", "XAU"} {
			r = e.do(fin, "POST", "/api/v1/currencies", map[string]any{"code": bad})
			require.Equal(t, 422, r.Status, "%q: %s", bad, r.Body)
			require.Equal(t, map[string]string{"code": "unknown_currency"}, fieldCodes(t, r), bad)
		}
		r = e.do(fin, "POST", "/api/v1/currencies", map[string]any{"code": "EURO"})
		require.Equal(t, 422, r.Status)
		require.Contains(t, fieldCodes(t, r), "code")
		r = e.do(fin, "POST", "/api/v1/currencies", map[string]any{"code": "CHF"})
		require.Equal(t, 201, r.Status)
		require.Contains(t, string(r.Body), `"name":"CHF"`, "the name defaults to the code")

		// Changing one needs the version, and a stale one never overwrites.
		r = e.do(fin, "PATCH", "/api/v1/currencies/kwd", map[string]any{"active": false})
		require.Equal(t, 428, r.Status)
		r = e.do(fin, "PATCH", "/api/v1/currencies/kwd", map[string]any{"active": false}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, `"2"`, r.Header.Get("ETag"))
		r.JSON(t, &kwd)
		require.False(t, kwd.Active)
		require.Equal(t, "Kuwaiti dinar", kwd.Name, "fields left out stay")
		r = e.do(fin, "PATCH", "/api/v1/currencies/KWD", map[string]any{"name": "Dinar"}, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status)
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(fin, "PATCH", "/api/v1/currencies/KWD", map[string]any{"name": "Dinar", "version": 1})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(fin, "PATCH", "/api/v1/currencies/KWD", map[string]any{"name": " "}, "If-Match", `"2"`)
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"name": "required"}, fieldCodes(t, r))
		r = e.do(fin, "GET", "/api/v1/currencies/KWD", nil)
		require.Equal(t, 200, r.Status)
		require.Equal(t, `"2"`, r.Header.Get("ETag"), "a refused change changes nothing")
		require.Equal(t, 404, e.do(fin, "PATCH", "/api/v1/currencies/XYZ", map[string]any{"active": true}, "If-Match", `"1"`).Status)
		require.Equal(t, 404, e.do(fin, "PATCH", "/api/v1/currencies/AUD", map[string]any{"active": true}, "If-Match", `"1"`).Status,
			"a known code not in use")
		require.Equal(t, 404, e.do(fin, "GET", "/api/v1/currencies/ABC", nil).Status)

		e.do(viewer, "GET", "/api/v1/currencies?active=false", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		require.Equal(t, "KWD", list.Data[0].Code)

		// An inactive currency takes no new rates.
		r = e.do(fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": "KWD", "quote": "USD", "rate": "3.25", "valid_on": "2026-01-01"})
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"base": "currency_not_active"}, fieldCodes(t, r))

		// Sales reps cannot change currencies; viewers only read.
		for _, tok := range []string{rep, viewer} {
			require.Equal(t, 403, e.do(tok, "POST", "/api/v1/currencies", map[string]any{"code": "AUD"}).Status)
			require.Equal(t, 403, e.do(tok, "PATCH", "/api/v1/currencies/KWD", map[string]any{"active": true}, "If-Match", `"2"`).Status)
		}

		require.Equal(t, []string{"ledger.currency.created.v1", "ledger.currency.created.v1", "ledger.currency.updated.v1"},
			e.events("ledger."))
		admin := e.token(e.user("admin@example.com", "admin"))
		var trail struct {
			Data []struct{ Action, ActorID string }
		}
		e.do(admin, "GET", "/api/v1/audit?entity_type=ledger_currency&entity_id=KWD", nil).JSON(t, &trail)
		require.Len(t, trail.Data, 2)
		require.Equal(t, "update", trail.Data[0].Action)
	})
}

type rateJSON struct {
	ID       string `json:"id"`
	Base     string `json:"base"`
	Quote    string `json:"quote"`
	Rate     string `json:"rate"`
	ValidOn  string `json:"valid_on"`
	Source   string `json:"source"`
	Inverted bool   `json:"inverted"`
}

type rateList struct {
	Data       []rateJSON `json:"data"`
	NextCursor *string    `json:"next_cursor"`
}

func TestLedgerExchangeRates(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		fin := e.token(e.user("fin@example.com", "finance"))
		viewer := e.token(e.user("vic@example.com", "viewer"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		post := func(base, quote, rate, day string) rateJSON {
			t.Helper()
			r := e.do(fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": base, "quote": quote, "rate": rate, "valid_on": day, "source": "ECB"})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var out rateJSON
			r.JSON(t, &out)
			return out
		}
		jan := post("usd", "EUR", "0.9200", "2026-01-01")
		require.Equal(t, rateJSON{ID: jan.ID, Base: "USD", Quote: "EUR", Rate: "0.92", ValidOn: "2026-01-01", Source: "ECB"}, jan)
		feb := post("USD", "EUR", "0.9150", "2026-02-01")
		yen := post("USD", "JPY", "150.1234567891", "2026-01-15")
		require.Equal(t, "150.1234567891", yen.Rate, "ten decimals, exactly")

		// Validation names each field at fault, and a bad request changes nothing.
		bad := []struct {
			body map[string]any
			want map[string]string
		}{
			{map[string]any{"base": "XYZ", "quote": "EUR", "rate": "1", "valid_on": "2026-01-01"}, map[string]string{"base": "unknown_currency"}},
			{map[string]any{"base": "USD", "quote": "USD", "rate": "1", "valid_on": "2026-01-01"}, map[string]string{"quote": "same_currency"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "-0.92", "valid_on": "2026-01-01"}, map[string]string{"rate": "not_positive"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "0", "valid_on": "2026-01-01"}, map[string]string{"rate": "not_positive"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "0.00000000001", "valid_on": "2026-01-01"}, map[string]string{"rate": "precision"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "1,5", "valid_on": "2026-01-01"}, map[string]string{"rate": "invalid"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "0.92", "valid_on": "01/02/2026"}, map[string]string{"valid_on": "invalid_date"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "0.92", "valid_on": "2026-02-30"}, map[string]string{"valid_on": "invalid_date"}},
			{map[string]any{"base": "USD", "quote": "EUR", "rate": "0.92", "valid_on": "2026-2-3"}, map[string]string{"valid_on": "invalid_date"}},
			{map[string]any{"base": "AUD", "quote": "EUR", "rate": "0.6", "valid_on": "2026-01-01"}, map[string]string{"base": "currency_not_active"}},
		}
		for _, c := range bad {
			r := e.do(fin, "POST", "/api/v1/exchange-rates", c.body)
			require.Equal(t, 422, r.Status, "%v: %s", c.body, r.Body)
			require.Equal(t, "validation_failed", code(t, r))
			require.Equal(t, c.want, fieldCodes(t, r), "%v", c.body)
		}
		r := e.do(fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": "USD", "quote": "EUR", "rate": 0.92, "valid_on": "2026-03-01"})
		require.Equal(t, 422, r.Status, "a JSON number is refused: %s", r.Body)
		require.Contains(t, fieldCodes(t, r), "rate")
		r = e.do(fin, "POST", "/api/v1/exchange-rates", map[string]any{"base": "USD", "quote": "EUR", "rate": "0.93", "valid_on": "2026-02-01"})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "exchange_rate_exists", code(t, r))

		// Stored rates, newest first, paged.
		var page rateList
		r = e.do(viewer, "GET", "/api/v1/exchange-rates?limit=2", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &page)
		require.Equal(t, []string{feb.ID, yen.ID}, ids(page.Data))
		require.NotNil(t, page.NextCursor)
		e.do(viewer, "GET", "/api/v1/exchange-rates?limit=2&after="+url.QueryEscape(*page.NextCursor), nil).JSON(t, &page)
		require.Equal(t, []string{jan.ID}, ids(page.Data))
		require.Nil(t, page.NextCursor)
		e.do(viewer, "GET", "/api/v1/exchange-rates?base=usd&quote=EUR", nil).JSON(t, &page)
		require.Equal(t, []string{feb.ID, jan.ID}, ids(page.Data))

		// The rate in force on a day: the latest valid_on not after it.
		inForce := func(query string) rateList {
			t.Helper()
			r := e.do(viewer, "GET", "/api/v1/exchange-rates?"+query, nil)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			var l rateList
			r.JSON(t, &l)
			return l
		}
		require.Equal(t, []string{jan.ID}, ids(inForce("base=USD&quote=EUR&on=2026-01-31").Data))
		require.Equal(t, []string{feb.ID}, ids(inForce("base=USD&quote=EUR&on=2026-02-01").Data))
		require.Equal(t, []string{feb.ID}, ids(inForce("base=USD&quote=EUR&on=2030-01-01").Data))
		require.Empty(t, inForce("base=USD&quote=EUR&on=2025-12-31").Data)
		inv := inForce("base=EUR&quote=USD&on=2026-02-10").Data
		require.Len(t, inv, 1)
		require.Equal(t, rateJSON{ID: feb.ID, Base: "EUR", Quote: "USD", Rate: "1.0928961749", ValidOn: "2026-02-01", Source: "ECB", Inverted: true}, inv[0],
			"derived from USD→EUR 0.915: 1.09289617486… rounded half away from zero")
		all := inForce("on=2026-01-20").Data
		require.Len(t, all, 2, "one rate per pair")
		require.Equal(t, []string{jan.ID, yen.ID}, ids(all))
		require.Equal(t, []string{yen.ID}, ids(inForce("on=2026-02-20&quote=JPY").Data))
		paged := inForce("on=2026-02-20&limit=1")
		require.Equal(t, []string{feb.ID}, ids(paged.Data))
		require.NotNil(t, paged.NextCursor)
		require.Equal(t, []string{yen.ID}, ids(inForce("on=2026-02-20&limit=1&after="+url.QueryEscape(*paged.NextCursor)).Data))

		for query, field := range map[string]string{"on=2026-13-01": "on", "on=20260101": "on", "base=XYZ": "base", "quote=12": "quote"} {
			r := e.do(viewer, "GET", "/api/v1/exchange-rates?"+query, nil)
			require.Equal(t, 422, r.Status, query)
			require.Contains(t, fieldCodes(t, r), field, query)
		}

		// Deleting corrects a mistake; the previous rate is in force again.
		require.Equal(t, 403, e.do(rep, "DELETE", "/api/v1/exchange-rates/"+feb.ID, nil).Status)
		require.Equal(t, 403, e.do(viewer, "DELETE", "/api/v1/exchange-rates/"+feb.ID, nil).Status)
		require.Equal(t, 204, e.do(fin, "DELETE", "/api/v1/exchange-rates/"+feb.ID, nil).Status)
		require.Equal(t, 404, e.do(fin, "DELETE", "/api/v1/exchange-rates/"+feb.ID, nil).Status)
		require.Equal(t, 404, e.do(fin, "DELETE", "/api/v1/exchange-rates/nonsense", nil).Status)
		require.Equal(t, []string{jan.ID}, ids(inForce("base=USD&quote=EUR&on=2026-02-10").Data))

		for _, tok := range []string{rep, viewer} {
			r := e.do(tok, "POST", "/api/v1/exchange-rates", map[string]any{"base": "USD", "quote": "EUR", "rate": "0.9", "valid_on": "2026-04-01"})
			require.Equal(t, 403, r.Status)
		}
		admin := e.token(e.user("admin@example.com", "admin"))
		var trail struct{ Data []struct{ Action string } }
		e.do(admin, "GET", "/api/v1/audit?entity_type=ledger_exchange_rate&entity_id="+feb.ID, nil).JSON(t, &trail)
		require.Len(t, trail.Data, 2, "created and deleted")
		require.Equal(t, "delete", trail.Data[0].Action)
	})
}

func ids(rs []rateJSON) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

type taxJSON struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Rate        string `json:"rate"`
	Included    bool   `json:"included"`
	AccountCode string `json:"account_code"`
	Active      bool   `json:"active"`
	Version     int64  `json:"version"`
}

func TestLedgerTaxes(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		fin := e.token(e.user("fin@example.com", "finance"))
		viewer := e.token(e.user("vic@example.com", "viewer"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))

		vat := map[string]any{"code": "VAT19", "name": "VAT 19%", "rate": "19", "account_code": "2200"}
		r := e.do(fin, "POST", "/api/v1/taxes", vat)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		require.Equal(t, "/api/v1/taxes/VAT19", r.Header.Get("Location"))
		var tx taxJSON
		r.JSON(t, &tx)
		require.Equal(t, taxJSON{Code: "VAT19", Name: "VAT 19%", Rate: "19.00", AccountCode: "2200", Active: true, Version: 1}, tx)
		r = e.do(fin, "POST", "/api/v1/taxes", map[string]any{"code": "GST8.875", "name": "Sales tax NYC", "rate": "8.875", "included": true})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"rate":"8.875"`)
		require.Equal(t, 409, e.do(fin, "POST", "/api/v1/taxes", vat).Status)
		require.Equal(t, "tax_exists", code(t, e.do(fin, "POST", "/api/v1/taxes", vat)))

		bad := []struct {
			body map[string]any
			want map[string]string
		}{
			{map[string]any{"code": "VAT 7", "name": "", "rate": "-7"}, map[string]string{"code": "invalid", "name": "required", "rate": "negative"}},
			{map[string]any{"code": "X", "name": "X", "rate": "19%"}, map[string]string{"rate": "invalid"}},
			{map[string]any{"code": "X", "name": "X", "rate": "19.12345"}, map[string]string{"rate": "precision"}},
			{map[string]any{"code": "X", "name": "X", "rate": "1000.01"}, map[string]string{"rate": "too_large"}},
		}
		for _, c := range bad {
			r := e.do(fin, "POST", "/api/v1/taxes", c.body)
			require.Equal(t, 422, r.Status, "%v: %s", c.body, r.Body)
			require.Equal(t, c.want, fieldCodes(t, r), "%v", c.body)
		}
		r = e.do(fin, "POST", "/api/v1/taxes", map[string]any{"code": "X", "name": "X", "rate": 19})
		require.Equal(t, 422, r.Status, "a JSON number is refused")

		var list struct{ Data []taxJSON }
		e.do(viewer, "GET", "/api/v1/taxes", nil).JSON(t, &list)
		require.Len(t, list.Data, 2)
		require.Equal(t, "GST8.875", list.Data[0].Code)
		r = e.do(viewer, "GET", "/api/v1/taxes/VAT19", nil)
		require.Equal(t, 200, r.Status)
		require.Equal(t, `"1"`, r.Header.Get("ETag"))
		r = e.do(viewer, "GET", "/api/v1/taxes/VAT99", nil)
		require.Equal(t, 404, r.Status)
		require.Equal(t, "not_found", code(t, r))

		r = e.do(fin, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"rate": "20.00", "included": true}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &tx)
		require.Equal(t, taxJSON{Code: "VAT19", Name: "VAT 19%", Rate: "20.00", Included: true, AccountCode: "2200", Active: true, Version: 2}, tx)
		r = e.do(fin, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"active": false}, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status)
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(fin, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"active": false}, "If-Match", `W/"2"`)
		require.Equal(t, 400, r.Status)
		require.Equal(t, "invalid_if_match", code(t, r))
		r = e.do(fin, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"rate": "-1"}, "If-Match", `"2"`)
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"rate": "negative"}, fieldCodes(t, r))
		require.Equal(t, 404, e.do(fin, "PATCH", "/api/v1/taxes/VAT99", map[string]any{"active": false}, "If-Match", `"1"`).Status)
		r = e.do(fin, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"active": false, "version": 2})
		require.Equal(t, 200, r.Status)
		e.do(viewer, "GET", "/api/v1/taxes?active=true", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)

		for _, tok := range []string{rep, viewer} {
			require.Equal(t, 403, e.do(tok, "POST", "/api/v1/taxes", map[string]any{"code": "Y", "name": "Y", "rate": "5"}).Status)
			require.Equal(t, 403, e.do(tok, "PATCH", "/api/v1/taxes/VAT19", map[string]any{"active": true}, "If-Match", `"3"`).Status)
		}
		require.Equal(t, []string{"ledger.tax.created.v1", "ledger.tax.created.v1", "ledger.tax.updated.v1", "ledger.tax.updated.v1"},
			e.events("ledger."))
	})
}

type termJSON struct {
	Code            string `json:"code"`
	Name            string `json:"name"`
	NetDays         int    `json:"net_days"`
	DiscountDays    int    `json:"discount_days"`
	DiscountPercent string `json:"discount_percent"`
	EndOfMonth      bool   `json:"end_of_month"`
	Active          bool   `json:"active"`
	Version         int64  `json:"version"`
}

func TestLedgerPaymentTerms(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		fin := e.token(e.user("fin@example.com", "finance"))
		viewer := e.token(e.user("vic@example.com", "viewer"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))

		var list struct{ Data []termJSON }
		r := e.do(viewer, "GET", "/api/v1/payment-terms", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &list)
		require.Len(t, list.Data, 4)
		require.Equal(t, termJSON{Code: "due", Name: "Due on receipt", DiscountPercent: "0.00", Active: true, Version: 1}, list.Data[0])
		require.Equal(t, termJSON{Code: "2_10_net30", Name: "2/10 net 30", NetDays: 30, DiscountDays: 10, DiscountPercent: "2.00", Active: true, Version: 1}, list.Data[1])
		require.Equal(t, []string{"net30", "net60"}, []string{list.Data[2].Code, list.Data[3].Code})

		r = e.do(fin, "POST", "/api/v1/payment-terms", map[string]any{"code": "net45eom", "name": "Net 45 end of month", "net_days": 45, "end_of_month": true})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var term termJSON
		r.JSON(t, &term)
		require.Equal(t, termJSON{Code: "net45eom", Name: "Net 45 end of month", NetDays: 45, DiscountPercent: "0.00", EndOfMonth: true, Active: true, Version: 1}, term)
		r = e.do(fin, "POST", "/api/v1/payment-terms", map[string]any{"code": "net30", "name": "Again", "net_days": 30})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "payment_term_exists", code(t, r))

		bad := []struct {
			body map[string]any
			want map[string]string
		}{
			{map[string]any{"code": "x", "name": "X", "net_days": -1}, map[string]string{"net_days": "out_of_range"}},
			{map[string]any{"code": "x", "name": "X", "net_days": 10, "discount_days": 14, "discount_percent": "2"}, map[string]string{"discount_days": "after_due"}},
			{map[string]any{"code": "x", "name": "X", "net_days": 30, "discount_percent": "2"}, map[string]string{"discount_days": "required"}},
			{map[string]any{"code": "x", "name": "X", "net_days": 30, "discount_days": 10, "discount_percent": "abc"}, map[string]string{"discount_percent": "invalid"}},
			{map[string]any{"code": "x y", "name": "", "net_days": 30}, map[string]string{"code": "invalid", "name": "required"}},
		}
		for _, c := range bad {
			r := e.do(fin, "POST", "/api/v1/payment-terms", c.body)
			require.Equal(t, 422, r.Status, "%v: %s", c.body, r.Body)
			require.Equal(t, c.want, fieldCodes(t, r), "%v", c.body)
		}

		r = e.do(viewer, "GET", "/api/v1/payment-terms/2_10_net30", nil)
		require.Equal(t, 200, r.Status)
		require.Equal(t, `"1"`, r.Header.Get("ETag"))
		require.Equal(t, 404, e.do(viewer, "GET", "/api/v1/payment-terms/net90", nil).Status)

		r = e.do(fin, "PATCH", "/api/v1/payment-terms/net30", map[string]any{"discount_days": 10, "discount_percent": "1.5", "version": 1})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &term)
		require.Equal(t, termJSON{Code: "net30", Name: "Net 30", NetDays: 30, DiscountDays: 10, DiscountPercent: "1.50", Active: true, Version: 2}, term)
		r = e.do(fin, "PATCH", "/api/v1/payment-terms/net30", map[string]any{"name": "Stale", "version": 1})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(fin, "PATCH", "/api/v1/payment-terms/net30", map[string]any{"name": "Stale"}, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status)
		r = e.do(fin, "PATCH", "/api/v1/payment-terms/net30", map[string]any{"net_days": 5}, "If-Match", `"2"`)
		require.Equal(t, 422, r.Status)
		require.Equal(t, map[string]string{"discount_days": "after_due"}, fieldCodes(t, r))
		require.Equal(t, 404, e.do(fin, "PATCH", "/api/v1/payment-terms/net90", map[string]any{"name": "x"}, "If-Match", `"1"`).Status)

		for _, tok := range []string{rep, viewer} {
			require.Equal(t, 403, e.do(tok, "POST", "/api/v1/payment-terms", map[string]any{"code": "n7", "name": "Net 7", "net_days": 7}).Status)
			require.Equal(t, 403, e.do(tok, "PATCH", "/api/v1/payment-terms/net30", map[string]any{"name": "x"}, "If-Match", `"2"`).Status)
		}
		require.Equal(t, []string{"ledger.term.created.v1", "ledger.term.updated.v1"},
			e.events("ledger."))
	})
}
