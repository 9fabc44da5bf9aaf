package app

import (
	"context"
	"fmt"
	"time"

	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
)

// demoLeads are the rep's leads, from a fresh web enquiry to one turned
// down, so the lead list shows scores of every kind.
var demoLeads = []struct {
	in   crm.LeadInput
	step string // "", "contacted", "qualified" or "disqualified"
}{
	{crm.LeadInput{Source: "web_form", FirstName: "Megan", LastName: "Ortiz", Email: "megan.ortiz@brightline-electric.example",
		Phone: "+1 614 555 0142", JobTitle: "Purchasing Manager", CompanyName: "Brightline Electric", Website: "brightline-electric.example",
		Employees: 240, Industry: "Electrical contracting", Country: "US",
		Message: "We need a quote for 2,000 miniature circuit breakers and DIN rails for a hospital fit-out."}, ""},
	{crm.LeadInput{Source: "campaign", FirstName: "Lukas", LastName: "Brandt", Email: "l.brandt@nordhaus-technik.example",
		JobTitle: "Head of Procurement", CompanyName: "Nordhaus Technik GmbH", Employees: 85, Industry: "Panel building", Country: "DE"}, "contacted"},
	{crm.LeadInput{Source: "manual", FirstName: "Wei", LastName: "Zhang", Email: "zhang.wei@huaxin-power.example", Phone: "+86 21 5555 0188",
		JobTitle: "采购经理", CompanyName: "华新电力设备有限公司", Employees: 600, Industry: "Switchgear", Country: "CN"}, "qualified"},
	{crm.LeadInput{Source: "import", FirstName: "Priya", LastName: "Nair", Email: "priya@voltworks.example", CompanyName: "VoltWorks",
		Employees: 12, Industry: "Installers", Country: "GB"}, ""},
	{crm.LeadInput{Source: "web_form", FirstName: "Tom", LastName: "Becker", Email: "tom.becker@example.com",
		Message: "Do you sell to private customers?"}, "disqualified"},
	{crm.LeadInput{Source: "api", FirstName: "Ana", LastName: "Souza", Email: "ana.souza@solaris-energia.example", JobTitle: "Project Engineer",
		CompanyName: "Solaris Energia", Employees: 150, Industry: "Solar installations", Country: "BR",
		Message: "Looking for surge protection devices for 40 rooftop installations."}, "contacted"},
}

// demoDeals are the opportunities with the demo customers, one per stage
// position of the default pipeline (a later stage is reached by moving
// through it, as a rep would), plus one lost to a competitor.
var demoDeals = []struct {
	name     string
	amount   int64 // USD cents, converted to the customer's currency
	stage    int   // index among the open stages, then won; -1: lost
	closeIn  int   // days from today
	customer int   // index among the demo customers
}{
	{"Hospital wing switchboards", 48_000_00, 0, 75, 0},
	{"Warehouse lighting retrofit", 18_500_00, 1, 50, 3},
	{"Data centre busbar trunking", 96_000_00, 2, 40, 5},
	{"Framework agreement 2027: breakers", 150_000_00, 3, 25, 1},
	{"School renovation: cable trays", 22_000_00, 2, 60, 8},
	{"Solar park combiner boxes", 64_000_00, 1, 90, 12},
	{"Metro depot distribution boards", 75_000_00, 4, -10, 2},
	{"Retail chain LED panels", 31_000_00, -1, -20, 6},
}

