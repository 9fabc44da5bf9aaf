package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx/httpxtest"
)

type leadJSON struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	Version      int64  `json:"version"`
	Score        int    `json:"score"`
	CampaignID   string `json:"campaign_id"`
	ScoreFactors []struct {
		Code   string `json:"code"`
		Group  string `json:"group"`
		Points int    `json:"points"`
	} `json:"score_factors"`
	Duplicates struct {
		Parties []struct {
			ID     string `json:"id"`
			Likely bool   `json:"likely"`
		} `json:"parties"`
		Leads []struct {
			ID string `json:"id"`
		} `json:"leads"`
	} `json:"duplicates"`
}

type opportunityJSON struct {
	ID             string `json:"id"`
	PartyID        string `json:"party_id"`
	CampaignID     string `json:"campaign_id"`
	StageID        string `json:"stage_id"`
	Status         string `json:"status"`
	Probability    int    `json:"probability"`
	Version        int64  `json:"version"`
	Amount         struct{ Amount, Currency string }
	WeightedAmount struct{ Amount string } `json:"weighted_amount"`
}

type convertJSON struct {
	Lead        leadJSON         `json:"lead"`
	PartyID     string           `json:"party_id"`
	NewParty    bool             `json:"new_party"`
	Opportunity *opportunityJSON `json:"opportunity"`
}

type campaignResultJSON struct {
	CampaignID       string `json:"campaign_id"`
	Leads            int    `json:"leads"`
	ConvertedLeads   int    `json:"converted_leads"`
	Opportunities    int    `json:"opportunities"`
	WonOpportunities int    `json:"won_opportunities"`
	Cost             struct{ Amount string }
	WonRevenue       []struct{ Amount, Currency string } `json:"won_revenue"`
	ROI              string                              `json:"roi"`
}

func created[T any](t *testing.T, r httpxtest.Response) T {
	t.Helper()
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var v T
	r.JSON(t, &v)
	return v
}

func ok[T any](t *testing.T, r httpxtest.Response) T {
	t.Helper()
	require.Equal(t, 200, r.Status, "%s", r.Body)
	var v T
	r.JSON(t, &v)
	return v
}

// step posts a version-only state change and returns the result.
func step[T any](t *testing.T, e *env, token, path string, version int64) T {
	t.Helper()
	return ok[T](t, e.do(token, "POST", path, map[string]any{"version": version}))
}

func (f approvalFixture) campaign(t *testing.T, token, name, budget string) string {
	c := created[struct{ ID string }](t, f.e.do(token, "POST", "/api/v1/campaigns", map[string]any{"name": name, "channel": "web",
		"budget": eur(budget), "start_date": "2026-01-01", "end_date": "2026-12-31"}))
	return c.ID
}

