package approval

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/cel"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Policy is a rule that sends a document to an approver.
type Policy struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	DocumentType string `json:"document_type" doc:"The kind of document the policy applies to, e.g. sales_order."`
	ReasonCode   string `json:"reason_code" doc:"Stable code put on the approval requests, e.g. credit_limit_exceeded."`
	Expression   string `json:"expression" doc:"A CEL expression over the document that is true when approval is needed, e.g. order.total >= 50000.00."`
	ApproverRole string `json:"approver_role" doc:"The role whose members decide."`
	// MinAmount and MaxAmount bound the document's amount (converted to
	// their currency at the day's rate); either may be absent.
	MinAmount *money.Amount `json:"min_amount,omitempty" doc:"The policy applies from this document amount on (inclusive)."`
	MaxAmount *money.Amount `json:"max_amount,omitempty" doc:"The policy applies below this document amount (exclusive)."`
	Priority  int           `json:"priority" doc:"Policies are evaluated by ascending priority, then name."`
	Active    bool          `json:"active"`
	Version   int64         `json:"version"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// PolicyInput is a new policy or a policy's full replacement.
type PolicyInput struct {
	Name         string        `json:"name" minLength:"1" maxLength:"120"`
	DocumentType string        `json:"document_type" maxLength:"40"`
	ReasonCode   string        `json:"reason_code" maxLength:"60"`
	Expression   string        `json:"expression" maxLength:"4000"`
	ApproverRole string        `json:"approver_role" maxLength:"64"`
	MinAmount    *money.Amount `json:"min_amount,omitempty"`
	MaxAmount    *money.Amount `json:"max_amount,omitempty"`
	Priority     int           `json:"priority,omitempty" minimum:"0" maximum:"1000000"`
	Active       *bool         `json:"active,omitempty" doc:"Defaults to true."`
	Version      int64         `json:"version,omitempty" doc:"On replace: the version being replaced (or send If-Match)."`
}

var reasonCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,59}$`)

// check validates the input against the registered document types and
// compiles the expression, returning the compiled program.
func (s *Service) check(in PolicyInput) (cel.Program, error) {
	var v apperr.Validator
	v.Check(strings.TrimSpace(in.Name) != "", "name", "required", "a policy needs a name")
	v.Check(reasonCode.MatchString(in.ReasonCode), "reason_code", "invalid", "lower-case letters, digits and _, e.g. large_order")
	v.Check(strings.TrimSpace(in.ApproverRole) != "", "approver_role", "required", "the role that approves")
	band := ""
	for _, a := range []struct {
		field string
		v     *money.Amount
	}{{"min_amount", in.MinAmount}, {"max_amount", in.MaxAmount}} {
		if a.v == nil {
			continue
		}
		v.Check(!a.v.IsNegative(), a.field, "negative", "must not be negative")
		if band != "" && string(a.v.Currency()) != band {
			v.Add(a.field, "currency_mismatch", "min_amount and max_amount must be in one currency")
		}
		band = string(a.v.Currency())
	}
	if in.MinAmount != nil && in.MaxAmount != nil && in.MinAmount.Currency() == in.MaxAmount.Currency() && in.MaxAmount.Minor() <= in.MinAmount.Minor() {
		v.Add("max_amount", "out_of_range", "must be greater than min_amount")
	}
	dt, ok := s.documentType(in.DocumentType)
	if !ok {
		v.Add("document_type", "unknown", "one of "+strings.Join(s.documentTypeNames(), ", "))
		return nil, v.Err()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	prg, err := dt.compile(in.Expression)
	if err != nil {
		return nil, err
	}
	return prg, nil
}

// expressionError is the 422 for an expression that does not compile or
// does not evaluate to a boolean on the document type's sample; line and
// column (1-based) locate the first error.
func expressionError(msg string, line, column int) error {
	where := ""
	if line > 0 {
		where = "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(column) + ": "
	}
	e := apperr.Invalid("the expression is not valid", apperr.Field("expression", "invalid_expression", where+msg))
	if line > 0 {
		e.Details = map[string]int{"line": line, "column": column}
	}
	return e
}
