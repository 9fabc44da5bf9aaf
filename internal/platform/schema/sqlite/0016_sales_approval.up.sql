-- Sales orders: the approval decision, and per line what confirming
-- reserved and what was left as a backorder (sales). Keep in step with the
-- other engine's 0016_sales_approval.up.sql.

ALTER TABLE sales_order ADD COLUMN approval_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order ADD COLUMN approval_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order ADD COLUMN approval_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order_line ADD COLUMN reserved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales_order_line ADD COLUMN backordered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sales_order_customer_status ON sales_order (customer_id, status);