// TestLeadToCash follows a lead from a campaign to cash: qualify, convert
// (a new party and an opportunity in one step), win, quote from the
// opportunity, order, confirm, ship, invoice, pay; the campaign report
// attributes the revenue to the lead's campaign.
func TestLeadToCash(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		mkt := e.token(e.user("max@example.com", "marketing"))
		campaign := f.campaign(t, mkt, "Spring webinar", "200.00")

		lead := created[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"source": "campaign", "first_name": "Hanna",
			"last_name": "Moos", "email": "hanna@blauer-see.de", "job_title": "Head of Purchasing", "company_name": "Blauer See Delikatessen",
			"employees": 120, "campaign_id": campaign}))
		require.Equal(t, "new", lead.Status)
		require.Equal(t, campaign, lead.CampaignID)
		// Fit: senior title 20, 50+ employees 15, business e-mail 10, company 5; engagement: campaign source 10.
		require.Equal(t, 60, lead.Score)
		points := map[string]int{}
		for _, fc := range lead.ScoreFactors {
			points[fc.Code] = fc.Points
		}
		require.Equal(t, map[string]int{"fit.senior_title": 20, "fit.company_size": 15, "fit.business_email": 10, "fit.company_named": 5,
			"engagement.source": 10}, points)

		r := e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/convert", map[string]any{"version": lead.Version})
		require.Equal(t, "lead_not_qualified", code(t, r))
		lead = step[leadJSON](t, e, f.rep, "/api/v1/leads/"+lead.ID+"/qualify", lead.Version)
		require.Equal(t, "qualified", lead.Status)
		require.Equal(t, 70, lead.Score, "being qualified counts as engagement")

		conv := ok[convertJSON](t, e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/convert", map[string]any{"version": lead.Version,
			"currency": "EUR", "amount": eur("1800.00"), "opportunity_name": "Chai for the shops"}))
		require.True(t, conv.NewParty)
		require.Equal(t, "converted", conv.Lead.Status)
		opp := *conv.Opportunity
		require.Equal(t, conv.PartyID, opp.PartyID)
		require.Equal(t, campaign, opp.CampaignID, "the opportunity carries the lead's campaign")
		require.Equal(t, "open", opp.Status)
		require.Equal(t, "180.00", opp.WeightedAmount.Amount, "10% in the first stage")
		var pty struct {
			LegalName string `json:"legal_name"`
			Currency  string `json:"currency"`
			Contacts  []struct{ Name string }
		}
		e.do(f.rep, "GET", "/api/v1/parties/"+conv.PartyID, nil).JSON(t, &pty)
		require.Equal(t, "Blauer See Delikatessen", pty.LegalName)
		require.Equal(t, "Hanna Moos", pty.Contacts[0].Name)

		opp = ok[opportunityJSON](t, e.do(f.rep, "POST", "/api/v1/opportunities/"+opp.ID+"/stage", map[string]any{"stage_id": "stg_won",
			"version": opp.Version}))
		require.Equal(t, "won", opp.Status)

		q := created[struct {
			ID            string `json:"id"`
			Version       int64  `json:"version"`
			CustomerID    string `json:"customer_id"`
			OpportunityID string `json:"opportunity_id"`
			CampaignID    string `json:"campaign_id"`
		}](t, e.do(f.rep, "POST", "/api/v1/opportunities/"+opp.ID+"/quotation", map[string]any{"lines": []map[string]any{{
			"product_id": f.product, "quantity": "10", "unit_price": eur("18.00")}}}))
		require.Equal(t, conv.PartyID, q.CustomerID, "pre-filled from the opportunity")
		require.Equal(t, opp.ID, q.OpportunityID)
		require.Equal(t, campaign, q.CampaignID)
		var qo struct {
			Order struct {
				ID            string `json:"id"`
				Version       int64  `json:"version"`
				OpportunityID string `json:"opportunity_id"`
				CampaignID    string `json:"campaign_id"`
			} `json:"order"`
		}
		r = e.do(f.rep, "POST", "/api/v1/quotations/"+q.ID+"/convert", map[string]any{"version": q.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &qo)
		require.Equal(t, opp.ID, qo.Order.OpportunityID)
		require.Equal(t, campaign, qo.Order.CampaignID, "the order traces back to the campaign")

		o := orderApprovalJSON{ID: qo.Order.ID, Version: qo.Order.Version}
		r, o = f.confirm(t, o)
		require.Equal(t, "confirmed", o.Status, "%s", r.Body)
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		inv := f.invoice(t, o.ID)
		require.Equal(t, "180.00", inv.Total.Amount)
		created[paymentJSON](t, e.do(f.fin, "POST", "/api/v1/payments", map[string]any{"customer_id": conv.PartyID, "method": "bank",
			"amount": eur("180.00"), "reference": "transfer", "allocations": []map[string]any{{"invoice_id": inv.ID, "amount": eur("180.00")}}}))
		require.Equal(t, "paid", f.orderStock(t, o.ID).Status)

		var rep struct{ Data []campaignResultJSON }
		e.do(mkt, "GET", "/api/v1/reports/campaigns", nil).JSON(t, &rep)
		require.Len(t, rep.Data, 1)
		c := rep.Data[0]
		require.Equal(t, campaign, c.CampaignID)
		require.Equal(t, 1, c.Leads)
		require.Equal(t, 1, c.ConvertedLeads)
		require.Equal(t, 1, c.WonOpportunities)
		require.Equal(t, "200.00", c.Cost.Amount)
		require.Len(t, c.WonRevenue, 1)
		require.Equal(t, "180.00", c.WonRevenue[0].Amount, "the paid order's net revenue")
		require.Equal(t, "-10.00", c.ROI, "(180 − 200) / 200")
		require.Contains(t, e.events("crm."), "crm.lead.converted.v1")
		require.Contains(t, e.events("crm."), "crm.opportunity.won.v1")
	})
}

