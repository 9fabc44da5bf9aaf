package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Delivery statuses.
const (
	Pending   = "pending"   // waiting for its (next) attempt
	Sending   = "sending"   // claimed by a node, under a lease
	Delivered = "delivered" // the subscriber acknowledged it
	Failed    = "failed"    // given up: its retry window ended, or retrying cannot help
	Cancelled = "cancelled" // the subscriber went away (an endpoint switched off)
)

// Subscriber is one receiver of events. Name is unique across sinks: the
// sink's name, optionally followed by ":" and the receiver's ID
// ("webhook:whe_…", "nats").
type Subscriber struct {
	Name string
	// Types selects the events it receives (see Matches); none means all.
	Types []string
}

// Attempt is the outcome of one delivery attempt.
type Attempt struct {
	OK bool
	// StatusCode is the HTTP status answered, 0 when there was none.
	StatusCode int
	// Error says why the attempt failed.
	Error string
	// Response is the start of the answer, kept in the log.
	Response string
	// Permanent means retrying cannot help (the subscriber is gone): the
	// delivery fails at once.
	Permanent bool
}

// Sink delivers events to the subscribers of one kind (webhook endpoints,
// NATS).
type Sink interface {
	// Name prefixes the names of the sink's subscribers.
	Name() string
	// Subscribers lists the subscribers as of now; the fan-out asks in its
	// transaction.
	Subscribers(ctx context.Context, q db.Querier) ([]Subscriber, error)
	// Deliver sends one event to one subscriber. It runs outside any
	// transaction; body is the envelope as JSON.
	Deliver(ctx context.Context, subscriber string, ev Envelope, body []byte) Attempt
	// GaveUp runs in the transaction that records that a delivery failed
	// for the whole retry window (e.g. to switch a webhook endpoint off).
	GaveUp(ctx context.Context, tx *db.Tx, subscriber string, d Delivery) error
}

// Delivery is one event for one subscriber and its progress.
type Delivery struct {
	ID            int64      `json:"id"`
	Subscriber    string     `json:"subscriber"`
	EventID       string     `json:"event_id"`
	EventType     string     `json:"event_type"`
	Aggregate     string     `json:"aggregate" doc:"aggregate_type:aggregate_id; deliveries of one aggregate go in order."`
	Status        string     `json:"status" enum:"pending,sending,delivered,failed,cancelled"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at" nullable:"true" doc:"When a pending delivery is tried next."`
	LastAttemptAt *time.Time `json:"last_attempt_at" nullable:"true"`
	LastStatus    *int       `json:"last_status" nullable:"true" doc:"The HTTP status of the last attempt, if any."`
	LastError     string     `json:"last_error"`
	DeliveredAt   *time.Time `json:"delivered_at" nullable:"true"`
	CreatedAt     time.Time  `json:"created_at"`
	retrySince    *time.Time
	eventSeq      int64
}

// AttemptLog is a recorded attempt of a delivery.
type AttemptLog struct {
	N          int       `json:"n"`
	StartedAt  time.Time `json:"started_at"`
	DurationMS int       `json:"duration_ms"`
	OK         bool      `json:"ok"`
	StatusCode *int      `json:"status_code" nullable:"true"`
	Error      string    `json:"error"`
	Response   string    `json:"response" doc:"The start of the answer."`
}

// Dispatcher moves committed events to their subscribers.
//
// The fan-out (Pump) takes events in a safe order and creates a delivery
// per event and matching subscriber, in one transaction under the
// outbox_pump row lock, so two nodes never fan out the same event. On
// PostgreSQL seq values are taken at insert, not commit, so a bare
// "seq > cursor" read could skip an event that commits late; the fan-out
// works through intervals of writing-transaction IDs below
// pg_snapshot_xmin, the oldest transaction still running: no event in such
// an interval can still appear. SQLite's single writer commits in seq order.
//
// Senders (DeliverDue) claim due deliveries under a lease (FOR UPDATE SKIP
// LOCKED on PostgreSQL), skipping any whose aggregate has an earlier
// delivery to the same subscriber still open, so each subscriber sees the
// events of one aggregate in order. An attempt runs outside any
// transaction; its outcome is recorded only by the claim's holder. A node
// that dies mid-send leaves its lease to expire and the delivery is sent
// again: at least once, deduplicated by event ID.
type Dispatcher struct {
	db    *db.DB
	log   *slog.Logger
	now   func() time.Time
	sinks []Sink

	// BatchSize bounds the events one fan-out round takes and the
	// deliveries one sender claims.
	BatchSize int
	// Lease is how long a claimed delivery is reserved for its sender; the
	// sender renews it while it works.
	Lease time.Duration
	// Poll is how often idle loops look for work.
	Poll time.Duration
	// RetryWindow is how long after its fan-out (or a manual redelivery) a
	// failing delivery is retried: 3 days.
	RetryWindow time.Duration
	// FirstRetry and MaxRetry bound the exponential backoff between attempts.
	FirstRetry, MaxRetry time.Duration
}

