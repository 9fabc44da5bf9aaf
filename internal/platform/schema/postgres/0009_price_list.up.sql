-- Price lists with quantity breaks (product). Keep in step with the other
-- engine's 0009_price_list.up.sql. Dates are business dates, YYYY-MM-DD.

CREATE TABLE product_price_list (
	id         TEXT    PRIMARY KEY,
	code       TEXT    NOT NULL UNIQUE,
	name       TEXT    NOT NULL,
	currency   TEXT    NOT NULL,
	party_id   TEXT    NOT NULL,
	segment    TEXT    NOT NULL,
	valid_from TEXT,
	valid_to   TEXT,
	active     BOOLEAN NOT NULL,
	version    BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE product_price_item (
	price_list_id    TEXT    NOT NULL REFERENCES product_price_list (id),
	product_id       TEXT    NOT NULL REFERENCES product (id),
	min_quantity     BIGINT NOT NULL,
	unit_price_minor BIGINT NOT NULL,
	PRIMARY KEY (price_list_id, product_id, min_quantity)
);
CREATE INDEX product_price_item_product ON product_price_item (product_id);
