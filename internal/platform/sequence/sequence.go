// Package sequence hands out gap-free document numbers per document type and
// year, such as SO-2026-00042.
//
// A number is taken inside the caller's transaction by incrementing a
// counter row, so the row stays locked until that transaction ends: numbers
// are issued one transaction at a time, and a rolled-back document gives its
// number back. That is what makes the series gap-free (which auditors and tax
// authorities ask of invoices) at the price of serialising documents of one
// type; the lock is held only for the rest of the use case.
package sequence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
)

// Key names one series: a document type prefix such as "SO" or "INV" and a
// business year. Year 0 is a series that never restarts (master-data codes
// such as CUST-00042).
type Key struct {
	Type string
	Year int
}

// NextTx takes the next number of the series in tx. The first number of a
// series is 1.
func NextTx(ctx context.Context, tx *db.Tx, k Key) (int64, error) {
	if k.Type == "" || strings.ContainsAny(k.Type, " -") || k.Year < 0 || k.Year > 9999 {
		return 0, fmt.Errorf("sequence: invalid key %+v", k)
	}
	n, err := bump(ctx, tx, k)
	if errors.Is(err, sql.ErrNoRows) {
		// First number of the series. Concurrent first takers both insert;
		// ON CONFLICT makes the loser wait for the winner and then bump the
		// row the winner made.
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO doc_sequence (doc_type, year, last_value) VALUES ($1, $2, 0) ON CONFLICT (doc_type, year) DO NOTHING`,
			k.Type, k.Year); err != nil {
			return 0, fmt.Errorf("sequence: create %s-%d: %w", k.Type, k.Year, err)
		}
		n, err = bump(ctx, tx, k)
	}
	if err != nil {
		return 0, fmt.Errorf("sequence: next %s-%d: %w", k.Type, k.Year, err)
	}
	return n, nil
}

func bump(ctx context.Context, tx *db.Tx, k Key) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx,
		`UPDATE doc_sequence SET last_value = last_value + 1 WHERE doc_type = $1 AND year = $2 RETURNING last_value`,
		k.Type, k.Year).Scan(&n)
	return n, err
}

// Format renders a number as TYPE-YEAR-NNNNN, padded to five digits (wider
// numbers are printed in full, never truncated).
func Format(k Key, n int64) string {
	return fmt.Sprintf("%s-%04d-%05d", k.Type, k.Year, n)
}

// NumberTx takes the next number and formats it, e.g. "SO-2026-00001".
func NumberTx(ctx context.Context, tx *db.Tx, k Key) (string, error) {
	n, err := NextTx(ctx, tx, k)
	if err != nil {
		return "", err
	}
	return Format(k, n), nil
}
