-- Invoices, credit notes, payments and allocations (billing). Amounts are
-- minor units of the document's currency, quantities money.Quantity
-- units, dates TEXT 'YYYY-MM-DD'. Drafts have no number yet (NULL): numbers
-- are given when posting, gap-free. Keep in step with the other engine's
-- 0021_billing.up.sql.

CREATE TABLE billing_invoice (
	id              TEXT NOT NULL PRIMARY KEY,
	number          TEXT UNIQUE,
	kind            TEXT NOT NULL,
	status          TEXT NOT NULL,
	customer_id     TEXT NOT NULL,
	order_id        TEXT NOT NULL,
	credit_note_for TEXT NOT NULL,
	reason          TEXT NOT NULL,
	currency        TEXT NOT NULL,
	invoice_date    TEXT NOT NULL,
	due_date        TEXT NOT NULL,
	subtotal_minor  BIGINT NOT NULL,
	tax_minor       BIGINT NOT NULL,
	total_minor     BIGINT NOT NULL,
	settled_minor   BIGINT NOT NULL CHECK (settled_minor >= 0 AND settled_minor <= total_minor),
	entry_id        TEXT NOT NULL,
	version         BIGINT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_invoice_customer ON billing_invoice (customer_id, status);
CREATE INDEX billing_invoice_order ON billing_invoice (order_id);

CREATE TABLE billing_invoice_line (
	invoice_id       TEXT NOT NULL REFERENCES billing_invoice (id),
	position         INTEGER NOT NULL,
	order_line       INTEGER NOT NULL,
	product_id       TEXT NOT NULL,
	quantity         BIGINT NOT NULL,
	unit_price_minor BIGINT NOT NULL,
	discount_ppm     BIGINT NOT NULL,
	tax_code         TEXT NOT NULL,
	net_minor        BIGINT NOT NULL,
	tax_minor        BIGINT NOT NULL,
	total_minor      BIGINT NOT NULL,
	PRIMARY KEY (invoice_id, position)
);

CREATE TABLE billing_payment (
	id                TEXT NOT NULL PRIMARY KEY,
	number            TEXT NOT NULL UNIQUE,
	customer_id       TEXT NOT NULL,
	method            TEXT NOT NULL,
	currency          TEXT NOT NULL,
	amount_minor      BIGINT NOT NULL CHECK (amount_minor > 0),
	unallocated_minor BIGINT NOT NULL CHECK (unallocated_minor >= 0 AND unallocated_minor <= amount_minor),
	received_on       TEXT NOT NULL,
	reference         TEXT NOT NULL,
	entry_id          TEXT NOT NULL,
	version           BIGINT NOT NULL,
	created_at        TIMESTAMPTZ NOT NULL,
	updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_payment_customer ON billing_payment (customer_id);

-- What settles an invoice: a payment or a credit note. amount is in the
-- invoice's currency, consumed in the source's (they differ when a payment
-- in one currency settles an invoice in another). An unallocated
-- allocation keeps its row with the day it was undone.
CREATE TABLE billing_allocation (
	id           TEXT NOT NULL PRIMARY KEY,
	invoice_id   TEXT NOT NULL REFERENCES billing_invoice (id),
	source_type  TEXT NOT NULL,
	source_id    TEXT NOT NULL,
	currency       TEXT NOT NULL,
	amount_minor   BIGINT NOT NULL CHECK (amount_minor > 0),
	consumed_minor BIGINT NOT NULL CHECK (consumed_minor > 0),
	allocated_on TEXT NOT NULL,
	undone_on    TEXT NOT NULL,
	entry_id     TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_allocation_invoice ON billing_allocation (invoice_id);
CREATE INDEX billing_allocation_source ON billing_allocation (source_type, source_id);

ALTER TABLE sales_order_line ADD COLUMN invoiced BIGINT NOT NULL DEFAULT 0;
