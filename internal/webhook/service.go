// Package webhook delivers Concord's events to HTTP endpoints that
// administrators register: each endpoint has a URL, the event types it
// wants, a signing secret and an active flag. It is an outbox.Sink: the
// outbox dispatcher creates a delivery per event and endpoint and calls
// Deliver, which POSTs the event envelope signed per Standard Webhooks
// (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are
// retried with backoff for 3 days; then the endpoint is switched off, with
// the event webhook.endpoint.disabled.v1 and the reason on the endpoint
// for administrators to see. Requests go through Guard (no private
// targets).
//
// It imports only platform packages.
package webhook

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions: reading endpoints and their delivery log, and managing them
// (which shows secrets and redelivers). Only administrators hold them by
// default.
const (
	PermRead   = "integration.webhook.read"
	PermManage = "integration.webhook.manage"
)

// Events.
const (
	EventCreated  = "webhook.endpoint.created.v1"
	EventUpdated  = "webhook.endpoint.updated.v1"
	EventDeleted  = "webhook.endpoint.deleted.v1"
	EventDisabled = "webhook.endpoint.disabled.v1"
)

// EventTypes are the events webhook emits, for the event catalog.
var EventTypes = []outbox.Type{
	{Name: EventCreated, Aggregate: "webhook_endpoint", Payload: Endpoint{}, Summary: "A webhook endpoint was registered."},
	{Name: EventUpdated, Aggregate: "webhook_endpoint", Payload: Endpoint{}, Summary: "A webhook endpoint changed (URL, types, active flag or secret)."},
	{Name: EventDeleted, Aggregate: "webhook_endpoint", Payload: Endpoint{}, Summary: "A webhook endpoint was deleted (data: as it was)."},
	{Name: EventDisabled, Aggregate: "webhook_endpoint", Payload: Endpoint{}, Summary: "A webhook endpoint was switched off because a delivery kept failing for the whole retry window; disabled_reason says which."},
}

// Errors.
var (
	ErrNotFinished = apperr.Conflict("delivery_pending", "the delivery is still pending; it is sent again by itself")
)

