package billing

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events billing emits, for the event catalog. They are
// about the customer (aggregate party), so a consumer gets a customer's
// invoices and payments in order.
var EventTypes = []outbox.Type{
	{Name: EventInvoiceCreated, Aggregate: "party", Payload: Invoice{}, Summary: "A draft invoice was created from an order."},
	{Name: EventInvoicePosted, Aggregate: "party", Payload: Invoice{}, Summary: "An invoice was posted: numbered and booked to the ledger."},
	{Name: EventInvoiceSettled, Aggregate: "party", Payload: Invoice{}, Summary: "An invoice's residual changed with an allocation: paid, or open again."},
	{Name: EventCreditNotePosted, Aggregate: "party", Payload: Invoice{}, Summary: "A credit note was posted against an invoice."},
	{Name: EventPaymentReceived, Aggregate: "party", Payload: Payment{}, Summary: "A customer payment was received."},
	{Name: EventPaymentAllocated, Aggregate: "party", Payload: Payment{}, Summary: "A payment was allocated to invoices."},
	{Name: EventPaymentUnallocate, Aggregate: "party", Payload: Payment{}, Summary: "A payment's allocation was undone."},
	{Name: EventReconciled, Aggregate: "party", Payload: StatementLine{}, Summary: "A bank statement line was reconciled with a payment."},
}
