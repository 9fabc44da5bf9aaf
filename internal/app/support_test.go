package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/clock"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

type ticketJSON struct {
	ID             string `json:"id"`
	Number         string `json:"number"`
	Status         string `json:"status"`
	Priority       string `json:"priority"`
	Category       string `json:"category"`
	AssigneeID     string `json:"assignee_id"`
	AssignmentRule string `json:"assignment_rule"`
	Version        int64  `json:"version"`
	Resolutions    int    `json:"resolutions"`
	SLA            struct {
		PolicyID             string     `json:"policy_id"`
		FirstResponseDue     *time.Time `json:"first_response_due"`
		FirstResponseWarn    *time.Time `json:"first_response_warn"`
		ResolutionDue        *time.Time `json:"resolution_due"`
		ResolutionWarn       *time.Time `json:"resolution_warn"`
		FirstRespondedAt     *time.Time `json:"first_responded_at"`
		ResponseWarnedAt     *time.Time `json:"response_warned_at"`
		ResponseBreachedAt   *time.Time `json:"response_breached_at"`
		ResolutionWarnedAt   *time.Time `json:"resolution_warned_at"`
		ResolutionBreachedAt *time.Time `json:"resolution_breached_at"`
		EscalatedAt          *time.Time `json:"escalated_at"`
	} `json:"sla"`
	CSAT *struct {
		Score      int `json:"score"`
		Resolution int `json:"resolution"`
	} `json:"csat"`
	Messages []struct {
		Kind       string `json:"kind"`
		AuthorName string `json:"author_name"`
		Body       string `json:"body"`
	} `json:"messages"`
}

// supportFixture is a customer, a service supervisor (admin of the
// support module) and agents.
type supportFixture struct {
	e        *env
	boss     string // service_agent who configures
	customer string
}

func newSupportFixture(t *testing.T, e *env) supportFixture {
	f := supportFixture{e: e, boss: e.token(e.user("sue@example.com", "service_agent"))}
	rep := e.token(e.user("ray@example.com", "sales_rep"))
	var c struct{ ID string }
	r := e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Around the Horn", "currency": "EUR"})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	r.JSON(t, &c)
	f.customer = c.ID
	return f
}

// agent makes a new service_agent user an agent with skills.
func (f supportFixture) agent(t *testing.T, email string, active bool, skills ...string) string {
	u := f.e.user(email, "service_agent")
	r := f.e.do(f.boss, "PUT", "/api/v1/support/agents/"+u.ID, map[string]any{"skills": skills, "active": active})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	return u.ID
}

func (f supportFixture) ticket(t *testing.T, body map[string]any) ticketJSON {
	if body["customer_id"] == nil {
		body["customer_id"] = f.customer
	}
	if body["channel"] == nil {
		body["channel"] = "email"
	}
	r := f.e.do(f.boss, "POST", "/api/v1/tickets", body)
	require.Equal(t, 201, r.Status, "%s", r.Body)
	var tk ticketJSON
	r.JSON(t, &tk)
	return tk
}

