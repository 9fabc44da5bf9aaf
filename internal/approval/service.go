package approval

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"cel.dev/cel-go/cel"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/refcache"
)

// Permissions. approval.request.all lets a user see every request, not only
// those for their roles or their own.
const (
	PermPolicyRead   = "approval.policy.read"
	PermPolicyManage = "approval.policy.manage"
	PermRequestRead  = "approval.request.read"
	PermDecide       = "approval.request.decide"
	PermRequestAll   = "approval.request.all"
)

// Events: a request waiting is the notification to its approvers.
const (
	EventRequested = "approval.request.created.v1"
	EventApproved  = "approval.request.approved.v1"
	EventRejected  = "approval.request.rejected.v1"
)

// Request statuses.
const (
	Pending   = "pending"
	Approved  = "approved"
	Rejected  = "rejected"
	Cancelled = "cancelled"
)

// NoPolicyMatched is the rule named when a document goes ahead without a
// person: no active policy of its type matched.
const NoPolicyMatched = "no_policy_matched"

// Errors.
var (
	ErrPolicyExists = apperr.Conflict("policy_exists", "a policy with this name exists")
	ErrNotApprover  = apperr.New(apperr.KindForbidden, "not_approver", "only members of the request's approver role may decide it")
	ErrSelfApproval = apperr.New(apperr.KindForbidden, "self_approval", "a request cannot be decided by the person who submitted the document")
	ErrInvalidState = apperr.Conflict(apperr.CodeInvalidState, "the request has been decided")
)

// Service is the approval module's API.
type Service struct {
	db *db.DB
	// roleExists checks a policy's approver role; identity owns roles.
	roleExists func(ctx context.Context, name string) bool

	mu       sync.Mutex
	types    map[string]*DocumentType
	programs map[string]cel.Program // by policy ID and version
	// active is the active policies by document type, read by every
	// document submitted, kept per refcache.
	active refcache.Value[map[string][]Policy]
}

// NewService returns the service.
func NewService(d *db.DB, catalog *authz.Catalog) *Service {
	catalog.Add(PermPolicyRead, PermPolicyManage, PermRequestRead, PermDecide, PermRequestAll)
	return &Service{db: d, types: map[string]*DocumentType{}, programs: map[string]cel.Program{}}
}

// SetRoleCheck sets how an approver role is checked when a policy is saved.
func (s *Service) SetRoleCheck(f func(ctx context.Context, name string) bool) { s.roleExists = f }

func principal(ctx context.Context) (*authz.Principal, error) {
	if p := authz.FromContext(ctx); p != nil {
		return p, nil
	}
	return nil, authz.ErrUnauthenticated
}

func record(ctx context.Context, tx *db.Tx, entity, entityID, action, event string, before, after any) error {
	if event != "" {
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: entity, AggregateID: entityID, Payload: after}); err != nil {
			return err
		}
	}
	return audit.RecordTx(ctx, tx, entity, entityID, action, before, after)
}

// Policies

// FindPolicies lists the policies, by document type, priority and name.
func (s *Service) FindPolicies(ctx context.Context, documentType string) ([]Policy, error) {
	return findPolicies(ctx, s.db, documentType, false)
}

// FindPolicy returns a policy by ID or name. Errors: not_found.
func (s *Service) FindPolicy(ctx context.Context, key string) (Policy, error) {
	return findPolicy(ctx, s.db, key)
}

func (s *Service) checkRole(ctx context.Context, in PolicyInput) error {
	if s.roleExists != nil && in.ApproverRole != "" && !s.roleExists(ctx, in.ApproverRole) {
		return apperr.Invalid("no such role", apperr.Field("approver_role", "not_found", "no role with this name"))
	}
	return nil
}

