package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/concord-erp/concord/internal/events"
	"github.com/concord-erp/concord/internal/platform/buildinfo"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/webhook"
)

// Event catalog and feed

type eventTypesOutput struct {
	Body struct {
		Data []events.Type `json:"data"`
	}
}

func (s *server) listEventTypes(context.Context, *struct{}) (*eventTypesOutput, error) {
	out := &eventTypesOutput{}
	out.Body.Data = s.deps.Events.Catalog().Types()
	return out, nil
}

type feedInput struct {
	After string `query:"after" maxLength:"200" doc:"The next_cursor of the previous page; omit to start at the oldest event kept."`
	Types string `query:"types" maxLength:"4000" doc:"Comma-separated event types or prefixes (sales.order.*); all when omitted."`
	Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

type feedOutput struct{ Body events.FeedPage }

func (s *server) eventFeed(ctx context.Context, in *feedInput) (*feedOutput, error) {
	var types []string
	if in.Types != "" {
		types = strings.Split(in.Types, ",")
	}
	if in.Limit == 0 {
		in.Limit = 100
	}
	p, err := s.deps.Events.Feed(ctx, events.FeedQuery{After: in.After, Types: types, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	return &feedOutput{Body: p}, nil
}

// asyncAPI serves the event catalog as an AsyncAPI 3 document; like the
// OpenAPI document it is public.
func (s *server) asyncAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := s.deps.Events.Catalog().AsyncAPI(buildinfo.Get().Version)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_ = json.NewEncoder(w).Encode(doc)
}

// Webhook endpoints

type endpointsOutput struct {
	Body struct {
		Data []webhook.Endpoint `json:"data"`
	}
}

func (s *server) listEndpoints(ctx context.Context, _ *struct{}) (*endpointsOutput, error) {
	es, err := s.deps.Webhook.FindEndpoints(ctx)
	if err != nil {
		return nil, err
	}
	out := &endpointsOutput{}
	out.Body.Data = es
	return out, nil
}

type endpointOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     webhook.Endpoint
}

func endpointOut(e webhook.Endpoint) *endpointOutput {
	return &endpointOutput{ETag: httpx.ETag(e.Version), Location: "/api/v1/webhook-endpoints/" + e.ID, Body: e}
}

// endpointWithSecret is an endpoint with its signing secret, answered
// only when the secret is made.
type endpointWithSecret struct {
	webhook.Endpoint
	Secret string `json:"secret" doc:"The signing secret (whsec_…), shown only now: keep it to verify webhook-signature."`
}

type endpointSecretOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     endpointWithSecret
}

func (s *server) getEndpoint(ctx context.Context, in *idPath) (*endpointOutput, error) {
	e, err := s.deps.Webhook.FindEndpoint(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return endpointOut(e), nil
}

type createEndpointInput struct{ Body webhook.Input }

func (s *server) createEndpoint(ctx context.Context, in *createEndpointInput) (*endpointSecretOutput, error) {
	e, secret, err := s.deps.Webhook.CreateEndpoint(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &endpointSecretOutput{ETag: httpx.ETag(e.Version), Location: "/api/v1/webhook-endpoints/" + e.ID,
		Body: endpointWithSecret{Endpoint: e, Secret: secret}}, nil
}

type replaceEndpointInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    webhook.Input
}

func (s *server) replaceEndpoint(ctx context.Context, in *replaceEndpointInput) (*endpointOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	e, err := s.deps.Webhook.ReplaceEndpoint(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return endpointOut(e), nil
}

type rotateSecretInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
}

func (s *server) rotateSecret(ctx context.Context, in *rotateSecretInput) (*endpointSecretOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, 0)
	if err != nil {
		return nil, err
	}
	e, secret, err := s.deps.Webhook.RotateSecret(ctx, in.ID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &endpointSecretOutput{ETag: httpx.ETag(e.Version), Location: "/api/v1/webhook-endpoints/" + e.ID,
		Body: endpointWithSecret{Endpoint: e, Secret: secret}}, nil
}

func (s *server) deleteEndpoint(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Webhook.DeleteEndpoint(ctx, in.ID)
}

type listDeliveriesInput struct {
	page.Params
	ID     string `path:"id" maxLength:"64"`
	Status string `query:"status" enum:"pending,sending,delivered,failed,cancelled"`
}

type deliveriesOutput struct{ Body page.List[outbox.Delivery] }

func (s *server) listDeliveries(ctx context.Context, in *listDeliveriesInput) (*deliveriesOutput, error) {
	var before int64
	if _, err := page.Decode(in.After, &before); err != nil {
		return nil, err
	}
	ds, err := s.deps.Webhook.Deliveries(ctx, in.ID, webhook.DeliveryFilter{Status: in.Status, Before: before, Limit: in.PageSize() + 1})
	if err != nil {
		return nil, err
	}
	return &deliveriesOutput{Body: page.Build(ds, in.PageSize(), func(d outbox.Delivery) any { return d.ID })}, nil
}

type deliveryPath struct {
	ID         string `path:"id" maxLength:"64"`
	DeliveryID int64  `path:"delivery_id" minimum:"1"`
}

type deliveryOutput struct{ Body webhook.DeliveryDetail }

func (s *server) getDelivery(ctx context.Context, in *deliveryPath) (*deliveryOutput, error) {
	d, err := s.deps.Webhook.FindDelivery(ctx, in.ID, in.DeliveryID)
	if err != nil {
		return nil, err
	}
	return &deliveryOutput{Body: d}, nil
}

func (s *server) redeliver(ctx context.Context, in *deliveryPath) (*deliveryOutput, error) {
	d, err := s.deps.Webhook.Redeliver(ctx, in.ID, in.DeliveryID)
	if err != nil {
		return nil, err
	}
	return &deliveryOutput{Body: d}, nil
}
