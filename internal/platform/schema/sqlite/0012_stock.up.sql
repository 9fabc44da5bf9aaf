-- Stock (inventory): quantities per location, balances and reservations per
-- warehouse, and the moves that are the only way quantities change.
-- Quantities are money.Quantity units (1/10000). Keep in step with the
-- other engine's 0012_stock.up.sql.

CREATE TABLE inventory_stock (
	product_id  TEXT NOT NULL,
	location_id TEXT NOT NULL REFERENCES inventory_location (id),
	on_hand     INTEGER NOT NULL CHECK (on_hand >= 0),
	PRIMARY KEY (product_id, location_id)
);

-- The checks are the last line of defence; the conditional updates of the
-- service never let them fire.
CREATE TABLE inventory_balance (
	product_id   TEXT NOT NULL,
	warehouse_id TEXT NOT NULL REFERENCES inventory_warehouse (id),
	on_hand      INTEGER NOT NULL CHECK (on_hand >= 0),
	reserved     INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand),
	PRIMARY KEY (product_id, warehouse_id)
);

CREATE TABLE inventory_reservation (
	product_id   TEXT NOT NULL,
	warehouse_id TEXT NOT NULL,
	reference    TEXT NOT NULL,
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	created_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (product_id, warehouse_id, reference)
);
CREATE INDEX inventory_reservation_reference ON inventory_reservation (reference);

CREATE TABLE inventory_move (
	id               TEXT PRIMARY KEY,
	type             TEXT NOT NULL,
	product_id       TEXT NOT NULL,
	from_location_id TEXT NOT NULL,
	to_location_id   TEXT NOT NULL,
	quantity         INTEGER NOT NULL CHECK (quantity > 0),
	reason           TEXT NOT NULL,
	reference        TEXT NOT NULL,
	created_at       TIMESTAMP NOT NULL
);
CREATE INDEX inventory_move_product ON inventory_move (product_id, created_at);