// TestTicketAssignment is the assignment check: 100 tickets in
// three categories, created 10 at a time, go to five agents with
// different skills (and never to an inactive one or one without the
// skill); within each skill group the open loads differ by at most 1, and
// each ticket names the rule that chose its agent.
func TestTicketAssignment(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSupportFixture(t, e)
		skills := map[string][]string{
			f.agent(t, "ann@example.com", true, "billing"):               {"billing"},
			f.agent(t, "bob@example.com", true, "billing"):               {"billing"},
			f.agent(t, "cat@example.com", true, "delivery", "technical"): {"delivery", "technical"},
			f.agent(t, "dan@example.com", true, "delivery", "technical"): {"delivery", "technical"},
			f.agent(t, "eve@example.com", true, "technical", "delivery"): {"delivery", "technical"},
		}
		idle := f.agent(t, "ida@example.com", false, "billing", "delivery", "technical")
		// Someone without a role that handles tickets cannot be an agent.
		rep := e.user("rex@example.com", "sales_rep")
		r := e.do(f.boss, "PUT", "/api/v1/support/agents/"+rep.ID, map[string]any{"skills": []string{"billing"}, "active": true})
		require.Equal(t, 422, r.Status, "%s", r.Body)
		require.Equal(t, "not_an_agent", fieldCodes(t, r)["user_id"])

		categories := []string{"billing", "delivery", "technical"}
		tickets := make([]ticketJSON, 100)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 10)
		for i := range tickets {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				r := e.do(f.boss, "POST", "/api/v1/tickets", map[string]any{"customer_id": f.customer, "channel": "web",
					"subject": fmt.Sprintf("Question %d", i), "category": categories[i%3]})
				if r.Status == 201 {
					r.JSON(t, &tickets[i])
				} else {
					t.Errorf("ticket %d: %d %s", i, r.Status, r.Body)
				}
			}()
		}
		wg.Wait()
		require.False(t, t.Failed())
		for _, tk := range tickets {
			require.NotEqual(t, idle, tk.AssigneeID, "an inactive agent gets nothing")
			require.Contains(t, skills[tk.AssigneeID], tk.Category, "%s went to an agent without the skill", tk.Number)
			require.Contains(t, []string{"skill_least_load", "skill_round_robin"}, tk.AssignmentRule)
		}
		var agents struct {
			Data []struct {
				UserID   string `json:"user_id"`
				OpenLoad int    `json:"open_load"`
				Skills   []string
			}
		}
		e.do(f.boss, "GET", "/api/v1/support/agents", nil).JSON(t, &agents)
		groups := map[string][]int{}
		total := 0
		for _, a := range agents.Data {
			if a.UserID == idle {
				require.Zero(t, a.OpenLoad)
				continue
			}
			key := fmt.Sprint(skills[a.UserID])
			groups[key] = append(groups[key], a.OpenLoad)
			total += a.OpenLoad
		}
		require.Equal(t, 100, total)
		require.Len(t, groups, 2)
		for key, loads := range groups {
			require.LessOrEqual(t, slices.Max(loads)-slices.Min(loads), 1, "loads of %s: %v", key, loads)
		}
		require.Equal(t, []int{17, 17}, groups["[billing]"], "34 billing tickets between two agents")

		// The rule is in the event and the audit trail too.
		require.Len(t, e.events("support.ticket.assigned.v1"), 100)
		var audit struct {
			Data []struct {
				Action string         `json:"action"`
				After  map[string]any `json:"after"`
			}
		}
		admin := e.token(e.user("root@example.com", "admin"))
		e.do(admin, "GET", "/api/v1/audit?entity_type=ticket&entity_id="+tickets[0].ID, nil).JSON(t, &audit)
		require.Len(t, audit.Data, 1)
		require.Equal(t, tickets[0].AssignmentRule, audit.Data[0].After["assignment_rule"])
	})
}

