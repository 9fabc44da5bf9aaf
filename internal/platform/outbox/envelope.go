package outbox

import (
	"encoding/json"
	"strings"
	"time"
)

// Type declares an event type a module emits. Each module lists its types
// next to the code that appends them (e.g. sales.EventTypes), and the
// composition root hands every list to the event catalog, which derives the
// JSON Schema of the event's data from Payload.
type Type struct {
	// Name is the versioned, dotted type, e.g. "sales.order.confirmed.v1".
	Name string
	// Aggregate is the aggregate_type the events carry, e.g. "sales_order".
	Aggregate string
	// Summary says in one sentence when the event happens.
	Summary string
	// Payload is a value of the Go type marshalled as the event's data
	// (the resource as of the event), e.g. sales.Order{}.
	Payload any
}

// Envelope is an event as it leaves Concord: to webhooks, NATS and the
// events feed. Data is the resource as of the event; ID is the same on
// every delivery of the event, so consumers deduplicate by it.
type Envelope struct {
	ID            string          `json:"id" doc:"Event ID, the same on every delivery: deduplicate by it."`
	Type          string          `json:"type" doc:"Versioned event type, e.g. sales.order.confirmed.v1."`
	OccurredAt    time.Time       `json:"occurred_at" doc:"When the change committed its transaction began (UTC)."`
	Actor         string          `json:"actor" doc:"Who caused it: a user ID, user/token IDs, or system:<name>."`
	AggregateType string          `json:"aggregate_type" doc:"The kind of resource the event is about; events of one resource are delivered in order."`
	AggregateID   string          `json:"aggregate_id" doc:"The ID of the resource the event is about."`
	Data          json.RawMessage `json:"data" doc:"The resource as of the event; its schema is the type's in GET /api/v1/events/types."`
}

// Envelope returns the event as it leaves Concord.
func (e Event) Envelope() Envelope {
	return Envelope{ID: e.ID, Type: e.Type, OccurredAt: e.OccurredAt, Actor: e.Actor,
		AggregateType: e.AggregateType, AggregateID: e.AggregateID, Data: e.Payload}
}

// Matches reports whether an event type is selected by patterns: an exact
// type, "*" for all, or a prefix ending in ".*" ("sales.order.*"). No
// patterns select every type.
func Matches(patterns []string, typ string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, p := range patterns {
		if p == "*" || p == typ || (strings.HasSuffix(p, ".*") && strings.HasPrefix(typ, strings.TrimSuffix(p, "*"))) {
			return true
		}
	}
	return false
}
