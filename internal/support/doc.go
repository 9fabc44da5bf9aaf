// Package support owns customer service: agents (users who handle tickets,
// with skills and an active flag), business-hour calendars with holidays,
// SLA policies, tickets with their messages and internal notes, automatic
// assignment, SLA warnings, breaches and escalation, CSAT and the
// knowledge base.
//
// Events (payload: the Ticket or the Article): support.ticket.created.v1,
// support.ticket.assigned.v1, support.ticket.updated.v1,
// support.ticket.status_changed.v1, support.ticket.resolved.v1,
// support.ticket.message_added.v1, support.ticket.note_added.v1,
// support.ticket.sla_warning.v1, support.ticket.sla_breached.v1,
// support.ticket.escalated.v1, support.ticket.rated.v1,
// support.article.created.v1, support.article.updated.v1.
//
// It imports party (the customer and their tier tags), product and sales
// (linked orders and shipments are checked), never identity: the
// composition root hands it a UserCheck.
package support
