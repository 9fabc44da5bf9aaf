package product

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions of the product module.
const (
	PermRead          = "product.product.read"
	PermCreate        = "product.product.create"
	PermUpdate        = "product.product.update"
	PermCategoryRead  = "product.category.read"
	PermCategoryWrite = "product.category.update"
	PermUnitRead      = "product.unit.read"
	PermUnitCreate    = "product.unit.create"
)

// Events.
const (
	EventCreated = "product.product.created.v1"
	EventUpdated = "product.product.updated.v1"
)

// Errors.
var (
	ErrCodeTaken = &apperr.Error{Kind: apperr.KindConflict, Code: "code_taken", Message: "another product has this code or barcode",
		Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "code or barcode already used"}}}
	ErrUnitExists = apperr.Conflict("unit_exists", "a unit with this code exists")
)

// SupplierCheck reports which of the given party IDs are suppliers. The
// composition root provides it from the party module, which this module
// may not import.
type SupplierCheck func(ctx context.Context, partyIDs []string) (map[string]bool, error)

// Service is the product module's API.
type Service struct {
	db         *db.DB
	suppliers  SupplierCheck
	costChange CostChange
}

// CostChange is called in the transaction that changes a product's
// standard cost (before or after may be nil), so stock can be revalued.
type CostChange func(ctx context.Context, tx *db.Tx, productID string, before, after *money.Amount) error

// OnCostChange sets what follows a change of standard cost.
func (s *Service) OnCostChange(f CostChange) { s.costChange = f }

// updatedTx finishes a product's update: stock revaluation when the
// standard cost changed, then the audit entry and the event.
func (s *Service) updatedTx(ctx context.Context, tx *db.Tx, before, after Product) error {
	if s.costChange != nil && !sameAmount(before.StandardCost, after.StandardCost) {
		if err := s.costChange(ctx, tx, after.ID, before.StandardCost, after.StandardCost); err != nil {
			return err
		}
	}
	return record(ctx, tx, "product", after.ID, audit.ActionUpdate, EventUpdated, before, after)
}

func sameAmount(a, b *money.Amount) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// NewService returns the service.
func NewService(d *db.DB, suppliers SupplierCheck) *Service {
	return &Service{db: d, suppliers: suppliers}
}

func record(ctx context.Context, tx *db.Tx, entity, entityID, action, event string, before, after any) error {
	if err := audit.RecordTx(ctx, tx, entity, entityID, action, before, after); err != nil {
		return err
	}
	if event == "" {
		return nil
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: entity, AggregateID: entityID, Payload: after})
	return err
}

// check validates an input against units, categories and suppliers.
func (s *Service) check(ctx context.Context, q db.Querier, in *Input) error {
	in.normalize()
	units, err := findUnits(ctx, q)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for c := range units {
		known[c] = true
	}
	if err := in.validate(known); err != nil {
		return err
	}
	var v apperr.Validator
	if in.CategoryID != "" {
		cats, err := findCategories(ctx, q)
		if err != nil {
			return err
		}
		v.Check(slices.ContainsFunc(cats, func(c Category) bool { return c.ID == in.CategoryID }), "category_id", "not_found", "no such category")
	}
	if len(in.Suppliers) > 0 {
		ids := make([]string, len(in.Suppliers))
		for i, sp := range in.Suppliers {
			ids[i] = sp.PartyID
		}
		ok, err := s.suppliers(ctx, ids)
		if err != nil {
			return err
		}
		for i, sp := range in.Suppliers {
			v.Check(ok[sp.PartyID], "suppliers["+strconv.Itoa(i)+"].party_id", "not_a_supplier", "no supplier with this ID")
		}
	}
	return v.Err()
}

// CreateProduct creates a product. Errors: validation_failed, code_taken.
func (s *Service) CreateProduct(ctx context.Context, in Input) (Product, error) {
	if err := s.check(ctx, s.db, &in); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p = Product{ID: newID(), Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		in.apply(&p)
		if err := insertProduct(ctx, tx, &p); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrCodeTaken
			}
			return err
		}
		return record(ctx, tx, "product", p.ID, audit.ActionCreate, EventCreated, nil, p)
	})
	return p, err
}

// FindProduct returns a product by ID, code or barcode. Errors: not_found.
func (s *Service) FindProduct(ctx context.Context, key string) (Product, error) {
	p, err := s.FindProductBrief(ctx, key)
	if err != nil {
		return Product{}, err
	}
	return p, loadSuppliers(ctx, s.db, &p)
}

