package httpapi

import (
	"context"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/support"
)

// Tickets

type ticketOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     support.Ticket
}

func ticketOut(t support.Ticket) *ticketOutput {
	return &ticketOutput{ETag: httpx.ETag(t.Version), Location: "/api/v1/tickets/" + t.ID, Body: t}
}

type createTicketInput struct{ Body support.TicketInput }

func (s *server) createTicket(ctx context.Context, in *createTicketInput) (*ticketOutput, error) {
	t, err := s.deps.Support.CreateTicket(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return ticketOut(t), nil
}

type listTicketsInput struct {
	page.Params
	Status     string `query:"status" maxLength:"100" doc:"One status or several separated by commas, e.g. new,open."`
	Mine       bool   `query:"mine" doc:"Only tickets assigned to the signed-in user."`
	AssigneeID string `query:"assignee_id" maxLength:"64"`
	Unassigned bool   `query:"unassigned"`
	CustomerID string `query:"customer_id" maxLength:"64"`
	Category   string `query:"category" maxLength:"64"`
	Priority   string `query:"priority" enum:"low,normal,high,urgent"`
	Escalated  bool   `query:"escalated" doc:"Only tickets a breach escalated."`
	Breached   bool   `query:"breached" doc:"Only tickets that breached an SLA target."`
	Q          string `query:"q" maxLength:"200" doc:"Part of the subject or number."`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), number, subject, priority (by urgency) or status; - first for descending."`
}

type ticketsOutput struct{ Body page.List[support.Ticket] }

