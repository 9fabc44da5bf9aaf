package support

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events customer service emits, for the event catalog.
// Ticket events, messages and notes included, are about the ticket
// (aggregate ticket), so a consumer gets a ticket's events in order.
var EventTypes = []outbox.Type{
	{Name: EventTicketCreated, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket was opened, with its SLA targets."},
	{Name: EventTicketAssigned, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket was assigned, by the rules (the rule is on the ticket) or by hand."},
	{Name: EventTicketUpdated, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket's category, priority or links changed."},
	{Name: EventTicketStatusChanged, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket moved to another status."},
	{Name: EventTicketResolved, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket was resolved."},
	{Name: EventTicketMessage, Aggregate: "ticket", Payload: Message{}, Summary: "A message to or from the customer was added to a ticket."},
	{Name: EventTicketNote, Aggregate: "ticket", Payload: Message{}, Summary: "An internal note was added to a ticket."},
	{Name: EventSLAWarning, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket's SLA target is near (a background job)."},
	{Name: EventSLABreached, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket missed an SLA target (a background job)."},
	{Name: EventTicketEscalated, Aggregate: "ticket", Payload: Ticket{}, Summary: "A ticket was escalated after its first breach."},
	{Name: EventTicketRated, Aggregate: "ticket", Payload: Ticket{}, Summary: "The customer rated the resolution (CSAT)."},
	{Name: EventArticleCreated, Aggregate: "article", Payload: Article{}, Summary: "A knowledge-base article was written."},
	{Name: EventArticleUpdated, Aggregate: "article", Payload: Article{}, Summary: "A knowledge-base article changed."},
	{Name: EventAgentSaved, Aggregate: "agent", Payload: Agent{}, Summary: "A user was made an agent, or an agent's skills or active flag changed."},
}
