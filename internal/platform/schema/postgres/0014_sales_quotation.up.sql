-- Sales quotations (sales). Keep in step with the other engine's
-- 0014_sales_quotation.up.sql.

CREATE TABLE sales_quotation (
	id             TEXT NOT NULL PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	revision       BIGINT NOT NULL,
	status         TEXT NOT NULL,
	customer_id    TEXT NOT NULL,
	currency       TEXT NOT NULL,
	valid_until    TEXT NOT NULL,
	owner_id       TEXT NOT NULL,
	order_id       TEXT NOT NULL,
	subtotal_minor BIGINT NOT NULL,
	tax_minor      BIGINT NOT NULL,
	total_minor    BIGINT NOT NULL,
	version        BIGINT NOT NULL,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sales_quotation_owner ON sales_quotation (owner_id, id);

CREATE TABLE sales_quotation_line (
	quotation_id     TEXT NOT NULL REFERENCES sales_quotation (id),
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
	PRIMARY KEY (quotation_id, position)
);
