package inventory

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events inventory emits, for the event catalog. Stock
// events are about the product (aggregate product).
var EventTypes = []outbox.Type{
	{Name: EventWarehouseCreated, Aggregate: "warehouse", Payload: Warehouse{}, Summary: "A warehouse was created with its locations."},
	{Name: EventWarehouseUpdated, Aggregate: "warehouse", Payload: Warehouse{}, Summary: "A warehouse or its locations changed."},
	{Name: EventMoved, Aggregate: "product", Payload: Move{}, Summary: "Stock moved: received, delivered, adjusted or transferred."},
	{Name: EventReserved, Aggregate: "product", Payload: Reservation{}, Summary: "Stock was reserved for a document."},
	{Name: EventReleased, Aggregate: "product", Payload: Reservation{}, Summary: "A reservation was released."},
	{Name: EventReceiptExpected, Aggregate: "product", Payload: ExpectedReceipt{}, Summary: "Incoming stock was announced for a day."},
	{Name: EventReceiptReceived, Aggregate: "product", Payload: ExpectedReceipt{}, Summary: "(Part of) an expected receipt arrived."},
	{Name: EventReceiptCancelled, Aggregate: "product", Payload: ExpectedReceipt{}, Summary: "What an expected receipt still announced was cancelled."},
}
