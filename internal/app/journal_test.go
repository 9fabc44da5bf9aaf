package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func eur(a string) map[string]any { return map[string]any{"amount": a, "currency": "EUR"} }

type trialBalanceJSON struct {
	Rows []struct {
		Account string
		Debit   struct{ Amount string }
		Credit  struct{ Amount string }
		Balance struct{ Amount, Currency string }
	}
	Totals []struct {
		Debit   struct{ Amount, Currency string }
		Credit  struct{ Amount string }
		Balance struct{ Amount string }
	}
}

// balanceOf returns an account's balance in the trial balance ("" if none).
func (tb trialBalanceJSON) balanceOf(account string) string {
	for _, r := range tb.Rows {
		if r.Account == account {
			return r.Balance.Amount
		}
	}
	return ""
}

// TestJournalEntriesBalance: the journal refuses entries that do not
// balance per currency, reverses instead of changing, and the trial
// balance adds up.
func TestJournalEntriesBalance(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		fin := e.token(e.user("fay@example.com", "finance"))
		today := time.Now().UTC().Format(time.DateOnly)
		post := func(lines ...map[string]any) (int, map[string]any) {
			r := e.do(fin, "POST", "/api/v1/ledger/entries", map[string]any{"journal": "GEN", "date": today, "memo": "owner's capital", "lines": lines})
			var out map[string]any
			r.JSON(t, &out)
			return r.Status, out
		}
		status, body := post(map[string]any{"account": "1000", "debit": eur("1000.00")}, map[string]any{"account": "3000", "credit": eur("999.99")})
		require.Equal(t, 422, status)
		require.Equal(t, map[string]any{"debits_minus_credits": []any{"EUR 0.01"}}, body["details"])
		status, _ = post(map[string]any{"account": "1000", "debit": eur("10.00")},
			map[string]any{"account": "3000", "credit": map[string]any{"amount": "10.00", "currency": "USD"}})
		require.Equal(t, 422, status, "balanced per currency, not in sum")
		status, _ = post(map[string]any{"account": "1100", "debit": eur("10.00")}, map[string]any{"account": "4000", "credit": eur("10.00")})
		require.Equal(t, 422, status, "a receivable needs its customer")
		status, _ = post(map[string]any{"account": "1000", "debit": eur("10.00"), "credit": eur("10.00")},
			map[string]any{"account": "3000", "credit": eur("0.00")})
		require.Equal(t, 422, status)

		status, entry := post(map[string]any{"account": "1000", "debit": eur("1000.00")}, map[string]any{"account": "3000", "credit": eur("1000.00")})
		require.Equal(t, 201, status, "%v", entry)
		require.Regexp(t, `^GEN-\d{4}-00001$`, entry["number"])
		status, _ = post(map[string]any{"role": "cash", "debit": eur("250.50")}, map[string]any{"account": "1000", "credit": eur("250.50")})
		require.Equal(t, 201, status)

		var tb trialBalanceJSON
		e.do(fin, "GET", "/api/v1/ledger/trial-balance?as_of="+today, nil).JSON(t, &tb)
		require.Equal(t, "749.50", tb.balanceOf("1000"))
		require.Equal(t, "250.50", tb.balanceOf("1010"))
		require.Equal(t, "-1000.00", tb.balanceOf("3000"))
		require.Len(t, tb.Totals, 1)
		require.Equal(t, "1250.50", tb.Totals[0].Debit.Amount)
		require.Equal(t, "1250.50", tb.Totals[0].Credit.Amount)
		require.Equal(t, "0.00", tb.Totals[0].Balance.Amount)
		require.Equal(t, 422, e.do(fin, "GET", "/api/v1/ledger/trial-balance?as_of=2026-13-45", nil).Status)
		e.do(fin, "GET", "/api/v1/ledger/trial-balance?as_of=2000-01-01", nil).JSON(t, &tb)
		require.Empty(t, tb.Rows, "nothing was posted before")

		r := e.do(fin, "POST", "/api/v1/ledger/entries/"+entry["number"].(string)+"/reverse", map[string]any{"date": today})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var rev struct {
			Reverses string
			Lines    []struct {
				Account string
				Debit   struct{ Amount string }
			}
		}
		r.JSON(t, &rev)
		require.Equal(t, entry["id"], rev.Reverses)
		require.Equal(t, "1000.00", rev.Lines[1].Debit.Amount, "the capital is debited back")
		r = e.do(fin, "POST", "/api/v1/ledger/entries/"+entry["id"].(string)+"/reverse", map[string]any{"date": today})
		require.Equal(t, "already_reversed", code(t, r))
		e.do(fin, "GET", "/api/v1/ledger/trial-balance", nil).JSON(t, &tb)
		require.Equal(t, "0.00", tb.balanceOf("3000"))

		var lines struct {
			Data []struct {
				EntryNumber string `json:"entry_number"`
			}
			Next string `json:"next_cursor"`
		}
		e.do(fin, "GET", "/api/v1/ledger/accounts/1000/entries?limit=2", nil).JSON(t, &lines)
		require.Len(t, lines.Data, 2)
		require.NotEmpty(t, lines.Next)
		first := lines.Data
		e.do(fin, "GET", "/api/v1/ledger/accounts/1000/entries?limit=2&after="+lines.Next, nil).JSON(t, &lines)
		require.Len(t, lines.Data, 1, "three lines on the bank account in all")
		require.NotEqual(t, first[1].EntryNumber, lines.Data[0].EntryNumber)
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		require.Equal(t, 403, e.do(rep, "GET", "/api/v1/ledger/trial-balance", nil).Status)
	})
}

// TestShippingPostsTheCostOfGoods: setting a standard cost revalues the
// stock on hand; shipping moves the cost from inventory to cost of goods
// sold.
func TestShippingPostsTheCostOfGoods(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "10")
		var p map[string]any
		e.do(f.steward, "GET", "/api/v1/products/"+f.product, nil).JSON(t, &p)
		p["standard_cost"] = eur("7.25")
		for _, k := range []string{"id", "created_at", "updated_at"} {
			delete(p, k)
		}
		r := e.do(f.steward, "PUT", "/api/v1/products/"+f.product, p)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		_, o := f.confirm(t, f.orderWith(t, "3", "10.00", "0"))
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		var tb trialBalanceJSON
		e.do(f.fin, "GET", "/api/v1/ledger/trial-balance", nil).JSON(t, &tb)
		require.Equal(t, "21.75", tb.balanceOf("5000"))
		require.Equal(t, "50.75", tb.balanceOf("1200"), "ten units revalued at 7.25 when the cost was set, less three shipped")
		require.Equal(t, "-72.50", tb.balanceOf("5100"))
	})
}
