// Package billing owns invoices, credit notes, payments and their
// allocations. Posting an invoice or a credit note and receiving or
// allocating a payment write balanced entries to the ledger in the same
// transaction, and tell sales how much of an order is invoiced and when it
// is paid.
package billing
