-- Indexes for the customer list sorted by legal name or by last change
-- (keyset pages ORDER BY column, id), as in 0070 and 0071. Keep in step
-- with the other engine's migration of the same number.

CREATE INDEX party_legal_name_sort ON party (legal_name, id);
CREATE INDEX party_updated_sort ON party (updated_at, id);