// slaSetup creates the Shanghai calendar (Monday to Friday 09:00–18:00,
// New Year's Day off) and two policies for high priority: everyone (4 h
// first response, 16 h resolution, warnings at 75%) and the gold tier (1 h,
// 8 h).
func slaSetup(t *testing.T, f supportFixture) {
	var hours []map[string]any
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		hours = append(hours, map[string]any{"day": d, "from": "09:00", "to": "18:00"})
	}
	r := f.e.do(f.boss, "POST", "/api/v1/support/calendars", map[string]any{"name": "Shanghai office", "time_zone": "Asia/Shanghai",
		"hours": hours, "holidays": []map[string]any{{"date": "2026-01-01", "name": "New Year's Day"}}})
	require.Equal(t, 201, r.Status, "%s", r.Body)
	for _, p := range []map[string]any{
		{"name": "High", "priority": "high", "calendar_id": "Shanghai office", "first_response_minutes": 240, "resolution_minutes": 960, "warn_percent": 75},
		{"name": "High gold", "priority": "high", "tier": "gold", "calendar_id": "Shanghai office", "first_response_minutes": 60, "resolution_minutes": 480},
	} {
		r := f.e.do(f.boss, "POST", "/api/v1/support/sla-policies", p)
		require.Equal(t, 201, r.Status, "%s", r.Body)
	}
	r = f.e.do(f.boss, "POST", "/api/v1/support/sla-policies", map[string]any{"name": "High again", "priority": "high",
		"calendar_id": "Shanghai office", "first_response_minutes": 60, "resolution_minutes": 480})
	require.Equal(t, "duplicate", fieldCodes(t, r)["tier"], "one policy per priority and tier")
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestSLAAcrossWeekendAndHoliday is the SLA check with a fake
// clock. A high-priority ticket opened on Wednesday 31 December 2025 at
// 16:00 in Shanghai (08:00 UTC), with business hours 09:00–18:00 Monday to
// Friday and 1 January off, is due, counted by hand:
//   - first response, 4 h: 2 h on Wednesday, Thursday is the holiday, 2 h
//     on Friday → Friday 2 January 11:00 (03:00 UTC); warning at 3 h →
//     Friday 10:00 (02:00 UTC);
//   - resolution, 16 h: 2 h Wednesday, 9 h Friday, the weekend, 5 h Monday
//     → Monday 5 January 14:00 (06:00 UTC); warning at 12 h → Monday 10:00
//     (02:00 UTC).
//
// A gold customer's ticket gets its own policy: Wednesday 17:00.
// The background check warns, breaches and escalates exactly then.
func TestSLAAcrossWeekendAndHoliday(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSupportFixture(t, e)
		agent := f.agent(t, "ann@example.com", true, "delivery")
		slaSetup(t, f)
		fake := clock.NewFake(utc("2025-12-31 08:00"))
		e.app.SetClock(fake)

		tk := f.ticket(t, map[string]any{"subject": "Pallet arrived damaged", "category": "delivery", "priority": "high"})
		require.NotEmpty(t, tk.SLA.PolicyID)
		require.Equal(t, utc("2026-01-02 03:00"), *tk.SLA.FirstResponseDue)
		require.Equal(t, utc("2026-01-02 02:00"), *tk.SLA.FirstResponseWarn)
		require.Equal(t, utc("2026-01-05 06:00"), *tk.SLA.ResolutionDue)
		require.Equal(t, utc("2026-01-05 02:00"), *tk.SLA.ResolutionWarn)

		rep := e.token(e.user("ray2@example.com", "sales_manager"))
		var g struct{ ID string }
		e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Gold Imports Ltd", "currency": "EUR",
			"tags": []string{"gold"}}).JSON(t, &g)
		gt := f.ticket(t, map[string]any{"customer_id": g.ID, "subject": "Invoice question", "category": "delivery", "priority": "high"})
		require.Equal(t, utc("2025-12-31 09:00"), *gt.SLA.FirstResponseDue, "gold: 1 h, Wednesday 17:00 in Shanghai")
		require.Equal(t, utc("2026-01-02 07:00"), *gt.SLA.ResolutionDue, "gold: 8 h = 2 h Wednesday + 6 h Friday")
		_ = agent

		get := func() ticketJSON {
			var out ticketJSON
			e.do(f.boss, "GET", "/api/v1/tickets/"+tk.ID, nil).JSON(t, &out)
			return out
		}
		check := func(at string) {
			fake.Set(utc(at))
			_, err := e.app.CheckSLA(e.sys)
			require.NoError(t, err)
		}
		check("2026-01-02 01:59")
		require.Nil(t, get().SLA.ResponseWarnedAt, "a minute before the warning")
		var gold ticketJSON
		e.do(f.boss, "GET", "/api/v1/tickets/"+gt.ID, nil).JSON(t, &gold)
		require.Equal(t, utc("2026-01-02 01:59"), *gold.SLA.ResponseBreachedAt, "the gold ticket breached long ago")

		// The warning comes from the background job.
		fake.Set(utc("2026-01-02 02:00"))
		require.NoError(t, e.app.ScheduleSLACheck(e.sys, 0))
		ran, err := e.app.Jobs.RunOne(e.sys)
		require.NoError(t, err)
		require.True(t, ran)
		got := get()
		require.Equal(t, utc("2026-01-02 02:00"), *got.SLA.ResponseWarnedAt)
		require.Nil(t, got.SLA.ResponseBreachedAt)
		require.Equal(t, "high", got.Priority)
		ran, err = e.app.Jobs.RunOne(e.sys)
		require.NoError(t, err)
		require.False(t, ran, "the next check is queued a minute later")

		check("2026-01-02 02:59")
		require.Nil(t, get().SLA.ResponseBreachedAt)
		check("2026-01-02 03:00")
		got = get()
		require.Equal(t, utc("2026-01-02 03:00"), *got.SLA.ResponseBreachedAt)
		require.Equal(t, utc("2026-01-02 03:00"), *got.SLA.EscalatedAt)
		require.Equal(t, "urgent", got.Priority, "the breach escalates: one priority up")
		require.Equal(t, []string{"support.ticket.created.v1", "support.ticket.assigned.v1", "support.ticket.sla_warning.v1",
			"support.ticket.sla_breached.v1", "support.ticket.escalated.v1"}, ticketEvents(t, e, tk.ID))

		// The first response stops that clock; the resolution clock runs on.
		fake.Set(utc("2026-01-02 04:00"))
		r := e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "public", "body": "We are sending a new pallet."})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		got = get()
		require.Equal(t, utc("2026-01-02 04:00"), *got.SLA.FirstRespondedAt)
		require.Equal(t, "open", got.Status)
		check("2026-01-05 01:59")
		require.Nil(t, get().SLA.ResolutionWarnedAt)
		check("2026-01-05 02:00")
		require.Equal(t, utc("2026-01-05 02:00"), *get().SLA.ResolutionWarnedAt)
		fake.Set(utc("2026-01-05 05:59"))
		got = get()
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "resolved", "version": got.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		check("2026-01-05 06:00")
		require.Nil(t, get().SLA.ResolutionBreachedAt, "resolved a minute before the breach")
	})
}

// ticketEvents returns the types of the outbox events about a ticket.
func ticketEvents(t *testing.T, e *env, ticketID string) []string {
	evs, err := outbox.After(context.Background(), e.app.DB, 0, 10000)
	require.NoError(t, err)
	var out []string
	for _, ev := range evs {
		if ev.AggregateID == ticketID {
			out = append(out, ev.Type)
		}
	}
	return out
}
