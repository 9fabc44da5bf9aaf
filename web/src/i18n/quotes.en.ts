// English strings of the quotation screens; en.ts includes them under "quotes".
const quotes = {
  searchPlaceholder: 'Quotation number',
  title: 'Quotations',
  new: 'New quotation',
  heading: 'Quotation {{number}}',
  editHeading: 'Revise quotation {{number}}',
  save: 'Save quotation',
  saved: 'Quotation {{number}} saved',
  validUntil: 'Valid until',
  validUntilRequired: 'Pick the last day the offer holds',
  revision: 'Revision',
  order: 'Order',
  openOrder: 'Open the order',
  opportunity: 'Opportunity',
  openOpportunity: 'Open the opportunity',
  revise: 'Revise',
  send: 'Mark as sent',
  sentDone: 'Quotation {{number}} marked as sent',
  convert: 'Convert to order',
  converted: 'Order {{number}} created from the quotation',
  expired: 'Expired',
  openOnly: 'Open and still valid',
  expiredHint: 'The offer is no longer valid: revise it with a new date before it can become an order.',
  statuses: { draft: 'Draft', sent: 'Sent', accepted: 'Accepted' },
};

export default quotes;
