package events

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Type is an event type in the catalog, with the JSON Schema of its
// envelope (whose data is the resource as of the event).
type Type struct {
	Name      string         `json:"name" doc:"The versioned type, e.g. sales.order.confirmed.v1."`
	Module    string         `json:"module" doc:"The module that emits it."`
	Version   int            `json:"version" doc:"The payload's version: a change that could break a consumer is a new type with the next version."`
	Aggregate string         `json:"aggregate" doc:"The aggregate_type of its events; events of one aggregate are delivered in order."`
	Summary   string         `json:"summary"`
	Subject   string         `json:"subject" doc:"The NATS subject it is published on."`
	Schema    map[string]any `json:"schema" doc:"JSON Schema (2020-12) of the envelope, data included."`
}

// SubjectPrefix starts the NATS subject of every event type.
const SubjectPrefix = "concord."

// Catalog holds every event type the product emits. It is built once, at
// start, from the modules' declarations (outbox.Type lists).
type Catalog struct {
	types    []Type
	payloads map[string]reflect.Type
	index    map[string]int
	compiled map[string]*jsonschema.Schema
}

var typeName = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+\.v([1-9][0-9]*)$`)

const defsPrefix = "#/$defs/"

// NewCatalog builds the catalog from the modules' declarations. It fails on
// a malformed or repeated type name or a payload without a schema: a
// programming error, found at start.
func NewCatalog(lists ...[]outbox.Type) (*Catalog, error) {
	c := &Catalog{payloads: map[string]reflect.Type{}, index: map[string]int{}, compiled: map[string]*jsonschema.Schema{}}
	var all []outbox.Type
	for _, l := range lists {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	reg := httpx.NewSchemaRegistry(defsPrefix)
	compiler := jsonschema.NewCompiler()
	compiler.AssertFormat()
	for _, d := range all {
		m := typeName.FindStringSubmatch(d.Name)
		if m == nil {
			return nil, fmt.Errorf("events: type %q is not module.entity.action.vN", d.Name)
		}
		if _, dup := c.index[d.Name]; dup {
			return nil, fmt.Errorf("events: type %q declared twice", d.Name)
		}
		if d.Payload == nil || d.Aggregate == "" || d.Summary == "" {
			return nil, fmt.Errorf("events: type %q needs a payload, an aggregate and a summary", d.Name)
		}
		v, _ := strconv.Atoi(m[2])
		t := Type{Name: d.Name, Module: d.Name[:strings.Index(d.Name, ".")], Version: v, Aggregate: d.Aggregate,
			Summary: d.Summary, Subject: SubjectPrefix + d.Name}
		pt := reflect.TypeOf(d.Payload)
		data := reg.Schema(pt, true, "")
		schema, err := envelopeSchema(d, data, reg)
		if err != nil {
			return nil, err
		}
		t.Schema = schema
		raw, _ := json.Marshal(schema)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		url := "concord:events/" + d.Name + ".json"
		if err := compiler.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("events: schema of %s: %w", d.Name, err)
		}
		if c.compiled[d.Name], err = compiler.Compile(url); err != nil {
			return nil, fmt.Errorf("events: schema of %s: %w", d.Name, err)
		}
		c.index[d.Name] = len(c.types)
		c.types = append(c.types, t)
		c.payloads[d.Name] = pt
	}
	return c, nil
}

// envelopeSchema is the standalone schema of a type's envelope: the
// envelope's fields, data referring to the payload's schema, and every
// schema that one refers to under $defs.
func envelopeSchema(d outbox.Type, data *huma.Schema, reg huma.Registry) (map[string]any, error) {
	dataJSON, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	var dataSchema map[string]any
	if err := json.Unmarshal(dataJSON, &dataSchema); err != nil {
		return nil, err
	}
	defs := map[string]any{}
	var walk func(v any) error
	walk = func(v any) error {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if ref, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(ref, defsPrefix) {
					name := strings.TrimPrefix(ref, defsPrefix)
					if _, seen := defs[name]; seen {
						continue
					}
					s := reg.Map()[name]
					if s == nil {
						return fmt.Errorf("events: %s refers to unknown schema %s", d.Name, name)
					}
					raw, err := json.Marshal(s)
					if err != nil {
						return err
					}
					var m map[string]any
					if err := json.Unmarshal(raw, &m); err != nil {
						return err
					}
					defs[name] = m
					if err := walk(m); err != nil {
						return err
					}
					continue
				}
				if err := walk(e); err != nil {
					return err
				}
			}
		case []any:
			for _, e := range x {
				if err := walk(e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(dataSchema); err != nil {
		return nil, err
	}
	str := map[string]any{"type": "string"}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "concord:events/" + d.Name + ".json",
		"title":                d.Name,
		"description":          d.Summary,
		"type":                 "object",
		"additionalProperties": false,
		"required":             []any{"id", "type", "occurred_at", "actor", "aggregate_type", "aggregate_id", "data"},
		"properties": map[string]any{
			"id":             map[string]any{"type": "string", "pattern": "^evt_", "description": "Event ID, the same on every delivery: deduplicate by it."},
			"type":           map[string]any{"const": d.Name},
			"occurred_at":    map[string]any{"type": "string", "format": "date-time"},
			"actor":          str,
			"aggregate_type": map[string]any{"const": d.Aggregate},
			"aggregate_id":   str,
			"data":           dataSchema,
		},
		"$defs": defs,
	}, nil
}

// Types returns every type, by name.
func (c *Catalog) Types() []Type { return c.types }

// Find returns a type by name.
func (c *Catalog) Find(name string) (Type, bool) {
	i, ok := c.index[name]
	if !ok {
		return Type{}, false
	}
	return c.types[i], true
}

// Known reports whether a type pattern (see outbox.Matches) selects at
// least one type in the catalog.
func (c *Catalog) Known(pattern string) bool {
	for _, t := range c.types {
		if outbox.Matches([]string{pattern}, t.Name) {
			return true
		}
	}
	return false
}

// ErrUnknownType is returned by Validate for an event whose type is not in
// the catalog.
var ErrUnknownType = fmt.Errorf("events: type not in the catalog")

// Validate checks an event's envelope against its type's schema. Errors:
// ErrUnknownType, or the schema violations.
func (c *Catalog) Validate(ev outbox.Event) error {
	sch, ok := c.compiled[ev.Type]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownType, ev.Type)
	}
	raw, err := json.Marshal(ev.Envelope())
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}
