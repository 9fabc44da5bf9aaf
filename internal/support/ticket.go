package support

import (
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// Ticket statuses: new → open → pending_customer → resolved → closed; a
// resolved ticket may be reopened.
const (
	StatusNew             = "new"
	StatusOpen            = "open"
	StatusPendingCustomer = "pending_customer"
	StatusResolved        = "resolved"
	StatusClosed          = "closed"
)

// Channels, priorities and message kinds.
var (
	Channels   = []string{"email", "phone", "web", "chat", "api"}
	Priorities = []string{"low", "normal", "high", "urgent"}
)

// Message kinds: public messages go to or come from the customer; notes
// are internal.
const (
	KindPublic   = "public"
	KindInternal = "internal"
)

// Assignment rules: which rule decided who got a ticket.
const (
	RuleSkillLeastLoad  = "skill_least_load"
	RuleSkillRoundRobin = "skill_round_robin"
	RuleAnyLeastLoad    = "any_agent_least_load"
	RuleAnyRoundRobin   = "any_agent_round_robin"
	RuleManual          = "manual"
	RuleNoAgent         = "no_agent_available"
)

// Ticket is a customer's request to customer service.
type Ticket struct {
	ID             string    `json:"id"`
	Number         string    `json:"number" doc:"Gap-free per year, e.g. TK-2026-00042."`
	Subject        string    `json:"subject"`
	Description    string    `json:"description"`
	Channel        string    `json:"channel" enum:"email,phone,web,chat,api"`
	CustomerID     string    `json:"customer_id"`
	ContactName    string    `json:"contact_name,omitempty"`
	ContactEmail   string    `json:"contact_email,omitempty"`
	Category       string    `json:"category" doc:"What it is about; agents have categories as skills."`
	Priority       string    `json:"priority" enum:"low,normal,high,urgent"`
	Status         string    `json:"status" enum:"new,open,pending_customer,resolved,closed"`
	OrderID        string    `json:"order_id,omitempty"`
	ProductID      string    `json:"product_id,omitempty"`
	ShipmentID     string    `json:"shipment_id,omitempty"`
	AssigneeID     string    `json:"assignee_id,omitempty"`
	AssigneeName   string    `json:"assignee_name,omitempty"`
	AssignmentRule string    `json:"assignment_rule,omitempty" doc:"The rule that chose the assignee: skill_least_load, skill_round_robin, any_agent_least_load, any_agent_round_robin, manual or no_agent_available."`
	SLA            SLA       `json:"sla"`
	Resolutions    int       `json:"resolutions" doc:"How often it was resolved (a reopened ticket is resolved again)."`
	CSAT           *CSAT     `json:"csat,omitempty" doc:"The customer's rating of the latest resolution."`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	// Messages are the conversation and the notes, oldest first; only a
	// single ticket's read carries them.
	Messages []Message `json:"messages,omitempty"`
}

// SLA is a ticket's service-level targets and how it fares against them.
// Due times are business time from OpenedAt under the policy's calendar.
type SLA struct {
	PolicyID             string     `json:"policy_id,omitempty" doc:"Empty when no policy covers the ticket's priority and customer tier."`
	OpenedAt             time.Time  `json:"opened_at"`
	FirstResponseDue     *time.Time `json:"first_response_due,omitempty"`
	FirstResponseWarn    *time.Time `json:"first_response_warn,omitempty" doc:"When the breach warning goes out."`
	ResolutionDue        *time.Time `json:"resolution_due,omitempty"`
	ResolutionWarn       *time.Time `json:"resolution_warn,omitempty"`
	FirstRespondedAt     *time.Time `json:"first_responded_at,omitempty"`
	ResolvedAt           *time.Time `json:"resolved_at,omitempty"`
	ClosedAt             *time.Time `json:"closed_at,omitempty"`
	ResponseWarnedAt     *time.Time `json:"response_warned_at,omitempty"`
	ResponseBreachedAt   *time.Time `json:"response_breached_at,omitempty"`
	ResolutionWarnedAt   *time.Time `json:"resolution_warned_at,omitempty"`
	ResolutionBreachedAt *time.Time `json:"resolution_breached_at,omitempty"`
	EscalatedAt          *time.Time `json:"escalated_at,omitempty" doc:"When a breach raised the priority."`
}

// CSAT is a customer's satisfaction with a resolution.
type CSAT struct {
	Score      int    `json:"score" minimum:"1" maximum:"5"`
	Comment    string `json:"comment,omitempty"`
	Resolution int    `json:"resolution" doc:"Which resolution (1 for the first) it rates."`
}

// Message is a public message of the conversation or an internal note.
type Message struct {
	ID         string    `json:"id"`
	TicketID   string    `json:"ticket_id"`
	Kind       string    `json:"kind" enum:"public,internal"`
	AuthorID   string    `json:"author_id,omitempty" doc:"The agent; empty for the customer."`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// TicketInput opens a ticket.
type TicketInput struct {
	Subject      string `json:"subject" minLength:"1" maxLength:"300"`
	Description  string `json:"description,omitempty" maxLength:"20000"`
	Channel      string `json:"channel" enum:"email,phone,web,chat,api"`
	CustomerID   string `json:"customer_id" maxLength:"64" doc:"Customer ID or code."`
	ContactName  string `json:"contact_name,omitempty" maxLength:"200"`
	ContactEmail string `json:"contact_email,omitempty" maxLength:"254"`
	Category     string `json:"category" minLength:"1" maxLength:"64"`
	Priority     string `json:"priority,omitempty" enum:"low,normal,high,urgent" doc:"Defaults to normal."`
	OrderID      string `json:"order_id,omitempty" maxLength:"64" doc:"A sales order of the customer, by ID or number."`
	ProductID    string `json:"product_id,omitempty" maxLength:"64" doc:"A product, by ID or code."`
	ShipmentID   string `json:"shipment_id,omitempty" maxLength:"64" doc:"A shipment of the customer, by ID or number."`
	AssigneeID   string `json:"assignee_id,omitempty" maxLength:"64" doc:"An agent to give it to; otherwise the assignment rules choose."`
}

// TicketUpdate changes a ticket's classification or assignee; absent
// fields stay.
type TicketUpdate struct {
	Subject    *string `json:"subject,omitempty" minLength:"1" maxLength:"300"`
	Category   *string `json:"category,omitempty" minLength:"1" maxLength:"64"`
	Priority   *string `json:"priority,omitempty" enum:"low,normal,high,urgent" doc:"A new priority recomputes the SLA targets not yet met."`
	AssigneeID *string `json:"assignee_id,omitempty" maxLength:"64" doc:"An active agent; empty unassigns."`
	Version    int64   `json:"version,omitempty" doc:"The version being changed (or If-Match)."`
}

// StatusInput moves a ticket to another status.
type StatusInput struct {
	Status  string `json:"status" enum:"open,pending_customer,resolved,closed"`
	Version int64  `json:"version,omitempty" doc:"The version being changed (or If-Match)."`
}

// MessageInput adds a message or a note.
type MessageInput struct {
	Kind         string `json:"kind" enum:"public,internal"`
	Body         string `json:"body" minLength:"1" maxLength:"20000"`
	FromCustomer bool   `json:"from_customer,omitempty" doc:"A public message the customer sent (e.g. an e-mail reply); otherwise the signed-in agent writes it."`
}

// CSATInput rates a resolution.
type CSATInput struct {
	Score   int    `json:"score" minimum:"1" maximum:"5"`
	Comment string `json:"comment,omitempty" maxLength:"2000"`
}

// Errors.
var (
	ErrTransition   = apperr.Conflict("invalid_transition", "the ticket's status does not allow this change")
	ErrCSATNotReady = apperr.Conflict("not_resolved", "only a resolved or closed ticket can be rated")
	ErrCSATGiven    = apperr.Conflict("csat_already_given", "this resolution was rated already")
	ErrClosed       = apperr.Conflict("ticket_closed", "a closed ticket takes no more changes")
)

var transitions = map[string][]string{
	StatusNew:             {StatusOpen, StatusPendingCustomer, StatusResolved},
	StatusOpen:            {StatusPendingCustomer, StatusResolved},
	StatusPendingCustomer: {StatusOpen, StatusResolved},
	StatusResolved:        {StatusOpen, StatusClosed},
}

// CanMove reports whether a ticket may go from one status to another.
func CanMove(from, to string) bool { return slices.Contains(transitions[from], to) }

// active reports whether a ticket counts towards its agent's open load.
func active(status string) bool {
	return status == StatusNew || status == StatusOpen || status == StatusPendingCustomer
}

func (in *TicketInput) check() error {
	var v apperr.Validator
	in.Subject = strings.TrimSpace(in.Subject)
	in.Category = strings.ToLower(strings.TrimSpace(in.Category))
	in.ContactName = strings.TrimSpace(in.ContactName)
	in.ContactEmail = strings.TrimSpace(in.ContactEmail)
	in.CustomerID = strings.TrimSpace(in.CustomerID)
	if in.Priority == "" {
		in.Priority = "normal"
	}
	v.Check(in.Subject != "", "subject", "required", "what the customer needs")
	v.Check(in.Category != "", "category", "required", "what it is about")
	v.Check(slices.Contains(Channels, in.Channel), "channel", "invalid", "one of "+strings.Join(Channels, ", "))
	v.Check(slices.Contains(Priorities, in.Priority), "priority", "invalid", "one of "+strings.Join(Priorities, ", "))
	v.Check(in.CustomerID != "", "customer_id", "required", "the customer")
	if in.ContactEmail != "" {
		a, err := mail.ParseAddress(in.ContactEmail)
		v.Check(err == nil && a.Address == in.ContactEmail, "contact_email", "invalid", "an e-mail address")
	}
	return v.Err()
}

// raised is the next priority up; urgent stays urgent.
func raised(p string) string {
	i := slices.Index(Priorities, p)
	if i < 0 || i == len(Priorities)-1 {
		return p
	}
	return Priorities[i+1]
}
