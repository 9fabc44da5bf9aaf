package approval

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events approval emits, for the event catalog. A
// request created is the notice to its approvers.
var EventTypes = []outbox.Type{
	{Name: EventRequested, Aggregate: "approval_request", Payload: Request{}, Summary: "A document needs an approval; the request waits in its approvers' inbox."},
	{Name: EventApproved, Aggregate: "approval_request", Payload: Request{}, Summary: "An approval request was approved."},
	{Name: EventRejected, Aggregate: "approval_request", Payload: Request{}, Summary: "An approval request was rejected, with a comment."},
}
