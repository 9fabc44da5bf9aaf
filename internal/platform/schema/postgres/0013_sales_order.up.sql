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
	subtotal_minor BIGINT NOT NULL,
	tax_minor      BIGINT NOT NULL,
	total_minor    BIGINT NOT NULL,
	version        BIGINT NOT NULL,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sales_order_customer ON sales_order (customer_id);
CREATE INDEX sales_order_owner ON sales_order (owner_id, id);

CREATE TABLE sales_order_line (
	order_id         TEXT NOT NULL REFERENCES sales_order (id),
	position         BIGINT NOT NULL,
	product_id       TEXT NOT NULL,
	quantity         BIGINT NOT NULL,
	unit_price_minor BIGINT NOT NULL,
	price_source     TEXT NOT NULL,
	discount_ppm     BIGINT NOT NULL,
	tax_code         TEXT NOT NULL,
	net_minor        BIGINT NOT NULL,
	tax_minor        BIGINT NOT NULL,
	total_minor      BIGINT NOT NULL,
	PRIMARY KEY (order_id, position)
);