// TestLeadDuplicateConvertsIntoTheExistingCustomer: a lead whose company is
// already a customer is flagged with the master-data matcher and converts
// into that customer, not a new party; a second lead from the same person
// is flagged as a duplicate lead.
func TestLeadDuplicateConvertsIntoTheExistingCustomer(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "10")
		var before []any
		var list struct{ Data []any }
		e.do(f.mgr, "GET", "/api/v1/parties", nil).JSON(t, &list)
		before = list.Data

		lead := created[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"first_name": "Maria", "last_name": "Anders",
			"email": "maria@alfreds.de", "company_name": "Alfreds Futterkiste GmbH"}))
		got := ok[leadJSON](t, e.do(f.rep, "GET", "/api/v1/leads/"+lead.ID, nil))
		require.NotEmpty(t, got.Duplicates.Parties, "the customer is found")
		require.Equal(t, f.customer, got.Duplicates.Parties[0].ID)
		require.True(t, got.Duplicates.Parties[0].Likely)

		again := created[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"last_name": "Anders",
			"email": "maria@alfreds.de", "company_name": "Alfreds Futterkiste"}))
		got2 := ok[leadJSON](t, e.do(f.rep, "GET", "/api/v1/leads/"+again.ID, nil))
		require.Len(t, got2.Duplicates.Leads, 1)
		require.Equal(t, lead.ID, got2.Duplicates.Leads[0].ID)

		lead = step[leadJSON](t, e, f.rep, "/api/v1/leads/"+lead.ID+"/qualify", lead.Version)
		conv := ok[convertJSON](t, e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/convert", map[string]any{"version": lead.Version}))
		require.False(t, conv.NewParty)
		require.Equal(t, f.customer, conv.PartyID, "converted into the existing customer")
		require.Equal(t, f.customer, conv.Opportunity.PartyID)
		require.Equal(t, "EUR", conv.Opportunity.Amount.Currency, "the customer's currency")
		e.do(f.mgr, "GET", "/api/v1/parties", nil).JSON(t, &list)
		require.Len(t, list.Data, len(before), "no new party")

		r := e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/convert", map[string]any{"version": conv.Lead.Version})
		require.Equal(t, "lead_converted", code(t, r), "a lead converts once")
	})
}

