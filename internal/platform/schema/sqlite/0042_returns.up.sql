-- Returns (RMA): what a customer sends back from a delivered order line,
-- authorized, then received into stock or scrapped, then credited through
-- billing. Quantities are money.Quantity units. Keep in step with the other
-- engine's 0042_returns.up.sql.

CREATE TABLE returns_return (
	id             TEXT NOT NULL PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	status         TEXT NOT NULL,
	customer_id    TEXT NOT NULL,
	order_id       TEXT NOT NULL,
	ticket_id      TEXT NOT NULL,
	reason         TEXT NOT NULL,
	disposition    TEXT NOT NULL,
	location_id    TEXT NOT NULL,
	credit_notes   TEXT NOT NULL,
	received_at    TIMESTAMP,
	credited_at    TIMESTAMP,
	version        INTEGER NOT NULL,
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX returns_return_order ON returns_return (order_id);
CREATE INDEX returns_return_customer ON returns_return (customer_id, id);
CREATE INDEX returns_return_ticket ON returns_return (ticket_id);
CREATE INDEX returns_return_status ON returns_return (status, id);

CREATE TABLE returns_line (
	return_id  TEXT NOT NULL REFERENCES returns_return (id),
	position   INTEGER NOT NULL,
	order_line INTEGER NOT NULL,
	product_id TEXT NOT NULL,
	quantity   INTEGER NOT NULL CHECK (quantity > 0),
	PRIMARY KEY (return_id, position)
);
