-- Sales documents remember the opportunity and the campaign they came from
-- (crm), so won revenue is traceable to the lead source. Empty when a
-- document has neither. Keep in step with the other engine's
-- 0031_sales_attribution.up.sql.

ALTER TABLE sales_quotation ADD COLUMN opportunity_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_quotation ADD COLUMN campaign_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order ADD COLUMN opportunity_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order ADD COLUMN campaign_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sales_order_campaign ON sales_order (campaign_id);
CREATE INDEX sales_order_opportunity ON sales_order (opportunity_id);