// TestLeadValidationAndRecordRules: bad input is a 422 with the field; a
// rep sees only their own leads; versions protect updates.
func TestLeadValidationAndRecordRules(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1")
		r := e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"email": "not-an-address", "country": "D1"})
		require.Equal(t, 422, r.Status)
		fields := fieldCodes(t, r)
		require.Equal(t, "invalid", fields["email"])
		require.Equal(t, "invalid", fields["country"])
		require.Equal(t, "required", fields["last_name"])

		r = e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"last_name": "X", "email": "x@example.com", "campaign_id": "cmp_nope"})
		require.Equal(t, "not_found", fieldCodes(t, r)["campaign_id"])

		other := e.token(e.user("ola@example.com", "sales_rep"))
		lead := created[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"last_name": "Own", "email": "own@example.com"}))
		require.Equal(t, 404, e.do(other, "GET", "/api/v1/leads/"+lead.ID, nil).Status, "another rep's lead is not found")
		require.Equal(t, 200, e.do(f.mgr, "GET", "/api/v1/leads/"+lead.ID, nil).Status, "the manager sees every lead")

		r = e.do(f.rep, "PUT", "/api/v1/leads/"+lead.ID, map[string]any{"last_name": "Own", "email": "own@example.com", "version": 7})
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/disqualify", map[string]any{"reason": " ", "version": lead.Version})
		require.Equal(t, "required", fieldCodes(t, r)["reason"])
		d := ok[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads/"+lead.ID+"/disqualify", map[string]any{"reason": "no budget",
			"version": lead.Version}))
		require.Equal(t, "disqualified", d.Status)

		var page struct {
			Data       []leadJSON `json:"data"`
			NextCursor *string    `json:"next_cursor"`
		}
		e.do(f.mgr, "GET", "/api/v1/leads?status=disqualified&limit=1", nil).JSON(t, &page)
		require.Len(t, page.Data, 1)
		require.Nil(t, page.NextCursor)
	})
}

// TestPublicLeadCapture: a website form posts without signing in; spam is
// refused with its own code and an address may post only so often.
func TestPublicLeadCapture(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1")
		shown := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
		form := func(extra map[string]any) map[string]any {
			m := map[string]any{"first_name": "Web", "last_name": "Visitor", "email": "visitor@example.org", "company_name": "Visitor AG",
				"message": "Please send me a quote for 50 units.", "rendered_at": shown}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		r := e.do("", "POST", "/api/v1/leads/capture", form(nil))
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var receipt struct{ ID string }
		r.JSON(t, &receipt)
		lead := ok[leadJSON](t, e.do(f.mgr, "GET", "/api/v1/leads/"+receipt.ID, nil))
		require.Equal(t, "new", lead.Status)

		require.Equal(t, "spam_suspected", code(t, e.do("", "POST", "/api/v1/leads/capture", form(map[string]any{"homepage": "http://spam"}))))
		require.Equal(t, "submitted_too_fast", code(t, e.do("", "POST", "/api/v1/leads/capture",
			form(map[string]any{"rendered_at": time.Now().UTC().Format(time.RFC3339)}))))
		require.Equal(t, "too_many_links", code(t, e.do("", "POST", "/api/v1/leads/capture",
			form(map[string]any{"message": "cheap http://a.example http://b.example www.c.example"}))))
		r = e.do("", "POST", "/api/v1/leads/capture", form(map[string]any{"email": ""}))
		require.Equal(t, 422, r.Status)
		require.Equal(t, "required", fieldCodes(t, r)["email"])
		r = e.do("", "POST", "/api/v1/leads/capture", form(nil))
		require.Equal(t, 429, r.Status, "the sixth submission in ten minutes")
		require.Equal(t, "too_many_submissions", code(t, r))

		var all struct{ Data []leadJSON }
		e.do(f.mgr, "GET", "/api/v1/leads?source=web_form", nil).JSON(t, &all)
		require.Len(t, all.Data, 1, "refused submissions leave nothing behind")

		admin := e.token(e.user("ada@example.com", "admin"))
		r = e.do(admin, "PATCH", "/api/v1/modules/crm", map[string]any{"enabled": false})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, "module_disabled", code(t, e.do("", "POST", "/api/v1/leads/capture", form(nil))), "the CRM is off")
	})
}

