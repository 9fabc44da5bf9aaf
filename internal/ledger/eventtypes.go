package ledger

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events the ledger emits, for the event catalog.
var EventTypes = []outbox.Type{
	{Name: EventCurrencyCreated, Aggregate: "ledger_currency", Payload: Currency{}, Summary: "A currency was put in use."},
	{Name: EventCurrencyUpdated, Aggregate: "ledger_currency", Payload: Currency{}, Summary: "A currency was renamed, activated or deactivated."},
	{Name: EventTaxCreated, Aggregate: "ledger_tax", Payload: Tax{}, Summary: "A tax was created."},
	{Name: EventTaxUpdated, Aggregate: "ledger_tax", Payload: Tax{}, Summary: "A tax changed."},
	{Name: EventTermCreated, Aggregate: "ledger_payment_term", Payload: PaymentTerm{}, Summary: "Payment terms were created."},
	{Name: EventTermUpdated, Aggregate: "ledger_payment_term", Payload: PaymentTerm{}, Summary: "Payment terms changed."},
	{Name: EventAccountSaved, Aggregate: "ledger_account", Payload: Account{}, Summary: "An account was added to the chart of accounts."},
	{Name: EventEntryPosted, Aggregate: "ledger_entry", Payload: Entry{}, Summary: "A balanced journal entry was posted."},
}