// Endpoint is a registered webhook receiver. Its secret is shown only when
// it is created or rotated.
type Endpoint struct {
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Description    string     `json:"description"`
	EventTypes     []string   `json:"event_types" doc:"Event types (or prefixes such as sales.order.*) sent to it; empty for all."`
	Active         bool       `json:"active"`
	DisabledReason string     `json:"disabled_reason" doc:"Why Concord switched it off, if it did."`
	DisabledAt     *time.Time `json:"disabled_at" nullable:"true"`
	Version        int64      `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	secret         string
}

// Input is a new endpoint, or the replacement of one.
type Input struct {
	URL         string   `json:"url" maxLength:"2000" doc:"https (or http) URL the events are POSTed to."`
	Description string   `json:"description,omitempty" maxLength:"500"`
	EventTypes  []string `json:"event_types,omitempty" maxItems:"200" doc:"Types or prefixes (sales.order.*); empty or omitted for all."`
	Active      *bool    `json:"active,omitempty" doc:"Defaults to true."`
	Version     int64    `json:"version,omitempty" doc:"The version being replaced (or send If-Match)."`
}

// Subscriber is the outbox subscriber name of an endpoint.
func Subscriber(endpointID string) string { return "webhook:" + endpointID }

// Service manages endpoints and delivers to them.
type Service struct {
	db    *db.DB
	guard Guard
	known func(pattern string) bool
	sink  *Sink
}

// NewService returns the service. known tells whether an event type pattern
// selects a type in the catalog.
func NewService(d *db.DB, perms *authz.Catalog, guard Guard, known func(string) bool) *Service {
	perms.Add(PermRead, PermManage)
	s := &Service{db: d, guard: guard, known: known}
	s.sink = &Sink{svc: s, client: guard.Client(10 * time.Second), now: func() time.Time { return time.Now().UTC() }}
	return s
}

// SetGuard replaces the SSRF guard (the networks an administrator opened);
// call it before the service is used.
func (s *Service) SetGuard(g Guard) {
	s.guard = g
	s.sink.client = g.Client(10 * time.Second)
}

// Sink returns the outbox sink delivering to the endpoints.
func (s *Service) Sink() *Sink { return s.sink }

func (s *Service) check(in *Input) error {
	var v apperr.Validator
	in.URL = strings.TrimSpace(in.URL)
	if code, msg := s.guard.CheckURL(in.URL); code != "" {
		v.Add("url", code, msg)
	}
	seen := map[string]bool{}
	var types []string
	for i, t := range in.EventTypes {
		t = strings.TrimSpace(t)
		if seen[t] {
			continue
		}
		seen[t] = true
		if t == "" || !s.known(t) {
			v.Add("event_types["+strconv.Itoa(i)+"]", "unknown_event_type", "no event type matches "+t+"; see GET /api/v1/events/types")
		}
		types = append(types, t)
	}
	in.EventTypes = types
	return v.Err()
}

func record(ctx context.Context, tx *db.Tx, e Endpoint, action, event string, before any) error {
	var after any = e
	if action == audit.ActionDelete {
		after = nil
	}
	if err := audit.RecordTx(ctx, tx, "webhook_endpoint", e.ID, action, before, after); err != nil {
		return err
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "webhook_endpoint", AggregateID: e.ID, Payload: e})
	return err
}

// FindEndpoints lists every endpoint, newest first.
func (s *Service) FindEndpoints(ctx context.Context) ([]Endpoint, error) {
	return findEndpoints(ctx, s.db, false)
}

// FindEndpoint returns an endpoint. Errors: not_found.
func (s *Service) FindEndpoint(ctx context.Context, endpointID string) (Endpoint, error) {
	return findEndpoint(ctx, s.db, endpointID)
}

// CreateEndpoint registers an endpoint with a new secret, returned this
// once. Errors: validation_failed (invalid_url, private_target,
// unknown_event_type).
func (s *Service) CreateEndpoint(ctx context.Context, in Input) (Endpoint, string, error) {
	if err := s.check(&in); err != nil {
		return Endpoint{}, "", err
	}
	e := Endpoint{ID: id.New("whe"), URL: in.URL, Description: strings.TrimSpace(in.Description), EventTypes: in.EventTypes,
		Active: in.Active == nil || *in.Active, Version: 1, secret: newSecret()}
	if e.EventTypes == nil {
		e.EventTypes = []string{}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e.CreatedAt, e.UpdatedAt = tx.Now(), tx.Now()
		if err := insertEndpoint(ctx, tx, e); err != nil {
			return err
		}
		return record(ctx, tx, e, audit.ActionCreate, EventCreated, nil)
	})
	return e, e.secret, err
}

// ReplaceEndpoint replaces an endpoint's URL, description, types and
// active flag; version is the version being replaced. Switching it on
// clears the reason Concord switched it off; switching it off cancels its
// pending deliveries. Errors: not_found, validation_failed,
// version_conflict.
func (s *Service) ReplaceEndpoint(ctx context.Context, endpointID string, in Input, version int64) (Endpoint, error) {
	if err := s.check(&in); err != nil {
		return Endpoint{}, err
	}
	var after Endpoint
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findEndpoint(ctx, tx, endpointID)
		if err != nil {
			return err
		}
		after = before
		after.URL, after.Description, after.EventTypes = in.URL, strings.TrimSpace(in.Description), in.EventTypes
		if after.EventTypes == nil {
			after.EventTypes = []string{}
		}
		if in.Active != nil {
			after.Active = *in.Active
		}
		if after.Active {
			after.DisabledReason, after.DisabledAt = "", nil
		}
		return s.save(ctx, tx, before, &after, version, EventUpdated)
	})
	return after, err
}

func (s *Service) save(ctx context.Context, tx *db.Tx, before Endpoint, after *Endpoint, version int64, event string) error {
	after.Version, after.UpdatedAt = version+1, tx.Now()
	res, err := updateEndpoint(ctx, tx, *after, version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "webhook_endpoint", after.ID, "webhook endpoint"); err != nil {
		return err
	}
	if before.Active && !after.Active {
		if err := outbox.CancelTx(ctx, tx, Subscriber(after.ID)); err != nil {
			return err
		}
	}
	return record(ctx, tx, *after, audit.ActionUpdate, event, before)
}

// RotateSecret gives an endpoint a new secret, returned this once; the old
// one stops signing at once. Errors: not_found, version_conflict.
func (s *Service) RotateSecret(ctx context.Context, endpointID string, version int64) (Endpoint, string, error) {
	var after Endpoint
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findEndpoint(ctx, tx, endpointID)
		if err != nil {
			return err
		}
		after = before
		after.secret = newSecret()
		return s.save(ctx, tx, before, &after, version, EventUpdated)
	})
	return after, after.secret, err
}

// DeleteEndpoint deletes an endpoint; its pending deliveries are
// cancelled, its delivery log stays until the events are pruned. Errors:
// not_found.
func (s *Service) DeleteEndpoint(ctx context.Context, endpointID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findEndpoint(ctx, tx, endpointID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoint WHERE id = $1`, endpointID); err != nil {
			return err
		}
		if err := outbox.CancelTx(ctx, tx, Subscriber(endpointID)); err != nil {
			return err
		}
		return record(ctx, tx, before, audit.ActionDelete, EventDeleted, before)
	})
}

