package identity

import (
	"context"
	"slices"
	"time"

	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
)

// Module is a part of the product an administrator can switch on or off, so
// a company can roll Concord out one department at a time.
type Module struct {
	Module    string     `json:"module"`
	Name      string     `json:"name"`
	Enabled   bool       `json:"enabled"`
	UpdatedAt *time.Time `json:"updated_at" nullable:"true" doc:"When an administrator last switched it; null if never."`
}

// switchable are the modules that can be switched, with their display
// names. Master data and identity are always on: every module needs them.
var switchable = []Module{
	{Module: "crm", Name: "CRM"},
	{Module: "sales", Name: "Sales"},
	{Module: "inventory", Name: "Inventory"},
	{Module: "purchasing", Name: "Purchasing"},
	{Module: "production", Name: "Production"},
	{Module: "billing", Name: "Billing"},
	{Module: "ledger", Name: "Ledger"},
	{Module: "support", Name: "Support"},
	{Module: "marketing", Name: "Marketing"},
	{Module: "intelligence", Name: "Intelligence"},
}

// Switchable reports whether module can be switched off.
func Switchable(module string) bool {
	return slices.ContainsFunc(switchable, func(m Module) bool { return m.Module == module })
}

// FindModules returns every switchable module and whether it is on. A module
// nobody has switched is on.
func (s *Service) FindModules(ctx context.Context) ([]Module, error) {
	return findModules(ctx, s.db)
}

func findModules(ctx context.Context, q db.Querier) ([]Module, error) {
	rows, err := q.QueryContext(ctx, `SELECT module, enabled, updated_at FROM identity_module`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]Module{}
	for rows.Next() {
		var m Module
		var at time.Time
		if err := rows.Scan(&m.Module, &m.Enabled, &at); err != nil {
			return nil, err
		}
		at = at.UTC()
		m.UpdatedAt = &at
		set[m.Module] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := slices.Clone(switchable)
	for i := range out {
		out[i].Enabled = true
		if m, ok := set[out[i].Module]; ok {
			out[i].Enabled, out[i].UpdatedAt = m.Enabled, m.UpdatedAt
		}
	}
	return out, nil
}

// ModuleEnabled reports whether a module is on. Modules that cannot be
// switched are always on. Every request asks about its module, so the
// switches are read at most once per refcache.TTL.
func (s *Service) ModuleEnabled(ctx context.Context, module string) (bool, error) {
	if !Switchable(module) {
		return true, nil
	}
	states, err := s.modules.Get(func() (map[string]bool, error) {
		mods, err := findModules(ctx, s.db)
		if err != nil {
			return nil, err
		}
		states := map[string]bool{}
		for _, m := range mods {
			states[m.Module] = m.Enabled
		}
		return states, nil
	})
	return states[module], err
}

// SetModule switches a module on or off. Errors: not_found.
func (s *Service) SetModule(ctx context.Context, module string, enabled bool) (Module, error) {
	if !Switchable(module) {
		return Module{}, ErrUnknownModule
	}
	var after Module
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		mods, err := findModules(ctx, tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(mods, func(m Module) bool { return m.Module == module })
		before := mods[i]
		now := tx.Now()
		after = before
		after.Enabled, after.UpdatedAt = enabled, &now
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_module (module, enabled, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (module) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`, module, enabled, now); err != nil {
			return err
		}
		return change(ctx, tx, "module", module, audit.ActionUpdate, EventModuleChanged, before, after)
	})
	s.modules.Reset()
	return after, err
}
