-- Sales quotations (sales). Keep in step with the other engine's
-- 0014_sales_quotation.up.sql.

CREATE TABLE sales_quotation (
	id             TEXT NOT NULL PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	revision       INTEGER NOT NULL,
	status         TEXT NOT NULL,
	customer_id    TEXT NOT NULL,
	currency       TEXT NOT NULL,
	valid_until    TEXT NOT NULL,
	owner_id       TEXT NOT NULL,
	order_id       TEXT NOT NULL,
	subtotal_minor INTEGER NOT NULL,
	tax_minor      INTEGER NOT NULL,
	total_minor    INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX sales_quotation_owner ON sales_quotation (owner_id, id);

CREATE TABLE sales_quotation_line (
	quotation_id     TEXT NOT NULL REFERENCES sales_quotation (id),
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
	PRIMARY KEY (quotation_id, position)
);
