// Package natspub publishes Concord's events to NATS JetStream: it is an
// outbox.Sink with one subscriber, "nats", that receives every event. Each
// event goes to the subject <prefix><event type> (concord.sales.order.
// confirmed.v1) with the header Nats-Msg-Id set to the event ID, so
// JetStream drops a second publication of the same event within the
// stream's duplicate window; consumers deduplicate by the ID beyond it.
// The stream is created when it is missing.
package natspub

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Config says where to publish.
type Config struct {
	// URL of the NATS server (CONCORD_NATS_URL), e.g. nats://127.0.0.1:4222.
	URL string
	// Stream is the JetStream stream (default CONCORD).
	Stream string
	// SubjectPrefix starts every subject (default "concord.").
	SubjectPrefix string
	// DuplicateWindow is how long JetStream remembers event IDs (default 1 hour).
	DuplicateWindow time.Duration
}

// Publisher is the connected sink.
type Publisher struct {
	cfg Config
	nc  *nats.Conn
	js  jetstream.JetStream
}

var _ outbox.Sink = (*Publisher)(nil)

// Connect connects to NATS and makes sure the stream exists, creating it
// (file storage, subjects <prefix>>) when it is missing.
func Connect(ctx context.Context, cfg Config) (*Publisher, error) {
	if cfg.Stream == "" {
		cfg.Stream = "CONCORD"
	}
	if cfg.SubjectPrefix == "" {
		cfg.SubjectPrefix = "concord."
	}
	if cfg.DuplicateWindow == 0 {
		cfg.DuplicateWindow = time.Hour
	}
	nc, err := nats.Connect(cfg.URL, nats.Name("concord"), nats.MaxReconnects(-1), nats.Timeout(5*time.Second))
	if err != nil {
		return nil, fmt.Errorf("nats: connect to %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	if _, err := js.Stream(ctx, cfg.Stream); errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = js.CreateStream(ctx, jetstream.StreamConfig{Name: cfg.Stream, Subjects: []string{cfg.SubjectPrefix + ">"},
			Storage: jetstream.FileStorage, Duplicates: cfg.DuplicateWindow,
			Description: "Concord domain events, one subject per event type"})
		if err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			nc.Close()
			return nil, fmt.Errorf("nats: create stream %s: %w", cfg.Stream, err)
		}
	} else if err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats: stream %s: %w", cfg.Stream, err)
	}
	return &Publisher{cfg: cfg, nc: nc, js: js}, nil
}

// Close closes the connection.
func (p *Publisher) Close() { p.nc.Close() }

// Name is the one subscriber's name.
func (p *Publisher) Name() string { return "nats" }

// Subscribers is "nats", for every event type.
func (p *Publisher) Subscribers(context.Context, db.Querier) ([]outbox.Subscriber, error) {
	return []outbox.Subscriber{{Name: "nats"}}, nil
}

// Subject is the subject an event type is published on.
func (p *Publisher) Subject(eventType string) string { return p.cfg.SubjectPrefix + eventType }

// Deliver publishes the envelope and waits for the stream's
// acknowledgement; a duplicate acknowledged as such is a success.
func (p *Publisher) Deliver(ctx context.Context, _ string, ev outbox.Envelope, body []byte) outbox.Attempt {
	msg := nats.NewMsg(p.Subject(ev.Type))
	msg.Data = body
	msg.Header.Set(nats.MsgIdHdr, ev.ID)
	msg.Header.Set("Content-Type", "application/json")
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := p.js.PublishMsg(ctx, msg); err != nil {
		return outbox.Attempt{Error: "nats: " + err.Error()}
	}
	return outbox.Attempt{OK: true}
}

// GaveUp does nothing: NATS has no endpoint to switch off; the failed
// deliveries stay in the log for a redelivery.
func (p *Publisher) GaveUp(context.Context, *db.Tx, string, outbox.Delivery) error { return nil }
