-- Indexes for a customer's documents, read together by the customer
-- overview (sales). Keep in step with the other engine's
-- 0022_customer_indexes.up.sql.

CREATE INDEX sales_quotation_customer ON sales_quotation (customer_id, id);
CREATE INDEX sales_shipment_customer ON sales_shipment (customer_id, id);
CREATE INDEX sales_order_customer_id ON sales_order (customer_id, id);
