package events

import (
	"encoding/json"
	"strings"
)

// AsyncAPI returns the catalog as an AsyncAPI 3.0 document: a channel per
// event type on its NATS subject, an operation receiving it, and its
// message with the envelope's schema. Webhooks and the events feed carry
// the same messages.
func (c *Catalog) AsyncAPI(version string) (map[string]any, error) {
	channels := map[string]any{}
	operations := map[string]any{}
	messages := map[string]any{}
	schemas := map[string]any{}
	for _, t := range c.types {
		// Shared schemas move to components; references follow them.
		s := map[string]any{}
		for k, v := range t.Schema {
			switch k {
			case "$defs":
				for name, def := range v.(map[string]any) {
					schemas[name] = def
				}
			case "$schema", "$id":
			default:
				s[k] = v
			}
		}
		raw, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		raw = []byte(strings.ReplaceAll(string(raw), `"`+defsPrefix, `"#/components/schemas/`))
		var moved map[string]any
		if err := json.Unmarshal(raw, &moved); err != nil {
			return nil, err
		}
		schemas[t.Name] = moved
		messages[t.Name] = map[string]any{
			"name":        t.Name,
			"title":       t.Name,
			"summary":     t.Summary,
			"contentType": "application/json",
			"payload":     map[string]any{"$ref": "#/components/schemas/" + t.Name},
			"headers": map[string]any{"type": "object", "properties": map[string]any{
				"Nats-Msg-Id": map[string]any{"type": "string", "description": "The event ID (NATS); JetStream drops duplicates by it."},
				"webhook-id":  map[string]any{"type": "string", "description": "The event ID (webhooks, Standard Webhooks)."},
			}},
		}
		channels[t.Name] = map[string]any{
			"address":     t.Subject,
			"description": "Events of type " + t.Name + ", from the " + t.Module + " module. Aggregate: " + t.Aggregate + ".",
			"messages":    map[string]any{t.Name: map[string]any{"$ref": "#/components/messages/" + t.Name}},
		}
		operations["receive."+t.Name] = map[string]any{
			"action":   "receive",
			"summary":  t.Summary,
			"channel":  map[string]any{"$ref": "#/channels/" + t.Name},
			"messages": []any{map[string]any{"$ref": "#/channels/" + t.Name + "/messages/" + t.Name}},
		}
	}
	doc := map[string]any{
		"asyncapi": "3.0.0",
		"info": map[string]any{
			"title":   "Concord events",
			"version": version,
			"description": "Every domain event Concord emits. Each is delivered at least once, in order per aggregate, " +
				"as the same JSON envelope (id, type, occurred_at, actor, aggregate_type, aggregate_id, data) on three " +
				"transports: NATS JetStream (the subjects below, Nats-Msg-Id = event id), webhooks (POST, signed per " +
				"Standard Webhooks, webhook-id = event id) and the pull feed GET /api/v1/events. Deduplicate by id.",
		},
		"defaultContentType": "application/json",
		"servers": map[string]any{
			"nats": map[string]any{"host": "localhost:4222", "protocol": "nats",
				"description": "The NATS server of CONCORD_NATS_URL; events go to the stream CONCORD (subjects concord.>)."},
		},
		"channels":   channels,
		"operations": operations,
		"components": map[string]any{"messages": messages, "schemas": schemas},
	}
	// The shared schemas still refer to each other under $defs.
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	raw = []byte(strings.ReplaceAll(string(raw), `"`+defsPrefix, `"#/components/schemas/`))
	var out map[string]any
	return out, json.Unmarshal(raw, &out)
}
