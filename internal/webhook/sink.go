package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Sink is the outbox sink that POSTs events to the active endpoints.
type Sink struct {
	svc    *Service
	client *http.Client
	now    func() time.Time
}

var _ outbox.Sink = (*Sink)(nil)

// Name is the prefix of the endpoints' subscriber names.
func (k *Sink) Name() string { return "webhook" }

// SetClock makes the sink stamp webhook-timestamp by now (tests).
func (k *Sink) SetClock(now func() time.Time) { k.now = now }

// Subscribers are the active endpoints with their type filters.
func (k *Sink) Subscribers(ctx context.Context, q db.Querier) ([]outbox.Subscriber, error) {
	es, err := findEndpoints(ctx, q, true)
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Subscriber, len(es))
	for i, e := range es {
		out[i] = outbox.Subscriber{Name: Subscriber(e.ID), Types: e.EventTypes}
	}
	return out, nil
}

// Deliver POSTs the envelope to the endpoint, signed. Any 2xx answer is a
// success; anything else, a timeout or a refused connection is a failure
// to retry. An endpoint deleted or switched off fails the delivery at once.
func (k *Sink) Deliver(ctx context.Context, subscriber string, ev outbox.Envelope, body []byte) outbox.Attempt {
	e, err := findEndpoint(ctx, k.svc.db, strings.TrimPrefix(subscriber, "webhook:"))
	if err != nil {
		return outbox.Attempt{Error: "endpoint gone", Permanent: true}
	}
	if !e.Active {
		return outbox.Attempt{Error: "endpoint switched off", Permanent: true}
	}
	ts := k.now().Unix()
	sig, err := Sign(e.secret, ev.ID, ts, body)
	if err != nil {
		return outbox.Attempt{Error: err.Error(), Permanent: true}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return outbox.Attempt{Error: err.Error(), Permanent: true}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Concord-Webhooks/1")
	req.Header.Set("webhook-id", ev.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	res, err := k.client.Do(req)
	if err != nil {
		var refused *ErrRefused
		if errors.As(err, &refused) {
			return outbox.Attempt{Error: refused.Error()}
		}
		return outbox.Attempt{Error: err.Error()}
	}
	defer res.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	a := outbox.Attempt{StatusCode: res.StatusCode, Response: printable(snippet)}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		a.OK = true
	} else {
		a.Error = fmt.Sprintf("HTTP %d", res.StatusCode)
	}
	return a
}

// printable keeps the valid UTF-8 of an answer for the log.
func printable(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "�")
}

// GaveUp switches the endpoint off: a delivery failed for 3 days.
func (k *Sink) GaveUp(ctx context.Context, tx *db.Tx, subscriber string, d outbox.Delivery) error {
	return k.svc.disableTx(ctx, tx, strings.TrimPrefix(subscriber, "webhook:"), d)
}
