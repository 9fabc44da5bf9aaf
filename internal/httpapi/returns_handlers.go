package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/returns"
)

type returnOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     returns.Return
}

func returnOut(r returns.Return) *returnOutput {
	return &returnOutput{ETag: httpx.ETag(r.Version), Location: "/api/v1/returns/" + r.ID, Body: r}
}

type authorizeReturnInput struct{ Body returns.AuthorizeInput }

func (s *server) authorizeReturn(ctx context.Context, in *authorizeReturnInput) (*returnOutput, error) {
	r, err := s.deps.Returns.Authorize(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return returnOut(r), nil
}

type listReturnsInput struct {
	page.Params
	Status     string `query:"status" enum:"authorized,received,credited,cancelled"`
	CustomerID string `query:"customer_id" maxLength:"64"`
	OrderID    string `query:"order_id" maxLength:"64"`
	TicketID   string `query:"ticket_id" maxLength:"64"`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), number or status; - first for descending."`
}

type returnsOutput struct{ Body page.List[returns.Return] }

func (s *server) listReturns(ctx context.Context, in *listReturnsInput) (*returnsOutput, error) {
	sort, err := page.ParseSort(in.Sort, returns.Sorts, "-created")
	if err != nil {
		return nil, err
	}
	f := returns.Filter{Status: in.Status, CustomerID: in.CustomerID, OrderID: in.OrderID, TicketID: in.TicketID, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	rs, err := s.deps.Returns.FindReturns(ctx, f)
	if err != nil {
		return nil, err
	}
	return &returnsOutput{Body: page.Build(rs, in.PageSize(), func(r returns.Return) any {
		return page.Cursor{Value: r.SortValue(sort.Field), ID: r.ID}
	})}, nil
}

func (s *server) getReturn(ctx context.Context, in *idPath) (*returnOutput, error) {
	r, err := s.deps.Returns.FindReturn(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return returnOut(r), nil
}

type receiveReturnInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the return; or send version in the body."`
	Body    returns.ReceiveInput
}

func (s *server) receiveReturn(ctx context.Context, in *receiveReturnInput) (*returnOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	r, err := s.deps.Returns.Receive(ctx, in.ID, in.Body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return returnOut(r), nil
}
