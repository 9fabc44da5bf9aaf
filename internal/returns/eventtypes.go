package returns

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events of returns (RMA), for the event catalog.
var EventTypes = []outbox.Type{
	{Name: EventAuthorized, Aggregate: "return", Payload: Return{}, Summary: "A return was authorized."},
	{Name: EventReceived, Aggregate: "return", Payload: Return{}, Summary: "Returned goods were received into stock or scrapped."},
	{Name: EventCredited, Aggregate: "return", Payload: Return{}, Summary: "A credit note was issued for a return."},
	{Name: EventCancelled, Aggregate: "return", Payload: Return{}, Summary: "A return was cancelled."},
}
