package approval

import (
	"errors"
	"time"

	"github.com/concord-erp/concord/internal/platform/money"
)

// Request is one policy's claim on one document: it waits for a member of
// the approver role. CycleSeconds, from request to decision, is kept for
// analytics.
type Request struct {
	ID             string       `json:"id"`
	DocumentType   string       `json:"document_type"`
	DocumentID     string       `json:"document_id"`
	DocumentNumber string       `json:"document_number"`
	Round          int          `json:"round" doc:"Each submission of a document opens a new round of requests."`
	PolicyID       string       `json:"policy_id"`
	PolicyName     string       `json:"policy_name" doc:"The policy that triggered the request, as named then."`
	ReasonCode     string       `json:"reason_code" doc:"e.g. credit_limit_exceeded"`
	ApproverRole   string       `json:"approver_role"`
	Amount         money.Amount `json:"amount" doc:"The document's amount when submitted."`
	Status         string       `json:"status" enum:"pending,approved,rejected,cancelled"`
	RequestedBy    string       `json:"requested_by"`
	RequestedName  string       `json:"requested_by_name,omitempty" doc:"The submitter's name, when they submitted it themselves."`
	RequestedAt    time.Time    `json:"requested_at"`
	DecidedBy      string       `json:"decided_by,omitempty"`
	DecidedName    string       `json:"decided_by_name,omitempty"`
	DecidedAt      *time.Time   `json:"decided_at,omitempty"`
	Comment        string       `json:"comment,omitempty"`
	CycleSeconds   *int64       `json:"cycle_seconds,omitempty" doc:"Seconds from request to decision."`
	Version        int64        `json:"version"`
}

func errUnregistered(documentType string) error {
	return errors.New("approval: document type " + documentType + " is not registered")
}