// TestPipelineStagesHistoryAndForecast: stages are configurable, moving
// records time in stage, a lost stage needs a reason, and the forecast
// weighs each opportunity by its probability.
func TestPipelineStagesHistoryAndForecast(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1")
		var stages struct {
			Data []struct {
				ID          string `json:"id"`
				Probability int    `json:"probability"`
				Won         bool   `json:"won"`
			} `json:"data"`
		}
		e.do(f.rep, "GET", "/api/v1/pipeline-stages", nil).JSON(t, &stages)
		require.Len(t, stages.Data, 6, "seeded by the migration")
		require.Equal(t, 403, e.do(f.rep, "POST", "/api/v1/pipeline-stages", map[string]any{"name": "Demo", "position": 25, "probability": 40}).Status)
		r := e.do(f.mgr, "POST", "/api/v1/pipeline-stages", map[string]any{"name": "Demo", "position": 25, "probability": 40, "won": true})
		require.Equal(t, "won_not_100", fieldCodes(t, r)["probability"])
		demo := created[struct{ ID string }](t, e.do(f.mgr, "POST", "/api/v1/pipeline-stages", map[string]any{"name": "Demo", "position": 25,
			"probability": 40}))

		mk := func(amount, close string) opportunityJSON {
			return created[opportunityJSON](t, e.do(f.rep, "POST", "/api/v1/opportunities", map[string]any{"name": "Deal " + amount,
				"party_id": f.customer, "amount": eur(amount), "expected_close": close, "competitors": []string{"Acme", "Acme", " "}}))
		}
		a := mk("1000.00", "2027-03-15")
		b := mk("333.33", "2027-03-20")
		require.Equal(t, "stg_prospecting", a.StageID)
		a = ok[opportunityJSON](t, e.do(f.rep, "POST", "/api/v1/opportunities/"+a.ID+"/stage", map[string]any{"stage_id": demo.ID,
			"version": a.Version}))
		require.Equal(t, 40, a.Probability)
		require.Equal(t, "400.00", a.WeightedAmount.Amount)
		r = e.do(f.rep, "POST", "/api/v1/opportunities/"+b.ID+"/stage", map[string]any{"stage_id": "stg_lost", "version": b.Version})
		require.Equal(t, "required", fieldCodes(t, r)["lost_reason"])
		r = e.do(f.rep, "POST", "/api/v1/opportunities/"+a.ID+"/stage", map[string]any{"stage_id": "stg_proposal", "version": 1})
		require.Equal(t, "version_conflict", code(t, r))
		r = e.do(f.rep, "POST", "/api/v1/opportunities/"+a.ID+"/stage", map[string]any{"stage_id": "stg_proposal"},
			"If-Match", `"1"`)
		require.Equal(t, 412, r.Status)

		var hist struct {
			Data []struct {
				StageID string  `json:"stage_id"`
				LeftAt  *string `json:"left_at"`
				Seconds int64   `json:"seconds"`
			} `json:"data"`
		}
		e.do(f.rep, "GET", "/api/v1/opportunities/"+a.ID+"/history", nil).JSON(t, &hist)
		require.Len(t, hist.Data, 2)
		require.Equal(t, "stg_prospecting", hist.Data[0].StageID)
		require.NotNil(t, hist.Data[0].LeftAt)
		require.Equal(t, demo.ID, hist.Data[1].StageID)
		require.Nil(t, hist.Data[1].LeftAt, "still in the stage")
		require.Equal(t, "stage_in_use", code(t, e.do(f.mgr, "DELETE", "/api/v1/pipeline-stages/"+demo.ID, nil)))

		var fc struct {
			Rows []struct {
				Month    string `json:"month"`
				Count    int    `json:"count"`
				Amount   struct{ Amount string }
				Weighted struct{ Amount string }
			} `json:"rows"`
			ByStage []struct {
				StageID string `json:"stage_id"`
				Count   int    `json:"count"`
			} `json:"by_stage"`
		}
		e.do(f.mgr, "GET", "/api/v1/reports/pipeline?from=2027-01&to=2027-12", nil).JSON(t, &fc)
		require.Len(t, fc.Rows, 1)
		require.Equal(t, "2027-03", fc.Rows[0].Month)
		require.Equal(t, 2, fc.Rows[0].Count)
		require.Equal(t, "1333.33", fc.Rows[0].Amount.Amount)
		require.Equal(t, "433.33", fc.Rows[0].Weighted.Amount, "400.00 + 33.33 (10% of 333.33, rounded)")
		require.Len(t, fc.ByStage, 2)
		require.Equal(t, 422, e.do(f.mgr, "GET", "/api/v1/reports/pipeline?from=March", nil).Status)

		var o struct {
			Competitors []string `json:"competitors"`
		}
		e.do(f.rep, "GET", "/api/v1/opportunities/"+a.ID, nil).JSON(t, &o)
		require.Equal(t, []string{"Acme"}, o.Competitors)
		require.Contains(t, e.events("crm.opportunity."), "crm.opportunity.stage_changed.v1")
	})
}