// FindProductBrief is FindProduct without the product's suppliers (they
// come back empty), for the document lines of other modules, which need
// only the product's own fields.
func (s *Service) FindProductBrief(ctx context.Context, key string) (Product, error) {
	if id.Valid("prd", key) {
		return findProductRow(ctx, s.db, "id", key)
	}
	p, err := findProductRow(ctx, s.db, "code", key)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		return findProductRow(ctx, s.db, "barcode", key)
	}
	return p, err
}

// FindProducts lists products in ID order.
func (s *Service) FindProducts(ctx context.Context, f Filter) ([]Product, error) {
	var cats []string
	if f.CategoryID != "" {
		all, err := findCategories(ctx, s.db)
		if err != nil {
			return nil, err
		}
		cats = descendants(all, f.CategoryID)
	}
	return findProducts(ctx, s.db, f, cats)
}

// UpdateProduct replaces a product's data; version is the version being
// replaced. Errors: not_found, validation_failed, code_taken,
// version_conflict.
func (s *Service) UpdateProduct(ctx context.Context, productID string, in Input, version int64) (Product, error) {
	var after Product
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findProduct(ctx, tx, "id", productID)
		if err != nil {
			return err
		}
		if err := s.check(ctx, tx, &in); err != nil {
			return err
		}
		after = before
		in.apply(&after)
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := updateProduct(ctx, tx, &after, version)
		if db.IsUniqueViolation(err) {
			return ErrCodeTaken
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "product", productID, "product"); err != nil {
			return err
		}
		return s.updatedTx(ctx, tx, before, after)
	})
	return after, err
}

// FindCategories returns the category tree, ordered by path.
func (s *Service) FindCategories(ctx context.Context) ([]Category, error) {
	return findCategories(ctx, s.db)
}

func (in *CategoryInput) check(cats []Category, self string) error {
	in.Name = strings.TrimSpace(in.Name)
	var v apperr.Validator
	v.Check(in.Name != "", "name", "required", "the category name")
	if in.ParentID != "" {
		v.Check(slices.ContainsFunc(cats, func(c Category) bool { return c.ID == in.ParentID }), "parent_id", "not_found", "no such category")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if self != "" && in.ParentID != "" && slices.Contains(descendants(cats, self), in.ParentID) {
		return ErrCategoryCycle
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateCategory adds a category. Errors: validation_failed.
func (s *Service) CreateCategory(ctx context.Context, in CategoryInput) (Category, error) {
	var c Category
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cats, err := findCategories(ctx, tx)
		if err != nil {
			return err
		}
		if err := in.check(cats, ""); err != nil {
			return err
		}
		c = Category{ID: id.New("pcat"), Name: in.Name, ParentID: in.ParentID, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		if _, err := tx.ExecContext(ctx, `INSERT INTO product_category (id, name, parent_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			c.ID, c.Name, nullable(c.ParentID), c.Version, c.CreatedAt, c.UpdatedAt); err != nil {
			return err
		}
		c.Path = pathOf(cats, c)
		return record(ctx, tx, "product_category", c.ID, audit.ActionCreate, "", nil, c)
	})
	return c, err
}

func pathOf(cats []Category, c Category) string {
	for _, p := range cats {
		if p.ID == c.ParentID {
			return p.Path + " / " + c.Name
		}
	}
	return c.Name
}

// UpdateCategory renames or moves a category. Errors: not_found,
// validation_failed (cycle), version_conflict.
func (s *Service) UpdateCategory(ctx context.Context, categoryID string, in CategoryInput, version int64) (Category, error) {
	var after Category
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cats, err := findCategories(ctx, tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cats, func(c Category) bool { return c.ID == categoryID })
		if i < 0 {
			return apperr.NotFound("category")
		}
		if err := in.check(cats, categoryID); err != nil {
			return err
		}
		before := cats[i]
		after = before
		after.Name, after.ParentID, after.Version, after.UpdatedAt = in.Name, in.ParentID, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE product_category SET name = $1, parent_id = $2, version = $3, updated_at = $4 WHERE id = $5 AND version = $6`,
			after.Name, nullable(after.ParentID), after.Version, after.UpdatedAt, categoryID, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "product_category", categoryID, "category"); err != nil {
			return err
		}
		after.Path = pathOf(cats, after)
		return record(ctx, tx, "product_category", categoryID, audit.ActionUpdate, "", before, after)
	})
	return after, err
}

// DeleteCategory deletes an empty category. Errors: not_found,
// category_in_use.
func (s *Service) DeleteCategory(ctx context.Context, categoryID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cats, err := findCategories(ctx, tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cats, func(c Category) bool { return c.ID == categoryID })
		if i < 0 {
			return apperr.NotFound("category")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM product WHERE category_id = $1) + (SELECT COUNT(*) FROM product_category WHERE parent_id = $1)`,
			categoryID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrCategoryInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM product_category WHERE id = $1`, categoryID); err != nil {
			return err
		}
		return record(ctx, tx, "product_category", categoryID, audit.ActionDelete, "", cats[i], nil)
	})
}

