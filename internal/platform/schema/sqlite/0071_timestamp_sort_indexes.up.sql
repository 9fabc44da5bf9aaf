-- Indexes for lists sorted by when a record last changed (keyset pages
-- ORDER BY updated_at, id), by when an approval was requested and by when
-- an activity is due (or was logged, without a due time): the sort column
-- first, the id that breaks ties second, as in 0070. Keep in step with the
-- PostgreSQL migration of the same number.

CREATE INDEX sales_order_updated_sort ON sales_order (updated_at, id);
CREATE INDEX billing_invoice_updated_sort ON billing_invoice (updated_at, id);
CREATE INDEX support_ticket_updated_sort ON support_ticket (updated_at, id);
CREATE INDEX product_updated_sort ON product (updated_at, id);
CREATE INDEX crm_lead_updated_sort ON crm_lead (updated_at, id);
CREATE INDEX crm_opportunity_updated_sort ON crm_opportunity (updated_at, id);
CREATE INDEX crm_activity_updated_sort ON crm_activity (updated_at, id);
CREATE INDEX crm_activity_due_sort ON crm_activity ((COALESCE(due_at, created_at)), id);
CREATE INDEX returns_return_updated_sort ON returns_return (updated_at, id);
CREATE INDEX approval_request_requested_sort ON approval_request (requested_at, id);
