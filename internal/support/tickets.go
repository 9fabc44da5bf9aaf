package support

import (
	"context"
	"slices"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// links are a new ticket's customer and linked documents, resolved to IDs.
type links struct {
	customerID, orderID, productID, shipmentID string
	tags                                       []string
}

// resolveLinks checks that the customer exists and is a customer, and that
// a linked order and shipment are the customer's (and agree with each
// other) and a linked product exists.
func (s *Service) resolveLinks(ctx context.Context, in TicketInput) (links, error) {
	var l links
	var v apperr.Validator
	cust, err := s.parties.FindParty(ctx, in.CustomerID)
	switch {
	case apperr.CodeOf(err) == apperr.CodeNotFound:
		v.Add("customer_id", "not_found", "no customer with this ID or code")
	case err != nil:
		return l, err
	case !slices.Contains(cust.Roles, "customer"):
		v.Add("customer_id", "not_a_customer", "the party is not a customer")
	default:
		l.customerID, l.tags = cust.ID, cust.Tags
	}
	if in.OrderID != "" {
		o, err := s.sales.FindOrder(ctx, in.OrderID)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound || apperr.KindOf(err) == apperr.KindForbidden:
			v.Add("order_id", "not_found", "no order with this ID or number")
		case err != nil:
			return l, err
		case l.customerID != "" && o.CustomerID != l.customerID:
			v.Add("order_id", "other_customer", "the order is another customer's")
		default:
			l.orderID = o.ID
		}
	}
	if in.ShipmentID != "" {
		sh, err := s.sales.FindShipment(ctx, in.ShipmentID)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound || apperr.KindOf(err) == apperr.KindForbidden:
			v.Add("shipment_id", "not_found", "no shipment with this ID or number")
		case err != nil:
			return l, err
		case l.customerID != "" && sh.CustomerID != l.customerID:
			v.Add("shipment_id", "other_customer", "the shipment is another customer's")
		case l.orderID != "" && sh.OrderID != l.orderID:
			v.Add("shipment_id", "other_order", "the shipment is of another order")
		default:
			l.shipmentID = sh.ID
		}
	}
	if in.ProductID != "" {
		p, err := s.products.FindProduct(ctx, in.ProductID)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound:
			v.Add("product_id", "not_found", "no product with this ID, code or barcode")
		case err != nil:
			return l, err
		default:
			l.productID = p.ID
		}
	}
	return l, v.Err()
}

// CreateTicket opens a ticket: it gets its number, its SLA targets (the
// policy of its priority and the customer's tier, counted in business
// time from now) and an agent chosen by the assignment rules, unless one is
// given. Errors: validation_failed (customer_id, order_id, shipment_id,
// product_id not_found or other_customer, assignee_id not_an_agent).
func (s *Service) CreateTicket(ctx context.Context, in TicketInput) (Ticket, error) {
	if err := in.check(); err != nil {
		return Ticket{}, err
	}
	l, err := s.resolveLinks(ctx, in)
	if err != nil {
		return Ticket{}, err
	}
	var t Ticket
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		opened := s.now()
		t = Ticket{ID: id.New("tkt"), Subject: in.Subject, Description: strings.TrimSpace(in.Description), Channel: in.Channel,
			CustomerID: l.customerID, ContactName: in.ContactName, ContactEmail: in.ContactEmail, Category: in.Category, Priority: in.Priority,
			Status: StatusNew, OrderID: l.orderID, ProductID: l.productID, ShipmentID: l.shipmentID, SLA: SLA{OpenedAt: opened},
			Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		var err error
		if t.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "TK", Year: opened.Year()}); err != nil {
			return err
		}
		if err := s.applyPolicyTx(ctx, tx, &t, l.tags, true, true); err != nil {
			return err
		}
		if in.AssigneeID != "" {
			a, err := findAgent(ctx, tx, in.AssigneeID)
			if err != nil || !a.Active {
				return apperr.Invalid("not an active agent", apperr.Field("assignee_id", "not_an_agent", "an active agent"))
			}
			t.AssigneeID, t.AssigneeName, t.AssignmentRule = a.UserID, a.Name, RuleManual
		} else if t.AssigneeID, t.AssigneeName, t.AssignmentRule, err = assignTx(ctx, tx, t.Category); err != nil {
			return err
		}
		if err := insertTicket(ctx, tx, t); err != nil {
			return err
		}
		if err := recordTicket(ctx, tx, EventTicketCreated, audit.ActionCreate, nil, t); err != nil {
			return err
		}
		if t.AssigneeID == "" {
			return nil
		}
		_, err = outbox.Append(ctx, tx, outbox.New{Type: EventTicketAssigned, AggregateType: "ticket", AggregateID: t.ID, Payload: t})
		return err
	})
	return t, err
}

