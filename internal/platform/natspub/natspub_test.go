package natspub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/natspub"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// natsURL is the test server, CONCORD_TEST_NATS_URL or 127.0.0.1:4222.
// Unreachable, the test is skipped on a developer machine and fails in CI
// (CI=true), like the PostgreSQL tests.
func natsURL(t *testing.T) string {
	url := os.Getenv("CONCORD_TEST_NATS_URL")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	conn, err := net.DialTimeout("tcp", url[len("nats://"):], 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("NATS at %s is unreachable (CI=true): %v", url, err)
		}
		t.Skipf("SKIPPING NATS test: %s unreachable: %v", url, err)
	}
	conn.Close()
	return url
}

// TestTenThousandEventsReachJetStreamOnce publishes 10,000 events through
// the dispatcher (2,000 on SQLite, see below) and reads them back with a JetStream consumer: none
// missing, none duplicated after deduplication by Nats-Msg-Id, and the
// events of each aggregate in order.
func TestTenThousandEventsReachJetStreamOnce(t *testing.T) {
	url := natsURL(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		suffix := id.New("t")[2:]
		cfg := natspub.Config{URL: url, Stream: "CONCORD_TEST_" + suffix, SubjectPrefix: "concordtest" + suffix + "."}
		pub, err := natspub.Connect(ctx, cfg)
		require.NoError(t, err)
		defer pub.Close()
		nc, err := nats.Connect(url)
		require.NoError(t, err)
		defer nc.Close()
		js, err := jetstream.New(nc)
		require.NoError(t, err)
		defer js.DeleteStream(ctx, cfg.Stream)
		_, err = natspub.Connect(ctx, cfg)
		require.NoError(t, err, "connecting again finds the stream")

		// 10,000 on PostgreSQL, the engine of deployments that use NATS; the
		// SQLite half runs the same path with 2,000, because the pure-Go
		// SQLite under the race detector takes minutes for 10,000.
		n, aggregates := 10000, 1000
		if d.Dialect() == db.SQLite {
			n, aggregates = 2000, 200
		}
		want := map[string]bool{}
		for batch := 0; batch < n; batch += 500 {
			require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
				for i := batch; i < batch+500; i++ {
					ev, err := outbox.Append(ctx, tx, outbox.New{Type: "sales.order.confirmed.v1", AggregateType: "sales_order",
						AggregateID: fmt.Sprintf("so_%d", i%aggregates), Payload: map[string]int{"i": i}})
					if err != nil {
						return err
					}
					want[ev.ID] = true
				}
				return nil
			}))
		}
		disp := outbox.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)))
		disp.BatchSize = 500
		disp.Register(pub)
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); disp.Run(runCtx, 2) }()

		cons, err := js.OrderedConsumer(ctx, cfg.Stream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{cfg.SubjectPrefix + ">"}})
		require.NoError(t, err)
		got := map[string]int{}
		lastOf := map[string]string{}
		received := 0
		deadline := time.Now().Add(150 * time.Second)
		for len(got) < n && time.Now().Before(deadline) {
			batch, err := cons.Fetch(1000, jetstream.FetchMaxWait(2*time.Second))
			require.NoError(t, err)
			for m := range batch.Messages() {
				received++
				msgID := m.Headers().Get(nats.MsgIdHdr)
				got[msgID]++
				require.Equal(t, cfg.SubjectPrefix+"sales.order.confirmed.v1", m.Subject())
				var env outbox.Envelope
				require.NoError(t, json.Unmarshal(m.Data(), &env))
				require.Equal(t, msgID, env.ID, "Nats-Msg-Id is the event ID")
				key := env.AggregateID
				require.Less(t, lastOf[key], msgID, "events of %s in order", key)
				lastOf[key] = msgID
			}
		}
		stop()
		<-done
		require.Equal(t, n, len(got), "every event arrived")
		for evID := range got {
			if !want[evID] {
				t.Fatalf("event %s was not appended", evID)
			}
		}
		t.Logf("%d messages received for %d events", received, n)
	})
}
