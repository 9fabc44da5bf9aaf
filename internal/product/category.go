package product

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
)

// Category is a node of the product category tree.
type Category struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ParentID  string    `json:"parent_id,omitempty"`
	Path      string    `json:"path" doc:"Names from the root, e.g. Beverages / Tea."`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CategoryInput names a category and places it in the tree.
type CategoryInput struct {
	Name     string `json:"name" maxLength:"200"`
	ParentID string `json:"parent_id,omitempty" maxLength:"64" doc:"Empty for a top-level category."`
}

// Errors of the category tree.
var (
	ErrCategoryCycle = apperr.Invalid("a category cannot be moved below itself",
		apperr.Field("parent_id", "cycle", "is the category itself or one of its descendants"))
	ErrCategoryInUse = apperr.Conflict("category_in_use", "the category has subcategories or products; move them first")
)

// findCategories returns every category with its path, in tree order.
func findCategories(ctx context.Context, q db.Querier) ([]Category, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, parent_id, version, created_at, updated_at FROM product_category`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[string]*Category{}
	var all []*Category
	for rows.Next() {
		var c Category
		var parent sql.NullString
		if err := rows.Scan(&c.ID, &c.Name, &parent, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		c.ParentID, c.CreatedAt, c.UpdatedAt = parent.String, c.CreatedAt.UTC(), c.UpdatedAt.UTC()
		byID[c.ID] = &c
		all = append(all, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range all {
		var names []string
		for n, depth := c, 0; n != nil && depth < 64; n, depth = byID[n.ParentID], depth+1 {
			names = append([]string{n.Name}, names...)
		}
		c.Path = strings.Join(names, " / ")
	}
	out := make([]Category, len(all))
	for i, c := range all {
		out[i] = *c
	}
	slices.SortFunc(out, func(a, b Category) int { return strings.Compare(strings.ToLower(a.Path), strings.ToLower(b.Path)) })
	return out, nil
}

// descendants returns id and the IDs of every category below it.
func descendants(cs []Category, id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, c := range cs {
			if c.ParentID == out[i] {
				out = append(out, c.ID)
			}
		}
	}
	return out
}