// crm enters the sales team's CRM: leads at each step, opportunities in
// every stage with their expected close, and calls and meetings planned
// and done on them.
func (l *demoLoad) crm() error {
	if some, err := l.svc.crm.FindLeads(l.ctx, crm.LeadFilter{Limit: 1}); err != nil || len(some) > 0 {
		return err
	}
	p, err := l.svc.identity.PrincipalOf(l.ctx, l.users["sales_rep"].ID)
	if err != nil {
		return err
	}
	ctx := authz.WithPrincipal(l.ctx, p)
	now := time.Now().UTC().Truncate(time.Hour)
	for i, d := range demoLeads {
		lead, err := l.svc.crm.CreateLead(ctx, d.in)
		if err != nil {
			return fmt.Errorf("lead %s: %w", d.in.Email, err)
		}
		l.created["leads"]++
		switch d.step {
		case "contacted":
			_, err = l.svc.crm.ContactLead(ctx, lead.ID, lead.Version)
		case "qualified":
			if lead, err = l.svc.crm.ContactLead(ctx, lead.ID, lead.Version); err == nil {
				_, err = l.svc.crm.QualifyLead(ctx, lead.ID, lead.Version)
			}
		case "disqualified":
			_, err = l.svc.crm.DisqualifyLead(ctx, lead.ID, "A private buyer: we sell to trade customers only.", lead.Version)
		}
		if err != nil {
			return fmt.Errorf("lead %s: %w", d.in.Email, err)
		}
		if d.step == "" {
			due := now.Add(time.Duration(24*(i+1)) * time.Hour)
			if err := l.activity(ctx, "call", "lead", lead.ID, "First call: needs and timing", &due, false); err != nil {
				return err
			}
		}
	}

	stages, err := l.svc.crm.FindStages(l.ctx)
	if err != nil {
		return err
	}
	var open []crm.Stage
	var won, lost crm.Stage
	for _, s := range stages {
		switch {
		case s.Won:
			won = s
		case s.Lost:
			lost = s
		default:
			open = append(open, s)
		}
	}
	var customers []demoParty
	for _, c := range l.company.Parties {
		if !c.Supplier && c.Country != "CN" {
			customers = append(customers, c)
		}
	}
	today := calendar.DateOf(now)
	for _, d := range demoDeals {
		c := customers[d.customer%len(customers)]
		cur, err := money.ParseCurrency(c.Currency)
		if err != nil {
			return err
		}
		o, err := l.svc.crm.CreateOpportunity(ctx, crm.OpportunityInput{Name: d.name, PartyID: l.parties[c.Code],
			Amount: money.New(convert(d.amount, cur), cur), ExpectedClose: today.AddDays(d.closeIn), Competitors: []string{"Voltmaster"}})
		if err != nil {
			return fmt.Errorf("opportunity %s: %w", d.name, err)
		}
		l.created["opportunities"]++
		var path []crm.Stage
		switch {
		case d.stage < 0:
			path = []crm.Stage{open[1], lost}
		case d.stage >= len(open):
			path = append(open[1:], won)
		default:
			path = open[1 : d.stage+1]
		}
		for _, s := range path {
			in := crm.MoveInput{StageID: s.ID, Version: o.Version}
			if s.Lost {
				in.LostReason = "Voltmaster offered 12% less on the LED panels."
			}
			if o, err = l.svc.crm.MoveOpportunity(ctx, o.ID, in, o.Version); err != nil {
				return fmt.Errorf("opportunity %s to %s: %w", d.name, s.Name, err)
			}
		}
		if s := o.StageID; s == won.ID || s == lost.ID {
			continue
		}
		met := now.Add(-72 * time.Hour)
		next := now.Add(time.Duration(48+24*d.customer) * time.Hour)
		if err := l.activity(ctx, "meeting", "opportunity", o.ID, "Site visit and requirements review", &met, true); err != nil {
			return err
		}
		if err := l.activity(ctx, "call", "opportunity", o.ID, "Follow up on the proposal", &next, false); err != nil {
			return err
		}
	}
	return nil
}

// activity plans (or logs as done) an activity on a lead or opportunity.
func (l *demoLoad) activity(ctx context.Context, kind, subjectType, subjectID, title string, due *time.Time, done bool) error {
	if _, err := l.svc.crm.CreateActivity(ctx, crm.ActivityInput{Kind: kind, SubjectType: subjectType, SubjectID: subjectID,
		Title: title, DueAt: due, Done: done}); err != nil {
		return fmt.Errorf("activity %q: %w", title, err)
	}
	l.created["activities"]++
	return nil
}
