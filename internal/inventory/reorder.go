package inventory

import (
	"cmp"
	"context"
	"slices"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/product"
)

// ReorderPoints lists the products whose stock the reorder report checks;
// the product module owns reorder points and provides them.
type ReorderPoints func(ctx context.Context) ([]product.Product, error)

// SetReorderPoints sets where the reorder report finds the products with
// reorder points.
func (s *Service) SetReorderPoints(f ReorderPoints) { s.reorderPoints = f }

// BelowReorder is a product whose available stock is below its reorder
// point.
type BelowReorder struct {
	ProductID       string          `json:"product_id"`
	Code            string          `json:"code"`
	Name            string          `json:"name"`
	Unit            string          `json:"unit"`
	OnHand          money.Quantity  `json:"on_hand"`
	Reserved        money.Quantity  `json:"reserved"`
	Available       money.Quantity  `json:"available" doc:"On hand minus reserved."`
	Incoming        money.Quantity  `json:"incoming" doc:"What open expected receipts still bring, whenever they are due."`
	ReorderPoint    money.Quantity  `json:"reorder_point"`
	ReorderQuantity *money.Quantity `json:"reorder_quantity,omitempty"`
	Shortfall       money.Quantity  `json:"shortfall" doc:"Reorder point minus available."`
}

// StockBelowReorder lists the active stocked products with a reorder point
// whose available stock (on hand minus reserved) in a warehouse ("" for all
// warehouses together) is below it, the largest shortfall first. A product
// with no stock at all is listed with zero on hand.
func (s *Service) StockBelowReorder(ctx context.Context, warehouseID string) ([]BelowReorder, error) {
	if warehouseID != "" {
		w, err := s.FindWarehouse(ctx, warehouseID)
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			return nil, apperr.Invalid("no such warehouse", apperr.Field("warehouse_id", "not_found", "no warehouse with this ID or code"))
		}
		if err != nil {
			return nil, err
		}
		warehouseID = w.ID
	}
	products, err := s.reorderPoints(ctx)
	if err != nil {
		return nil, err
	}
	type stock struct{ onHand, reserved, incoming int64 }
	levels := map[string]*stock{}
	at := func(id string) *stock {
		if levels[id] == nil {
			levels[id] = &stock{}
		}
		return levels[id]
	}
	rows, err := s.db.QueryContext(ctx, `SELECT product_id, SUM(on_hand), SUM(reserved) FROM inventory_balance
		WHERE $1 = '' OR warehouse_id = $1 GROUP BY product_id`, warehouseID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var onHand, reserved int64
		if err := rows.Scan(&id, &onHand, &reserved); err != nil {
			rows.Close()
			return nil, err
		}
		st := at(id)
		st.onHand, st.reserved = onHand, reserved
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT product_id, SUM(quantity - received) FROM inventory_expected_receipt
		WHERE ($1 = '' OR warehouse_id = $1) AND status = $2 GROUP BY product_id`, warehouseID, ReceiptOpen)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var units int64
		if err := rows.Scan(&id, &units); err != nil {
			rows.Close()
			return nil, err
		}
		at(id).incoming = units
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []BelowReorder{}
	for _, p := range products {
		st := at(p.ID)
		available := st.onHand - st.reserved
		if p.ReorderPoint == nil || available >= p.ReorderPoint.Units() {
			continue
		}
		out = append(out, BelowReorder{ProductID: p.ID, Code: p.Code, Name: p.Name, Unit: p.Unit,
			OnHand: money.NewQuantity(st.onHand), Reserved: money.NewQuantity(st.reserved), Available: money.NewQuantity(available),
			Incoming: money.NewQuantity(st.incoming), ReorderPoint: *p.ReorderPoint, ReorderQuantity: p.ReorderQuantity,
			Shortfall: money.NewQuantity(p.ReorderPoint.Units() - available)})
	}
	slices.SortStableFunc(out, func(a, b BelowReorder) int { return cmp.Compare(b.Shortfall.Units(), a.Shortfall.Units()) })
	return out, nil
}