func (s *server) listTickets(ctx context.Context, in *listTicketsInput) (*ticketsOutput, error) {
	sort, err := page.ParseSort(in.Sort, support.TicketSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := support.TicketFilter{Sort: sort, AssigneeID: in.AssigneeID, Unassigned: in.Unassigned, CustomerID: in.CustomerID, Category: in.Category,
		Priority: in.Priority, Escalated: in.Escalated, Breached: in.Breached, Q: strings.TrimSpace(in.Q), Limit: in.PageSize() + 1}
	for _, st := range strings.Split(in.Status, ",") {
		if st = strings.TrimSpace(st); st != "" {
			switch st {
			case support.StatusNew, support.StatusOpen, support.StatusPendingCustomer, support.StatusResolved, support.StatusClosed:
				f.Status = append(f.Status, st)
			default:
				return nil, apperr.Invalid("unknown status", apperr.Field("status", "invalid", "new, open, pending_customer, resolved or closed"))
			}
		}
	}
	if in.Mine {
		f.AssigneeID = authz.FromContext(ctx).UserID
		if f.AssigneeID == "" {
			f.AssigneeID = "-" // the system has no tickets
		}
	}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	ts, err := s.deps.Support.FindTickets(ctx, f)
	if err != nil {
		return nil, err
	}
	return &ticketsOutput{Body: page.Build(ts, in.PageSize(), func(t support.Ticket) any {
		return page.Cursor{Value: t.SortValue(sort.Field), ID: t.ID}
	})}, nil
}

type ticketPath struct {
	ID string `path:"id" maxLength:"64" doc:"Ticket ID or number."`
}

func (s *server) getTicket(ctx context.Context, in *ticketPath) (*ticketOutput, error) {
	t, err := s.deps.Support.FindTicket(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return ticketOut(t), nil
}

type updateTicketInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the version being changed; or send version in the body."`
	Body    support.TicketUpdate
}

func (s *server) updateTicket(ctx context.Context, in *updateTicketInput) (*ticketOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	t, err := s.deps.Support.UpdateTicket(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return ticketOut(t), nil
}

type ticketStatusInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the version being changed; or send version in the body."`
	Body    support.StatusInput
}

func (s *server) changeTicketStatus(ctx context.Context, in *ticketStatusInput) (*ticketOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	t, err := s.deps.Support.ChangeStatus(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return ticketOut(t), nil
}

type ticketMessageInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body support.MessageInput
}

func (s *server) addTicketMessage(ctx context.Context, in *ticketMessageInput) (*ticketOutput, error) {
	t, err := s.deps.Support.AddMessage(ctx, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return ticketOut(t), nil
}

type rateTicketInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body support.CSATInput
}

func (s *server) rateTicket(ctx context.Context, in *rateTicketInput) (*ticketOutput, error) {
	t, err := s.deps.Support.Rate(ctx, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return ticketOut(t), nil
}

type articlesOutput struct{ Body page.List[support.Article] }

func (s *server) ticketSuggestions(ctx context.Context, in *ticketPath) (*articlesOutput, error) {
	as, err := s.deps.Support.Suggest(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &articlesOutput{Body: page.Build(as, len(as)+1, func(a support.Article) any { return a.ID })}, nil
}

// Agents

type agentsOutput struct{ Body page.List[support.Agent] }

func (s *server) listAgents(ctx context.Context, _ *struct{}) (*agentsOutput, error) {
	as, err := s.deps.Support.FindAgents(ctx)
	if err != nil {
		return nil, err
	}
	return &agentsOutput{Body: page.Build(as, len(as)+1, func(a support.Agent) any { return a.UserID })}, nil
}

type agentOutput struct {
	ETag string `header:"ETag"`
	Body support.Agent
}

type saveAgentInput struct {
	UserID  string `path:"user_id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the agent being changed; omit (and send no version) to make a user an agent."`
	Body    support.AgentInput
}

func (s *server) saveAgent(ctx context.Context, in *saveAgentInput) (*agentOutput, error) {
	// Without If-Match and version the user becomes an agent; an existing
	// agent then answers version_conflict, so no change is ever blind.
	pre := httpx.Precondition{}
	if in.IfMatch != "" || in.Body.Version != 0 {
		var err error
		if pre, err = httpx.ParsePrecondition(in.IfMatch, in.Body.Version); err != nil {
			return nil, err
		}
	}
	a, err := s.deps.Support.SaveAgent(ctx, in.UserID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &agentOutput{ETag: httpx.ETag(a.Version), Body: a}, nil
}

// Calendars and SLA policies

type calendarOutput struct {
	ETag string `header:"ETag"`
	Body support.Calendar
}

type createCalendarInput struct{ Body support.CalendarInput }

func (s *server) createCalendar(ctx context.Context, in *createCalendarInput) (*calendarOutput, error) {
	c, err := s.deps.Support.CreateCalendar(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &calendarOutput{ETag: httpx.ETag(c.Version), Body: c}, nil
}

type calendarsOutput struct{ Body page.List[support.Calendar] }

func (s *server) listCalendars(ctx context.Context, _ *struct{}) (*calendarsOutput, error) {
	cs, err := s.deps.Support.FindCalendars(ctx)
	if err != nil {
		return nil, err
	}
	return &calendarsOutput{Body: page.Build(cs, len(cs)+1, func(c support.Calendar) any { return c.ID })}, nil
}

func (s *server) getCalendar(ctx context.Context, in *idPath) (*calendarOutput, error) {
	c, err := s.deps.Support.FindCalendar(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &calendarOutput{ETag: httpx.ETag(c.Version), Body: c}, nil
}

type replaceCalendarInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    support.CalendarInput
}

func (s *server) replaceCalendar(ctx context.Context, in *replaceCalendarInput) (*calendarOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	c, err := s.deps.Support.UpdateCalendar(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &calendarOutput{ETag: httpx.ETag(c.Version), Body: c}, nil
}

type slaPolicyOutput struct {
	ETag string `header:"ETag"`
	Body support.Policy
}

type createSLAPolicyInput struct{ Body support.PolicyInput }

func (s *server) createSLAPolicy(ctx context.Context, in *createSLAPolicyInput) (*slaPolicyOutput, error) {
	p, err := s.deps.Support.CreatePolicy(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &slaPolicyOutput{ETag: httpx.ETag(p.Version), Body: p}, nil
}

type slaPoliciesOutput struct{ Body page.List[support.Policy] }

func (s *server) listSLAPolicies(ctx context.Context, _ *struct{}) (*slaPoliciesOutput, error) {
	ps, err := s.deps.Support.FindPolicies(ctx)
	if err != nil {
		return nil, err
	}
	return &slaPoliciesOutput{Body: page.Build(ps, len(ps)+1, func(p support.Policy) any { return p.ID })}, nil
}

func (s *server) getSLAPolicy(ctx context.Context, in *idPath) (*slaPolicyOutput, error) {
	p, err := s.deps.Support.FindPolicy(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &slaPolicyOutput{ETag: httpx.ETag(p.Version), Body: p}, nil
}

type replaceSLAPolicyInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    support.PolicyInput
}

func (s *server) replaceSLAPolicy(ctx context.Context, in *replaceSLAPolicyInput) (*slaPolicyOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Support.UpdatePolicy(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &slaPolicyOutput{ETag: httpx.ETag(p.Version), Body: p}, nil
}

// Knowledge base

type articleOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     support.Article
}

func articleOut(a support.Article) *articleOutput {
	return &articleOutput{ETag: httpx.ETag(a.Version), Location: "/api/v1/kb/articles/" + a.ID, Body: a}
}

type createArticleInput struct{ Body support.ArticleInput }

func (s *server) createArticle(ctx context.Context, in *createArticleInput) (*articleOutput, error) {
	a, err := s.deps.Support.CreateArticle(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return articleOut(a), nil
}

type listArticlesInput struct {
	page.Params
	Q         string `query:"q" maxLength:"500" doc:"Full-text search: every word must occur; results are ranked by relevance, one page."`
	Published bool   `query:"published" doc:"Only published articles."`
}

func (s *server) listArticles(ctx context.Context, in *listArticlesInput) (*articlesOutput, error) {
	f := support.ArticleFilter{Q: in.Q, PublishedOnly: in.Published, Limit: in.PageSize() + 1}
	if strings.TrimSpace(in.Q) != "" {
		f.Limit = in.PageSize()
		as, err := s.deps.Support.FindArticles(ctx, f)
		if err != nil {
			return nil, err
		}
		return &articlesOutput{Body: page.Build(as, len(as)+1, func(a support.Article) any { return a.ID })}, nil
	}
	if _, err := page.Decode(in.After, &f.Before); err != nil {
		return nil, err
	}
	as, err := s.deps.Support.FindArticles(ctx, f)
	if err != nil {
		return nil, err
	}
	return &articlesOutput{Body: page.Build(as, in.PageSize(), func(a support.Article) any { return a.ID })}, nil
}

func (s *server) getArticle(ctx context.Context, in *idPath) (*articleOutput, error) {
	a, err := s.deps.Support.FindArticle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return articleOut(a), nil
}

type replaceArticleInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    support.ArticleInput
}

func (s *server) replaceArticle(ctx context.Context, in *replaceArticleInput) (*articleOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	a, err := s.deps.Support.UpdateArticle(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return articleOut(a), nil
}

type slaComplianceInput struct {
	From    calendar.Date `query:"from" required:"true" format:"date" doc:"First day (UTC) a response or resolution counts."`
	To      calendar.Date `query:"to" required:"true" format:"date" doc:"Last day, inclusive."`
	GroupBy string        `query:"group_by" enum:"month,priority" doc:"Defaults to month."`
}

type slaComplianceOutput struct{ Body support.ComplianceReport }

func (s *server) slaCompliance(ctx context.Context, in *slaComplianceInput) (*slaComplianceOutput, error) {
	rep, err := s.deps.Support.SLACompliance(ctx, support.ComplianceQuery{From: in.From, To: in.To, GroupBy: in.GroupBy})
	if err != nil {
		return nil, err
	}
	return &slaComplianceOutput{Body: rep}, nil
}
