package quality

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
)

// Snapshot is one entity's quality on one day.
type Snapshot struct {
	Day          string `json:"day" doc:"Business date, YYYY-MM-DD (UTC)."`
	Entity       string `json:"entity"`
	Records      int    `json:"records"`
	Invalid      int    `json:"invalid"`
	Duplicates   int    `json:"duplicates"`
	AverageScore int    `json:"average_score"`
	// Anomaly is set when the day's share of invalid or duplicate records
	// rose sharply against the seven days before (see Snapshots).
	Anomaly bool   `json:"anomaly"`
	Reason  string `json:"reason,omitempty"`
}

// Save records today's figures of a report. A later save on the same day
// replaces them, so the day keeps its last known state; several nodes saving
// at once is harmless.
func Save(ctx context.Context, d *db.DB, day time.Time, r *Report) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quality_snapshot (day, entity, records, invalid, duplicates, average_score, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (day, entity) DO UPDATE SET records = excluded.records, invalid = excluded.invalid,
				duplicates = excluded.duplicates, average_score = excluded.average_score, created_at = excluded.created_at`,
			day.UTC().Format(time.DateOnly), r.Entity, r.Records, r.Invalid, r.Duplicates, r.AverageScore, tx.Now())
		return err
	})
}

// Snapshots returns an entity's snapshots of the last days days, oldest
// first, each flagged as an anomaly when its share of invalid (or duplicate)
// records exceeds the mean share of the seven snapshots before it by more
// than half again plus five percentage points — a rule that ignores noise on
// small tables and catches a bad import.
func Snapshots(ctx context.Context, q db.Querier, entity string, since time.Time) ([]Snapshot, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, entity, records, invalid, duplicates, average_score FROM quality_snapshot
		WHERE entity = $1 AND day >= $2 ORDER BY day`, entity, since.UTC().AddDate(0, 0, -7).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []Snapshot
	for rows.Next() {
		var s Snapshot
		if err := rows.Scan(&s.Day, &s.Entity, &s.Records, &s.Invalid, &s.Duplicates, &s.AverageScore); err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []Snapshot{}
	first := since.UTC().Format(time.DateOnly)
	for i, s := range all {
		prev := all[max(0, i-7):i]
		flag(&s, prev)
		if s.Day >= first {
			out = append(out, s)
		}
	}
	return out, nil
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// flag marks s as an anomaly against the snapshots before it. Shares are
// ratios for display-free comparison only; no money or quantity is
// involved, so floating point is fine here.
func flag(s *Snapshot, prev []Snapshot) {
	if len(prev) == 0 {
		return
	}
	var inv, dup float64
	for _, p := range prev {
		inv += share(p.Invalid, p.Records)
		dup += share(p.Duplicates, p.Records)
	}
	inv /= float64(len(prev))
	dup /= float64(len(prev))
	switch {
	case share(s.Invalid, s.Records) > inv*1.5+0.05:
		s.Anomaly, s.Reason = true, "invalid records rose sharply"
	case share(s.Duplicates, s.Records) > dup*1.5+0.05:
		s.Anomaly, s.Reason = true, "duplicate records rose sharply"
	}
}
