// Package ledger owns Concord's finance data. For now that is the reference
// data every money-moving module needs; the chart of accounts and the
// journal (PostTx) will join it here:
//
//   - currencies in use (a subset of the ISO 4217 codes money knows, whose
//     minor units come from money and are not stored);
//   - dated exchange rates, exact decimals with RateScale digits, and the
//     rate in force on a business day (Service.RateOn, Convert);
//   - taxes, percentages included in or added to a price (TaxOn);
//   - payment terms, with their due and early-payment discount dates
//     (DueDate).
//
// Business dates are [calendar.Date] values ("YYYY-MM-DD"), never timestamps.
//
// It publishes ledger.currency.created.v1, ledger.currency.updated.v1,
// ledger.tax.created.v1, ledger.tax.updated.v1, ledger.term.created.v1 and
// ledger.term.updated.v1, and imports only platform packages.
package ledger
