package product

import (
	"context"
	"strconv"

	"github.com/concord-erp/concord/internal/platform/money"

	"github.com/concord-erp/concord/internal/platform/tabular"
)

// ExportColumns are the columns of a product export, named like the
// import fields so that an exported file imports back unchanged.
var ExportColumns = []string{"code", "name", "name_zh", "barcode", "category", "unit", "type", "list_price", "currency",
	"standard_cost", "tax_category", "active", "reorder_point", "reorder_quantity", "lead_time_days"}

// Export writes the products that match f to w, a page at a time, and
// returns how many it wrote. Suppliers are not exported (a product has
// several); categories are written as their path.
func (s *Service) Export(ctx context.Context, f Filter, w tabular.Writer) (int, error) {
	cats, err := findCategories(ctx, s.db)
	if err != nil {
		return 0, err
	}
	path := map[string]string{}
	for _, c := range cats {
		path[c.ID] = c.Path
	}
	n := 0
	for {
		f.Limit = 500
		page, err := s.FindProducts(ctx, f)
		if err != nil {
			return n, err
		}
		for _, p := range page {
			cost := ""
			if p.StandardCost != nil {
				cost = p.StandardCost.String()
			}
			row := []string{p.Code, p.Name, p.Names["zh-CN"], p.Barcode, path[p.CategoryID], p.Unit, p.Type,
				p.ListPrice.String(), string(p.ListPrice.Currency()), cost, p.TaxCategory, strconv.FormatBool(p.Active),
				quantityString(p.ReorderPoint), quantityString(p.ReorderQuantity), strconv.Itoa(p.LeadTimeDays)}
			if err := w.Write(row); err != nil {
				return n, err
			}
			n++
		}
		if len(page) < f.Limit {
			return n, nil
		}
		f.After = page[len(page)-1].ID
	}
}

func quantityString(q *money.Quantity) string {
	if q == nil {
		return ""
	}
	return q.String()
}
