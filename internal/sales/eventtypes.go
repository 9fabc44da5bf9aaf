package sales

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events sales emits, for the event catalog. Order and
// shipment events are about the order (aggregate sales_order), so a
// consumer gets an order's events in order.
var EventTypes = []outbox.Type{
	{Name: EventCreated, Aggregate: "sales_order", Payload: Order{}, Summary: "A draft sales order was created."},
	{Name: EventUpdated, Aggregate: "sales_order", Payload: Order{}, Summary: "A draft order's customer, dates, reference, warehouse or lines were replaced, or a credit note took invoiced quantities back to be invoiced again (the order returns from invoiced or paid to its delivery status)."},
	{Name: EventConfirmed, Aggregate: "sales_order", Payload: Order{}, Summary: "An order was confirmed (approved by policy or by an approver) and its stock reserved."},
	{Name: EventCancelled, Aggregate: "sales_order", Payload: Order{}, Summary: "An order was cancelled; its reservations were released."},
	{Name: EventSubmitted, Aggregate: "sales_order", Payload: Order{}, Summary: "An order waits for approval."},
	{Name: EventApproved, Aggregate: "sales_order", Payload: Order{}, Summary: "Every approval an order needed was given."},
	{Name: EventRejected, Aggregate: "sales_order", Payload: Order{}, Summary: "An approver rejected an order; it is back in draft."},
	{Name: EventInvoiced, Aggregate: "sales_order", Payload: Order{}, Summary: "An order was (fully or partly) invoiced, or a payment of it was undone."},
	{Name: EventPaid, Aggregate: "sales_order", Payload: Order{}, Summary: "An order's invoices are paid."},
	{Name: EventClosed, Aggregate: "sales_order", Payload: Order{}, Summary: "A paid order was closed."},
	{Name: EventDelivered, Aggregate: "sales_order", Payload: Order{}, Summary: "All of an order's stocked lines have been shipped."},
	{Name: EventShipmentCreated, Aggregate: "sales_order", Payload: Shipment{}, Summary: "A shipment of an order was created, to be picked."},
	{Name: EventShipmentPicked, Aggregate: "sales_order", Payload: Shipment{}, Summary: "A shipment was picked."},
	{Name: EventShipmentPacked, Aggregate: "sales_order", Payload: Shipment{}, Summary: "A shipment was packed."},
	{Name: EventShipmentShipped, Aggregate: "sales_order", Payload: Shipment{}, Summary: "A shipment left the warehouse, with carrier and tracking number."},
	{Name: EventShipmentDelivered, Aggregate: "sales_order", Payload: Shipment{}, Summary: "The customer received a shipment."},
	{Name: EventShipmentCancelled, Aggregate: "sales_order", Payload: Shipment{}, Summary: "A shipment not yet shipped was cancelled."},
	{Name: EventQuotationCreated, Aggregate: "sales_quotation", Payload: Quotation{}, Summary: "A draft quotation was created."},
	{Name: EventQuotationRevised, Aggregate: "sales_quotation", Payload: Quotation{}, Summary: "A quotation was revised (a new revision, in draft)."},
	{Name: EventQuotationSent, Aggregate: "sales_quotation", Payload: Quotation{}, Summary: "A quotation was sent to the customer."},
	{Name: EventQuotationConverted, Aggregate: "sales_quotation", Payload: Quotation{}, Summary: "A quotation was turned into a draft order."},
}
