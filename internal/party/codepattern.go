package party

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// PermSettings allows changing the party settings (code patterns).
const PermSettings = "party.settings.update"

// CodePattern is how codes of new parties of a role are made: {seq:N} is
// the next number of the role's series padded to N digits, and {yyyy} the
// year, which makes the series start again every year.
type CodePattern struct {
	Role    string `json:"role" enum:"customer,supplier"`
	Pattern string `json:"pattern" doc:"e.g. CUST-{seq:5} or C{yyyy}-{seq:4}."`
}

var patternSyntax = regexp.MustCompile(`^[A-Z0-9._-]*(\{(seq:[1-9]|yyyy)\}[A-Z0-9._-]*)+$`)

// ErrBadPattern reports a code pattern that cannot make valid codes.
var ErrBadPattern = apperr.Invalid("not a code pattern",
	apperr.Field("pattern", "invalid", "upper-case letters, digits, '.', '_' or '-' with exactly one {seq:N} (N 1–9) and optionally {yyyy}"))

func checkPattern(p string) error {
	if !patternSyntax.MatchString(p) || strings.Count(p, "{seq:") != 1 || strings.Count(p, "{yyyy}") > 1 {
		return ErrBadPattern
	}
	if !codeFormat.MatchString(renderCode(p, 1, 2026)) || len(renderCode(p, 999999999, 2026)) > 40 {
		return ErrBadPattern
	}
	return nil
}

// renderCode makes the code of number n in year.
func renderCode(pattern string, n int64, year int) string {
	return formatCode(strings.ReplaceAll(pattern, "{yyyy}", itoa4(year)), n)
}

func itoa4(y int) string { return fmt.Sprintf("%04d", y) }

// patternOf returns the code pattern of a role: the saved one or the
// default.
func patternOf(ctx context.Context, q db.Querier, role string) (string, error) {
	var p string
	err := q.QueryRowContext(ctx, `SELECT pattern FROM party_code_pattern WHERE role = $1`, role).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return codePatterns[role], nil
	}
	return p, err
}

// nextCodeTx takes the next free code of a role's pattern.
func nextCodeTx(ctx context.Context, tx *db.Tx, role string) (string, error) {
	pattern, err := patternOf(ctx, tx, role)
	if err != nil {
		return "", err
	}
	key := sequence.Key{Type: "party_" + role, Year: 0}
	if strings.Contains(pattern, "{yyyy}") {
		key.Year = tx.Now().Year()
	}
	for {
		n, err := sequence.NextTx(ctx, tx, key)
		if err != nil {
			return "", err
		}
		code := renderCode(pattern, n, tx.Now().Year())
		// A number may be taken by a code someone typed or by a merged
		// party's alias; checking first keeps a PostgreSQL transaction from
		// aborting on the insert.
		taken, err := codeTaken(ctx, tx, code)
		if err != nil || !taken {
			return code, err
		}
	}
}

// CodePatterns returns the code pattern of each role.
func (s *Service) CodePatterns(ctx context.Context) ([]CodePattern, error) {
	var out []CodePattern
	for _, role := range []string{RoleCustomer, RoleSupplier} {
		p, err := patternOf(ctx, s.db, role)
		if err != nil {
			return nil, err
		}
		out = append(out, CodePattern{Role: role, Pattern: p})
	}
	return out, nil
}

// SetCodePattern changes how codes of new parties of a role are made;
// existing codes stay. Errors: validation_failed.
func (s *Service) SetCodePattern(ctx context.Context, role, pattern string) (CodePattern, error) {
	pattern = strings.TrimSpace(pattern)
	if role != RoleCustomer && role != RoleSupplier {
		return CodePattern{}, apperr.NotFound("role")
	}
	if err := checkPattern(pattern); err != nil {
		return CodePattern{}, err
	}
	after := CodePattern{Role: role, Pattern: pattern}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := patternOf(ctx, tx, role)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_code_pattern (role, pattern, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (role) DO UPDATE SET pattern = excluded.pattern, updated_at = excluded.updated_at`, role, pattern, tx.Now()); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "party_code_pattern", role, audit.ActionUpdate, CodePattern{Role: role, Pattern: old}, after)
	})
	return after, err
}