// NewDispatcher returns a dispatcher on the real clock with no sinks.
func NewDispatcher(d *db.DB, log *slog.Logger) *Dispatcher {
	return &Dispatcher{db: d, log: log, now: func() time.Time { return time.Now().UTC() },
		BatchSize: 200, Lease: 20 * time.Second, Poll: 200 * time.Millisecond,
		RetryWindow: 72 * time.Hour, FirstRetry: 10 * time.Second, MaxRetry: 4 * time.Hour}
}

// SetClock makes the dispatcher schedule by now (tests use a fake clock).
func (d *Dispatcher) SetClock(now func() time.Time) { d.now = now }

// Register adds a sink; register every sink before Run.
func (d *Dispatcher) Register(s Sink) { d.sinks = append(d.sinks, s) }

func (d *Dispatcher) sinkFor(subscriber string) Sink {
	for _, s := range d.sinks {
		if subscriber == s.Name() || (len(subscriber) > len(s.Name()) && subscriber[:len(s.Name())+1] == s.Name()+":") {
			return s
		}
	}
	return nil
}

// Run fans out and delivers until ctx ends: one fan-out loop and senders
// concurrent senders.
func (d *Dispatcher) Run(ctx context.Context, senders int) {
	var wg sync.WaitGroup
	loop := func(step func(context.Context) (int, error), what string) {
		defer wg.Done()
		for ctx.Err() == nil {
			n, err := step(ctx)
			if err != nil && ctx.Err() == nil {
				d.log.Warn("outbox "+what+" failed", "error", err)
			}
			if n > 0 && err == nil {
				continue
			}
			select {
			case <-ctx.Done():
			case <-time.After(d.Poll):
			}
		}
	}
	wg.Add(1)
	go loop(d.Pump, "fan-out")
	for range senders {
		wg.Add(1)
		go loop(d.DeliverDue, "delivery")
	}
	wg.Wait()
}

// Drain runs fan-out rounds and sends until every committed event is
// fanned out and no delivery is due now. Tests use it with a fake clock
// instead of Run. On PostgreSQL it waits while any transaction older than
// an event still runs, in any database of the cluster.
func (d *Dispatcher) Drain(ctx context.Context) error {
	for {
		n, err := d.Pump(ctx)
		if err != nil {
			return err
		}
		m, err := d.DeliverDue(ctx)
		if err != nil {
			return err
		}
		if n > 0 || m > 0 {
			continue
		}
		var waiting int
		if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_event WHERE position IS NULL`).Scan(&waiting); err != nil {
			return err
		}
		if waiting == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

const eventColumns = `seq, id, type, aggregate_type, aggregate_id, payload, occurred_at, actor`

// Pump runs one fan-out round and returns how many events it took.
func (d *Dispatcher) Pump(ctx context.Context) (int, error) {
	taken := 0
	err := d.db.InTx(ctx, func(tx *db.Tx) error {
		taken = 0
		var lo, hi string
		var seq, pos int64
		err := tx.QueryRowContext(ctx, `SELECT lo_xid, hi_xid, seq, last_position FROM outbox_pump WHERE name = 'fanout'`+
			skipLocked(tx.Dialect())).Scan(&lo, &hi, &seq, &pos)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // another node is fanning out
		}
		if err != nil {
			return err
		}
		var events []Event
		if tx.Dialect() == db.Postgres {
			if lo == hi {
				// A new interval: up to the oldest transaction still running.
				if err := tx.QueryRowContext(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&hi); err != nil {
					return err
				}
				seq = 0
			}
			events, err = query(ctx, tx, `SELECT `+eventColumns+` FROM outbox_event
				WHERE xid >= $1::xid8 AND xid < $2::xid8 AND seq > $3 ORDER BY seq LIMIT $4`, lo, hi, seq, d.BatchSize)
			if err != nil {
				return err
			}
			if len(events) < d.BatchSize {
				lo = hi // the interval is done
			}
		} else {
			events, err = query(ctx, tx, `SELECT `+eventColumns+` FROM outbox_event WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, d.BatchSize)
			if err != nil {
				return err
			}
		}
		if len(events) > 0 {
			if err := d.fanOut(ctx, tx, events, &pos); err != nil {
				return err
			}
			seq = events[len(events)-1].Seq
		}
		if lo == hi && tx.Dialect() == db.Postgres {
			seq = 0
		}
		taken = len(events)
		_, err = tx.ExecContext(ctx, `UPDATE outbox_pump SET lo_xid = $1, hi_xid = $2, seq = $3, last_position = $4 WHERE name = 'fanout'`,
			lo, hi, seq, pos)
		return err
	})
	return taken, err
}

