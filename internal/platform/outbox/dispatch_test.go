package outbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// recorder is a sink that remembers what it received, per subscriber, and
// fails while failing returns true.
type recorder struct {
	mu      sync.Mutex
	subs    []outbox.Subscriber
	got     map[string][]outbox.Envelope
	failing func(sub string) bool
	gaveUp  []int64
}

func newRecorder(subs ...outbox.Subscriber) *recorder {
	return &recorder{subs: subs, got: map[string][]outbox.Envelope{}}
}

func (r *recorder) Name() string { return "test" }
func (r *recorder) Subscribers(context.Context, db.Querier) ([]outbox.Subscriber, error) {
	return r.subs, nil
}
func (r *recorder) Deliver(_ context.Context, sub string, ev outbox.Envelope, _ []byte) outbox.Attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failing != nil && r.failing(sub) {
		return outbox.Attempt{StatusCode: 500, Error: "HTTP 500"}
	}
	r.got[sub] = append(r.got[sub], ev)
	return outbox.Attempt{OK: true, StatusCode: 204}
}
func (r *recorder) GaveUp(_ context.Context, _ *db.Tx, _ string, d outbox.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gaveUp = append(r.gaveUp, d.ID)
	return nil
}

func (r *recorder) ids(sub string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.got[sub] {
		out = append(out, e.ID)
	}
	return out
}

func appendEvent(t *testing.T, d *db.DB, typ, agg string) outbox.Event {
	var ev outbox.Event
	require.NoError(t, d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		ev, err = outbox.Append(context.Background(), tx, outbox.New{Type: typ, AggregateType: "thing", AggregateID: agg, Payload: map[string]string{"agg": agg}})
		return err
	}))
	return ev
}

// seqOf reads an event's seq, written at its transaction's commit (or
// savepoint) after Append returned.
func seqOf(t *testing.T, d *db.DB, eventID string) int64 {
	var seq int64
	require.NoError(t, d.QueryRowContext(context.Background(), `SELECT seq FROM outbox_event WHERE id = $1`, eventID).Scan(&seq))
	return seq
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestLateCommitIsNotSkipped is the outbox pitfall: an event that took its
// seq first but commits after a later one was fanned out must still be
// delivered, and the feed must still list it.
func TestLateCommitIsNotSkipped(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rec := newRecorder(outbox.Subscriber{Name: "test:a"})
		disp := outbox.NewDispatcher(d, quiet())
		disp.Register(rec)

		if d.Dialect() != db.Postgres {
			// SQLite's one writer commits in seq order: there is no late commit.
			appendEvent(t, d, "x.late.v1", "a1")
			appendEvent(t, d, "x.early.v1", "a2")
			require.NoError(t, disp.Drain(ctx))
			require.Len(t, rec.ids("test:a"), 2)
			return
		}
		hold, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		var late outbox.Event
		go func() {
			done <- d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				late, err = outbox.Append(ctx, tx, outbox.New{Type: "x.late.v1", AggregateType: "thing", AggregateID: "a1", Payload: 1})
				if err != nil {
					return err
				}
				// A savepoint writes the batched event, so it takes its seq
				// now and commits only when released.
				return tx.Savepoint(ctx, func() error {
					close(hold)
					<-release
					return nil
				})
			})
		}()
		<-hold
		early := appendEvent(t, d, "x.early.v1", "a2")
		for range 3 {
			_, err := disp.Pump(ctx)
			require.NoError(t, err)
			_, err = disp.DeliverDue(ctx)
			require.NoError(t, err)
		}
		require.Empty(t, rec.ids("test:a"), "nothing is fanned out while an older transaction may still commit an event")
		close(release)
		require.NoError(t, <-done)
		require.Greater(t, seqOf(t, d, early.ID), seqOf(t, d, late.ID), "the late event took the lower seq")
		require.NoError(t, disp.Drain(ctx))
		got := rec.ids("test:a")
		require.ElementsMatch(t, []string{late.ID, early.ID}, got)

		feed, err := outbox.Feed(ctx, d, 0, nil, 10)
		require.NoError(t, err)
		require.Len(t, feed, 2, "the feed lists the late event too")
	})
}

// TestLateCommitAfterAnIntervalAcrossBatches checks the interval
// bookkeeping with batches smaller than the backlog.
func TestManyEventsInSmallBatchesArriveOnceInOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rec := newRecorder(outbox.Subscriber{Name: "test:all"}, outbox.Subscriber{Name: "test:orders", Types: []string{"x.order.*"}})
		disp := outbox.NewDispatcher(d, quiet())
		disp.BatchSize = 7
		disp.Register(rec)
		var want []string
		for i := range 60 {
			typ := "x.order.changed.v1"
			if i%3 == 0 {
				typ = "x.other.v1"
			}
			ev := appendEvent(t, d, typ, fmt.Sprintf("agg%d", i%4))
			if typ != "x.other.v1" {
				want = append(want, ev.ID)
			}
		}
		require.NoError(t, disp.Drain(ctx))
		require.Len(t, rec.ids("test:all"), 60)
		require.ElementsMatch(t, want, rec.ids("test:orders"), "a type filter selects the events")
		perAgg := map[string][]string{}
		for _, e := range rec.got["test:all"] {
			perAgg[e.AggregateID] = append(perAgg[e.AggregateID], e.ID)
		}
		for agg, ids := range perAgg {
			require.IsIncreasing(t, ids, "events of %s in order", agg) // IDs are ULIDs, increasing per process
		}
	})
}