// DeliveryFilter selects an endpoint's deliveries, newest first.
type DeliveryFilter struct {
	Status string
	Before int64
	Limit  int
}

// Deliveries lists an endpoint's delivery log. Errors: not_found.
func (s *Service) Deliveries(ctx context.Context, endpointID string, f DeliveryFilter) ([]outbox.Delivery, error) {
	if _, err := findEndpoint(ctx, s.db, endpointID); err != nil {
		return nil, err
	}
	return outbox.Deliveries(ctx, s.db, outbox.DeliveryFilter{Subscriber: Subscriber(endpointID), Status: f.Status, Before: f.Before, Limit: f.Limit})
}

// DeliveryDetail is a delivery with its attempts and the envelope it sends.
type DeliveryDetail struct {
	outbox.Delivery
	Attempts []outbox.AttemptLog `json:"attempts_log"`
	Payload  outbox.Envelope     `json:"payload"`
}

// FindDelivery returns a delivery of an endpoint with its attempts.
// Errors: not_found.
func (s *Service) FindDelivery(ctx context.Context, endpointID string, deliveryID int64) (DeliveryDetail, error) {
	d, err := outbox.FindDelivery(ctx, s.db, Subscriber(endpointID), deliveryID)
	if err != nil {
		return DeliveryDetail{}, db.NotFound(err, "delivery")
	}
	return s.detail(ctx, s.db, d)
}

func (s *Service) detail(ctx context.Context, q db.Querier, d outbox.Delivery) (DeliveryDetail, error) {
	att, err := outbox.Attempts(ctx, q, d.ID)
	if err != nil {
		return DeliveryDetail{}, err
	}
	ev, err := outbox.EventOf(ctx, q, d)
	if err != nil {
		return DeliveryDetail{}, db.NotFound(err, "event")
	}
	return DeliveryDetail{Delivery: d, Attempts: att, Payload: ev.Envelope()}, nil
}

// Redeliver sends a finished delivery again at once (also one that
// succeeded, e.g. for a receiver that lost it). Errors: not_found,
// delivery_pending.
func (s *Service) Redeliver(ctx context.Context, endpointID string, deliveryID int64) (DeliveryDetail, error) {
	var out DeliveryDetail
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := outbox.RedeliverTx(ctx, tx, Subscriber(endpointID), deliveryID)
		if errors.Is(err, outbox.ErrNotFinished) {
			return ErrNotFinished
		}
		if err != nil {
			return db.NotFound(err, "delivery")
		}
		if err := audit.RecordTx(ctx, tx, "webhook_endpoint", endpointID, "redeliver", nil, map[string]any{"delivery_id": deliveryID, "event_id": d.EventID}); err != nil {
			return err
		}
		out, err = s.detail(ctx, tx, d)
		return err
	})
	return out, err
}

// disableTx switches an endpoint off after a delivery failed for the whole
// retry window, with the reason and the disabled event.
func (s *Service) disableTx(ctx context.Context, tx *db.Tx, endpointID string, d outbox.Delivery) error {
	before, err := findEndpoint(ctx, tx, endpointID)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return nil // deleted meanwhile
	}
	if err != nil || !before.Active {
		return err
	}
	after := before
	now := tx.Now()
	after.Active, after.DisabledAt = false, &now
	after.DisabledReason = "switched off: the delivery of event " + d.EventID + " (" + d.EventType + ") failed for 3 days; last error: " + d.LastError
	return s.save(authz.WithPrincipal(ctx, authz.System("webhooks")), tx, before, &after, before.Version, EventDisabled)
}
