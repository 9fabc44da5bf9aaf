// Package approval decides whether a business document may go ahead or must
// wait for a person. Policies are data: a CEL expression over the document,
// the role that approves, an optional amount band and a reason code. A
// module that needs approvals (sales now, purchasing later) registers its
// document type with the variables its expressions see and a Handler that
// is called, in the deciding transaction, when the document is approved or
// rejected. The package imports no other business module.
package approval
