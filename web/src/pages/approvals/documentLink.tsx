import { Link } from 'react-router';
import type { ApprovalRequest } from '../../api/types';

// In a file of its own so that the dashboard, loaded at once, does not pull
// in the whole inbox page, which is loaded on demand.

/** The document a request is about, linked where the UI has a page for it. */
export function documentLink(r: Pick<ApprovalRequest, 'document_type' | 'document_id' | 'document_number'>) {
  return r.document_type === 'sales_order' ? <Link to={`/orders/${r.document_id}`}>{r.document_number}</Link> : r.document_number;
}
