package support

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/page"
)

type scanner interface{ Scan(...any) error }

// Agents

func upsertAgent(ctx context.Context, tx *db.Tx, a Agent, exists bool) error {
	skills, _ := json.Marshal(a.Skills)
	if exists {
		_, err := tx.ExecContext(ctx, `UPDATE support_agent SET name = $1, skills = $2, active = $3, version = $4, updated_at = $5 WHERE user_id = $6`,
			a.Name, string(skills), a.Active, a.Version, a.UpdatedAt, a.UserID)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO support_agent (user_id, name, skills, active, last_assigned, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 0, $5, $6, $7)`, a.UserID, a.Name, string(skills), a.Active, a.Version, a.CreatedAt, a.UpdatedAt)
	return err
}

const agentQuery = `SELECT a.user_id, a.name, a.skills, a.active, a.version, a.created_at, a.updated_at,
	(SELECT COUNT(*) FROM support_ticket t WHERE t.assignee_id = a.user_id AND t.status IN ('new', 'open', 'pending_customer'))
	FROM support_agent a`

func scanAgent(s scanner) (Agent, error) {
	var a Agent
	var skills string
	err := s.Scan(&a.UserID, &a.Name, &skills, &a.Active, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.OpenLoad)
	if err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	err = json.Unmarshal([]byte(skills), &a.Skills)
	return a, err
}

func findAgent(ctx context.Context, q db.Querier, userID string) (Agent, error) {
	a, err := scanAgent(q.QueryRowContext(ctx, agentQuery+` WHERE a.user_id = $1`, userID))
	return a, db.NotFound(err, "agent")
}

func findAgents(ctx context.Context, q db.Querier) ([]Agent, error) {
	rows, err := q.QueryContext(ctx, agentQuery+` ORDER BY a.name, a.user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// candidate is an active agent as the assignment sees it.
type candidate struct {
	userID, name string
	skills       []string
	load         int
	lastAssigned int64
}

func candidates(ctx context.Context, q db.Querier) ([]candidate, int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.user_id, a.name, a.skills, a.last_assigned,
		(SELECT COUNT(*) FROM support_ticket t WHERE t.assignee_id = a.user_id AND t.status IN ('new', 'open', 'pending_customer'))
		FROM support_agent a WHERE a.active ORDER BY a.user_id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []candidate
	var maxSeq int64
	for rows.Next() {
		var c candidate
		var skills string
		if err := rows.Scan(&c.userID, &c.name, &skills, &c.lastAssigned, &c.load); err != nil {
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(skills), &c.skills); err != nil {
			return nil, 0, err
		}
		maxSeq = max(maxSeq, c.lastAssigned)
		out = append(out, c)
	}
	return out, maxSeq, rows.Err()
}

// Calendars

func insertCalendar(ctx context.Context, tx *db.Tx, c Calendar) error {
	hours, _ := json.Marshal(c.Hours)
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_calendar (id, name, time_zone, hours, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ID, c.Name, c.TimeZone, string(hours), c.Version, c.CreatedAt, c.UpdatedAt); err != nil {
		if db.IsUniqueViolation(err) {
			return apperr.Invalid("a calendar has this name", apperr.Field("name", "duplicate", "another name"))
		}
		return err
	}
	return insertHolidays(ctx, tx, c)
}

func insertHolidays(ctx context.Context, tx *db.Tx, c Calendar) error {
	for _, h := range c.Holidays {
		if _, err := tx.ExecContext(ctx, `INSERT INTO support_holiday (calendar_id, day, name) VALUES ($1, $2, $3)`,
			c.ID, h.Date.String(), h.Name); err != nil {
			return err
		}
	}
	return nil
}

func updateCalendar(ctx context.Context, tx *db.Tx, c Calendar, version int64) error {
	hours, _ := json.Marshal(c.Hours)
	res, err := tx.ExecContext(ctx, `UPDATE support_calendar SET name = $1, time_zone = $2, hours = $3, version = version + 1, updated_at = $4
		WHERE id = $5 AND version = $6`, c.Name, c.TimeZone, string(hours), c.UpdatedAt, c.ID, version)
	if db.IsUniqueViolation(err) {
		return apperr.Invalid("a calendar has this name", apperr.Field("name", "duplicate", "another name"))
	}
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "support_calendar", c.ID, "calendar"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM support_holiday WHERE calendar_id = $1`, c.ID); err != nil {
		return err
	}
	return insertHolidays(ctx, tx, c)
}

func findCalendar(ctx context.Context, q db.Querier, key string) (Calendar, error) {
	var c Calendar
	var hours string
	err := q.QueryRowContext(ctx, `SELECT id, name, time_zone, hours, version, created_at, updated_at FROM support_calendar
		WHERE id = $1 OR name = $1`, strings.TrimSpace(key)).Scan(&c.ID, &c.Name, &c.TimeZone, &hours, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return c, db.NotFound(err, "calendar")
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(hours), &c.Hours); err != nil {
		return c, err
	}
	rows, err := q.QueryContext(ctx, `SELECT day, name FROM support_holiday WHERE calendar_id = $1 ORDER BY day`, c.ID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	c.Holidays = []Holiday{}
	for rows.Next() {
		var day, name string
		if err := rows.Scan(&day, &name); err != nil {
			return c, err
		}
		d, err := calendar.ParseDate(day)
		if err != nil {
			return c, err
		}
		c.Holidays = append(c.Holidays, Holiday{Date: d, Name: name})
	}
	return c, rows.Err()
}

func findCalendars(ctx context.Context, q db.Querier) ([]Calendar, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM support_calendar ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []Calendar{}
	for _, id := range ids {
		c, err := findCalendar(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Policies

const policyColumns = `id, name, priority, tier, calendar_id, first_response_minutes, resolution_minutes, warn_percent, active, version,
	created_at, updated_at`

func scanPolicy(s scanner) (Policy, error) {
	var p Policy
	err := s.Scan(&p.ID, &p.Name, &p.Priority, &p.Tier, &p.CalendarID, &p.FirstResponseMinutes, &p.ResolutionMinutes, &p.WarnPercent,
		&p.Active, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func policyErr(err error) error {
	if db.IsUniqueViolation(err) {
		if strings.Contains(err.Error(), "name") {
			return apperr.Invalid("a policy has this name", apperr.Field("name", "duplicate", "another name"))
		}
		return ErrPolicyTaken
	}
	return err
}

func insertPolicy(ctx context.Context, tx *db.Tx, p Policy) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO support_sla_policy (`+policyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		p.ID, p.Name, p.Priority, p.Tier, p.CalendarID, p.FirstResponseMinutes, p.ResolutionMinutes, p.WarnPercent, p.Active, p.Version,
		p.CreatedAt, p.UpdatedAt)
	return policyErr(err)
}

func updatePolicy(ctx context.Context, tx *db.Tx, p Policy, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE support_sla_policy SET name = $1, priority = $2, tier = $3, calendar_id = $4,
		first_response_minutes = $5, resolution_minutes = $6, warn_percent = $7, active = $8, version = version + 1, updated_at = $9
		WHERE id = $10 AND version = $11`, p.Name, p.Priority, p.Tier, p.CalendarID, p.FirstResponseMinutes, p.ResolutionMinutes,
		p.WarnPercent, p.Active, p.UpdatedAt, p.ID, version)
	if err != nil {
		return policyErr(err)
	}
	return db.CheckVersion(ctx, tx, res, "support_sla_policy", p.ID, "SLA policy")
}

func findPolicy(ctx context.Context, q db.Querier, key string) (Policy, error) {
	p, err := scanPolicy(q.QueryRowContext(ctx, `SELECT `+policyColumns+` FROM support_sla_policy WHERE id = $1 OR name = $1`, key))
	return p, db.NotFound(err, "SLA policy")
}

func findPolicies(ctx context.Context, q db.Querier) ([]Policy, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+policyColumns+` FROM support_sla_policy ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Policy{}
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Tickets

const ticketColumns = `t.id, t.number, t.subject, t.description, t.channel, t.customer_id, t.contact_name, t.contact_email, t.category,
	t.priority, t.status, t.order_id, t.product_id, t.shipment_id, t.assignee_id, t.assignment_rule, t.sla_policy_id, t.opened_at,
	t.first_response_due, t.first_response_warn, t.resolution_due, t.resolution_warn, t.first_responded_at, t.resolved_at, t.closed_at,
	t.response_warned_at, t.response_breached_at, t.resolution_warned_at, t.resolution_breached_at, t.escalated_at, t.resolutions,
	t.csat_score, t.csat_comment, t.csat_resolution, t.version, t.created_at, t.updated_at, COALESCE(a.name, '')`

const ticketFrom = ` FROM support_ticket t LEFT JOIN support_agent a ON a.user_id = t.assignee_id`

func scanTicket(s scanner) (Ticket, error) {
	var t Ticket
	var times [13]sql.NullTime
	var score sql.NullInt64
	var comment string
	var csatRes int
	err := s.Scan(&t.ID, &t.Number, &t.Subject, &t.Description, &t.Channel, &t.CustomerID, &t.ContactName, &t.ContactEmail, &t.Category,
		&t.Priority, &t.Status, &t.OrderID, &t.ProductID, &t.ShipmentID, &t.AssigneeID, &t.AssignmentRule, &t.SLA.PolicyID, &t.SLA.OpenedAt,
		&times[0], &times[1], &times[2], &times[3], &times[4], &times[5], &times[6], &times[7], &times[8], &times[9], &times[10], &times[11],
		&t.Resolutions, &score, &comment, &csatRes, &t.Version, &t.CreatedAt, &t.UpdatedAt, &t.AssigneeName)
	if err != nil {
		return t, err
	}
	ptr := func(n sql.NullTime) *time.Time {
		if !n.Valid {
			return nil
		}
		v := n.Time.UTC()
		return &v
	}
	sl := &t.SLA
	sl.OpenedAt = sl.OpenedAt.UTC()
	sl.FirstResponseDue, sl.FirstResponseWarn, sl.ResolutionDue, sl.ResolutionWarn = ptr(times[0]), ptr(times[1]), ptr(times[2]), ptr(times[3])
	sl.FirstRespondedAt, sl.ResolvedAt, sl.ClosedAt = ptr(times[4]), ptr(times[5]), ptr(times[6])
	sl.ResponseWarnedAt, sl.ResponseBreachedAt, sl.ResolutionWarnedAt, sl.ResolutionBreachedAt = ptr(times[7]), ptr(times[8]), ptr(times[9]), ptr(times[10])
	sl.EscalatedAt = ptr(times[11])
	if score.Valid {
		t.CSAT = &CSAT{Score: int(score.Int64), Comment: comment, Resolution: csatRes}
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, nil
}

func nt(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func insertTicket(ctx context.Context, tx *db.Tx, t Ticket) error {
	sl := t.SLA
	_, err := tx.ExecContext(ctx, `INSERT INTO support_ticket (id, number, subject, description, channel, customer_id, contact_name,
		contact_email, category, priority, status, order_id, product_id, shipment_id, assignee_id, assignment_rule, sla_policy_id, opened_at,
		first_response_due, first_response_warn, resolution_due, resolution_warn, resolutions, csat_comment, csat_resolution, version,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, 0, '', 0, $23, $24, $25)`,
		t.ID, t.Number, t.Subject, t.Description, t.Channel, t.CustomerID, t.ContactName, t.ContactEmail, t.Category, t.Priority, t.Status,
		t.OrderID, t.ProductID, t.ShipmentID, t.AssigneeID, t.AssignmentRule, sl.PolicyID, sl.OpenedAt, nt(sl.FirstResponseDue),
		nt(sl.FirstResponseWarn), nt(sl.ResolutionDue), nt(sl.ResolutionWarn), t.Version, t.CreatedAt, t.UpdatedAt)
	return err
}

// saveTicket writes a changed ticket (its Version already the next one)
// if the row still has the version it was read with.
func saveTicket(ctx context.Context, tx *db.Tx, before Ticket, after *Ticket) error {
	sl := after.SLA
	var score any
	comment, csatRes := "", 0
	if after.CSAT != nil {
		score, comment, csatRes = after.CSAT.Score, after.CSAT.Comment, after.CSAT.Resolution
	}
	res, err := tx.ExecContext(ctx, `UPDATE support_ticket SET subject = $1, category = $2, priority = $3, status = $4, assignee_id = $5,
		assignment_rule = $6, sla_policy_id = $7, first_response_due = $8, first_response_warn = $9, resolution_due = $10,
		resolution_warn = $11, first_responded_at = $12, resolved_at = $13, closed_at = $14, response_warned_at = $15,
		response_breached_at = $16, resolution_warned_at = $17, resolution_breached_at = $18, escalated_at = $19, resolutions = $20,
		csat_score = $21, csat_comment = $22, csat_resolution = $23, version = $24, updated_at = $25 WHERE id = $26 AND version = $27`,
		after.Subject, after.Category, after.Priority, after.Status, after.AssigneeID, after.AssignmentRule, sl.PolicyID,
		nt(sl.FirstResponseDue), nt(sl.FirstResponseWarn), nt(sl.ResolutionDue), nt(sl.ResolutionWarn), nt(sl.FirstRespondedAt),
		nt(sl.ResolvedAt), nt(sl.ClosedAt), nt(sl.ResponseWarnedAt), nt(sl.ResponseBreachedAt), nt(sl.ResolutionWarnedAt),
		nt(sl.ResolutionBreachedAt), nt(sl.EscalatedAt), after.Resolutions, score, comment, csatRes, after.Version, after.UpdatedAt,
		after.ID, before.Version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "support_ticket", after.ID, "ticket")
}

// findTicket reads a ticket by ID or number; forUpdate locks its row on
// PostgreSQL until the transaction ends.
func findTicket(ctx context.Context, q db.Querier, key string, lock string) (Ticket, error) {
	t, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.id = $1 OR t.number = $1`+lock, key))
	return t, db.NotFound(err, "ticket")
}

// lockTicket reads a ticket for a change: its row is locked on PostgreSQL
// (SQLite's single writer already serialises changes).
func lockTicket(ctx context.Context, tx *db.Tx, key string) (Ticket, error) {
	lock := ""
	if tx.Dialect() == db.Postgres {
		lock = " FOR UPDATE OF t"
	}
	return findTicket(ctx, tx, key, lock)
}

// TicketFilter selects tickets for a list.
type TicketFilter struct {
	Status     []string
	AssigneeID string
	Unassigned bool
	CustomerID string
	Category   string
	Priority   string
	Escalated  bool
	Breached   bool
	Q          string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// priorityRank orders priorities by urgency rather than by name.
const priorityRank = `CASE t.priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 ELSE 4 END`

// TicketSorts are the columns a list of tickets may be sorted by; ids grow
// with time, so "created" is the id, and priority sorts by urgency.
var TicketSorts = []page.SortField{
	{Name: "created", Column: "t.id"},
	{Name: "updated", Column: "t.updated_at", Time: true},
	{Name: "number", Column: "t.number"},
	{Name: "subject", Column: "t.subject"},
	{Name: "priority", Column: priorityRank, Numeric: true},
	{Name: "status", Column: "t.status"},
}

// SortValue is t's value of a sort field, for the cursor of a page ending
// at t.
func (t Ticket) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(t.UpdatedAt)
	case "number":
		return t.Number
	case "subject":
		return t.Subject
	case "priority":
		// As priorityRank ranks it.
		if r, ok := map[string]int{"low": 1, "normal": 2, "high": 3}[t.Priority]; ok {
			return strconv.Itoa(r)
		}
		return "4"
	case "status":
		return t.Status
	}
	return t.ID
}

func findTickets(ctx context.Context, q db.Querier, f TicketFilter) ([]Ticket, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	if len(f.Status) > 0 {
		var ph []string
		for _, s := range f.Status {
			ph = append(ph, arg(s))
		}
		where = append(where, "t.status IN ("+strings.Join(ph, ", ")+")")
	}
	if f.AssigneeID != "" {
		where = append(where, "t.assignee_id = "+arg(f.AssigneeID))
	}
	if f.Unassigned {
		where = append(where, "t.assignee_id = ''")
	}
	if f.CustomerID != "" {
		where = append(where, "t.customer_id = "+arg(f.CustomerID))
	}
	if f.Category != "" {
		where = append(where, "t.category = "+arg(strings.ToLower(f.Category)))
	}
	if f.Priority != "" {
		where = append(where, "t.priority = "+arg(f.Priority))
	}
	if f.Escalated {
		where = append(where, "t.escalated_at IS NOT NULL")
	}
	if f.Breached {
		where = append(where, "(t.response_breached_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL)")
	}
	if p := db.Contains(f.Q); p != "" {
		ph := arg(p)
		where = append(where, "(LOWER(t.subject) LIKE "+ph+` ESCAPE '\' OR LOWER(t.number) LIKE `+ph+` ESCAPE '\')`)
	}
	sort := f.Sort.Or(page.Sort{Field: "created", Column: "t.id", Desc: true})
	sort.IDColumn = "t.id"
	after, more, orderBy, err := sort.Keyset(f.After, len(args)+1)
	if err != nil {
		return nil, err
	}
	if after != "" {
		where = append(where, after)
		args = append(args, more...)
	}
	query := `SELECT ` + ticketColumns + ticketFrom
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY " + orderBy + " LIMIT " + arg(max(f.Limit, 1))
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Ticket{}
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func insertMessage(ctx context.Context, tx *db.Tx, m Message) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO support_message (id, ticket_id, kind, author_id, author_name, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.ID, m.TicketID, m.Kind, m.AuthorID, m.AuthorName, m.Body, m.CreatedAt)
	return err
}

func findMessages(ctx context.Context, q db.Querier, ticketID string) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ticket_id, kind, author_id, author_name, body, created_at FROM support_message
		WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Kind, &m.AuthorID, &m.AuthorName, &m.Body, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// dueTickets returns the IDs of open tickets with an SLA warning or breach
// not yet acted on as of now.
func dueTickets(ctx context.Context, q db.Querier, now time.Time) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM support_ticket WHERE status IN ('new', 'open', 'pending_customer') AND (
		(first_responded_at IS NULL AND ((first_response_warn <= $1 AND response_warned_at IS NULL) OR
			(first_response_due <= $1 AND response_breached_at IS NULL))) OR
		(resolution_warn <= $1 AND resolution_warned_at IS NULL) OR
		(resolution_due <= $1 AND resolution_breached_at IS NULL)) ORDER BY id`, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }
