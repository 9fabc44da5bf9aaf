package inventory

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/refcache"
)

// Permissions of the inventory module so far.
const (
	PermWarehouseRead  = "inventory.warehouse.read"
	PermWarehouseWrite = "inventory.warehouse.update"
)

// Events.
const (
	EventWarehouseCreated = "inventory.warehouse.created.v1"
	EventWarehouseUpdated = "inventory.warehouse.updated.v1"
)

// LocationTypes say what a location is for: stock is kept in storage
// locations; goods arrive in receiving and leave from shipping.
var LocationTypes = []string{"storage", "receiving", "shipping", "production", "quality", "scrap"}

// Warehouse is a site that holds stock.
type Warehouse struct {
	ID        string     `json:"id"`
	Code      string     `json:"code" doc:"Unique, e.g. WH-BER."`
	Name      string     `json:"name"`
	Address   string     `json:"address,omitempty"`
	Country   string     `json:"country,omitempty" doc:"ISO 3166-1 alpha-2."`
	Active    bool       `json:"active"`
	Locations []Location `json:"locations"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Location is a place within a warehouse (a zone, aisle, shelf or bin).
type Location struct {
	ID     string `json:"id,omitempty"`
	Code   string `json:"code" maxLength:"40" doc:"Unique within the warehouse, e.g. A-01-03."`
	Name   string `json:"name,omitempty" maxLength:"200"`
	Type   string `json:"type" enum:"storage,receiving,shipping,production,quality,scrap"`
	Active bool   `json:"active" required:"false" doc:"New locations start active; send false for a known location to retire it."`
}

// WarehouseInput is what a client sets on a warehouse; locations are the
// whole list (IDs keep existing ones).
type WarehouseInput struct {
	Code      string     `json:"code" maxLength:"40"`
	Name      string     `json:"name" maxLength:"200"`
	Address   string     `json:"address,omitempty" maxLength:"500"`
	Country   string     `json:"country,omitempty" maxLength:"2"`
	Active    *bool      `json:"active,omitempty"`
	Locations []Location `json:"locations,omitempty"`
}

var codeFormat = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._/-]{0,39}$`)

// Errors.
var ErrCodeTaken = &apperr.Error{Kind: apperr.KindConflict, Code: "code_taken", Message: "another warehouse has this code",
	Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "already used"}}}

func (in *WarehouseInput) check() error {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	var v apperr.Validator
	v.Check(codeFormat.MatchString(in.Code), "code", "invalid", "1 to 40 upper-case letters, digits, '.', '_', '/' or '-'")
	v.Check(in.Name != "", "name", "required", "the warehouse's name")
	v.Check(in.Country == "" || len(in.Country) == 2, "country", "invalid", "an ISO 3166-1 alpha-2 code")
	seen := map[string]bool{}
	for i := range in.Locations {
		l := &in.Locations[i]
		f := "locations[" + itoa(i) + "]."
		l.Code = strings.ToUpper(strings.TrimSpace(l.Code))
		v.Check(codeFormat.MatchString(l.Code), f+"code", "invalid", "1 to 40 upper-case letters, digits, '.', '_', '/' or '-'")
		v.Check(!seen[l.Code], f+"code", "duplicate", "each location code once per warehouse")
		seen[l.Code] = true
		v.Check(slices.Contains(LocationTypes, l.Type), f+"type", "invalid", "one of "+strings.Join(LocationTypes, ", "))
	}
	return v.Err()
}

// Service is the inventory module's API.
type Service struct {
	db      *db.DB
	stocked StockCheck
	cost    CostFunc
	ledger  *ledger.Service
	// reorderPoints is set by the composition root.
	reorderPoints ReorderPoints
	// warehouses is every warehouse, read by every order created, kept
	// per refcache.
	warehouses refcache.Value[[]Warehouse]
}