func skipLocked(d db.Dialect) string {
	if d == db.Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// fanOut numbers events in the order taken (their feed position) and
// creates their deliveries.
func (d *Dispatcher) fanOut(ctx context.Context, tx *db.Tx, events []Event, pos *int64) error {
	var subs []Subscriber
	for _, s := range d.sinks {
		list, err := s.Subscribers(ctx, tx)
		if err != nil {
			return fmt.Errorf("outbox: subscribers of %s: %w", s.Name(), err)
		}
		subs = append(subs, list...)
	}
	now := d.now()
	// One statement numbers the batch and one creates its deliveries.
	// SQLite commits events in seq order, so there the position is the seq.
	if tx.Dialect() == db.Postgres {
		var when strings.Builder
		args := []any{}
		seqs := make([]any, len(events))
		for i, e := range events {
			*pos++
			args = append(args, e.Seq, *pos)
			when.WriteString(" WHEN $" + strconv.Itoa(len(args)-1) + " THEN CAST($" + strconv.Itoa(len(args)) + " AS BIGINT)")
			seqs[i] = e.Seq
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_event SET position = CASE seq`+when.String()+` END WHERE seq IN (`+
			placeholders(len(args), len(seqs))+`)`, append(args, seqs...)...); err != nil {
			return err
		}
	} else {
		*pos = events[len(events)-1].Seq
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_event SET position = seq WHERE seq >= $1 AND seq <= $2`,
			events[0].Seq, *pos); err != nil {
			return err
		}
	}
	var rows []string
	args := []any{now, tx.Now()}
	for _, e := range events {
		for _, s := range subs {
			if !Matches(s.Types, e.Type) {
				continue
			}
			args = append(args, s.Name, e.Seq, e.ID, e.Type, e.AggregateType+":"+e.AggregateID)
			rows = append(rows, "("+placeholders(len(args)-5, 5)+", 'pending', $1, $1, $2)")
			if len(rows) == 500 {
				if err := insertDeliveries(ctx, tx, rows, args); err != nil {
					return err
				}
				rows, args = nil, []any{now, tx.Now()}
			}
		}
	}
	return insertDeliveries(ctx, tx, rows, args)
}

func insertDeliveries(ctx context.Context, tx *db.Tx, rows []string, args []any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox_delivery (subscriber, event_seq, event_id, event_type, aggregate, status,
		next_attempt_at, retry_since, created_at) VALUES `+strings.Join(rows, ", ")+` ON CONFLICT (subscriber, event_id) DO NOTHING`, args...)
	return err
}

// claimed is a delivery a sender holds, with its event.
type claimed struct {
	Delivery
	event Event
	att   Attempt
	start time.Time
	took  time.Duration
}

// DeliverDue claims up to BatchSize due deliveries, sends them
// concurrently and records the outcomes. It returns how many it sent.
func (d *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	token := id.New("lease")
	var batch []*claimed
	err := d.db.InTx(ctx, func(tx *db.Tx) error {
		batch = nil
		now := d.now()
		// The oldest open delivery of each subscriber and aggregate only:
		// a later event waits until the earlier one is delivered or failed.
		rows, err := tx.QueryContext(ctx, `SELECT d.id, d.subscriber, d.event_id, d.event_type, d.aggregate, d.attempts, d.retry_since,
			d.created_at, e.seq, e.id, e.type, e.aggregate_type, e.aggregate_id, e.payload, e.occurred_at, e.actor
			FROM outbox_delivery d JOIN outbox_event e ON e.seq = d.event_seq
			WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= $1
			AND NOT EXISTS (SELECT 1 FROM outbox_delivery o WHERE o.subscriber = d.subscriber AND o.aggregate = d.aggregate
				AND o.id < d.id AND o.status IN ('pending', 'sending'))
			ORDER BY d.next_attempt_at, d.id LIMIT $2`+forUpdateOfD(tx.Dialect()), now, d.BatchSize)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &claimed{}
			var payload []byte
			var since sql.NullTime
			if err := rows.Scan(&c.ID, &c.Subscriber, &c.EventID, &c.EventType, &c.Aggregate, &c.Attempts, &since, &c.CreatedAt,
				&c.event.Seq, &c.event.ID, &c.event.Type, &c.event.AggregateType, &c.event.AggregateID, &payload,
				&c.event.OccurredAt, &c.event.Actor); err != nil {
				return err
			}
			if since.Valid {
				t := since.Time.UTC()
				c.retrySince = &t
			}
			c.event.Payload = payload
			c.event.OccurredAt = c.event.OccurredAt.UTC()
			batch = append(batch, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(batch) == 0 {
			return nil
		}
		ids := make([]int64, len(batch))
		for i, c := range batch {
			ids[i] = c.ID
		}
		args := []any{token, now.Add(d.Lease)}
		_, err = tx.ExecContext(ctx, `UPDATE outbox_delivery SET status = 'sending', lease_token = $1, lease_until = $2,
			next_attempt_at = $2 WHERE id IN (`+placeholders(len(args), len(ids))+`)`, append(args, int64s(ids)...)...)
		return err
	})
	if err != nil || len(batch) == 0 {
		return 0, err
	}

	// Keep the lease while sending, so a slow subscriber is not sent the
	// same events again by another sender.
	renewCtx, stopRenew := context.WithCancel(ctx)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		for {
			select {
			case <-renewCtx.Done():
				return
			case <-time.After(d.Lease / 3):
			}
			until := d.now().Add(d.Lease)
			if _, err := d.db.ExecContext(renewCtx, `UPDATE outbox_delivery SET lease_until = $1, next_attempt_at = $1
				WHERE lease_token = $2 AND status = 'sending'`, until, token); err != nil && renewCtx.Err() == nil {
				d.log.Warn("outbox: renewing a delivery lease failed", "error", err)
			}
		}
	}()

	var wg sync.WaitGroup
	for _, c := range batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.start = d.now()
			began := time.Now()
			c.att = d.attempt(ctx, c)
			c.took = time.Since(began)
		}()
	}
	wg.Wait()
	stopRenew()
	<-renewed
	if ctx.Err() != nil {
		// Shutting down: the outcomes of interrupted sends are unknown; the
		// lease runs out and the deliveries are sent again.
		return 0, ctx.Err()
	}
	return len(batch), d.record(ctx, token, batch)
}

// placeholders returns "$from+1, …, $from+n".
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i+1))
	}
	return b.String()
}

func int64s(ids []int64) []any {
	out := make([]any, len(ids))
	for i, v := range ids {
		out[i] = v
	}
	return out
}

func forUpdateOfD(dl db.Dialect) string {
	if dl == db.Postgres {
		return " FOR UPDATE OF d SKIP LOCKED"
	}
	return ""
}

func (d *Dispatcher) attempt(ctx context.Context, c *claimed) (a Attempt) {
	defer func() {
		if p := recover(); p != nil {
			a = Attempt{Error: fmt.Sprintf("panic: %v", p)}
		}
	}()
	sink := d.sinkFor(c.Subscriber)
	if sink == nil {
		return Attempt{Error: "no sink delivers to " + c.Subscriber, Permanent: true}
	}
	env := c.event.Envelope()
	body, err := json.Marshal(env)
	if err != nil {
		return Attempt{Error: err.Error(), Permanent: true}
	}
	return sink.Deliver(ctx, c.Subscriber, env, body)
}

// Backoff is the wait before the attempt after the n-th failed one:
// exponential from FirstRetry, capped at MaxRetry, with ±20% jitter so
// many deliveries failing together do not retry together.
func (d *Dispatcher) Backoff(n int) time.Duration {
	wait := d.FirstRetry
	for i := 1; i < n && wait < d.MaxRetry; i++ {
		wait *= 2
	}
	wait = min(wait, d.MaxRetry)
	return time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
}

func (d *Dispatcher) record(ctx context.Context, token string, batch []*claimed) error {
	return d.db.InTx(ctx, func(tx *db.Tx) error {
		now := d.now()
		// Successes are recorded in a few statements (grouped by status
		// code), failures one by one: they are rare and each needs its own
		// schedule.
		delivered := map[int][]any{}
		var log []string
		var logArgs []any
		for _, c := range batch {
			n := c.Attempts + 1
			var code any
			if c.att.StatusCode != 0 {
				code = c.att.StatusCode
			}
			logArgs = append(logArgs, c.ID, n, c.start, int(c.took/time.Millisecond), c.att.OK, code,
				truncate(c.att.Error, 1000), truncate(c.att.Response, 1000))
			log = append(log, "("+placeholders(len(logArgs)-8, 8)+")")
			if c.att.OK {
				delivered[c.att.StatusCode] = append(delivered[c.att.StatusCode], c.ID)
				continue
			}
			// An event is retried until RetryWindow after it was fanned out
			// (or redelivered by hand), so the events queued behind a given-up
			// one of the same aggregate are not each retried for days more.
			since := c.start
			if c.retrySince != nil {
				since = *c.retrySince
			}
			status, next := Pending, now.Add(d.Backoff(n))
			giveUp := c.att.Permanent || now.Sub(since) >= d.RetryWindow
			if giveUp {
				status = Failed
			}
			res, err := tx.ExecContext(ctx, `UPDATE outbox_delivery SET status = $1, next_attempt_at = $2, attempts = $3, last_attempt_at = $4,
				last_status = $5, last_error = $6, lease_token = NULL, lease_until = NULL WHERE id = $7 AND lease_token = $8 AND status = 'sending'`,
				status, next, n, c.start, code, truncate(c.att.Error, 1000), c.ID, token)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				continue // the lease was lost (or the delivery cancelled): its new holder records
			}
			if giveUp && !c.att.Permanent {
				if sink := d.sinkFor(c.Subscriber); sink != nil {
					c.Status, c.Attempts, c.LastError = Failed, n, c.att.Error
					if err := sink.GaveUp(ctx, tx, c.Subscriber, c.Delivery); err != nil {
						return err
					}
				}
			}
		}
		for code, ids := range delivered {
			var status any
			if code != 0 {
				status = code
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox_delivery SET status = 'delivered', delivered_at = $1, attempts = attempts + 1,
				last_attempt_at = $1, last_status = $2, last_error = '', lease_token = NULL, lease_until = NULL
				WHERE lease_token = $3 AND status = 'sending' AND id IN (`+placeholders(3, len(ids))+`)`,
				append([]any{now, status, token}, ids...)...); err != nil {
				return err
			}
		}
		// The attempts log; an attempt whose lease was lost may collide with
		// its new holder's and is dropped.
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox_attempt (delivery_id, n, started_at, duration_ms, ok, status_code, error, response)
			VALUES `+strings.Join(log, ", ")+` ON CONFLICT (delivery_id, n) DO NOTHING`, logArgs...)
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary so the stored text stays valid UTF-8.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// CancelTx cancels the pending deliveries of a subscriber, in the caller's
// transaction (an endpoint switched off or deleted). Deliveries being sent
// finish; the sink refuses them if the subscriber is gone.
func CancelTx(ctx context.Context, tx *db.Tx, subscriber string) error {
	_, err := tx.ExecContext(ctx, `UPDATE outbox_delivery SET status = 'cancelled', lease_token = NULL, lease_until = NULL
		WHERE subscriber = $1 AND status = 'pending'`, subscriber)
	return err
}

// ErrNotFinished is returned when redelivering a delivery still pending or
// being sent.
var ErrNotFinished = errors.New("outbox: delivery is still pending")

// RedeliverTx sends a finished delivery of subscriber again, at once, with
// a new retry window. Errors: sql.ErrNoRows when the subscriber has no such
// delivery; ErrNotFinished when it is still pending.
func RedeliverTx(ctx context.Context, tx *db.Tx, subscriber string, deliveryID int64) (Delivery, error) {
	d, err := findDelivery(ctx, tx, subscriber, deliveryID)
	if err != nil {
		return Delivery{}, err
	}
	if d.Status == Pending || d.Status == Sending {
		return Delivery{}, ErrNotFinished
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox_delivery SET status = 'pending', next_attempt_at = $1, retry_since = $1,
		delivered_at = NULL WHERE id = $2`, tx.Now(), d.ID); err != nil {
		return Delivery{}, err
	}
	return findDelivery(ctx, tx, subscriber, deliveryID)
}