// TestActivitiesAndReminders: activities are checked against their subject,
// show on the customer overview, and a due one is announced by the job.
func TestActivitiesAndReminders(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "5")
		r := e.do(f.rep, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject_type": "party", "subject_id": "pty_nope",
			"title": "Call"})
		require.Equal(t, "not_found", fieldCodes(t, r)["subject_id"])
		r = e.do(f.rep, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject_type": "ticket", "subject_id": "tkt_1", "title": "Call"})
		require.Equal(t, "not_found", fieldCodes(t, r)["subject_id"], "tickets are checked by the support module")

		o := f.order(t, "1")
		past := time.Now().Add(-time.Minute).UTC()
		act := created[struct {
			ID      string `json:"id"`
			PartyID string `json:"party_id"`
			Version int64  `json:"version"`
			Overdue bool   `json:"overdue"`
		}](t, e.do(f.rep, "POST", "/api/v1/activities", map[string]any{"kind": "task", "subject_type": "sales_order", "subject_id": o.ID,
			"title": "Check delivery date", "due_at": past.Format(time.RFC3339)}))
		require.Equal(t, f.customer, act.PartyID, "an order's activity concerns its customer")
		require.True(t, act.Overdue)
		future := created[struct{ ID string }](t, e.do(f.rep, "POST", "/api/v1/activities", map[string]any{"kind": "meeting",
			"subject_type": "party", "subject_id": f.customer, "title": "Visit", "due_at": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}))

		for {
			ran, err := e.app.Jobs.RunOne(e.sys)
			require.NoError(t, err)
			if !ran {
				break
			}
		}
		due := e.events("crm.activity.due")
		require.Len(t, due, 1, "only the due activity is announced; the visit is two days away")
		var got struct {
			NotifiedAt *string `json:"notified_at"`
		}
		e.do(f.rep, "GET", "/api/v1/activities/"+act.ID, nil).JSON(t, &got)
		require.NotNil(t, got.NotifiedAt)

		done := step[struct{ Done bool }](t, e, f.rep, "/api/v1/activities/"+act.ID+"/complete", act.Version)
		require.True(t, done.Done)
		require.Equal(t, "invalid_state", code(t, e.do(f.rep, "POST", "/api/v1/activities/"+act.ID+"/complete", map[string]any{"version": 2})))

		var ov struct {
			Activities []struct{ ID string } `json:"activities"`
			Timeline   []struct {
				ResourceID string `json:"resource_id"`
				Title      string `json:"title"`
			} `json:"timeline"`
		}
		e.do(f.rep, "GET", "/api/v1/parties/"+f.customer+"/overview", nil).JSON(t, &ov)
		require.Len(t, ov.Activities, 2)
		titles := []string{}
		for _, en := range ov.Timeline {
			if en.Title != "" {
				titles = append(titles, en.Title)
			}
		}
		require.ElementsMatch(t, []string{"Check delivery date", "Visit"}, titles)

		var list struct{ Data []struct{ ID string } }
		e.do(f.rep, "GET", "/api/v1/activities?done=false", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		require.Equal(t, future.ID, list.Data[0].ID)
	})
}

