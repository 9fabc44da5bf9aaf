package approval

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
)

const policyColumns = `id, name, document_type, reason_code, expression, approver_role, band_currency, band_min_minor, band_max_minor,
	priority, active, version, created_at, updated_at`

// band splits a policy's amount band into its stored columns.
func band(p Policy) (string, any, any) {
	cur := ""
	var lo, hi any
	if p.MinAmount != nil {
		cur, lo = string(p.MinAmount.Currency()), p.MinAmount.Minor()
	}
	if p.MaxAmount != nil {
		cur, hi = string(p.MaxAmount.Currency()), p.MaxAmount.Minor()
	}
	return cur, lo, hi
}

func insertPolicy(ctx context.Context, tx *db.Tx, p Policy) error {
	cur, lo, hi := band(p)
	_, err := tx.ExecContext(ctx, `INSERT INTO approval_policy (`+policyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		p.ID, p.Name, p.DocumentType, p.ReasonCode, p.Expression, p.ApproverRole, cur, lo, hi, p.Priority, p.Active, p.Version, p.CreatedAt, p.UpdatedAt)
	return err
}

func updatePolicy(ctx context.Context, tx *db.Tx, p Policy, version int64) (bool, error) {
	cur, lo, hi := band(p)
	res, err := tx.ExecContext(ctx, `UPDATE approval_policy SET name = $1, document_type = $2, reason_code = $3, expression = $4,
		approver_role = $5, band_currency = $6, band_min_minor = $7, band_max_minor = $8, priority = $9, active = $10, version = $11,
		updated_at = $12 WHERE id = $13 AND version = $14`,
		p.Name, p.DocumentType, p.ReasonCode, p.Expression, p.ApproverRole, cur, lo, hi, p.Priority, p.Active, p.Version, p.UpdatedAt, p.ID, version)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func scanPolicy(s interface{ Scan(...any) error }) (Policy, error) {
	var p Policy
	var cur string
	var lo, hi sql.NullInt64
	if err := s.Scan(&p.ID, &p.Name, &p.DocumentType, &p.ReasonCode, &p.Expression, &p.ApproverRole, &cur, &lo, &hi,
		&p.Priority, &p.Active, &p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return p, err
	}
	if lo.Valid || hi.Valid {
		c, err := money.ParseCurrency(cur)
		if err != nil {
			return p, err
		}
		if lo.Valid {
			a := money.New(lo.Int64, c)
			p.MinAmount = &a
		}
		if hi.Valid {
			a := money.New(hi.Int64, c)
			p.MaxAmount = &a
		}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

func findPolicy(ctx context.Context, q db.Querier, key string) (Policy, error) {
	p, err := scanPolicy(q.QueryRowContext(ctx, `SELECT `+policyColumns+` FROM approval_policy WHERE id = $1 OR name = $1`, key))
	if err != nil {
		return Policy{}, db.NotFound(err, "approval policy")
	}
	return p, nil
}

func findPolicies(ctx context.Context, q db.Querier, documentType string, activeOnly bool) ([]Policy, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+policyColumns+` FROM approval_policy WHERE ($1 = '' OR document_type = $1)
		AND ($2 = FALSE OR active = TRUE) ORDER BY document_type, priority, name`, documentType, activeOnly)
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

const requestColumns = `id, document_type, document_id, document_number, round, policy_id, policy_name, reason_code, approver_role,
	amount_minor, currency, status, requested_by, requested_at, decided_by, decided_at, comment, cycle_seconds, version, requested_name,
	decided_name`

func insertRequest(ctx context.Context, tx *db.Tx, r Request) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO approval_request (`+requestColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		r.ID, r.DocumentType, r.DocumentID, r.DocumentNumber, r.Round, r.PolicyID, r.PolicyName, r.ReasonCode, r.ApproverRole,
		r.Amount.Minor(), string(r.Amount.Currency()), r.Status, r.RequestedBy, r.RequestedAt, r.DecidedBy, r.DecidedAt, r.Comment,
		r.CycleSeconds, r.Version, r.RequestedName, r.DecidedName)
	return err
}

func scanRequest(s interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var amount int64
	var cur string
	var decided sql.NullTime
	var cycle sql.NullInt64
	if err := s.Scan(&r.ID, &r.DocumentType, &r.DocumentID, &r.DocumentNumber, &r.Round, &r.PolicyID, &r.PolicyName, &r.ReasonCode,
		&r.ApproverRole, &amount, &cur, &r.Status, &r.RequestedBy, &r.RequestedAt, &r.DecidedBy, &decided, &r.Comment, &cycle, &r.Version,
		&r.RequestedName, &r.DecidedName); err != nil {
		return r, err
	}
	c, err := money.ParseCurrency(cur)
	if err != nil {
		return r, err
	}
	r.Amount, r.RequestedAt = money.New(amount, c), r.RequestedAt.UTC()
	if decided.Valid {
		t := decided.Time.UTC()
		r.DecidedAt = &t
	}
	if cycle.Valid {
		r.CycleSeconds = &cycle.Int64
	}
	return r, nil
}

func findRequest(ctx context.Context, q db.Querier, requestID string) (Request, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM approval_request WHERE id = $1`, requestID))
	if err != nil {
		return Request{}, db.NotFound(err, "approval request")
	}
	return r, nil
}

// RequestSorts are the columns a list of requests may be sorted by; ids
// grow with time, so "created" is the id.
var RequestSorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "requested_at", Column: "requested_at", Time: true},
	{Name: "document_number", Column: "document_number"},
	{Name: "amount", Column: "amount_minor", Numeric: true},
	{Name: "status", Column: "status"},
}

// SortValue is r's value of a sort field, for the cursor of a page ending
// at r.
func (r Request) SortValue(field string) string {
	switch field {
	case "requested_at":
		return page.TimeValue(r.RequestedAt)
	case "document_number":
		return r.DocumentNumber
	case "amount":
		return strconv.FormatInt(r.Amount.Minor(), 10)
	case "status":
		return r.Status
	}
	return r.ID
}

// requestQuery is a RequestFilter with the principal's visibility.
type requestQuery struct {
	filter RequestFilter
	all    bool
	super  bool
	user   string
	roles  []string
}

func findRequests(ctx context.Context, q db.Querier, rq requestQuery) ([]Request, error) {
	f := rq.filter
	args := []any{f.Status, f.DocumentType, f.DocumentID}
	where := []string{`($1 = '' OR status = $1)`, `($2 = '' OR document_type = $2)`, `($3 = '' OR document_id = $3)`}
	// arg adds a parameter and returns its placeholder; PostgreSQL refuses
	// parameters the statement does not use.
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	roleIn := func() string {
		if len(rq.roles) == 0 {
			return "FALSE"
		}
		var ph []string
		for _, r := range rq.roles {
			ph = append(ph, arg(r))
		}
		return "approver_role IN (" + strings.Join(ph, ", ") + ")"
	}
	switch {
	case f.Actionable:
		// Nobody decides their own document, so it is not in their inbox;
		// a super user without roles may decide anything.
		if !rq.super || len(rq.roles) > 0 {
			where = append(where, roleIn(), "requested_by <> "+arg(rq.user))
		}
	case !rq.all:
		where = append(where, "("+roleIn()+" OR requested_by = "+arg(rq.user)+")")
	}
	after, args, orderBy, err := f.Sort.Or(page.Sort{Field: "created", Column: "id"}).Clause(f.After, args)
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+requestColumns+` FROM approval_request WHERE `+strings.Join(where, " AND ")+after+
		` ORDER BY `+orderBy+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Request{}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
