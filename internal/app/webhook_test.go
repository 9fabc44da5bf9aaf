package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// verifyStandardWebhook checks a request the way the Standard Webhooks
// specification (github.com/standard-webhooks/standard-webhooks, spec.md)
// tells a receiver to, written from the spec and not from Concord's
// sender: the secret is base64 after the whsec_ prefix; the signed content
// is "<webhook-id>.<webhook-timestamp>.<body>"; webhook-signature is a
// space-delimited list of "v1,<base64 HMAC-SHA256>", any of which may
// match; the timestamp must be within the tolerance of now.
func verifyStandardWebhook(secret string, h http.Header, body []byte, now time.Time) error {
	msgID, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if msgID == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook headers")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("bad timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("timestamp outside the tolerance")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return errors.New("bad secret")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID + "." + ts + "." + string(body)))
	want := mac.Sum(nil)
	for _, s := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no matching signature")
}

// receiver is a webhook receiver: it verifies every request, records the
// envelopes and answers 500 while failing says so.
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	secret  string
	got     []envelope
	bad     int
	failing func() bool
}

type envelope struct {
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	OccurredAt    time.Time       `json:"occurred_at"`
	Actor         string          `json:"actor"`
	AggregateType string          `json:"aggregate_type"`
	AggregateID   string          `json:"aggregate_id"`
	Data          json.RawMessage `json:"data"`
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.failing != nil && r.failing() {
			w.WriteHeader(500)
			io.WriteString(w, "down for maintenance")
			return
		}
		if err := verifyStandardWebhook(r.secret, req.Header, body, time.Now()); err != nil {
			r.bad++
			w.WriteHeader(401)
			return
		}
		var e envelope
		if err := json.Unmarshal(body, &e); err != nil || e.ID != req.Header.Get("webhook-id") {
			r.bad++
			w.WriteHeader(400)
			return
		}
		r.got = append(r.got, e)
		w.WriteHeader(204)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) events(typ string) []envelope {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []envelope
	for _, e := range r.got {
		if typ == "" || e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func TestStandardWebhooksVerifierRejectsTampering(t *testing.T) {
	// The verifier itself must reject what it should, or the tests below
	// would prove nothing.
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	body := []byte(`{"id":"evt_1"}`)
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte("0123456789abcdef0123456789abcdef"))
	mac.Write([]byte("evt_1." + ts + "." + string(body)))
	sig := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	h := http.Header{"Webhook-Id": {"evt_1"}, "Webhook-Timestamp": {ts}, "Webhook-Signature": {"v1,bm9wZQ== " + sig}}
	require.NoError(t, verifyStandardWebhook(secret, h, body, now))
	require.Error(t, verifyStandardWebhook(secret, h, []byte(`{"id":"evt_2"}`), now), "a changed body")
	require.Error(t, verifyStandardWebhook(secret, h, body, now.Add(10*time.Minute)), "an old timestamp")
	require.Error(t, verifyStandardWebhook("whsec_"+base64.StdEncoding.EncodeToString([]byte("another key")), h, body, now), "another secret")
}

// TestWebhooksDeliverSignedEventsInOrderThroughOutages is the webhook
// flow through the API: an endpoint registered with its secret shown
// once, orders confirmed, every event signed (checked by the independent
// verifier above) and in order per order; a receiver answering 500 for 10
// minutes (fake clock) gets everything after it recovers, in order per
// order; the delivery log shows the attempts; a redelivery sends an event
// again; one failing for 3 days is switched off with an event.
func TestWebhooksDeliverSignedEventsInOrderThroughOutages(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.token(e.user("root@example.com", "admin"))
		rcv := newReceiver(t)
		now := time.Now().UTC()
		start := now
		e.app.Dispatcher.SetClock(func() time.Time { return now })

		// Validation and the SSRF guard.
		for _, c := range []struct {
			body        map[string]any
			field, code string
		}{
			{map[string]any{"url": "ftp://example.com/x"}, "url", "invalid_url"},
			{map[string]any{"url": "http://169.254.169.254/latest/meta-data"}, "url", "private_target"},
			{map[string]any{"url": "http://10.0.0.7/hook"}, "url", "private_target"},
			{map[string]any{"url": "https://example.com/hook", "event_types": []string{"sales.order.nonsense.v1"}}, "event_types[0]", "unknown_event_type"},
		} {
			r := e.do(admin, "POST", "/api/v1/webhook-endpoints", c.body)
			require.Equal(t, 422, r.Status, "%s", r.Body)
			require.Contains(t, string(r.Body), `"field":"`+c.field+`"`)
			require.Contains(t, string(r.Body), `"code":"`+c.code+`"`)
		}
		rep := e.token(e.user("rep2@example.com", "sales_rep"))
		require.Equal(t, 403, e.do(rep, "GET", "/api/v1/webhook-endpoints", nil).Status, "webhooks are for administrators")

		var ep struct {
			ID      string `json:"id"`
			Secret  string `json:"secret"`
			Version int64  `json:"version"`
			Active  bool   `json:"active"`
		}
		r := e.do(admin, "POST", "/api/v1/webhook-endpoints", map[string]any{"url": rcv.srv.URL + "/hooks", "description": "ERP mirror",
			"event_types": []string{"sales.order.*"}})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &ep)
		require.True(t, strings.HasPrefix(ep.Secret, "whsec_"), "the secret is shown when the endpoint is made")
		require.True(t, ep.Active)
		rcv.secret = ep.Secret
		r = e.do(admin, "GET", "/api/v1/webhook-endpoints/"+ep.ID, nil)
		require.Equal(t, 200, r.Status)
		require.NotContains(t, string(r.Body), "whsec_", "and never again")

		f := newSalesFixture(t, e, "100")
		confirm := func() orderJSON {
			o := f.order(t, "1")
			r := e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, "If-Match", `"1"`)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			return o
		}
		orders := []orderJSON{confirm(), confirm(), confirm()}
		require.NoError(t, e.app.Dispatcher.Drain(ctx))
		require.Zero(t, rcv.bad, "every request carries a valid signature")
		for _, o := range orders {
			var types []string
			for _, ev := range rcv.events("") {
				if ev.AggregateID == o.ID {
					types = append(types, ev.Type)
				}
			}
			require.Equal(t, []string{"sales.order.created.v1", "sales.order.confirmed.v1"}, types, "in order, and only the selected types")
		}
		conf := rcv.events("sales.order.confirmed.v1")
		require.Len(t, conf, 3)
		var data struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		for _, c := range conf {
			if c.AggregateID == orders[0].ID {
				require.NoError(t, json.Unmarshal(c.Data, &data))
			}
		}
		require.Equal(t, orders[0].ID, data.ID, "data is the order as of the event")
		require.Equal(t, "confirmed", data.Status)
		require.True(t, strings.HasPrefix(conf[0].Actor, "usr_"), "the actor is the rep (through a token): %s", conf[0].Actor)

		// The receiver answers 500 for 10 minutes.
		rcv.failing = func() bool { return now.Sub(start) < 10*time.Minute }
		more := []orderJSON{confirm(), confirm()}
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+more[0].ID+"/cancel", nil, "If-Match", `"2"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.NoError(t, e.app.Dispatcher.Drain(ctx))
		require.Len(t, rcv.events(""), 6, "nothing new arrives while the receiver fails")
		for now.Sub(start) < 30*time.Minute {
			now = now.Add(5 * time.Second)
			require.NoError(t, e.app.Dispatcher.Drain(ctx))
		}
		var got []string
		for _, ev := range rcv.events("") {
			if ev.AggregateID == more[0].ID {
				got = append(got, ev.Type)
			}
		}
		require.Equal(t, []string{"sales.order.created.v1", "sales.order.confirmed.v1", "sales.order.cancelled.v1"}, got,
			"after the outage the events arrive, in order per order")
		require.Len(t, rcv.events(""), 11)

		// The delivery log.
		var log struct {
			Data []struct {
				ID         int64  `json:"id"`
				EventID    string `json:"event_id"`
				EventType  string `json:"event_type"`
				Status     string `json:"status"`
				Attempts   int    `json:"attempts"`
				LastStatus *int   `json:"last_status"`
			} `json:"data"`
			NextCursor *string `json:"next_cursor"`
		}
		r = e.do(admin, "GET", "/api/v1/webhook-endpoints/"+ep.ID+"/deliveries?limit=5", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &log)
		require.Len(t, log.Data, 5)
		require.NotNil(t, log.NextCursor)
		last := log.Data[0]
		require.Equal(t, "delivered", last.Status)
		require.Equal(t, 204, *last.LastStatus)
		retried := log.Data[len(log.Data)-1]
		for _, d := range log.Data {
			if d.Attempts > retried.Attempts {
				retried = d
			}
		}
		require.Greater(t, retried.Attempts, 3, "retried with backoff during the outage")
		var detail struct {
			Attempts    int `json:"attempts"`
			AttemptsLog []struct {
				OK         bool   `json:"ok"`
				StatusCode *int   `json:"status_code"`
				Response   string `json:"response"`
				StartedAt  time.Time
			} `json:"attempts_log"`
			Payload envelope `json:"payload"`
		}
		r = e.do(admin, "GET", "/api/v1/webhook-endpoints/"+ep.ID+"/deliveries/"+strconv.FormatInt(retried.ID, 10), nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &detail)
		require.Equal(t, 500, *detail.AttemptsLog[0].StatusCode)
		require.Equal(t, "down for maintenance", detail.AttemptsLog[0].Response)
		require.True(t, detail.AttemptsLog[len(detail.AttemptsLog)-1].OK)
		require.Equal(t, retried.EventID, detail.Payload.ID)

		// A manual redelivery sends the event again, with the same ID.
		rcv.failing = nil
		r = e.do(admin, "POST", "/api/v1/webhook-endpoints/"+ep.ID+"/deliveries/"+strconv.FormatInt(last.ID, 10)+"/redeliver", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(admin, "POST", "/api/v1/webhook-endpoints/"+ep.ID+"/deliveries/"+strconv.FormatInt(last.ID, 10)+"/redeliver", nil)
		require.Equal(t, 409, r.Status, "already pending")
		require.Equal(t, "delivery_pending", code(t, r))
		now = time.Now().UTC().Add(time.Second)
		require.NoError(t, e.app.Dispatcher.Drain(ctx))
		seen := 0
		for _, ev := range rcv.events("") {
			if ev.ID == last.EventID {
				seen++
			}
		}
		require.Equal(t, 2, seen, "delivered again with the same webhook-id, for the receiver to deduplicate")

		// Optimistic concurrency on the endpoint.
		r = e.do(admin, "PUT", "/api/v1/webhook-endpoints/"+ep.ID, map[string]any{"url": rcv.srv.URL + "/hooks", "event_types": []string{"sales.order.*"}},
			"If-Match", `"7"`)
		require.Equal(t, 412, r.Status)

		// A receiver failing for 3 days: the endpoint is switched off.
		start = now
		rcv.failing = func() bool { return true }
		confirm()
		for now.Sub(start) < 80*time.Hour {
			now = now.Add(time.Hour)
			require.NoError(t, e.app.Dispatcher.Drain(ctx))
		}
		var off struct {
			Active         bool   `json:"active"`
			DisabledReason string `json:"disabled_reason"`
		}
		e.do(admin, "GET", "/api/v1/webhook-endpoints/"+ep.ID, nil).JSON(t, &off)
		require.False(t, off.Active)
		require.Contains(t, off.DisabledReason, "failed for 3 days")
		var feed struct {
			Data []envelope `json:"data"`
		}
		r = e.do(admin, "GET", "/api/v1/events?types=webhook.endpoint.disabled.v1", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &feed)
		require.Len(t, feed.Data, 1, "switching it off is an event, for the administrators")
		require.Equal(t, "system:webhooks", feed.Data[0].Actor)
	})
}

// TestEventCatalogFeedAndAsyncAPI checks the published catalog and the
// pull feed with its cursor.
func TestEventCatalogFeedAndAsyncAPI(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.token(e.user("root@example.com", "admin"))
		var types struct {
			Data []struct {
				Name    string         `json:"name"`
				Module  string         `json:"module"`
				Version int            `json:"version"`
				Subject string         `json:"subject"`
				Schema  map[string]any `json:"schema"`
			} `json:"data"`
		}
		r := e.do(admin, "GET", "/api/v1/events/types", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &types)
		names := map[string]bool{}
		for _, ty := range types.Data {
			names[ty.Name] = true
			require.NotEmpty(t, ty.Schema["$defs"], ty.Name)
		}
		for _, want := range []string{"sales.order.confirmed.v1", "billing.invoice.posted.v1", "party.party.merged.v1", "webhook.endpoint.disabled.v1"} {
			require.True(t, names[want], want)
		}
		require.Equal(t, 403, e.do(e.token(e.user("v@example.com", "viewer")), "GET", "/api/v1/events", nil).Status)

		r = e.do("", "GET", "/api/asyncapi.json", nil)
		require.Equal(t, 200, r.Status)
		var async struct {
			AsyncAPI   string                    `json:"asyncapi"`
			Channels   map[string]map[string]any `json:"channels"`
			Components struct {
				Schemas  map[string]any `json:"schemas"`
				Messages map[string]any `json:"messages"`
			} `json:"components"`
		}
		r.JSON(t, &async)
		require.Equal(t, "3.0.0", async.AsyncAPI)
		require.Equal(t, "concord.sales.order.confirmed.v1", async.Channels["sales.order.confirmed.v1"]["address"])
		require.Contains(t, async.Components.Schemas, "SalesOrder")
		require.Len(t, async.Components.Messages, len(types.Data))
		require.False(t, strings.Contains(string(r.Body), "#/$defs/"), "every reference points into components")

		f := newSalesFixture(t, e, "10")
		for range 3 {
			o := f.order(t, "1")
			require.Equal(t, 200, e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, "If-Match", `"1"`).Status)
		}
		require.NoError(t, e.app.Dispatcher.Drain(ctx))
		type page struct {
			Data       []envelope `json:"data"`
			NextCursor string     `json:"next_cursor"`
			HasMore    bool       `json:"has_more"`
		}
		var p1, p2, p3 page
		e.do(admin, "GET", "/api/v1/events?types=sales.order.confirmed.v1&limit=2", nil).JSON(t, &p1)
		require.Len(t, p1.Data, 2)
		require.True(t, p1.HasMore)
		e.do(admin, "GET", "/api/v1/events?types=sales.order.confirmed.v1&limit=2&after="+p1.NextCursor, nil).JSON(t, &p2)
		require.Len(t, p2.Data, 1)
		require.False(t, p2.HasMore)
		require.NotEqual(t, p1.Data[1].ID, p2.Data[0].ID)
		e.do(admin, "GET", "/api/v1/events?types=sales.order.confirmed.v1&after="+p2.NextCursor, nil).JSON(t, &p3)
		require.Empty(t, p3.Data, "nothing new yet")
		require.Equal(t, p2.NextCursor, p3.NextCursor, "poll again from the same cursor")
		o := f.order(t, "1")
		require.Equal(t, 200, e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/confirm", nil, "If-Match", `"1"`).Status)
		require.NoError(t, e.app.Dispatcher.Drain(ctx))
		e.do(admin, "GET", "/api/v1/events?types=sales.order.confirmed.v1&after="+p3.NextCursor, nil).JSON(t, &p3)
		require.Len(t, p3.Data, 1)
		require.Equal(t, o.ID, p3.Data[0].AggregateID)

		r = e.do(admin, "GET", "/api/v1/events?types=sales.nothing.v1", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), "unknown_event_type")
		r = e.do(admin, "GET", "/api/v1/events?after=garbage", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), "invalid_cursor")
	})
}
