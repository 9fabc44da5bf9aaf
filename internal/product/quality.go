package product

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/quality"
)

func stocked(p Product) bool { return p.Type == "stockable" || p.Type == "manufactured" }

// rules are the data-quality rules for products.
var rules = []quality.Rule[Product]{
	{Field: "name", Code: "required", Message: "the product has no name", Weight: 3,
		Applies: quality.Always[Product], OK: func(p Product) bool { return p.Name != "" }},
	{Field: "names.zh-CN", Code: "missing_translation", Message: "no Simplified Chinese name", Weight: 1,
		Applies: quality.Always[Product], OK: func(p Product) bool { return p.Names["zh-CN"] != "" }},
	{Field: "category_id", Code: "required", Message: "the product is in no category", Weight: 1,
		Applies: quality.Always[Product], OK: func(p Product) bool { return p.CategoryID != "" }},
	{Field: "barcode", Code: "required", Message: "a stocked product has no barcode to scan", Weight: 1,
		Applies: stocked, OK: func(p Product) bool { return p.Barcode != "" }},
	{Field: "standard_cost", Code: "required", Message: "no standard cost, so margins and stock value are unknown", Weight: 2,
		Applies: stocked, OK: func(p Product) bool { return p.StandardCost != nil }},
	{Field: "reorder_point", Code: "required", Message: "no reorder point, so no reorder suggestion", Weight: 1,
		Applies: func(p Product) bool { return p.Type == "stockable" }, OK: func(p Product) bool { return p.ReorderPoint != nil }},
	{Field: "suppliers", Code: "no_supplier", Message: "a bought product has no supplier", Weight: 1,
		Applies: func(p Product) bool { return p.Type == "stockable" || p.Type == "consumable" },
		OK:      func(p Product) bool { return len(p.Suppliers) > 0 }},
}

// Score scores one product against the quality rules.
func Score(p Product) (int, []quality.Issue) { return quality.Score(rules, p) }

// Quality scores every product, a page at a time, keeping the worst ones.
func (s *Service) Quality(ctx context.Context, worst int) (*quality.Report, error) {
	rep := quality.NewReport("product", worst)
	for after := ""; ; {
		page, err := findProducts(ctx, s.db, Filter{After: after, Limit: 500}, nil)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			score, issues := Score(p)
			rep.Add(quality.Record{ID: p.ID, Code: p.Code, Name: p.Name, Score: score, Issues: issues})
		}
		if len(page) < 500 {
			return rep, nil
		}
		after = page[len(page)-1].ID
	}
}
