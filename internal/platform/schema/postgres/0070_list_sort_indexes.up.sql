-- Indexes for lists sorted by a column other than the id (keyset pages
-- ORDER BY column, id): without them every page of a large catalogue or
-- ledger of documents sorts the whole table. Keep in step with the
-- SQLite migration of the same number.

CREATE INDEX product_name_sort ON product (name, id);
CREATE INDEX product_list_price_sort ON product (list_price_minor, id);
CREATE INDEX sales_order_date_sort ON sales_order (order_date, id);
CREATE INDEX sales_order_total_sort ON sales_order (total_minor, id);
CREATE INDEX billing_invoice_date_sort ON billing_invoice (invoice_date, id);
CREATE INDEX billing_invoice_due_sort ON billing_invoice (due_date, id);
CREATE INDEX billing_invoice_total_sort ON billing_invoice (total_minor, id);
CREATE INDEX billing_payment_received_sort ON billing_payment (received_on, id);
CREATE INDEX billing_payment_amount_sort ON billing_payment (amount_minor, id);
