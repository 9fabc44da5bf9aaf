package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/sales"
)

// Policies

type listPoliciesInput struct {
	DocumentType string `query:"document_type" maxLength:"40"`
}

type policiesOutput struct {
	Body struct {
		Data []approval.Policy `json:"data"`
	}
}

func (s *server) listPolicies(ctx context.Context, in *listPoliciesInput) (*policiesOutput, error) {
	ps, err := s.deps.Approval.FindPolicies(ctx, in.DocumentType)
	if err != nil {
		return nil, err
	}
	out := &policiesOutput{}
	out.Body.Data = ps
	return out, nil
}

type policyOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     approval.Policy
}

func policyOut(p approval.Policy) *policyOutput {
	return &policyOutput{ETag: httpx.ETag(p.Version), Location: "/api/v1/approval-policies/" + p.ID, Body: p}
}

type policyPath struct {
	ID string `path:"id" maxLength:"120" doc:"Policy ID or name."`
}

func (s *server) getPolicy(ctx context.Context, in *policyPath) (*policyOutput, error) {
	p, err := s.deps.Approval.FindPolicy(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return policyOut(p), nil
}

type createPolicyInput struct {
	Body approval.PolicyInput
}

func (s *server) createPolicy(ctx context.Context, in *createPolicyInput) (*policyOutput, error) {
	p, err := s.deps.Approval.CreatePolicy(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return policyOut(p), nil
}

type replacePolicyInput struct {
	ID      string `path:"id" maxLength:"120"`
	IfMatch string `header:"If-Match"`
	Body    approval.PolicyInput
}

func (s *server) replacePolicy(ctx context.Context, in *replacePolicyInput) (*policyOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Approval.ReplacePolicy(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return policyOut(p), nil
}

func (s *server) deletePolicy(ctx context.Context, in *policyPath) (*struct{}, error) {
	return nil, s.deps.Approval.DeletePolicy(ctx, in.ID)
}

// Requests

type listApprovalsInput struct {
	page.Params
	Status       string `query:"status" enum:"pending,approved,rejected,cancelled"`
	DocumentType string `query:"document_type" maxLength:"40"`
	DocumentID   string `query:"document_id" maxLength:"64"`
	Actionable   bool   `query:"actionable" doc:"Only the pending requests you may decide: your inbox."`
	Sort         string `query:"sort" maxLength:"20" doc:"created (the default, oldest first), requested_at, document_number, amount (in minor units, whatever the currency) or status; - first for descending."`
}

type approvalsOutput struct{ Body page.List[approval.Request] }

func (s *server) listApprovals(ctx context.Context, in *listApprovalsInput) (*approvalsOutput, error) {
	sort, err := page.ParseSort(in.Sort, approval.RequestSorts, "created")
	if err != nil {
		return nil, err
	}
	f := approval.RequestFilter{Status: in.Status, DocumentType: in.DocumentType, DocumentID: in.DocumentID,
		Actionable: in.Actionable, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	rs, err := s.deps.Approval.FindRequests(ctx, f)
	if err != nil {
		return nil, err
	}
	return &approvalsOutput{Body: page.Build(rs, in.PageSize(), func(r approval.Request) any {
		return page.Cursor{Value: r.SortValue(sort.Field), ID: r.ID}
	})}, nil
}

type approvalOutput struct{ Body approval.Request }

func (s *server) getApproval(ctx context.Context, in *idPath) (*approvalOutput, error) {
	r, err := s.deps.Approval.FindRequest(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &approvalOutput{Body: r}, nil
}

type decideInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body *struct {
		Comment string `json:"comment,omitempty" maxLength:"2000" doc:"Required to reject."`
	}
}

func (s *server) decision(decide func(context.Context, string, string) (approval.Request, error)) func(context.Context, *decideInput) (*approvalOutput, error) {
	return func(ctx context.Context, in *decideInput) (*approvalOutput, error) {
		comment := ""
		if in.Body != nil {
			comment = in.Body.Comment
		}
		r, err := decide(ctx, in.ID, comment)
		if err != nil {
			return nil, err
		}
		return &approvalOutput{Body: r}, nil
	}
}

// Credit

type creditOutput struct{ Body sales.Credit }

func (s *server) getCredit(ctx context.Context, in *idPath) (*creditOutput, error) {
	c, err := s.deps.Sales.CreditStatus(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &creditOutput{Body: c}, nil
}
