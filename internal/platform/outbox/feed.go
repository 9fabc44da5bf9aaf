package outbox

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
)

// FeedEvent is an event with its position in the feed.
type FeedEvent struct {
	Event
	Position int64
}

// Feed returns up to limit events after position after, in feed order,
// selected by type patterns (see Matches). The feed holds the events the
// fan-out has taken, numbered in the order it took them, so a reader's
// cursor never skips an event that committed late.
func Feed(ctx context.Context, q db.Querier, after int64, patterns []string, limit int) ([]FeedEvent, error) {
	args := []any{after}
	where := "position > $1"
	var ors []string
	for _, p := range patterns {
		if p == "*" {
			ors = nil
			break
		}
		if strings.HasSuffix(p, ".*") {
			args = append(args, strings.TrimSuffix(p, "*")+"%")
			ors = append(ors, "type LIKE $"+strconv.Itoa(len(args)))
		} else {
			args = append(args, p)
			ors = append(ors, "type = $"+strconv.Itoa(len(args)))
		}
	}
	if len(ors) > 0 {
		where += " AND (" + strings.Join(ors, " OR ") + ")"
	}
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+`, position FROM outbox_event WHERE `+where+
		` ORDER BY position LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FeedEvent{}
	for rows.Next() {
		var e FeedEvent
		var payload []byte
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.AggregateType, &e.AggregateID, &payload, &e.OccurredAt, &e.Actor, &e.Position); err != nil {
			return nil, err
		}
		e.Payload = payload
		e.OccurredAt = e.OccurredAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Prune deletes, in batches, the events that occurred before cutoff, were
// fanned out and have no delivery still open, with their finished
// deliveries and attempts. It returns how many events it deleted.
func Prune(ctx context.Context, d *db.DB, cutoff time.Time) (int, error) {
	total := 0
	for {
		n := 0
		err := d.InTx(ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT seq FROM outbox_event e WHERE occurred_at < $1 AND position IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.event_seq = e.seq AND d.status IN ('pending', 'sending'))
				ORDER BY seq LIMIT 500`, cutoff)
			if err != nil {
				return err
			}
			var seqs []int64
			for rows.Next() {
				var s int64
				if err := rows.Scan(&s); err != nil {
					rows.Close()
					return err
				}
				seqs = append(seqs, s)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, s := range seqs {
				if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_attempt WHERE delivery_id IN (SELECT id FROM outbox_delivery WHERE event_seq = $1)`, s); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_delivery WHERE event_seq = $1`, s); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_event WHERE seq = $1`, s); err != nil {
					return err
				}
			}
			n = len(seqs)
			return nil
		})
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}