// CostFunc returns a product's standard cost (nil when it has none), in
// the caller's transaction; the product module provides it.
type CostFunc func(ctx context.Context, tx *db.Tx, productID string) (*money.Amount, error)

// NewService returns the service; stocked tells which products keep stock,
// and cost what a unit is worth when stock is valued in the ledger.
func NewService(d *db.DB, stocked StockCheck, cost CostFunc, l *ledger.Service) *Service {
	return &Service{db: d, stocked: stocked, cost: cost, ledger: l}
}

func record(ctx context.Context, tx *db.Tx, w Warehouse, action, event string, before any) error {
	if err := audit.RecordTx(ctx, tx, "warehouse", w.ID, action, before, w); err != nil {
		return err
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "warehouse", AggregateID: w.ID, Payload: w})
	return err
}

// CreateWarehouse creates a warehouse with its locations. Errors:
// validation_failed, code_taken.
func (s *Service) CreateWarehouse(ctx context.Context, in WarehouseInput) (Warehouse, error) {
	if err := in.check(); err != nil {
		return Warehouse{}, err
	}
	var w Warehouse
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		w = Warehouse{ID: id.New("wh"), Code: in.Code, Name: in.Name, Address: in.Address, Country: in.Country,
			Active: in.Active == nil || *in.Active, Locations: in.Locations, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		_, err := tx.ExecContext(ctx, `INSERT INTO inventory_warehouse (id, code, name, address, country, active, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, w.ID, w.Code, w.Name, w.Address, w.Country, w.Active, w.Version, w.CreatedAt, w.UpdatedAt)
		if db.IsUniqueViolation(err) {
			return ErrCodeTaken
		}
		if err != nil {
			return err
		}
		if err := saveLocations(ctx, tx, &w, nil); err != nil {
			return err
		}
		return record(ctx, tx, w, audit.ActionCreate, EventWarehouseCreated, nil)
	})
	s.warehouses.Reset()
	return w, err
}

// saveLocations writes w's locations: new ones are inserted, known ones
// updated. Locations are never deleted (stock and history refer to them);
// a client deactivates them instead, and one left out of the list is kept.
func saveLocations(ctx context.Context, tx *db.Tx, w *Warehouse, before []Location) error {
	known := map[string]Location{}
	for _, l := range before {
		known[l.ID] = l
	}
	sent := map[string]bool{}
	for i := range w.Locations {
		l := &w.Locations[i]
		if _, ok := known[l.ID]; ok {
			sent[l.ID] = true
			if _, err := tx.ExecContext(ctx, `UPDATE inventory_location SET code = $1, name = $2, type = $3, active = $4 WHERE id = $5`,
				l.Code, l.Name, l.Type, l.Active, l.ID); err != nil {
				return locationErr(err, i)
			}
			continue
		}
		l.ID, l.Active = id.New("loc"), true // new locations start active
		if _, err := tx.ExecContext(ctx, `INSERT INTO inventory_location (id, warehouse_id, code, name, type, active) VALUES ($1, $2, $3, $4, $5, $6)`,
			l.ID, w.ID, l.Code, l.Name, l.Type, l.Active); err != nil {
			return locationErr(err, i)
		}
	}
	for _, l := range before {
		if !sent[l.ID] {
			w.Locations = append(w.Locations, l)
		}
	}
	slices.SortFunc(w.Locations, func(a, b Location) int { return strings.Compare(a.Code, b.Code) })
	return nil
}

func locationErr(err error, i int) error {
	if db.IsUniqueViolation(err) {
		return apperr.Invalid("location codes are unique per warehouse",
			apperr.Field("locations["+itoa(i)+"].code", "taken", "another location of this warehouse has this code"))
	}
	return err
}

func findWarehouse(ctx context.Context, q db.Querier, key string) (Warehouse, error) {
	var w Warehouse
	err := q.QueryRowContext(ctx, `SELECT id, code, name, address, country, active, version, created_at, updated_at
		FROM inventory_warehouse WHERE id = $1 OR code = $2`, key, strings.ToUpper(key)).
		Scan(&w.ID, &w.Code, &w.Name, &w.Address, &w.Country, &w.Active, &w.Version, &w.CreatedAt, &w.UpdatedAt)
	if err != nil {
		return Warehouse{}, db.NotFound(err, "warehouse")
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	w.Locations, err = findLocations(ctx, q, w.ID)
	return w, err
}

func findLocations(ctx context.Context, q db.Querier, warehouseID string) ([]Location, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, type, active FROM inventory_location WHERE warehouse_id = $1 ORDER BY code`, warehouseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Location{}
	for rows.Next() {
		var l Location
		if err := rows.Scan(&l.ID, &l.Code, &l.Name, &l.Type, &l.Active); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// FindWarehouse returns a warehouse by ID or code. Errors: not_found.
func (s *Service) FindWarehouse(ctx context.Context, key string) (Warehouse, error) {
	return findWarehouse(ctx, s.db, key)
}

// FindWarehouses lists every warehouse with its locations, by code. The
// list is shared (refcache): callers must not modify it.
func (s *Service) FindWarehouses(ctx context.Context) ([]Warehouse, error) {
	return s.warehouses.Get(func() ([]Warehouse, error) { return s.findWarehouses(ctx) })
}

// findWarehouses reads every warehouse with its locations in two queries.
func (s *Service) findWarehouses(ctx context.Context) ([]Warehouse, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, name, address, country, active, version, created_at, updated_at
		FROM inventory_warehouse ORDER BY code`)
	if err != nil {
		return nil, err
	}
	out := []Warehouse{}
	index := map[string]int{}
	for rows.Next() {
		var w Warehouse
		if err := rows.Scan(&w.ID, &w.Code, &w.Name, &w.Address, &w.Country, &w.Active, &w.Version, &w.CreatedAt, &w.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		w.CreatedAt, w.UpdatedAt, w.Locations = w.CreatedAt.UTC(), w.UpdatedAt.UTC(), []Location{}
		index[w.ID] = len(out)
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT warehouse_id, id, code, name, type, active FROM inventory_location ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var wid string
		var l Location
		if err := rows.Scan(&wid, &l.ID, &l.Code, &l.Name, &l.Type, &l.Active); err != nil {
			return nil, err
		}
		w := &out[index[wid]]
		w.Locations = append(w.Locations, l)
	}
	return out, rows.Err()
}

// UpdateWarehouse replaces a warehouse's data and updates or adds the
// locations listed. Errors: not_found, validation_failed, code_taken,
// version_conflict.
func (s *Service) UpdateWarehouse(ctx context.Context, key string, in WarehouseInput, version int64) (Warehouse, error) {
	if err := in.check(); err != nil {
		return Warehouse{}, err
	}
	var after Warehouse
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findWarehouse(ctx, tx, key)
		if err != nil {
			return err
		}
		after = before
		after.Code, after.Name, after.Address, after.Country = in.Code, in.Name, in.Address, in.Country
		if in.Active != nil {
			after.Active = *in.Active
		}
		after.Locations, after.Version, after.UpdatedAt = in.Locations, before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE inventory_warehouse SET code = $1, name = $2, address = $3, country = $4, active = $5,
			version = $6, updated_at = $7 WHERE id = $8 AND version = $9`,
			after.Code, after.Name, after.Address, after.Country, after.Active, after.Version, after.UpdatedAt, after.ID, version)
		if db.IsUniqueViolation(err) {
			return ErrCodeTaken
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "inventory_warehouse", after.ID, "warehouse"); err != nil {
			return err
		}
		if err := saveLocations(ctx, tx, &after, before.Locations); err != nil {
			return err
		}
		return record(ctx, tx, after, audit.ActionUpdate, EventWarehouseUpdated, before)
	})
	s.warehouses.Reset()
	return after, err
}

func itoa(i int) string { return strconv.Itoa(i) }
