// Package returns owns returns (RMAs): goods a customer sends back from a
// delivered order line, authorized (at most what was delivered and not
// returned yet), received into stock through inventory (valued at
// standard cost against the cost of goods sold) or scrapped, and credited
// through billing's credit-note use case, each step in one transaction.
// A return links its ticket, its order and its credit notes.
//
// Events (payload: the Return): returns.return.authorized.v1,
// returns.return.received.v1, returns.return.credited.v1,
// returns.return.cancelled.v1.
//
// It imports sales (the order), inventory (the receipt), billing (the
// credit note) and support (the ticket).
package returns
