package billing

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// Permission to import statements and reconcile them.
const PermReconcile = "billing.payment.reconcile"

// EventReconciled: a payment was matched with the bank's statement line.
const EventReconciled = "billing.payment.reconciled.v1"

// StatementLine is a line of the bank's statement: money in (positive) or
// out. Reconciling it with a payment confirms the bank has the money.
type StatementLine struct {
	ID           string        `json:"id"`
	BookedOn     calendar.Date `json:"booked_on" format:"date"`
	Amount       money.Amount  `json:"amount"`
	Reference    string        `json:"reference,omitempty"`
	Counterparty string        `json:"counterparty,omitempty"`
	PaymentID    string        `json:"payment_id,omitempty" doc:"The payment it is reconciled with."`
	ReconciledAt *time.Time    `json:"reconciled_at,omitempty"`
	// Suggested is a bank payment not yet reconciled with the same amount
	// and currency, received within a week of the line (or whose number
	// the reference names).
	Suggested string `json:"suggested_payment_id,omitempty"`
}

// StatementImport reports an imported statement.
type StatementImport struct {
	Imported   int               `json:"imported"`
	Duplicates int               `json:"duplicates" doc:"Lines imported before, skipped."`
	Problems   []tabular.Problem `json:"problems" doc:"Rows that could not be read; nothing is imported when there are any."`
	Lines      []StatementLine   `json:"lines" doc:"The new lines, with suggested payments."`
}