// CreatePolicy saves a policy whose expression compiles and runs on a
// sample document. Errors: validation_failed (invalid_expression with the
// line and column), policy_exists.
func (s *Service) CreatePolicy(ctx context.Context, in PolicyInput) (Policy, error) {
	if _, err := s.check(in); err != nil {
		return Policy{}, err
	}
	if err := s.checkRole(ctx, in); err != nil {
		return Policy{}, err
	}
	p := Policy{ID: id.New("apol"), Version: 1}
	in.apply(&p)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p.CreatedAt, p.UpdatedAt = tx.Now(), tx.Now()
		if err := insertPolicy(ctx, tx, p); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrPolicyExists
			}
			return err
		}
		return record(ctx, tx, "approval_policy", p.ID, audit.ActionCreate, "", nil, p)
	})
	s.active.Reset()
	return p, err
}

// ReplacePolicy replaces a policy; version is the version being replaced.
// Requests already made keep the policy's name and reason. Errors:
// not_found, validation_failed, version_conflict, policy_exists.
func (s *Service) ReplacePolicy(ctx context.Context, key string, in PolicyInput, version int64) (Policy, error) {
	if _, err := s.check(in); err != nil {
		return Policy{}, err
	}
	if err := s.checkRole(ctx, in); err != nil {
		return Policy{}, err
	}
	var after Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findPolicy(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("approval policy")
		}
		after = before
		in.apply(&after)
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		ok, err := updatePolicy(ctx, tx, after, version)
		if db.IsUniqueViolation(err) {
			return ErrPolicyExists
		}
		if err != nil {
			return err
		}
		if !ok {
			return apperr.VersionConflict("approval policy")
		}
		return record(ctx, tx, "approval_policy", after.ID, audit.ActionUpdate, "", before, after)
	})
	s.active.Reset()
	return after, err
}

// DeletePolicy removes a policy; requests it made keep its name. Errors:
// not_found.
func (s *Service) DeletePolicy(ctx context.Context, key string) error {
	defer s.active.Reset()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findPolicy(ctx, tx, key)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM approval_policy WHERE id = $1`, before.ID); err != nil {
			return err
		}
		return record(ctx, tx, "approval_policy", before.ID, audit.ActionDelete, "", before, nil)
	})
}

func (in PolicyInput) apply(p *Policy) {
	p.Name, p.DocumentType, p.ReasonCode, p.Expression = in.Name, in.DocumentType, in.ReasonCode, in.Expression
	p.ApproverRole, p.MinAmount, p.MaxAmount, p.Priority = in.ApproverRole, in.MinAmount, in.MaxAmount, in.Priority
	p.Active = in.Active == nil || *in.Active
}

// program returns a policy's compiled expression, compiling it once per
// version.
func (s *Service) program(dt *DocumentType, p Policy) (cel.Program, error) {
	key := p.ID + "@" + strconv.FormatInt(p.Version, 10)
	s.mu.Lock()
	prg, ok := s.programs[key]
	s.mu.Unlock()
	if ok {
		return prg, nil
	}
	prg, err := dt.compile(p.Expression)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.programs[key] = prg
	s.mu.Unlock()
	return prg, nil
}

// Evaluation

// Outcome is what the policies decided for a document.
type Outcome struct {
	// Approved is true when no policy matched: the document goes ahead.
	Approved bool
	// Rule names what decided: NoPolicyMatched, or the matched policies.
	Rule string
	// Requests are the approvals the document now waits for.
	Requests []Request
}

// ErrPolicyFailed is returned when a stored policy cannot be evaluated on
// a document (e.g. it reads a field this document lacks): the document
// stops rather than slipping through unchecked.
var ErrPolicyFailed = apperr.Conflict("approval_policy_failed", "an approval policy could not be evaluated")

// EvaluateTx runs the active policies of the document's type in the
// caller's transaction. When some match, it opens one pending request per
// matched policy (a new round for the document) and appends
// approval.request.created events; otherwise the document is approved.
// Errors: approval_policy_failed, no_exchange_rate (amount bands).
func (s *Service) EvaluateTx(ctx context.Context, tx *db.Tx, doc Document) (Outcome, error) {
	dt, ok := s.documentType(doc.Type)
	if !ok {
		return Outcome{}, apperr.Internal(errUnregistered(doc.Type))
	}
	active, err := s.active.Get(func() (map[string][]Policy, error) {
		all, err := findPolicies(ctx, tx, "", true)
		byType := map[string][]Policy{}
		for _, p := range all {
			byType[p.DocumentType] = append(byType[p.DocumentType], p)
		}
		return byType, err
	})
	if err != nil {
		return Outcome{}, err
	}
	var matched []Policy
	for _, p := range active[doc.Type] {
		in, err := inBand(p, doc)
		if err != nil {
			return Outcome{}, err
		}
		if !in {
			continue
		}
		prg, err := s.program(dt, p)
		if err == nil {
			in, err = evaluate(prg, doc.Vars)
		}
		if err != nil {
			e := *ErrPolicyFailed
			e.Message = "approval policy " + strconv.Quote(p.Name) + " could not be evaluated: " + err.Error()
			return Outcome{}, &e
		}
		if in {
			matched = append(matched, p)
		}
	}
	if len(matched) == 0 {
		return Outcome{Approved: true, Rule: NoPolicyMatched}, nil
	}
	var round int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) + 1 FROM approval_request WHERE document_type = $1 AND document_id = $2`,
		doc.Type, doc.ID).Scan(&round); err != nil {
		return Outcome{}, err
	}
	out := Outcome{}
	// Approvers may not read users; the submitter's name travels with the
	// request when they submit their own document.
	name := ""
	if actor := authz.FromContext(ctx); actor != nil && actor.UserID == doc.RequestedBy {
		name = actor.Name
	}
	for i, p := range matched {
		r := Request{ID: id.New("apr"), DocumentType: doc.Type, DocumentID: doc.ID, DocumentNumber: doc.Number, Round: round,
			PolicyID: p.ID, PolicyName: p.Name, ReasonCode: p.ReasonCode, ApproverRole: p.ApproverRole, Amount: doc.Amount,
			Status: Pending, RequestedBy: doc.RequestedBy, RequestedName: name, RequestedAt: tx.Now(), Version: 1}
		if err := insertRequest(ctx, tx, r); err != nil {
			return Outcome{}, err
		}
		if err := record(ctx, tx, "approval_request", r.ID, audit.ActionCreate, EventRequested, nil, r); err != nil {
			return Outcome{}, err
		}
		out.Requests = append(out.Requests, r)
		if i > 0 {
			out.Rule += ", "
		}
		out.Rule += p.Name
	}
	return out, nil
}