const deliveryColumns = `id, subscriber, event_id, event_type, aggregate, status, attempts, next_attempt_at, last_attempt_at, last_status,
	last_error, delivered_at, created_at, event_seq`

func scanDelivery(s interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var next, last, delivered sql.NullTime
	var status sql.NullInt64
	if err := s.Scan(&d.ID, &d.Subscriber, &d.EventID, &d.EventType, &d.Aggregate, &d.Status, &d.Attempts, &next, &last, &status,
		&d.LastError, &delivered, &d.CreatedAt, &d.eventSeq); err != nil {
		return d, err
	}
	if next.Valid && (d.Status == Pending || d.Status == Sending) {
		t := next.Time.UTC()
		d.NextAttemptAt = &t
	}
	if last.Valid {
		t := last.Time.UTC()
		d.LastAttemptAt = &t
	}
	if delivered.Valid {
		t := delivered.Time.UTC()
		d.DeliveredAt = &t
	}
	if status.Valid {
		v := int(status.Int64)
		d.LastStatus = &v
	}
	d.CreatedAt = d.CreatedAt.UTC()
	return d, nil
}

func findDelivery(ctx context.Context, q db.Querier, subscriber string, deliveryID int64) (Delivery, error) {
	return scanDelivery(q.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM outbox_delivery WHERE id = $1 AND subscriber = $2`,
		deliveryID, subscriber))
}

// FindDelivery returns a delivery of subscriber. Errors: sql.ErrNoRows.
func FindDelivery(ctx context.Context, q db.Querier, subscriber string, deliveryID int64) (Delivery, error) {
	return findDelivery(ctx, q, subscriber, deliveryID)
}

// DeliveryFilter selects deliveries of one subscriber, newest first.
type DeliveryFilter struct {
	Subscriber string
	// Status is one of the statuses, or empty for all.
	Status string
	// Before is a delivery ID to list below (the cursor), 0 for the newest.
	Before int64
	Limit  int
}

// Deliveries lists a subscriber's deliveries, newest first.
func Deliveries(ctx context.Context, q db.Querier, f DeliveryFilter) ([]Delivery, error) {
	args := []any{f.Subscriber}
	where := `subscriber = $1`
	if f.Status != "" {
		args = append(args, f.Status)
		where += ` AND status = $` + strconv.Itoa(len(args))
	}
	if f.Before > 0 {
		args = append(args, f.Before)
		where += ` AND id < $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM outbox_delivery WHERE `+where+` ORDER BY id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Attempts lists the attempts of a delivery, first first.
func Attempts(ctx context.Context, q db.Querier, deliveryID int64) ([]AttemptLog, error) {
	rows, err := q.QueryContext(ctx, `SELECT n, started_at, duration_ms, ok, status_code, error, response FROM outbox_attempt
		WHERE delivery_id = $1 ORDER BY n`, deliveryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AttemptLog{}
	for rows.Next() {
		var a AttemptLog
		var code sql.NullInt64
		if err := rows.Scan(&a.N, &a.StartedAt, &a.DurationMS, &a.OK, &code, &a.Error, &a.Response); err != nil {
			return nil, err
		}
		if code.Valid {
			v := int(code.Int64)
			a.StatusCode = &v
		}
		a.StartedAt = a.StartedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// EventOf returns the event a delivery carries.
func EventOf(ctx context.Context, q db.Querier, d Delivery) (Event, error) {
	es, err := query(ctx, q, `SELECT `+eventColumns+` FROM outbox_event WHERE seq = $1`, d.eventSeq)
	if err != nil {
		return Event{}, err
	}
	if len(es) == 0 {
		return Event{}, sql.ErrNoRows
	}
	return es[0], nil
}
