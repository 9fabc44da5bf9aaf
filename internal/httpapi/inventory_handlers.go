package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
)

type warehousesOutput struct {
	Body struct {
		Data []inventory.Warehouse `json:"data"`
	}
}

func (s *server) listWarehouses(ctx context.Context, _ *struct{}) (*warehousesOutput, error) {
	ws, err := s.deps.Inventory.FindWarehouses(ctx)
	if err != nil {
		return nil, err
	}
	out := &warehousesOutput{}
	out.Body.Data = ws
	return out, nil
}

type warehouseOutput struct {
	ETag string `header:"ETag"`
	Body inventory.Warehouse
}

type createWarehouseInput struct {
	Body inventory.WarehouseInput
}

func (s *server) createWarehouse(ctx context.Context, in *createWarehouseInput) (*warehouseOutput, error) {
	w, err := s.deps.Inventory.CreateWarehouse(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &warehouseOutput{ETag: httpx.ETag(w.Version), Body: w}, nil
}

type warehousePath struct {
	ID string `path:"id" maxLength:"64" doc:"Warehouse ID or code."`
}

func (s *server) getWarehouse(ctx context.Context, in *warehousePath) (*warehouseOutput, error) {
	w, err := s.deps.Inventory.FindWarehouse(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &warehouseOutput{ETag: httpx.ETag(w.Version), Body: w}, nil
}

type replaceWarehouseInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		inventory.WarehouseInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) replaceWarehouse(ctx context.Context, in *replaceWarehouseInput) (*warehouseOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	w, err := s.deps.Inventory.UpdateWarehouse(ctx, in.ID, in.Body.WarehouseInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &warehouseOutput{ETag: httpx.ETag(w.Version), Body: w}, nil
}

type adjustInput struct {
	Body inventory.AdjustmentInput
}

type moveOutput struct{ Body inventory.Move }

func (s *server) adjustStock(ctx context.Context, in *adjustInput) (*moveOutput, error) {
	m, err := s.deps.Inventory.Adjust(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &moveOutput{Body: m}, nil
}

type availabilityInput struct {
	ProductID   string `query:"product_id" required:"true" maxLength:"64"`
	WarehouseID string `query:"warehouse_id" maxLength:"64" doc:"Omit for all warehouses."`
}

type availabilityOutput struct{ Body inventory.Availability }

func (s *server) stockAvailability(ctx context.Context, in *availabilityInput) (*availabilityOutput, error) {
	a, err := s.deps.Inventory.Availability(ctx, in.ProductID, in.WarehouseID)
	if err != nil {
		return nil, err
	}
	return &availabilityOutput{Body: a}, nil
}

type movesInput struct {
	ProductID string `query:"product_id" required:"true" maxLength:"64"`
	Limit     int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type movesOutput struct {
	Body struct {
		Data []inventory.Move `json:"data"`
	}
}

func (s *server) listMoves(ctx context.Context, in *movesInput) (*movesOutput, error) {
	ms, err := s.deps.Inventory.FindMoves(ctx, in.ProductID, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &movesOutput{}
	out.Body.Data = ms
	return out, nil
}

// Expected receipts

type listReceiptsInput struct {
	page.Params
	ProductID   string `query:"product_id" maxLength:"64"`
	WarehouseID string `query:"warehouse_id" maxLength:"64"`
	Status      string `query:"status" enum:"open,received,cancelled"`
}

type receiptsOutput struct {
	Body page.List[inventory.ExpectedReceipt]
}

func (s *server) listReceipts(ctx context.Context, in *listReceiptsInput) (*receiptsOutput, error) {
	f := inventory.ReceiptFilter{ProductID: in.ProductID, WarehouseID: in.WarehouseID, Status: in.Status, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.After); err != nil {
		return nil, err
	}
	rs, err := s.deps.Inventory.FindExpectedReceipts(ctx, f)
	if err != nil {
		return nil, err
	}
	return &receiptsOutput{Body: page.Build(rs, in.PageSize(), func(r inventory.ExpectedReceipt) any { return r.ID })}, nil
}

type receiptOutput struct {
	ETag string `header:"ETag"`
	Body inventory.ExpectedReceipt
}

func receiptOut(r inventory.ExpectedReceipt) *receiptOutput {
	return &receiptOutput{ETag: httpx.ETag(r.Version), Body: r}
}

type createReceiptInput struct {
	Body inventory.ExpectedReceiptInput
}

func (s *server) createReceipt(ctx context.Context, in *createReceiptInput) (*receiptOutput, error) {
	r, err := s.deps.Inventory.CreateExpectedReceipt(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return receiptOut(r), nil
}

type receiveInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the receipt version; or send version in the body."`
	Body    struct {
		inventory.ReceiveInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) receive(ctx context.Context, in *receiveInput) (*receiptOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	r, err := s.deps.Inventory.Receive(ctx, in.ID, in.Body.ReceiveInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return receiptOut(r), nil
}

type belowReorderInput struct {
	WarehouseID string `query:"warehouse_id" maxLength:"64" doc:"One warehouse (ID or code); all warehouses together when absent."`
}

type belowReorderOutput struct {
	Body struct {
		WarehouseID string                   `json:"warehouse_id,omitempty"`
		Rows        []inventory.BelowReorder `json:"rows" doc:"Largest shortfall first."`
	}
}

func (s *server) stockBelowReorder(ctx context.Context, in *belowReorderInput) (*belowReorderOutput, error) {
	rows, err := s.deps.Inventory.StockBelowReorder(ctx, in.WarehouseID)
	if err != nil {
		return nil, err
	}
	out := &belowReorderOutput{}
	out.Body.WarehouseID, out.Body.Rows = in.WarehouseID, rows
	return out, nil
}
