-- Sales orders (sales). Amounts are minor units of the order's currency,
-- quantities money.Quantity units, discounts parts per million. Keep in
-- step with the other engine's 0013_sales_order.up.sql.

CREATE TABLE sales_order (
	id             TEXT NOT NULL PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	status         TEXT NOT NULL,
	customer_id    TEXT NOT NULL,
	warehouse_id   TEXT NOT NULL,
	currency       TEXT NOT NULL,
	requested_date TEXT,
	owner_id       TEXT NOT NULL,
	subtotal_minor INTEGER NOT NULL,
	tax_minor      INTEGER NOT NULL,
	total_minor    INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX sales_order_customer ON sales_order (customer_id);
CREATE INDEX sales_order_owner ON sales_order (owner_id, id);

CREATE TABLE sales_order_line (
	order_id         TEXT NOT NULL REFERENCES sales_order (id),
	position         INTEGER NOT NULL,
	product_id       TEXT NOT NULL,
	quantity         INTEGER NOT NULL,
	unit_price_minor INTEGER NOT NULL,
	price_source     TEXT NOT NULL,
	discount_ppm     INTEGER NOT NULL,
	tax_code         TEXT NOT NULL,
	net_minor        INTEGER NOT NULL,
	tax_minor        INTEGER NOT NULL,
	total_minor      INTEGER NOT NULL,
	PRIMARY KEY (order_id, position)
);
