package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
)

// ImportOptions control an import run by Run.
type ImportOptions struct {
	// DryRun checks every row and writes nothing.
	DryRun bool
	// SkipInvalid stores the valid rows and skips the others; without it a
	// single bad row means nothing is written (all or nothing).
	SkipInvalid bool
	// MaxProblems bounds the problems kept in the result (default 1000);
	// all are counted.
	MaxProblems int
	// Progress, when set, is called every few hundred rows with the rows
	// read so far, and once at the end.
	Progress func(rows int)
}

// ImportResult reports what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows         int       `json:"rows"`
	Created      int       `json:"created"`
	Updated      int       `json:"updated"`
	Unchanged    int       `json:"unchanged"`
	Skipped      int       `json:"skipped"`
	Problems     []Problem `json:"problems"`
	ProblemCount int       `json:"problem_count"`
	DryRun       bool      `json:"dry_run"`
	// Written is false when nothing was stored: a dry run, or an
	// all-or-nothing import with problems.
	Written bool `json:"written"`
}

// Outcome is what one row did.
type Outcome int

// Outcomes of a row.
const (
	Created Outcome = iota + 1
	Updated
	Unchanged
)

// RowFunc checks one row and, when write is true, stores it in tx. It
// returns an *apperr.Error for a bad row (its field errors become
// problems) and any other error to abort the import.
type RowFunc func(ctx context.Context, tx *db.Tx, row Row, write bool) (Outcome, error)

// batch is the number of rows per transaction when invalid rows are
// skipped; an all-or-nothing import is one transaction.
const batch = 500

var errDiscard = errors.New("discard the import's changes")

// Run streams the rows of r through fn. Rows are checked completely before
// anything is written, so a bad row never reaches the database and the
// transaction needs no savepoints (which PostgreSQL makes expensive by the
// thousand). column names the file column of an input field, for problems.
func Run(ctx context.Context, d *db.DB, r *Reader, opts ImportOptions, column func(field string) string, fn RowFunc) (ImportResult, error) {
	if opts.MaxProblems == 0 {
		opts.MaxProblems = 1000
	}
	res := ImportResult{DryRun: opts.DryRun, Problems: []Problem{}}
	for done := false; !done; {
		err := d.InTxOnce(ctx, func(tx *db.Tx) error {
			for n := 0; !opts.SkipInvalid || n < batch; n++ {
				row, err := r.Next()
				if err == io.EOF {
					done = true
					break
				}
				if err != nil {
					return err
				}
				res.Rows++
				if err := res.row(ctx, tx, row, opts, column, fn); err != nil {
					return fmt.Errorf("row %d: %w", row.Number, err)
				}
				if opts.Progress != nil && res.Rows%batch == 0 {
					opts.Progress(res.Rows)
				}
			}
			if opts.DryRun || (!opts.SkipInvalid && res.ProblemCount > 0) {
				return errDiscard
			}
			return nil
		})
		if err != nil && !errors.Is(err, errDiscard) {
			return res, err
		}
	}
	if opts.Progress != nil {
		opts.Progress(res.Rows)
	}
	res.Written = !opts.DryRun && (opts.SkipInvalid || res.ProblemCount == 0)
	return res, nil
}

// Add counts a problem, keeping at most max of them.
func (res *ImportResult) Add(p Problem, max int) {
	res.ProblemCount++
	if max == 0 || len(res.Problems) < max {
		res.Problems = append(res.Problems, p)
	}
}

func (res *ImportResult) row(ctx context.Context, tx *db.Tx, row Row, opts ImportOptions, column func(string) string, fn RowFunc) error {
	for _, p := range row.Problems {
		res.Add(p, opts.MaxProblems)
	}
	if len(row.Problems) > 0 {
		res.Skipped++
		return nil
	}
	// A dry run, or an all-or-nothing import with a bad row, will be rolled
	// back anyway: keep checking the rest, write nothing.
	write := !opts.DryRun && (opts.SkipInvalid || res.ProblemCount == 0)
	out, err := fn(ctx, tx, row, write)
	if err != nil {
		ae, ok := apperr.As(err)
		if !ok || ae.Kind == apperr.KindInternal {
			return err
		}
		res.Skipped++
		if len(ae.Fields) == 0 {
			res.Add(Problem{Row: row.Number, Code: ae.Code, Message: ae.Message}, opts.MaxProblems)
		}
		for _, f := range ae.Fields {
			res.Add(Problem{Row: row.Number, Column: column(f.Field), Code: f.Code, Message: f.Message}, opts.MaxProblems)
		}
		return nil
	}
	switch out {
	case Created:
		res.Created++
	case Updated:
		res.Updated++
	default:
		res.Unchanged++
	}
	return nil
}

// BindImport resolves the columns of an import: the mapping given, or else
// one matched by header against fields. When required columns are missing
// it returns the result to report instead (nothing is read or written).
func BindImport(header []string, m Mapping, fields []Field, dryRun bool) (*Binding, *ImportResult, error) {
	if m == nil {
		var probs []Problem
		m, probs = AutoMap(header, fields)
		if len(probs) > 0 {
			res := &ImportResult{DryRun: dryRun}
			for _, p := range probs {
				res.Add(p, 0)
			}
			return nil, res, nil
		}
	}
	b, err := m.Bind(header)
	return b, nil, err
}
