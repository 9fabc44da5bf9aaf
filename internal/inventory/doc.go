// Package inventory owns where stock lives and how it moves: warehouses and
// their locations today; stock levels, moves and reservations come with the
// sales issue.
//
// It imports only platform packages and product (per the dependency
// rules), and publishes inventory.warehouse.created.v1 and
// inventory.warehouse.updated.v1.
package inventory