// TestSegmentsAndCampaignMembers: segments filter parties by attributes
// and by behaviour, evaluated on demand; a campaign takes a segment's
// members.
func TestSegmentsAndCampaignMembers(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		mkt := e.token(e.user("max@example.com", "marketing"))
		other := created[struct{ ID string }](t, e.do(f.mgr, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"},
			"legal_name": "Berglunds snabbköp", "currency": "EUR", "tags": []string{"vip"}}))
		o := f.order(t, "10")
		_, o2 := f.confirm(t, orderApprovalJSON{ID: o.ID, Version: o.Version})
		require.Equal(t, "confirmed", o2.Status)

		seg := func(criteria map[string]any) (int, []string) {
			var ev struct {
				Count   int `json:"count"`
				Members []struct {
					PartyID string `json:"party_id"`
				} `json:"members"`
			}
			r := e.do(mkt, "POST", "/api/v1/segments/preview", criteria)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			r.JSON(t, &ev)
			var ids []string
			for _, m := range ev.Members {
				ids = append(ids, m.PartyID)
			}
			return ev.Count, ids
		}
		n, ids := seg(map[string]any{"tags": []string{"vip"}})
		require.Equal(t, 1, n)
		require.Equal(t, []string{other.ID}, ids)
		_, ids = seg(map[string]any{"ordered_within_days": 30})
		require.Equal(t, []string{f.customer}, ids)
		_, ids = seg(map[string]any{"not_ordered_within_days": 30})
		require.Equal(t, []string{other.ID}, ids)
		_, ids = seg(map[string]any{"revenue_min": eur("180.00")})
		require.Equal(t, []string{f.customer}, ids, "10 × 18.00")
		n, _ = seg(map[string]any{"revenue_min": eur("180.01")})
		require.Zero(t, n)
		_, ids = seg(map[string]any{"products_bought": []string{f.product}})
		require.Equal(t, []string{f.customer}, ids)
		n, _ = seg(map[string]any{"open_tickets_min": 1})
		require.Zero(t, n, "nobody has an open ticket (the support module answers)")

		s := created[struct{ ID string }](t, e.do(mkt, "POST", "/api/v1/segments", map[string]any{"name": "Lapsed",
			"criteria": map[string]any{"not_ordered_within_days": 30, "lifecycles": []string{"customer"}}}))
		require.Equal(t, "segment_exists", code(t, e.do(mkt, "POST", "/api/v1/segments", map[string]any{"name": "Lapsed", "criteria": map[string]any{}})))
		r := e.do(mkt, "POST", "/api/v1/campaigns", map[string]any{"name": "Win back", "channel": "email", "segment_id": s.ID,
			"budget": eur("50.00"), "start_date": "2026-02-01", "end_date": "2026-01-01"})
		require.Equal(t, "before_start", fieldCodes(t, r)["end_date"])
		c := created[struct{ ID string }](t, e.do(mkt, "POST", "/api/v1/campaigns", map[string]any{"name": "Win back", "channel": "email",
			"segment_id": s.ID, "budget": eur("50.00"), "start_date": "2026-01-01", "end_date": "2026-02-01"}))
		for range 2 { // adding twice keeps each member once
			got := ok[struct {
				MemberCount int `json:"member_count"`
			}](t, e.do(mkt, "POST", "/api/v1/campaigns/"+c.ID+"/members", map[string]any{"from_segment": true}))
			require.Equal(t, 1, got.MemberCount)
		}
		var members struct {
			Data []struct {
				PartyID string `json:"party_id"`
			} `json:"data"`
		}
		e.do(mkt, "GET", "/api/v1/campaigns/"+c.ID+"/members", nil).JSON(t, &members)
		require.Len(t, members.Data, 1)
		require.Equal(t, other.ID, members.Data[0].PartyID)
		require.Equal(t, "segment_in_use", code(t, e.do(mkt, "DELETE", "/api/v1/segments/"+s.ID, nil)))
	})
}
