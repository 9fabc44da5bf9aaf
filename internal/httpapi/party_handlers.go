package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
)

type listPartiesInput struct {
	page.Params
	Role      string `query:"role" enum:"customer,supplier"`
	Q         string `query:"q" maxLength:"200" doc:"Matches code, names, tax ID or e-mail."`
	Lifecycle string `query:"lifecycle" enum:"lead,prospect,customer,inactive,churned"`
	Tag       string `query:"tag" maxLength:"40"`
	OwnerID   string `query:"owner_id" maxLength:"64"`
}

type partiesOutput struct{ Body page.List[party.Party] }

func (s *server) listParties(ctx context.Context, in *listPartiesInput) (*partiesOutput, error) {
	f := party.Filter{Role: in.Role, Q: in.Q, Lifecycle: in.Lifecycle, Tag: in.Tag, OwnerID: in.OwnerID, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.After); err != nil {
		return nil, err
	}
	ps, err := s.deps.Party.FindParties(ctx, f)
	if err != nil {
		return nil, err
	}
	return &partiesOutput{Body: page.Build(ps, in.PageSize(), func(p party.Party) any { return p.ID })}, nil
}

type partyOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     party.Party
}

func partyOut(p party.Party) *partyOutput {
	return &partyOutput{ETag: httpx.ETag(p.Version), Location: "/api/v1/parties/" + p.ID, Body: p}
}

type createPartyInput struct {
	Body party.Input
}

func (s *server) createParty(ctx context.Context, in *createPartyInput) (*partyOutput, error) {
	p, err := s.deps.Party.CreateParty(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return partyOut(p), nil
}

type partyPath struct {
	ID string `path:"id" maxLength:"64" doc:"Party ID or code."`
}

func (s *server) getParty(ctx context.Context, in *partyPath) (*partyOutput, error) {
	p, err := s.deps.Party.FindParty(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return partyOut(p), nil
}

type replacePartyInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being replaced; or send version in the body."`
	Body    struct {
		party.Input
		Version int64 `json:"version,omitempty" doc:"The version being replaced, when If-Match is not used."`
	}
}

func (s *server) replaceParty(ctx context.Context, in *replacePartyInput) (*partyOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Party.UpdateParty(ctx, in.ID, in.Body.Input, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return partyOut(p), nil
}

type mergePartyInput struct {
	ID      string `path:"id" maxLength:"64" doc:"The surviving party."`
	IfMatch string `header:"If-Match" doc:"ETag of the surviving party; or send version in the body."`
	Body    struct {
		LoserID string `json:"loser_id" maxLength:"64" doc:"The duplicate to fold into the surviving party."`
		Version int64  `json:"version,omitempty"`
	}
}

type mergeOutput struct{ Body party.MergeResult }

func (s *server) mergeParty(ctx context.Context, in *mergePartyInput) (*mergeOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	res, err := s.deps.Party.Merge(ctx, in.ID, in.Body.LoserID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &mergeOutput{Body: res}, nil
}
