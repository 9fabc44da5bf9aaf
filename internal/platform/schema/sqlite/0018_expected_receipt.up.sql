-- Expected receipts (inventory): stock announced for a warehouse on a day,
-- e.g. a supplier's confirmed delivery; what is still to come is the
-- incoming of available-to-promise. Quantities are money.Quantity units.
-- Keep in step with the other engine's 0018_expected_receipt.up.sql.

CREATE TABLE inventory_expected_receipt (
	id           TEXT NOT NULL PRIMARY KEY,
	product_id   TEXT NOT NULL,
	warehouse_id TEXT NOT NULL REFERENCES inventory_warehouse (id),
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	received     INTEGER NOT NULL CHECK (received >= 0 AND received <= quantity),
	expected_on  TEXT NOT NULL,
	reference    TEXT NOT NULL,
	status       TEXT NOT NULL,
	version      INTEGER NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX inventory_expected_receipt_open ON inventory_expected_receipt (product_id, status, expected_on);
