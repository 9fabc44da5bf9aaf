-- Sales orders: the document date (the day the customer ordered, which an
-- order entered late or imported from history keeps) and the customer's or
-- an outside system's order reference (sales). Keep in step with the other
-- engine's 0023_sales_order_reference.up.sql.

ALTER TABLE sales_order ADD COLUMN order_date TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order ADD COLUMN reference TEXT NOT NULL DEFAULT '';
CREATE INDEX sales_order_reference ON sales_order (reference);
