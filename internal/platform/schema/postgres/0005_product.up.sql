-- Products, categories and units of measure (product). Keep in step with
-- sqlite/0005_product.up.sql.

CREATE TABLE product_unit (
	code      TEXT    PRIMARY KEY,
	name      TEXT    NOT NULL,
	category  TEXT    NOT NULL,
	ratio_num BIGINT NOT NULL CHECK (ratio_num > 0),
	ratio_den BIGINT NOT NULL CHECK (ratio_den > 0),
	version   BIGINT NOT NULL
);
-- Ratios are exact: one unit is ratio_num/ratio_den of its category's base.
INSERT INTO product_unit (code, name, category, ratio_num, ratio_den, version) VALUES
	('pcs', 'Piece', 'unit', 1, 1, 1),
	('pair', 'Pair', 'unit', 2, 1, 1),
	('dozen', 'Dozen', 'unit', 12, 1, 1),
	('kg', 'Kilogram', 'weight', 1, 1, 1),
	('g', 'Gram', 'weight', 1, 1000, 1),
	('t', 'Tonne', 'weight', 1000, 1, 1),
	('lb', 'Pound', 'weight', 45359237, 100000000, 1),
	('oz', 'Ounce', 'weight', 28349523125, 1000000000000, 1),
	('m', 'Metre', 'length', 1, 1, 1),
	('cm', 'Centimetre', 'length', 1, 100, 1),
	('mm', 'Millimetre', 'length', 1, 1000, 1),
	('l', 'Litre', 'volume', 1, 1, 1),
	('ml', 'Millilitre', 'volume', 1, 1000, 1),
	('m2', 'Square metre', 'area', 1, 1, 1),
	('h', 'Hour', 'time', 1, 1, 1),
	('min', 'Minute', 'time', 1, 60, 1),
	('day', 'Day', 'time', 24, 1, 1);

CREATE TABLE product_category (
	id         TEXT      PRIMARY KEY,
	name       TEXT      NOT NULL,
	parent_id  TEXT      REFERENCES product_category (id),
	version    BIGINT   NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX product_category_parent ON product_category (parent_id);

CREATE TABLE product (
	id                   TEXT      PRIMARY KEY,
	code                 TEXT      NOT NULL UNIQUE,
	barcode              TEXT      UNIQUE,
	name                 TEXT      NOT NULL,
	names                TEXT      NOT NULL,
	category_id          TEXT      REFERENCES product_category (id),
	unit                 TEXT      NOT NULL REFERENCES product_unit (code),
	type                 TEXT      NOT NULL,
	list_price_minor     BIGINT   NOT NULL,
	currency             TEXT      NOT NULL,
	standard_cost_minor  BIGINT,
	standard_cost_currency TEXT    NOT NULL,
	tax_category         TEXT      NOT NULL,
	active               BOOLEAN   NOT NULL,
	reorder_point        BIGINT,
	reorder_quantity     BIGINT,
	lead_time_days       BIGINT   NOT NULL,
	search               TEXT      NOT NULL,
	version              BIGINT   NOT NULL,
	created_at           TIMESTAMPTZ NOT NULL,
	updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX product_category_id ON product (category_id);

CREATE TABLE product_supplier (
	product_id     TEXT    NOT NULL REFERENCES product (id),
	party_id       TEXT    NOT NULL,
	position       BIGINT NOT NULL,
	supplier_code  TEXT    NOT NULL,
	price_minor    BIGINT NOT NULL,
	currency       TEXT    NOT NULL,
	min_quantity   BIGINT,
	lead_time_days BIGINT NOT NULL,
	preferred      BOOLEAN NOT NULL,
	PRIMARY KEY (product_id, party_id)
);
CREATE INDEX product_supplier_party ON product_supplier (party_id);