// applyPolicyTx sets the SLA targets of a ticket from the policy that
// covers it now; only the targets asked for (not yet met) change.
func (s *Service) applyPolicyTx(ctx context.Context, tx *db.Tx, t *Ticket, tags []string, response, resolution bool) error {
	policies, err := findPolicies(ctx, tx)
	if err != nil {
		return err
	}
	p, ok := policyFor(policies, t.Priority, tags)
	if !ok {
		return nil
	}
	cal, err := findCalendar(ctx, tx, p.CalendarID)
	if err != nil {
		return err
	}
	var next SLA
	next.OpenedAt = t.SLA.OpenedAt
	targets(&next, p, cal)
	t.SLA.PolicyID = p.ID
	if response {
		t.SLA.FirstResponseDue, t.SLA.FirstResponseWarn = next.FirstResponseDue, next.FirstResponseWarn
	}
	if resolution {
		t.SLA.ResolutionDue, t.SLA.ResolutionWarn = next.ResolutionDue, next.ResolutionWarn
	}
	return nil
}

// assignTx chooses the agent of a new ticket: among the active agents
// with the category as a skill (any active agent when none has it), the
// one with the fewest open tickets; a tie goes to the one who got a
// ticket longest ago (round robin). The choice is made under a lock, so
// tickets created at the same moment see each other's assignment and never
// all pick the same "least loaded" agent.
func assignTx(ctx context.Context, tx *db.Tx, category string) (userID, name, rule string, err error) {
	if err := tx.Lock(ctx, "support.assignment"); err != nil {
		return "", "", "", err
	}
	all, seq, err := candidates(ctx, tx)
	if err != nil {
		return "", "", "", err
	}
	pool := slices.DeleteFunc(slices.Clone(all), func(c candidate) bool { return !slices.Contains(c.skills, category) })
	least, robin := RuleSkillLeastLoad, RuleSkillRoundRobin
	if len(pool) == 0 {
		pool, least, robin = all, RuleAnyLeastLoad, RuleAnyRoundRobin
	}
	if len(pool) == 0 {
		return "", "", RuleNoAgent, nil
	}
	slices.SortFunc(pool, func(a, b candidate) int {
		if a.load != b.load {
			return a.load - b.load
		}
		if a.lastAssigned != b.lastAssigned {
			if a.lastAssigned < b.lastAssigned {
				return -1
			}
			return 1
		}
		return strings.Compare(a.userID, b.userID)
	})
	rule = least
	if len(pool) > 1 && pool[0].load == pool[1].load {
		rule = robin
	}
	if _, err := tx.ExecContext(ctx, `UPDATE support_agent SET last_assigned = $1 WHERE user_id = $2`, seq+1, pool[0].userID); err != nil {
		return "", "", "", err
	}
	return pool[0].userID, pool[0].name, rule, nil
}

// changeTicket runs fn on a locked ticket of the given version (0: any) and
// saves what it changed.
func (s *Service) changeTicket(ctx context.Context, key string, version int64, fn func(tx *db.Tx, t *Ticket) error) (Ticket, error) {
	var after Ticket
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := lockTicket(ctx, tx, key)
		if err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return apperr.VersionConflict("ticket")
		}
		// The new version and time are set first, so the events fn
		// publishes carry them.
		after = before
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := fn(tx, &after); err != nil {
			return err
		}
		if err := saveTicket(ctx, tx, before, &after); err != nil {
			return err
		}
		// The answer is the whole ticket, conversation included, as a read gives it.
		after.Messages, err = findMessages(ctx, tx, after.ID)
		return err
	})
	return after, err
}

