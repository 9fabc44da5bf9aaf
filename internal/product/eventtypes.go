package product

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events product emits, for the event catalog.
var EventTypes = []outbox.Type{
	{Name: EventCreated, Aggregate: "product", Payload: Product{}, Summary: "A product was created."},
	{Name: EventUpdated, Aggregate: "product", Payload: Product{}, Summary: "A product's data changed."},
}
