package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/platform/httpx"
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