// UpdateTicket changes a ticket's subject, category, priority or assignee.
// A new priority recomputes the SLA targets not yet met or breached.
// Errors: not_found, version_conflict, ticket_closed, validation_failed
// (assignee_id not_an_agent).
func (s *Service) UpdateTicket(ctx context.Context, key string, upd TicketUpdate, version int64) (Ticket, error) {
	var before Ticket
	return s.changeTicket(ctx, key, version, func(tx *db.Tx, t *Ticket) error {
		before = *t
		if t.Status == StatusClosed {
			return ErrClosed
		}
		var v apperr.Validator
		if upd.Subject != nil {
			t.Subject = strings.TrimSpace(*upd.Subject)
			v.Check(t.Subject != "", "subject", "required", "what the customer needs")
		}
		if upd.Category != nil {
			t.Category = strings.ToLower(strings.TrimSpace(*upd.Category))
			v.Check(t.Category != "", "category", "required", "what it is about")
		}
		if upd.Priority != nil {
			v.Check(slices.Contains(Priorities, *upd.Priority), "priority", "invalid", "one of "+strings.Join(Priorities, ", "))
			t.Priority = *upd.Priority
		}
		if err := v.Err(); err != nil {
			return err
		}
		if t.Priority != before.Priority {
			cust, err := s.parties.CustomerTx(ctx, tx, t.CustomerID)
			if err != nil {
				return err
			}
			response := t.SLA.FirstRespondedAt == nil && t.SLA.ResponseBreachedAt == nil
			resolution := t.SLA.ResolvedAt == nil && t.SLA.ResolutionBreachedAt == nil
			if err := s.applyPolicyTx(ctx, tx, t, cust.Tags, response, resolution); err != nil {
				return err
			}
		}
		if upd.AssigneeID != nil && *upd.AssigneeID != t.AssigneeID {
			t.AssigneeID, t.AssigneeName, t.AssignmentRule = "", "", ""
			if *upd.AssigneeID != "" {
				a, err := findAgent(ctx, tx, *upd.AssigneeID)
				if err != nil || !a.Active {
					return apperr.Invalid("not an active agent", apperr.Field("assignee_id", "not_an_agent", "an active agent"))
				}
				t.AssigneeID, t.AssigneeName, t.AssignmentRule = a.UserID, a.Name, RuleManual
			}
		}
		return s.publishUpdate(ctx, tx, before, *t)
	})
}

// publishUpdate publishes the events of an update in its transaction.
func (s *Service) publishUpdate(ctx context.Context, tx *db.Tx, before, after Ticket) error {
	if err := recordTicket(ctx, tx, EventTicketUpdated, audit.ActionUpdate, &before, after); err != nil {
		return err
	}
	if after.AssigneeID != before.AssigneeID && after.AssigneeID != "" {
		_, err := outbox.Append(ctx, tx, outbox.New{Type: EventTicketAssigned, AggregateType: "ticket", AggregateID: after.ID, Payload: after})
		return err
	}
	return nil
}

// ChangeStatus moves a ticket along its life: resolving stops the
// resolution clock and counts a resolution (so it can be rated), reopening
// a resolved ticket starts it again, closing ends the ticket. Errors:
// not_found, version_conflict, invalid_transition.
func (s *Service) ChangeStatus(ctx context.Context, key string, in StatusInput, version int64) (Ticket, error) {
	return s.changeTicket(ctx, key, version, func(tx *db.Tx, t *Ticket) error {
		before := *t
		if !CanMove(t.Status, in.Status) {
			return ErrTransition
		}
		s.move(t, in.Status)
		return s.publishStatus(ctx, tx, before, *t)
	})
}

// move sets a ticket's status and the SLA times that go with it.
func (s *Service) move(t *Ticket, status string) {
	now := s.now()
	switch status {
	case StatusResolved:
		t.SLA.ResolvedAt = &now
		t.Resolutions++
	case StatusClosed:
		t.SLA.ClosedAt = &now
	case StatusOpen:
		t.SLA.ResolvedAt = nil
	}
	t.Status = status
}

func (s *Service) publishStatus(ctx context.Context, tx *db.Tx, before, after Ticket) error {
	if before.Status == after.Status {
		return nil
	}
	if err := recordTicket(ctx, tx, EventTicketStatusChanged, "status", &before, after); err != nil {
		return err
	}
	if after.Status == StatusResolved {
		_, err := outbox.Append(ctx, tx, outbox.New{Type: EventTicketResolved, AggregateType: "ticket", AggregateID: after.ID, Payload: after})
		return err
	}
	return nil
}

