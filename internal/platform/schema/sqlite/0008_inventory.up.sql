-- Warehouses and their locations (inventory). Keep in step with the other
-- engine's 0008_inventory.up.sql.

CREATE TABLE inventory_warehouse (
	id         TEXT    PRIMARY KEY,
	code       TEXT    NOT NULL UNIQUE,
	name       TEXT    NOT NULL,
	address    TEXT    NOT NULL,
	country    TEXT    NOT NULL,
	active     BOOLEAN NOT NULL,
	version    INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE inventory_location (
	id           TEXT    PRIMARY KEY,
	warehouse_id TEXT    NOT NULL REFERENCES inventory_warehouse (id),
	code         TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	type         TEXT    NOT NULL,
	active       BOOLEAN NOT NULL,
	UNIQUE (warehouse_id, code)
);
