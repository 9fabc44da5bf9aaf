package app

import (
	"fmt"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/support"
)

// demoArticles are the demo knowledge base, in English and Chinese.
var demoArticles = []support.ArticleInput{
	{Title: "Damaged goods on delivery", Category: "delivery", Published: true,
		Body:    "Photograph the damaged cartons before signing for the delivery, open a ticket with the order number, and we authorize a return and send a replacement.",
		TitleZh: "收货时货物损坏", BodyZh: "签收前请拍摄损坏的纸箱，提交附有订单号的工单，我们将授权退货并补发。"},
	{Title: "Tracking a shipment", Category: "delivery", Published: true,
		Body:    "Every shipped order carries the carrier and the tracking number; the customer overview lists them with each shipment.",
		TitleZh: "查询物流", BodyZh: "每个已发货订单都有承运商和运单号；客户概览按发货单列出。"},
	{Title: "Invoice copies and payment terms", Category: "billing", Published: true,
		Body:    "Invoices are due by the customer's payment terms; credit notes settle the invoice they correct first.",
		TitleZh: "发票副本与付款条件", BodyZh: "发票按客户的付款条件到期；贷项通知单优先冲抵其更正的发票。"},
	{Title: "Circuit breaker trips under load", Category: "technical", Published: true,
		Body:    "Check the rated current of the breaker against the load, and the wiring gauge; replace breakers that trip below their rating.",
		TitleZh: "断路器在负载下跳闸", BodyZh: "核对断路器额定电流与负载以及线径；低于额定值跳闸的断路器应更换。"},
}

// service makes the service agent and the sales manager agents, adds the
// office calendars, SLA policies (dealers get faster answers), the
// knowledge base and a few open tickets, assigned by the rules.
func (l *demoLoad) service() error {
	agents := []struct {
		role   string
		skills []string
	}{{"service_agent", []string{"delivery", "technical", "billing"}}, {"admin", []string{"billing"}}}
	for _, a := range agents {
		u, ok := l.users[a.role]
		if !ok {
			continue
		}
		err := l.ensure("agents", func() error { _, err := l.svc.support.FindAgent(l.ctx, u.ID); return err }, func() error {
			_, err := l.svc.support.SaveAgent(l.ctx, u.ID, support.AgentInput{Skills: a.skills, Active: true}, 0)
			return err
		})
		if err != nil {
			return fmt.Errorf("agent %s: %w", a.role, err)
		}
	}
	var week []support.WorkingHours
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		week = append(week, support.WorkingHours{Day: d, From: "08:00", To: "17:00"})
	}
	cal := support.CalendarInput{Name: "Columbus office", TimeZone: "America/New_York", Hours: week, Holidays: []support.Holiday{
		{Date: calendar.NewDate(2026, 12, 25), Name: "Christmas Day"}, {Date: calendar.NewDate(2027, 1, 1), Name: "New Year's Day"},
		{Date: calendar.NewDate(2027, 7, 5), Name: "Independence Day (observed)"}, {Date: calendar.NewDate(2027, 12, 24), Name: "Christmas Day (observed)"}}}
	if err := l.ensure("SLA calendars", func() error { _, err := l.svc.support.FindCalendar(l.ctx, cal.Name); return err }, func() error {
		_, err := l.svc.support.CreateCalendar(l.ctx, cal)
		return err
	}); err != nil {
		return err
	}
	policies := []support.PolicyInput{
		{Name: "Normal", Priority: "normal", FirstResponseMinutes: 480, ResolutionMinutes: 2700},
		{Name: "High", Priority: "high", FirstResponseMinutes: 120, ResolutionMinutes: 1080},
		{Name: "Urgent", Priority: "urgent", FirstResponseMinutes: 30, ResolutionMinutes: 480},
		{Name: "Dealer high", Priority: "high", Tier: "dealer", FirstResponseMinutes: 60, ResolutionMinutes: 540},
	}
	for _, p := range policies {
		p.CalendarID = cal.Name
		if err := l.ensure("SLA policies", func() error { _, err := l.svc.support.FindPolicy(l.ctx, p.Name); return err }, func() error {
			_, err := l.svc.support.CreatePolicy(l.ctx, p)
			return err
		}); err != nil {
			return fmt.Errorf("SLA policy %s: %w", p.Name, err)
		}
	}
	existing, err := l.svc.support.FindArticles(l.ctx, support.ArticleFilter{Limit: 100})
	if err != nil {
		return err
	}
	for _, a := range demoArticles {
		err := l.ensure("articles", func() error {
			for _, e := range existing {
				if e.Title == a.Title {
					return nil
				}
			}
			return apperr.NotFound("article")
		}, func() error { _, err := l.svc.support.CreateArticle(l.ctx, a); return err })
		if err != nil {
			return err
		}
	}
	tickets, err := l.svc.support.FindTickets(l.ctx, support.TicketFilter{Limit: 1})
	if err != nil || len(tickets) > 0 {
		return err
	}
	answered := 0
	for i, c := range l.company.Parties {
		if c.Supplier || i%9 != 1 {
			continue
		}
		in := support.TicketInput{CustomerID: l.parties[c.Code], Channel: "email", Category: "delivery", Priority: "normal",
			Subject: "Cartons arrived damaged", Description: "Two cartons of the last delivery were crushed."}
		switch i % 3 {
		case 1:
			in.Category, in.Priority, in.Channel, in.Subject, in.Description = "technical", "high", "phone",
				"Circuit breaker trips under load", "The 16 A breakers trip at about 12 A."
		case 2:
			in.Category, in.Subject, in.Description = "billing", "Copy of the last invoice", "Please send a copy of the last invoice."
		}
		tk, err := l.svc.support.CreateTicket(l.ctx, in)
		if err != nil {
			return fmt.Errorf("ticket for %s: %w", c.Code, err)
		}
		l.created["tickets"]++
		// Every other ticket has been answered, and one of those solved,
		// so the service dashboard's SLA compliance is not empty; the
		// others wait in the queue as new.
		answered++
		if answered%2 == 0 {
			if tk, err = l.svc.support.AddMessage(l.ctx, tk.ID, support.MessageInput{Kind: support.KindPublic,
				Body: "Thank you, we are looking into it and will come back to you today."}); err != nil {
				return fmt.Errorf("answer to %s: %w", tk.Number, err)
			}
			if answered == 2 {
				if _, err := l.svc.support.ChangeStatus(l.ctx, tk.ID, support.StatusInput{Status: support.StatusResolved}, tk.Version); err != nil {
					return fmt.Errorf("resolving %s: %w", tk.Number, err)
				}
			}
		}
	}
	return nil
}
