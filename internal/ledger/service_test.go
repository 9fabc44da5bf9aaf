package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

func TestRateOn(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		s := NewService(d)
		add := func(base, quote, r, day string) {
			_, err := s.CreateRate(ctx, RateInput{Base: base, Quote: quote, Rate: r, ValidOn: day, Source: "test"})
			require.NoError(t, err)
		}
		on := func(base, quote money.Currency, day string) (Rate, error) {
			dd, err := calendar.ParseDate(day)
			require.NoError(t, err)
			return s.RateOn(ctx, base, quote, dd)
		}
		want := func(base, quote money.Currency, day, rate string, inverted bool) {
			t.Helper()
			r, err := on(base, quote, day)
			require.NoError(t, err)
			require.Equal(t, base, r.Base)
			require.Equal(t, quote, r.Quote)
			require.Equal(t, rate, r.Rate.String(), "%s→%s on %s", base, quote, day)
			require.Equal(t, inverted, r.Inverted)
		}
		add("USD", "EUR", "0.90", "2026-01-01")
		add("USD", "EUR", "0.92", "2026-02-01")

		_, err := on("USD", "EUR", "2025-12-31")
		require.True(t, errors.Is(err, ErrNoRate), "%v", err)
		require.Equal(t, apperr.KindNotFound, apperr.KindOf(err))
		require.Contains(t, err.Error(), "USD to EUR")
		_, err = on("USD", "GBP", "2026-06-01")
		require.ErrorIs(t, err, ErrNoRate)

		want("USD", "EUR", "2026-01-01", "0.9", false)
		want("USD", "EUR", "2026-01-31", "0.9", false)
		want("USD", "EUR", "2026-02-01", "0.92", false)
		want("USD", "EUR", "2027-01-01", "0.92", false)
		want("EUR", "USD", "2026-01-15", "1.1111111111", true)
		want("EUR", "USD", "2026-02-15", "1.0869565217", true) // 1.08695652173…
		want("USD", "USD", "2026-02-15", "1", false)

		// The latest rate wins whichever way round it was recorded; on the
		// same day the asked direction wins.
		add("EUR", "USD", "1.10", "2026-03-01")
		want("USD", "EUR", "2026-02-28", "0.92", false)
		want("USD", "EUR", "2026-03-01", "0.9090909091", true)
		want("EUR", "USD", "2026-03-01", "1.1", false)
		add("USD", "EUR", "0.91", "2026-03-01")
		want("USD", "EUR", "2026-03-01", "0.91", false)
		want("EUR", "USD", "2026-03-01", "1.1", false)

		// In-force listing: one rate per stored pair.
		rs, err := s.FindRates(ctx, RateFilter{On: "2026-02-15", Limit: 10})
		require.NoError(t, err)
		require.Len(t, rs, 1)
		require.Equal(t, "0.92", rs[0].Rate.String())
		rs, err = s.FindRates(ctx, RateFilter{On: "2026-03-15", Limit: 10})
		require.NoError(t, err)
		require.Len(t, rs, 2)
		require.Equal(t, money.Currency("EUR"), rs[0].Base, "pairs in base, quote order")

		// Rates take no outbox event but are audited; reference data changes
		// publish one.
		_, err = s.CreateTax(ctx, TaxInput{Code: "VAT19", Name: "VAT", Rate: "19"})
		require.NoError(t, err)
		evs, err := outbox.After(ctx, d, 0, 100)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		require.Equal(t, EventTaxCreated, evs[0].Type)
		require.JSONEq(t, `"19.00"`, string(jsonField(t, evs[0].Payload, "rate")))
	})
}

func jsonField(t *testing.T, raw []byte, name string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	return m[name]
}
