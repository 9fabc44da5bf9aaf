package approval

import (
	"context"
	"fmt"
	"sort"

	"cel.dev/cel-go/cel"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
)

// costLimit bounds the work one expression may do on one document, so a
// policy over a 500-line order cannot stall a confirmation.
const costLimit = 100_000

// DocumentType is a kind of document that can need approval.
type DocumentType struct {
	// Name is the document_type of its policies, e.g. sales_order.
	Name string
	// Variables are the names an expression may use, each a map or value
	// the document supplies in Document.Vars.
	Variables []string
	// Sample is a representative Vars: a new policy is run on it, so that a
	// misspelt field is refused when the policy is saved, not when an
	// order waits on it.
	Sample map[string]any
	// Handler moves the document on when it is decided.
	Handler Handler
	env     *cel.Env
}

// Handler is the document's owner, called in the transaction that decides.
type Handler interface {
	// ApprovedTx is called when the last pending request of the document's
	// round is approved.
	ApprovedTx(ctx context.Context, tx *db.Tx, documentID string, d Decision) error
	// RejectedTx is called when a request of the document is rejected.
	RejectedTx(ctx context.Context, tx *db.Tx, documentID string, d Decision) error
}

// Decision is what an approver decided.
type Decision struct {
	Request Request
}

// Document is a document submitted for approval.
type Document struct {
	Type        string
	ID          string
	Number      string
	Amount      money.Amount
	RequestedBy string
	Vars        map[string]any
	// Convert converts the document's amount for a policy's amount band;
	// nil allows bands in the document's currency only.
	Convert func(money.Amount, money.Currency) (money.Amount, error)
}

// Register adds a document type; modules call it when they are built.
func (s *Service) Register(dt DocumentType) {
	opts := make([]cel.EnvOption, 0, len(dt.Variables))
	for _, v := range dt.Variables {
		opts = append(opts, cel.Variable(v, cel.DynType))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		panic(fmt.Sprintf("approval: document type %s: %v", dt.Name, err)) // a programming error at start-up
	}
	dt.env = env
	s.mu.Lock()
	defer s.mu.Unlock()
	s.types[dt.Name] = &dt
}

func (s *Service) documentType(name string) (*DocumentType, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dt, ok := s.types[name]
	return dt, ok
}

func (s *Service) documentTypeNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// compile parses and checks an expression, then runs it on the sample: a
// policy is only saved when it yields a boolean on a real-shaped document.
func (dt *DocumentType) compile(expr string) (cel.Program, error) {
	ast, iss := dt.env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		first := iss.Errors()[0]
		return nil, expressionError(first.Message, first.Location.Line(), first.Location.Column()+1)
	}
	if t := ast.OutputType(); t != cel.BoolType && t != cel.DynType {
		return nil, expressionError("the expression must be true or false, not "+t.String(), 0, 0)
	}
	prg, err := dt.env.Program(ast, cel.CostLimit(costLimit))
	if err != nil {
		return nil, expressionError(err.Error(), 0, 0)
	}
	if _, err := evaluate(prg, dt.Sample); err != nil {
		return nil, expressionError("on a sample "+dt.Name+": "+err.Error(), 0, 0)
	}
	return prg, nil
}

// evaluate runs a program on a document's variables.
func evaluate(prg cel.Program, vars map[string]any) (bool, error) {
	out, _, err := prg.Eval(vars)
	if err != nil {
		return false, err
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("the expression gave %v, not true or false", out.Value())
	}
	return b, nil
}
