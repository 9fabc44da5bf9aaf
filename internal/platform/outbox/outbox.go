// Package outbox records domain events in the same transaction as the change
// they describe, so an event exists if and only if its change committed.
// Nothing leaves the process before commit. The Dispatcher (dispatch.go)
// takes committed events in a safe order, creates a delivery per event and
// subscriber, and hands them to Sinks (webhooks, NATS) at least once, in
// order per aggregate; consumers deduplicate by event ID. Feed (feed.go)
// serves the same events to pull consumers.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Event is a domain event as stored. Type is versioned and dotted, e.g.
// "sales.order.confirmed.v1"; Aggregate names the resource it is about.
type Event struct {
	Seq           int64           `json:"-"`
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	AggregateType string          `json:"aggregate_type"`
	AggregateID   string          `json:"aggregate_id"`
	Payload       json.RawMessage `json:"payload"`
	OccurredAt    time.Time       `json:"occurred_at"`
	// Actor is who caused the event (authz.Principal.ActorID), e.g.
	// "usr_…", "usr_…/tok_…" or "system:jobs"; empty for events older than
	// the column.
	Actor string `json:"actor"`
}

// New describes an event to append: its type, the resource it is about and
// its payload, which is marshalled to JSON.
type New struct {
	Type          string
	AggregateType string
	AggregateID   string
	Payload       any
}

// Append stores ev in tx with a new event ID, the transaction's time and the
// principal of ctx as its actor, and returns it. The row is written with
// the transaction's other events in one statement just before commit, so
// the returned event has no Seq yet.
func Append(ctx context.Context, tx *db.Tx, ev New) (Event, error) {
	if ev.Type == "" || ev.AggregateType == "" || ev.AggregateID == "" {
		return Event{}, fmt.Errorf("outbox: event needs a type and an aggregate: %+v", ev)
	}
	payload, err := json.Marshal(ev.Payload)
	if err != nil {
		return Event{}, fmt.Errorf("outbox: marshal %s payload: %w", ev.Type, err)
	}
	e := Event{
		ID:            id.New("evt"),
		Type:          ev.Type,
		AggregateType: ev.AggregateType,
		AggregateID:   ev.AggregateID,
		Payload:       payload,
		OccurredAt:    tx.Now(),
		Actor:         "system",
	}
	if p := authz.FromContext(ctx); p != nil {
		e.Actor = p.ActorID()
	}
	// One INSERT at commit gives the transaction's events their seqs in
	// append order.
	tx.Batch(`INSERT INTO outbox_event (id, type, aggregate_type, aggregate_id, payload, occurred_at, actor) VALUES `, 7).
		Add(e.ID, e.Type, e.AggregateType, e.AggregateID, string(e.Payload), e.OccurredAt, e.Actor)
	return e, nil
}

// After returns up to limit events with a sequence number greater than
// after, in sequence order.
func After(ctx context.Context, q db.Querier, after int64, limit int) ([]Event, error) {
	return query(ctx, q, `SELECT seq, id, type, aggregate_type, aggregate_id, payload, occurred_at, actor
		 FROM outbox_event WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
}

// Ref names a resource events are about.
type Ref struct {
	Type string
	ID   string
}

// About returns the latest events about any of the resources, newest
// first: a record's history, e.g. a customer's timeline.
func About(ctx context.Context, q db.Querier, refs []Ref, limit int) ([]Event, error) {
	if len(refs) == 0 {
		return []Event{}, nil
	}
	// One IN list per resource type, so each is a range of the aggregate
	// index rather than a scan testing every pair.
	ids := map[string][]string{}
	var types []string
	for _, r := range refs {
		if _, ok := ids[r.Type]; !ok {
			types = append(types, r.Type)
		}
		ids[r.Type] = append(ids[r.Type], r.ID)
	}
	var cond []string
	var args []any
	for _, t := range types {
		args = append(args, t)
		in := make([]string, len(ids[t]))
		for i, id := range ids[t] {
			args = append(args, id)
			in[i] = "$" + strconv.Itoa(len(args))
		}
		cond = append(cond, "(aggregate_type = $"+strconv.Itoa(len(args)-len(in))+" AND aggregate_id IN ("+strings.Join(in, ", ")+"))")
	}
	args = append(args, limit)
	return query(ctx, q, `SELECT seq, id, type, aggregate_type, aggregate_id, payload, occurred_at, actor FROM outbox_event WHERE `+
		strings.Join(cond, " OR ")+` ORDER BY seq DESC LIMIT $`+strconv.Itoa(len(args)), args...)
}

func query(ctx context.Context, q db.Querier, query string, args ...any) ([]Event, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var payload []byte
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.AggregateType, &e.AggregateID, &payload, &e.OccurredAt, &e.Actor); err != nil {
			return nil, err
		}
		e.Payload = payload
		e.OccurredAt = e.OccurredAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