// AddMessage adds a public message or an internal note. An agent's first
// public message is the first response (the SLA's first target) and opens
// a new ticket; a customer's message reopens a ticket that waited on them
// or was resolved. Errors: not_found, ticket_closed, validation_failed.
func (s *Service) AddMessage(ctx context.Context, key string, in MessageInput) (Ticket, error) {
	body := strings.TrimSpace(in.Body)
	var v apperr.Validator
	v.Check(body != "", "body", "required", "the message")
	v.Check(in.Kind == KindPublic || in.Kind == KindInternal, "kind", "invalid", "public or internal")
	v.Check(!in.FromCustomer || in.Kind == KindPublic, "kind", "invalid", "a customer's message is public")
	if err := v.Err(); err != nil {
		return Ticket{}, err
	}
	return s.changeTicket(ctx, key, 0, func(tx *db.Tx, t *Ticket) error {
		before := *t
		if t.Status == StatusClosed {
			return ErrClosed
		}
		m := Message{ID: id.New("msg"), TicketID: t.ID, Kind: in.Kind, Body: body, CreatedAt: tx.Now()}
		if in.FromCustomer {
			m.AuthorName = t.ContactName
			if m.AuthorName == "" {
				m.AuthorName = "Customer"
			}
			if t.Status == StatusPendingCustomer || t.Status == StatusResolved {
				s.move(t, StatusOpen)
			}
		} else {
			m.AuthorID, m.AuthorName = userOf(ctx)
			if in.Kind == KindPublic {
				if t.SLA.FirstRespondedAt == nil {
					now := s.now()
					t.SLA.FirstRespondedAt = &now
				}
				if t.Status == StatusNew {
					s.move(t, StatusOpen)
				}
			}
		}
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		event := EventTicketMessage
		if m.Kind == KindInternal {
			event = EventTicketNote
		}
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "ticket", AggregateID: t.ID, Payload: m}); err != nil {
			return err
		}
		if err := audit.RecordTx(ctx, tx, "ticket_message", m.ID, audit.ActionCreate, nil, m); err != nil {
			return err
		}
		return s.publishStatus(ctx, tx, before, *t)
	})
}

// Rate records the customer's satisfaction with the latest resolution,
// once per resolution. Errors: not_found, not_resolved,
// csat_already_given, validation_failed.
func (s *Service) Rate(ctx context.Context, key string, in CSATInput) (Ticket, error) {
	if in.Score < 1 || in.Score > 5 {
		return Ticket{}, apperr.Invalid("a score from 1 to 5", apperr.Field("score", "out_of_range", "1 to 5"))
	}
	return s.changeTicket(ctx, key, 0, func(tx *db.Tx, t *Ticket) error {
		before := *t
		if t.Status != StatusResolved && t.Status != StatusClosed {
			return ErrCSATNotReady
		}
		if t.CSAT != nil && t.CSAT.Resolution == t.Resolutions {
			return ErrCSATGiven
		}
		t.CSAT = &CSAT{Score: in.Score, Comment: strings.TrimSpace(in.Comment), Resolution: t.Resolutions}
		return recordTicket(ctx, tx, EventTicketRated, "rate", &before, *t)
	})
}

// FindTicket returns a ticket with its messages and notes, by ID or number.
// Errors: not_found.
func (s *Service) FindTicket(ctx context.Context, key string) (Ticket, error) {
	t, err := findTicket(ctx, s.db, key, "")
	if err != nil {
		return t, err
	}
	t.Messages, err = findMessages(ctx, s.db, t.ID)
	return t, err
}

// FindTickets lists tickets, newest first.
func (s *Service) FindTickets(ctx context.Context, f TicketFilter) ([]Ticket, error) {
	return findTickets(ctx, s.db, f)
}

// TicketParty returns the customer of a ticket the principal may see: the
// CRM logs activities against tickets with it.
func (s *Service) TicketParty(ctx context.Context, ticketID string) (string, error) {
	t, err := s.FindTicket(ctx, ticketID)
	return t.CustomerID, err
}

// OpenTicketCounts returns, per customer, how many tickets are neither
// resolved nor closed: the CRM's open-tickets segment criterion.
func (s *Service) OpenTicketCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT customer_id, COUNT(*) FROM support_ticket WHERE status NOT IN ($1, $2) GROUP BY customer_id`,
		StatusResolved, StatusClosed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