// TestSeveralNodesDeliverEachEventOnce runs four dispatchers (four nodes)
// on one database: every event is delivered, none twice.
func TestSeveralNodesDeliverEachEventOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rec := newRecorder(outbox.Subscriber{Name: "test:a"})
		var wg sync.WaitGroup
		for range 4 {
			disp := outbox.NewDispatcher(d, quiet())
			disp.BatchSize = 20
			disp.Poll = 10 * time.Millisecond
			disp.Register(rec)
			wg.Add(1)
			go func() { defer wg.Done(); disp.Run(ctx, 2) }()
		}
		var writers sync.WaitGroup
		for w := range 4 {
			writers.Add(1)
			go func() {
				defer writers.Done()
				for i := range 50 {
					appendEvent(t, d, "x.v1", fmt.Sprintf("w%d-%d", w, i%5))
				}
			}()
		}
		writers.Wait()
		require.Eventually(t, func() bool { return len(rec.ids("test:a")) >= 200 }, 30*time.Second, 20*time.Millisecond)
		time.Sleep(200 * time.Millisecond)
		cancel()
		wg.Wait()
		ids := rec.ids("test:a")
		seen := map[string]bool{}
		for _, id := range ids {
			require.False(t, seen[id], "event %s delivered twice", id)
			seen[id] = true
		}
		require.Len(t, ids, 200)
	})
}

// TestFailingSubscriberIsRetriedWithBackoffThenGivenUp uses a fake clock:
// a subscriber failing for 10 minutes gets every event after it recovers,
// in order per aggregate; one failing for 3 days is given up.
func TestFailingSubscriberIsRetriedWithBackoffThenGivenUp(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		start := now
		rec := newRecorder(outbox.Subscriber{Name: "test:flaky"}, outbox.Subscriber{Name: "test:dead"})
		rec.failing = func(sub string) bool { return sub == "test:dead" || now.Sub(start) < 10*time.Minute }
		disp := outbox.NewDispatcher(d, quiet())
		disp.SetClock(func() time.Time { return now })
		disp.Register(rec)
		for i := range 6 {
			appendEvent(t, d, "x.v1", fmt.Sprintf("o%d", i%2))
		}
		require.NoError(t, disp.Drain(ctx))
		require.Empty(t, rec.ids("test:flaky"))
		for now.Sub(start) < 30*time.Minute {
			now = now.Add(5 * time.Second)
			require.NoError(t, disp.Drain(ctx))
		}
		require.Len(t, rec.ids("test:flaky"), 6, "everything arrives once the subscriber recovers")
		ds, err := outbox.Deliveries(ctx, d, outbox.DeliveryFilter{Subscriber: "test:flaky", Limit: 10})
		require.NoError(t, err)
		for _, dl := range ds {
			require.Equal(t, outbox.Delivered, dl.Status)
		}
		perAgg := map[string][]string{}
		for _, e := range rec.got["test:flaky"] {
			perAgg[e.AggregateID] = append(perAgg[e.AggregateID], e.ID)
		}
		for agg, ids := range perAgg {
			require.IsIncreasing(t, ids, "events of %s arrive in order after the outage", agg)
		}
		first := ds[len(ds)-1]
		att, err := outbox.Attempts(ctx, d, first.ID)
		require.NoError(t, err)
		require.Greater(t, len(att), 3, "retried several times")
		require.Less(t, len(att), 12, "with exponential backoff, not every 5 seconds")
		for i := 1; i < len(att)-1; i++ {
			gap, prev := att[i+1].StartedAt.Sub(att[i].StartedAt), att[i].StartedAt.Sub(att[i-1].StartedAt)
			require.Greater(t, gap, prev, "the wait grows")
		}
		require.True(t, att[len(att)-1].OK)
		require.Equal(t, 500, *att[0].StatusCode)

		// The dead subscriber is retried for three days, then given up.
		for now.Sub(start) < 80*time.Hour { // the last wait before the window ends is up to 4.8 hours
			now = now.Add(10 * time.Minute)
			require.NoError(t, disp.Drain(ctx))
		}
		dead, err := outbox.Deliveries(ctx, d, outbox.DeliveryFilter{Subscriber: "test:dead", Limit: 10})
		require.NoError(t, err)
		require.Len(t, dead, 6)
		for _, dl := range dead {
			require.Equal(t, outbox.Failed, dl.Status, "given up after the retry window")
			require.Nil(t, dl.NextAttemptAt)
		}
		require.Len(t, rec.gaveUp, 6)

		// A manual redelivery sends it again at once.
		rec.failing = nil
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := outbox.RedeliverTx(ctx, tx, "test:dead", dead[0].ID)
			return err
		}))
		now = time.Now().UTC().Add(time.Second) // RedeliverTx schedules on the transaction's clock
		require.NoError(t, disp.Drain(ctx))
		require.Len(t, rec.ids("test:dead"), 1)
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := outbox.RedeliverTx(ctx, tx, "test:dead", 999999)
			require.Error(t, err)
			return nil
		}))
	})
}

func TestPruneKeepsOpenDeliveries(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rec := newRecorder(outbox.Subscriber{Name: "test:a", Types: []string{"x.kept.v1"}})
		rec.failing = func(string) bool { return true }
		disp := outbox.NewDispatcher(d, quiet())
		disp.Register(rec)
		appendEvent(t, d, "x.gone.v1", "a")
		kept := appendEvent(t, d, "x.kept.v1", "b")
		require.NoError(t, disp.Drain(ctx))
		n, err := outbox.Prune(ctx, d, time.Now().Add(time.Hour))
		require.NoError(t, err)
		require.Equal(t, 1, n)
		feed, err := outbox.Feed(ctx, d, 0, nil, 10)
		require.NoError(t, err)
		require.Len(t, feed, 1)
		require.Equal(t, kept.ID, feed[0].ID, "an event still being delivered stays")
		require.True(t, strings.HasPrefix(feed[0].Actor, "system"))
	})
}
