-- What a customer's invoices bill by default (party, read by billing):
-- 'delivered' quantities (shipped, not yet invoiced) or everything
-- 'ordered'. Keep in step with the other engine's
-- 0051_party_invoice_basis.up.sql.

ALTER TABLE party ADD COLUMN invoice_basis TEXT NOT NULL DEFAULT 'delivered';
