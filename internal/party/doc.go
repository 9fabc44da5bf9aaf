// Package party owns the master data of the organisations and people
// Concord deals with: customers, suppliers (a party may be both), their
// addresses and contacts, each with one code.
//
// Record rule: without party.party.all a user sees and changes only the
// parties they own; anyone else's party is "not found".
//
// It publishes party.party.created.v1 and party.party.updated.v1 and imports
// only platform packages.
package party