// FindUnits returns every unit of measure, by category then code.
func (s *Service) FindUnits(ctx context.Context) ([]Unit, error) {
	m, err := findUnits(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make([]Unit, 0, len(m))
	for _, u := range m {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b Unit) int {
		return strings.Compare(a.Category+"\x00"+a.Code, b.Category+"\x00"+b.Code)
	})
	return out, nil
}

// CreateUnit adds a unit of measure. Errors: validation_failed, unit_exists.
func (s *Service) CreateUnit(ctx context.Context, u Unit) (Unit, error) {
	u.Version = 1
	if err := u.validate(); err != nil {
		return Unit{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO product_unit (code, name, category, ratio_num, ratio_den, version) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.Code, u.Name, u.Category, u.RatioNum, u.RatioDen, u.Version)
		if db.IsUniqueViolation(err) {
			return ErrUnitExists
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, "product_unit", u.Code, audit.ActionCreate, "", nil, u)
	})
	return u, err
}

// ConvertQuantity converts q between two units by code. Errors:
// validation_failed (unknown or incompatible units).
func (s *Service) ConvertQuantity(ctx context.Context, q money.Quantity, from, to string) (money.Quantity, error) {
	units, err := findUnits(ctx, s.db)
	if err != nil {
		return money.Quantity{}, err
	}
	var v apperr.Validator
	f, okF := units[from]
	t, okT := units[to]
	v.Check(okF, "from", "unknown_unit", "no unit with this code")
	v.Check(okT, "to", "unknown_unit", "no unit with this code")
	if err := v.Err(); err != nil {
		return money.Quantity{}, err
	}
	return Convert(q, f, t)
}

// RepointPartyTx moves this module's references from one party to another
// when parties are merged: supplier entries (where a product already lists
// the surviving party, the merged party's entry is dropped: the survivor's
// terms win) and customer-specific price lists.
func (s *Service) RepointPartyTx(ctx context.Context, tx *db.Tx, from, to string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM product_supplier WHERE party_id = $1
		AND product_id IN (SELECT product_id FROM product_supplier WHERE party_id = $2)`, from, to); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE product_supplier SET party_id = $1 WHERE party_id = $2`, to, from); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE product_price_list SET party_id = $1 WHERE party_id = $2`, to, from)
	return err
}

func newID() string { return id.New("prd") }

// Stocked reports whether a product keeps stock (stockable or
// manufactured). Errors: not_found.
func (s *Service) Stocked(ctx context.Context, productID string) (bool, error) {
	return stockedIn(ctx, s.db, productID)
}

// StockedTx is Stocked inside the caller's transaction. A use case must
// read through its own transaction: a second connection from the pool,
// taken while the transaction holds locks, can deadlock a busy node.
func (s *Service) StockedTx(ctx context.Context, tx *db.Tx, productID string) (bool, error) {
	return stockedIn(ctx, tx, productID)
}

func stockedIn(ctx context.Context, q db.Querier, productID string) (bool, error) {
	p, err := findProductRow(ctx, q, "id", productID)
	if err != nil {
		return false, err
	}
	return stocked(p), nil
}

// StandardCostTx returns a product's standard cost, nil when it has none,
// in the caller's transaction.
func (s *Service) StandardCostTx(ctx context.Context, tx *db.Tx, productID string) (*money.Amount, error) {
	p, err := findProductRow(ctx, tx, "id", productID)
	return p.StandardCost, err
}

// WithReorderPoints returns the active products that keep stock and have a
// reorder point above zero, in code order: what the stock-below-reorder
// report checks.
func (s *Service) WithReorderPoints(ctx context.Context) ([]Product, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+productColumns+` FROM product
		WHERE active AND reorder_point > 0 AND type IN ('stockable', 'manufactured') ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Product{}
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
