-- Customers who accept backorders get the shortfall of a confirmed order
-- recorded instead of the order being refused (party). Keep in step with
-- the other engine's 0017_party_backorders.up.sql.

ALTER TABLE party ADD COLUMN accepts_backorders BOOLEAN NOT NULL DEFAULT FALSE;
