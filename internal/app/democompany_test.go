package app_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
)

// credentials reads the demo users printed by the loader: e-mail → password.
func credentials(out string) map[string]string {
	users := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 3 && strings.HasSuffix(f[0], "@demo.concord.example") {
			users[f[1]] = f[0] + " " + f[2]
		}
	}
	return users
}

// TestDemoCompany is `serve --demo` on an empty database: the company
// loads through the services, every built-in role has a user who can sign
// in with the printed password, the sales users see their own books, and
// a second load adds nothing and prints the same credentials. The engines
// run side by side: each half takes seconds under -race.
func TestDemoCompany(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			testDemoCompany(t, newEnv(t, d))
		})
	}
}

func testDemoCompany(t *testing.T, e *env) {
	var out strings.Builder
	require.NoError(t, e.app.LoadDemoCompany(context.Background(), &out))
	require.Contains(t, out.String(), "50 customers, 15 suppliers")
	require.Contains(t, out.String(), "100 products, 2 warehouses")
	users := credentials(out.String())
	for _, r := range identity.BuiltinRoles() {
		require.Contains(t, users, r.Name, "a demo user for every built-in role")
	}
	signIn := func(role string) {
		email, password, _ := strings.Cut(users[role], " ")
		r := e.do("", "POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password})
		require.Equal(t, 200, r.Status, "%s: %s", role, r.Body)
	}
	for role := range users {
		signIn(role)
	}

	tokenOf := func(role string) string {
		email, _, _ := strings.Cut(users[role], " ")
		found, err := e.app.Identity.FindUsers(e.sys, identity.UserFilter{Q: email, Limit: 1})
		require.NoError(t, err)
		return e.token(found[0])
	}
	admin, rep := tokenOf("admin"), tokenOf("sales_rep")

	// Customer service is ready to use: agents, policies, articles and open
	// tickets assigned by the rules within the SLA.
	var tickets struct {
		Data []struct {
			AssigneeID     string `json:"assignee_id"`
			AssignmentRule string `json:"assignment_rule"`
			SLA            struct {
				PolicyID string `json:"policy_id"`
			} `json:"sla"`
		}
	}
	e.do(tokenOf("service_agent"), "GET", "/api/v1/tickets?status=new", nil).JSON(t, &tickets)
	require.NotEmpty(t, tickets.Data)
	for _, tk := range tickets.Data {
		require.NotEmpty(t, tk.AssigneeID)
		require.Contains(t, tk.AssignmentRule, "skill_")
		require.NotEmpty(t, tk.SLA.PolicyID)
	}
	var articles struct{ Data []struct{ Title string } }
	e.do(admin, "GET", "/api/v1/kb/articles?q=breakers", nil).JSON(t, &articles)
	require.Len(t, articles.Data, 1)
	var customers struct {
		Data []struct {
			LocalName string `json:"local_name"`
			Tags      []string
			Currency  string
		}
	}
	e.do(admin, "GET", "/api/v1/parties?role=customer&limit=200", nil).JSON(t, &customers)
	require.Len(t, customers.Data, 50)
	chinese, dealers := 0, 0
	for _, c := range customers.Data {
		if strings.IndexFunc(c.LocalName, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			chinese++
			require.Equal(t, "CNY", c.Currency)
		}
		if strings.Contains(strings.Join(c.Tags, ","), "dealer") {
			dealers++
		}
	}
	require.GreaterOrEqual(t, chinese, 15, "Chinese customers have their Chinese names")
	require.Positive(t, dealers)
	e.do(rep, "GET", "/api/v1/parties?role=customer&limit=200", nil).JSON(t, &customers)
	require.Len(t, customers.Data, 30, "the rep sees the customers outside China, which are theirs")

	var products struct {
		Data []struct {
			ID, Code, Barcode string
			Names             map[string]string
		}
	}
	e.do(admin, "GET", "/api/v1/products?limit=200", nil).JSON(t, &products)
	require.Len(t, products.Data, 100)
	require.NotEmpty(t, products.Data[0].Names["zh-CN"])
	var warehouses struct{ Data []struct{ ID, Code string } }
	e.do(admin, "GET", "/api/v1/warehouses", nil).JSON(t, &warehouses)
	require.Len(t, warehouses.Data, 2)
	breaker := ""
	for _, p := range products.Data {
		if p.Code == "CP-MCB-03" {
			breaker = p.ID
		}
	}
	for _, w := range warehouses.Data {
		var stock struct {
			OnHand   string `json:"on_hand"`
			Reserved string
		}
		r := e.do(admin, "GET", "/api/v1/stock/availability?product_id="+breaker+"&warehouse_id="+w.ID, nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &stock)
		require.NotEqual(t, "0", stock.OnHand, "%s has opening stock", w.Code)
	}

	// statusesOf counts the orders a user sees, page by page.
	statusesOf := func(token string) map[string]int {
		statuses := map[string]int{}
		for after := ""; ; {
			var orders struct {
				Data       []struct{ Status string }
				NextCursor *string `json:"next_cursor"`
			}
			e.do(token, "GET", "/api/v1/sales-orders?limit=200"+after, nil).JSON(t, &orders)
			for _, o := range orders.Data {
				statuses[o.Status]++
			}
			if orders.NextCursor == nil {
				return statuses
			}
			after = "&after=" + *orders.NextCursor
		}
	}
	total := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	statuses := statusesOf(admin)
	require.Equal(t, 240, statuses["paid"]+statuses["invoiced"], "two years of history, shipped and invoiced")
	require.Greater(t, statuses["paid"], 200, "most of the history is paid")
	require.Positive(t, statuses["invoiced"], "recent invoices and a few late payers are open")
	var ageing struct {
		Totals []struct {
			Current, Total money.Amount
			Overdue        money.Amount `json:"days_1_30"`
		}
	}
	e.do(admin, "GET", "/api/v1/receivables/ageing", nil).JSON(t, &ageing)
	require.NotEmpty(t, ageing.Totals)
	var open, overdue bool
	for _, row := range ageing.Totals {
		open = open || row.Total.Sign() > 0
		overdue = overdue || row.Overdue.Sign() > 0
	}
	require.True(t, open && overdue, "the ageing shows open and overdue receivables: %+v", ageing.Totals)

	// The CRM: leads at each step, opportunities in every stage, the
	// pipeline forecast weighted.
	var leads struct{ Data []struct{ Status string } }
	e.do(rep, "GET", "/api/v1/leads?limit=100", nil).JSON(t, &leads)
	leadStatuses := map[string]int{}
	for _, l := range leads.Data {
		leadStatuses[l.Status]++
	}
	require.Len(t, leads.Data, 6)
	require.Len(t, leadStatuses, 4, "new, contacted, qualified and disqualified leads: %v", leadStatuses)
	var opps struct {
		Data []struct {
			StageName string `json:"stage_name"`
		}
	}
	e.do(rep, "GET", "/api/v1/opportunities?limit=100", nil).JSON(t, &opps)
	stages := map[string]int{}
	for _, o := range opps.Data {
		stages[o.StageName]++
	}
	require.Len(t, opps.Data, 8)
	require.Len(t, stages, 6, "every stage of the pipeline holds an opportunity: %v", stages)
	require.Positive(t, statuses["draft"])
	require.Positive(t, statuses["confirmed"])
	require.Equal(t, 2, statuses["cancelled"])
	all := total(statuses)
	mine := total(statusesOf(rep))
	require.Positive(t, mine)
	require.Less(t, mine, all, "the rep sees only their own orders")

	out.Reset()
	require.NoError(t, e.app.LoadDemoCompany(context.Background(), &out))
	require.Contains(t, out.String(), "nothing was added")
	if strings.Contains(out.String(), "demo-credentials.txt") { // SQLite keeps them
		require.Equal(t, users, credentials(out.String()))
	}
	e.do(admin, "GET", "/api/v1/products?limit=200", nil).JSON(t, &products)
	require.Len(t, products.Data, 100)
	require.Equal(t, all, total(statusesOf(admin)))
}

// TestDemoCompanyLeavesOtherDataAlone checks the gate: a database holding
// another company's parties gets nothing. (One holding the demo company is
// completed, which TestDemoCompany's second load goes through.)
func TestDemoCompanyLeavesOtherDataAlone(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		admin := e.token(e.user("root@example.com", "admin"))
		r := e.do(admin, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Someone Else Ltd"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var out strings.Builder
		require.NoError(t, e.app.LoadDemoCompany(context.Background(), &out))
		require.Contains(t, out.String(), "not loaded")
		var products struct{ Data []struct{ ID string } }
		e.do(admin, "GET", "/api/v1/products", nil).JSON(t, &products)
		require.Empty(t, products.Data)
	})
}
