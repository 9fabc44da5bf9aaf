-- Shipments of sales orders (sales): picked, packed and shipped from the
-- order's warehouse; shipping consumes the order's reservation. Quantities
-- are money.Quantity units. Keep in step with the other engine's
-- 0019_shipment.up.sql.

CREATE TABLE sales_shipment (
	id              TEXT NOT NULL PRIMARY KEY,
	number          TEXT NOT NULL UNIQUE,
	order_id        TEXT NOT NULL REFERENCES sales_order (id),
	customer_id     TEXT NOT NULL,
	warehouse_id    TEXT NOT NULL,
	status          TEXT NOT NULL,
	carrier         TEXT NOT NULL,
	tracking_number TEXT NOT NULL,
	shipped_at      TIMESTAMPTZ,
	delivered_at    TIMESTAMPTZ,
	version         BIGINT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sales_shipment_order ON sales_shipment (order_id);
CREATE INDEX sales_shipment_status ON sales_shipment (status, id);

CREATE TABLE sales_shipment_line (
	shipment_id TEXT NOT NULL REFERENCES sales_shipment (id),
	position    INTEGER NOT NULL,
	order_line  INTEGER NOT NULL,
	product_id  TEXT NOT NULL,
	quantity    BIGINT NOT NULL CHECK (quantity > 0),
	PRIMARY KEY (shipment_id, position)
);

ALTER TABLE sales_order_line ADD COLUMN delivered BIGINT NOT NULL DEFAULT 0;