// ImportStatement reads a CSV statement with the columns date, amount,
// currency, reference and counterparty (header names; amounts as decimal
// strings, negative for money out) and stores its new lines: all or none.
// Errors: validation_failed (the file), the problems by row otherwise.
func (s *Service) ImportStatement(ctx context.Context, file io.Reader) (StatementImport, error) {
	r, err := tabular.OpenCSV(file, tabular.Options{})
	if err != nil {
		return StatementImport{}, apperr.Invalid("not a CSV file", apperr.Field("file", "unreadable", err.Error()))
	}
	defer r.Close()
	col := map[string]int{}
	for i, h := range r.Header() {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var missing []string
	for _, c := range []string{"date", "amount", "currency"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return StatementImport{}, apperr.Invalid("the statement lacks columns", apperr.Field("file", "missing_columns", strings.Join(missing, ", ")))
	}
	out := StatementImport{Problems: []tabular.Problem{}, Lines: []StatementLine{}}
	var lines []StatementLine
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(row.Values) {
				return strings.TrimSpace(row.Values[i])
			}
			return ""
		}
		problem := func(column, code, msg string) {
			out.Problems = append(out.Problems, tabular.Problem{Row: row.Number, Column: column, Code: code, Message: msg})
		}
		day, err := calendar.ParseDate(get("date"))
		if err != nil {
			problem("date", "invalid", "a date YYYY-MM-DD")
		}
		cur, err := money.ParseCurrency(get("currency"))
		if err != nil {
			problem("currency", "invalid", "an ISO 4217 code")
			continue
		}
		amount, err := money.Parse(get("amount"), cur)
		if err != nil || amount.IsZero() {
			problem("amount", "invalid", "a decimal amount other than 0, negative for money out")
			continue
		}
		lines = append(lines, StatementLine{ID: id.New("stl"), BookedOn: day, Amount: amount, Reference: get("reference"), Counterparty: get("counterparty")})
	}
	if len(out.Problems) > 0 {
		return out, nil
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		out.Imported, out.Duplicates, out.Lines = 0, 0, []StatementLine{}
		for _, l := range lines {
			res, err := tx.ExecContext(ctx, `INSERT INTO billing_statement_line (id, booked_on, currency, amount_minor, reference, counterparty,
				payment_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7) ON CONFLICT DO NOTHING`, l.ID, l.BookedOn.String(),
				string(l.Amount.Currency()), l.Amount.Minor(), l.Reference, l.Counterparty, tx.Now())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				out.Duplicates++
				continue
			}
			if l.Suggested, err = suggest(ctx, tx, l); err != nil {
				return err
			}
			out.Imported++
			out.Lines = append(out.Lines, l)
			if err := audit.RecordTx(ctx, tx, "statement_line", l.ID, audit.ActionCreate, nil, l); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// suggest finds a bank payment for a line, of the same amount and not yet
// reconciled: one whose number the reference names, else the earliest
// received in the week up to the line's day.
func suggest(ctx context.Context, q db.Querier, l StatementLine) (string, error) {
	if l.Amount.Sign() <= 0 {
		return "", nil
	}
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.number, p.received_on FROM billing_payment p WHERE p.method = 'bank' AND p.currency = $1
		AND p.amount_minor = $2 AND NOT EXISTS (SELECT 1 FROM billing_statement_line s WHERE s.payment_id = p.id)
		ORDER BY p.received_on, p.id LIMIT 100`, string(l.Amount.Currency()), l.Amount.Minor())
	if err != nil {
		return "", err
	}
	defer rows.Close()
	from, to := l.BookedOn.AddDays(-7).String(), l.BookedOn.String()
	byDate := ""
	for rows.Next() {
		var pid, number, on string
		if err := rows.Scan(&pid, &number, &on); err != nil {
			return "", err
		}
		if l.Reference != "" && strings.Contains(l.Reference, number) {
			return pid, nil
		}
		if byDate == "" && on >= from && on <= to {
			byDate = pid
		}
	}
	return byDate, rows.Err()
}

// ErrNotMatching is returned when a payment and a statement line differ.
var ErrNotMatching = apperr.Conflict("not_matching", "the payment and the statement line differ in amount, currency or method")

// Reconcile matches a statement line with a bank payment of the same
// amount and currency. Errors: not_found, invalid_state (either is
// reconciled already), not_matching.
func (s *Service) Reconcile(ctx context.Context, lineID, paymentID string) (StatementLine, error) {
	var after StatementLine
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findStatementLine(ctx, tx, lineID)
		if err != nil {
			return err
		}
		if before.PaymentID != "" {
			return ErrInvalidState
		}
		p, err := findPayment(ctx, tx, paymentID)
		if err != nil {
			return err
		}
		if p.Method != "bank" || p.Amount != before.Amount {
			return ErrNotMatching
		}
		now := tx.Now()
		after = before
		after.PaymentID, after.ReconciledAt, after.Suggested = p.ID, &now, ""
		_, err = tx.ExecContext(ctx, `UPDATE billing_statement_line SET payment_id = $1, reconciled_at = $2 WHERE id = $3 AND payment_id = ''`,
			p.ID, now, before.ID)
		if db.IsUniqueViolation(err) {
			return ErrInvalidState // the payment is reconciled with another line
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, "statement_line", after.ID, p.CustomerID, "reconcile", EventReconciled, before, after)
	})
	return after, err
}

// Unreconcile undoes a reconciliation. Errors: not_found, invalid_state.
func (s *Service) Unreconcile(ctx context.Context, lineID string) (StatementLine, error) {
	var after StatementLine
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findStatementLine(ctx, tx, lineID)
		if err != nil {
			return err
		}
		if before.PaymentID == "" {
			return ErrInvalidState
		}
		after = before
		after.PaymentID, after.ReconciledAt = "", nil
		if _, err := tx.ExecContext(ctx, `UPDATE billing_statement_line SET payment_id = '', reconciled_at = NULL WHERE id = $1`, before.ID); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "statement_line", after.ID, "unreconcile", before, after)
	})
	return after, err
}

const statementColumns = `id, booked_on, currency, amount_minor, reference, counterparty, payment_id, reconciled_at`

func scanStatementLine(s interface{ Scan(...any) error }) (StatementLine, error) {
	var l StatementLine
	var on, cur string
	var minor int64
	var at sql.NullTime
	if err := s.Scan(&l.ID, &on, &cur, &minor, &l.Reference, &l.Counterparty, &l.PaymentID, &at); err != nil {
		return l, err
	}
	c, err := money.ParseCurrency(cur)
	if err != nil {
		return l, err
	}
	if l.BookedOn, err = calendar.ParseDate(on); err != nil {
		return l, err
	}
	l.Amount = money.New(minor, c)
	if at.Valid {
		t := at.Time.UTC()
		l.ReconciledAt = &t
	}
	return l, nil
}

func findStatementLine(ctx context.Context, q db.Querier, lineID string) (StatementLine, error) {
	l, err := scanStatementLine(q.QueryRowContext(ctx, `SELECT `+statementColumns+` FROM billing_statement_line WHERE id = $1`, lineID))
	if err != nil {
		return StatementLine{}, db.NotFound(err, "statement line")
	}
	return l, nil
}

// FindStatementLines lists statement lines by booking day, the open ones
// (not reconciled) or all, with suggestions for the open ones.
func (s *Service) FindStatementLines(ctx context.Context, open bool, after string, limit int) ([]StatementLine, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+statementColumns+` FROM billing_statement_line WHERE ($1 = FALSE OR payment_id = '')
		AND id > $2 ORDER BY id LIMIT $3`, open, after, limit)
	if err != nil {
		return nil, err
	}
	var out []StatementLine
	for rows.Next() {
		l, err := scanStatementLine(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].PaymentID == "" {
			if out[i].Suggested, err = suggest(ctx, s.db, out[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