// inBand reports whether the document's amount is within the policy's band.
func inBand(p Policy, doc Document) (bool, error) {
	for i, bound := range []*money.Amount{p.MinAmount, p.MaxAmount} {
		if bound == nil {
			continue
		}
		amount := doc.Amount
		if amount.Currency() != bound.Currency() {
			if doc.Convert == nil {
				return false, nil
			}
			var err error
			if amount, err = doc.Convert(amount, bound.Currency()); err != nil {
				return false, err
			}
		}
		if (i == 0 && amount.Minor() < bound.Minor()) || (i == 1 && amount.Minor() >= bound.Minor()) {
			return false, nil
		}
	}
	return true, nil
}

// CancelTx withdraws a document's pending requests (e.g. the order was
// cancelled while it waited).
func (s *Service) CancelTx(ctx context.Context, tx *db.Tx, documentType, documentID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE approval_request SET status = $1, decided_at = $2, version = version + 1
		WHERE document_type = $3 AND document_id = $4 AND status = $5`, Cancelled, tx.Now(), documentType, documentID, Pending)
	return err
}

// Requests

// RequestFilter selects requests.
type RequestFilter struct {
	Status       string
	DocumentType string
	DocumentID   string
	// Actionable keeps the requests the principal may decide now.
	Actionable bool
	// Sort defaults to oldest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// FindRequests lists the requests the principal may see, oldest first
// unless f.Sort says otherwise:
// with approval.request.all every request, otherwise those for the
// principal's roles and those on documents they submitted.
func (s *Service) FindRequests(ctx context.Context, f RequestFilter) ([]Request, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if f.Actionable {
		f.Status = Pending // only a pending request can be decided
	}
	return findRequests(ctx, s.db, requestQuery{filter: f, all: actor.CanAll("approval.request"), super: actor.Super(), user: actor.UserID,
		roles: actor.Roles})
}

// FindRequest returns a request the principal may see. Errors: not_found.
func (s *Service) FindRequest(ctx context.Context, requestID string) (Request, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Request{}, err
	}
	r, err := findRequest(ctx, s.db, requestID)
	if err != nil {
		return Request{}, err
	}
	if !actor.CanAll("approval.request") && !slices.Contains(actor.Roles, r.ApproverRole) && r.RequestedBy != actor.UserID {
		return Request{}, apperr.NotFound("approval request")
	}
	return r, nil
}

// Approve approves a pending request; when it was the last one of its
// round, the document's owner moves the document on in the same
// transaction (its errors, such as insufficient_stock, undo the approval).
// Errors: not_found, invalid_state, not_approver, self_approval.
func (s *Service) Approve(ctx context.Context, requestID, comment string) (Request, error) {
	return s.decide(ctx, requestID, Approved, comment)
}

// Reject rejects a pending request with a comment; the document's other
// pending requests are withdrawn and its owner sends it back. Errors:
// not_found, invalid_state, not_approver, self_approval, validation_failed
// (comment).
func (s *Service) Reject(ctx context.Context, requestID, comment string) (Request, error) {
	if comment == "" {
		return Request{}, apperr.Invalid("a rejection needs a reason", apperr.Field("comment", "required", "tell the submitter why"))
	}
	return s.decide(ctx, requestID, Rejected, comment)
}

func (s *Service) decide(ctx context.Context, requestID, status, comment string) (Request, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Request{}, err
	}
	var after Request
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		// Two approvers deciding the last two requests of a document at
		// once must not each see the other's still pending: one waits.
		if err := tx.Lock(ctx, "approval:"+before.DocumentType+":"+before.DocumentID); err != nil {
			return err
		}
		if before, err = findRequest(ctx, tx, requestID); err != nil {
			return err
		}
		mayDecide := actor.Super() || slices.Contains(actor.Roles, before.ApproverRole)
		if !mayDecide && !actor.CanAll("approval.request") && before.RequestedBy != actor.UserID {
			return apperr.NotFound("approval request")
		}
		if before.Status != Pending {
			return ErrInvalidState
		}
		if !mayDecide {
			return ErrNotApprover
		}
		if before.RequestedBy == actor.UserID {
			return ErrSelfApproval
		}
		dt, ok := s.documentType(before.DocumentType)
		if !ok {
			return apperr.Internal(errUnregistered(before.DocumentType))
		}
		now := tx.Now()
		cycle := int64(now.Sub(before.RequestedAt) / time.Second)
		after = before
		after.Status, after.DecidedBy, after.DecidedAt, after.Comment, after.CycleSeconds = status, actor.UserID, &now, comment, &cycle
		after.DecidedName, after.Version = actor.Name, before.Version+1
		res, err := tx.ExecContext(ctx, `UPDATE approval_request SET status = $1, decided_by = $2, decided_at = $3, comment = $4,
			cycle_seconds = $5, version = $6, decided_name = $7 WHERE id = $8 AND status = $9`, status, actor.UserID, now, comment, cycle,
			after.Version, actor.Name, before.ID, Pending)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrInvalidState
		}
		event := EventApproved
		if status == Rejected {
			event = EventRejected
		}
		if err := record(ctx, tx, "approval_request", after.ID, audit.ActionUpdate, event, before, after); err != nil {
			return err
		}
		if status == Rejected {
			if err := s.CancelTx(ctx, tx, before.DocumentType, before.DocumentID); err != nil {
				return err
			}
			return dt.Handler.RejectedTx(ctx, tx, before.DocumentID, Decision{Request: after})
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM approval_request WHERE document_type = $1 AND document_id = $2 AND round = $3 AND status = $4`,
			before.DocumentType, before.DocumentID, before.Round, Pending).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return nil
		}
		return dt.Handler.ApprovedTx(ctx, tx, before.DocumentID, Decision{Request: after})
	})
	return after, err
}
