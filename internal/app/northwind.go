package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/tabular"
	"github.com/concord-erp/concord/internal/product"
)

// importNorthwind loads the Northwind sample data set from dir through the
// same import machinery as any file: customers and suppliers as parties,
// shippers as carrier parties, categories, products with their suppliers,
// and employees as (inactive until an admin resets their password) users.
// Running it twice changes nothing. Orders come with the sales module.
func importNorthwind(ctx context.Context, d *db.DB, dir fs.FS, opts tabular.ImportOptions, stdout, stderr io.Writer) int {
	svc := newServices(d, slog.New(slog.DiscardHandler))
	parties, products, users := svc.party, svc.product, svc.identity
	failed := false
	step := func(name string, res tabular.ImportResult, err error) {
		fmt.Fprintf(stdout, "%-11s ", name)
		if report(res, err, stdout, stderr) != 0 {
			failed = true
		}
	}
	read := func(name string) (*tabular.Reader, error) {
		b, err := fs.ReadFile(dir, name)
		if err != nil {
			return nil, err
		}
		return tabular.OpenCSV(bytes.NewReader(b), tabular.Options{})
	}
	withReader := func(name string, do func(*tabular.Reader) (tabular.ImportResult, error)) (tabular.ImportResult, error) {
		r, err := read(name)
		if err != nil {
			return tabular.ImportResult{}, err
		}
		defer r.Close()
		return do(r)
	}

	res, err := withReader("customers.csv", func(r *tabular.Reader) (tabular.ImportResult, error) {
		return parties.Import(ctx, r, party.ImportOptions{ImportOptions: opts, Role: party.RoleCustomer, Currency: "USD"})
	})
	step("customers", res, err)
	res, err = withReader("suppliers.csv", func(r *tabular.Reader) (tabular.ImportResult, error) {
		return parties.Import(ctx, r, party.ImportOptions{ImportOptions: opts, Role: party.RoleSupplier, Currency: "USD"})
	})
	step("suppliers", res, err)
	// Shippers become carrier parties with codes of their own (their source
	// codes are the same numbers as the suppliers').
	res, err = transformed("shippers.csv", dir, []string{"code", "legal_name", "phone", "tags", "roles"}, func(rec map[string]string) []string {
		return []string{"SHIP-" + rec["code"], rec["company_name"], rec["phone"], "carrier", "supplier"}
	}, func(r *tabular.Reader) (tabular.ImportResult, error) {
		return parties.Import(ctx, r, party.ImportOptions{ImportOptions: opts, Currency: "USD"})
	})
	step("shippers", res, err)

	categories := map[string]string{}
	if r, err := read("categories.csv"); err != nil {
		step("categories", tabular.ImportResult{}, err)
	} else {
		n, err := northwindCategories(ctx, products, r, opts.DryRun, categories)
		r.Close()
		fmt.Fprintf(stdout, "%-11s %d categories (%d new)\n", "categories", len(categories), n)
		if err != nil {
			step("categories", tabular.ImportResult{}, err)
		}
	}
	if opts.DryRun && len(categories) > 0 {
		// Products need the suppliers and categories above, which a dry run
		// does not store; check them on a database that has those.
		if have, _ := products.FindCategories(ctx); len(have) == 0 {
			fmt.Fprintf(stdout, "%-11s not checked in a dry run before suppliers and categories exist\n", "products")
			return exitCode(failed)
		}
	}
	res, err = transformed("products.csv", dir, []string{"code", "name", "category", "list_price", "reorder_point", "discontinued", "supplier_code", "type", "unit"},
		func(rec map[string]string) []string {
			return []string{rec["code"], rec["name"], categories[rec["category_code"]], rec["list_price"], rec["reorder_level"],
				rec["discontinued"], rec["supplier_code"], "stockable", "pcs"}
		}, func(r *tabular.Reader) (tabular.ImportResult, error) {
			return products.Import(ctx, r, product.ImportOptions{ImportOptions: opts, Currency: "USD", Suppliers: parties.SupplierByCode})
		})
	step("products", res, err)
	if !opts.DryRun {
		moved, err := northwindStock(ctx, svc, dir)
		fmt.Fprintf(stdout, "%-11s %d products given their opening stock in warehouse NW\n", "stock", moved)
		if err != nil {
			step("stock", tabular.ImportResult{}, err)
		}
	}

	reps, created, err := northwindEmployees(ctx, users, dir, opts.DryRun)
	fmt.Fprintf(stdout, "%-11s %d new users (inactive; an admin activates them and resets their password)\n", "employees", created)
	if err != nil {
		step("employees", tabular.ImportResult{}, err)
	}
	if _, err := fs.Stat(dir, "orders.csv"); err == nil && !opts.DryRun && !failed {
		h, err := northwindOrders(ctx, svc, dir, reps)
		fmt.Fprintf(stdout, "%-11s %d historical orders shipped, invoiced and paid (%d new); %d open orders, %d not entered (discontinued products)\n",
			"orders", h.shipped, h.added, h.open, h.skipped)
		if err != nil {
			step("orders", tabular.ImportResult{}, err)
		}
	}
	return exitCode(failed)
}

func exitCode(failed bool) int {
	if failed {
		return 1
	}
	return 0
}

// transformed reads a source file, rewrites each row with fn into the given
// columns and runs do on the result, so the source's shape never leaks into
// the import fields.
func transformed(name string, dir fs.FS, columns []string, fn func(map[string]string) []string, do func(*tabular.Reader) (tabular.ImportResult, error)) (tabular.ImportResult, error) {
	b, err := fs.ReadFile(dir, name)
	if err != nil {
		return tabular.ImportResult{}, err
	}
	src, err := tabular.OpenCSV(bytes.NewReader(b), tabular.Options{})
	if err != nil {
		return tabular.ImportResult{}, err
	}
	defer src.Close()
	var buf bytes.Buffer
	w, err := tabular.NewWriter(&buf, tabular.CSV, columns)
	if err != nil {
		return tabular.ImportResult{}, err
	}
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return tabular.ImportResult{}, err
		}
		rec := map[string]string{}
		for i, h := range src.Header() {
			rec[h] = row.Values[i]
		}
		if err := w.Write(fn(rec)); err != nil {
			return tabular.ImportResult{}, err
		}
	}
	if err := w.Close(); err != nil {
		return tabular.ImportResult{}, err
	}
	r, err := tabular.OpenCSV(&buf, tabular.Options{})
	if err != nil {
		return tabular.ImportResult{}, err
	}
	defer r.Close()
	return do(r)
}

// northwindCategories creates the categories that do not exist yet (by
// name) and fills code → name.
func northwindCategories(ctx context.Context, svc *product.Service, r *tabular.Reader, dryRun bool, names map[string]string) (int, error) {
	existing, err := svc.FindCategories(ctx)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Name] = true
	}
	created := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return created, nil
		}
		if err != nil {
			return created, err
		}
		code, name := row.Values[0], row.Values[1]
		names[code] = name
		if have[name] || dryRun {
			continue
		}
		if _, err := svc.CreateCategory(ctx, product.CategoryInput{Name: name}); err != nil {
			return created, err
		}
		have[name] = true
		created++
	}
}

// northwindStock creates the NW warehouse (one storage location) and gives
// each product its units_in_stock as an opening adjustment, once: a
// product that already has stock moves is left alone, so running the
// import again changes nothing.
func northwindStock(ctx context.Context, svc *services, dir fs.FS) (int, error) {
	w, err := svc.inventory.FindWarehouse(ctx, "NW")
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		w, err = svc.inventory.CreateWarehouse(ctx, inventory.WarehouseInput{Code: "NW", Name: "Northwind Traders",
			Country: "US", Locations: []inventory.Location{{Code: "STOCK", Name: "Stock", Type: "storage"}}})
	}
	if err != nil {
		return 0, err
	}
	b, err := fs.ReadFile(dir, "products.csv")
	if err != nil {
		return 0, err
	}
	r, err := tabular.OpenCSV(bytes.NewReader(b), tabular.Options{})
	if err != nil {
		return 0, err
	}
	defer r.Close()
	col := map[string]int{}
	for i, h := range r.Header() {
		col[h] = i
	}
	moved := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return moved, nil
		}
		if err != nil {
			return moved, err
		}
		units := row.Values[col["units_in_stock"]]
		q, err := money.ParseQuantity(units)
		if err != nil || q.Sign() <= 0 {
			continue
		}
		p, err := svc.product.FindProduct(ctx, row.Values[col["code"]])
		if err != nil {
			return moved, err
		}
		if ms, err := svc.inventory.FindMoves(ctx, p.ID, 1); err != nil || len(ms) > 0 {
			if err != nil {
				return moved, err
			}
			continue
		}
		if _, err := svc.inventory.Adjust(ctx, inventory.AdjustmentInput{ProductID: p.ID, LocationID: w.Locations[0].ID,
			Quantity: q, Reason: "opening stock (Northwind)"}); err != nil {
			return moved, err
		}
		moved++
	}
}

// northwindRoles gives employees the built-in role of their title.
var northwindRoles = map[string]string{
	"Sales Representative": "sales_rep", "Sales Manager": "sales_manager", "Vice President, Sales": "sales_manager",
	"Inside Sales Coordinator": "sales_rep",
}

func northwindEmployees(ctx context.Context, svc *identity.Service, dir fs.FS, dryRun bool) (map[string]string, int, error) {
	recs, err := csvRecords(dir, "employees.csv")
	if err != nil {
		return nil, 0, err
	}
	users := map[string]string{} // employee code → user ID
	created := 0
	for _, rec := range recs {
		first, last := rec["first_name"], rec["last_name"]
		email := strings.ToLower(first+"."+last) + "@northwind.example"
		role := northwindRoles[rec["title"]]
		if role == "" {
			role = "viewer"
		}
		if dryRun {
			continue
		}
		u, _, err := svc.CreateUser(ctx, identity.CreateUserInput{Email: email, Name: first + " " + last, Roles: []string{role}})
		if apperr.CodeOf(err) == identity.ErrEmailTaken.Code { // imported before
			found, err := svc.FindUsers(ctx, identity.UserFilter{Q: email, Limit: 10})
			if err != nil {
				return users, created, err
			}
			for _, f := range found {
				if strings.EqualFold(f.Email, email) {
					users[rec["code"]] = f.ID
				}
			}
			continue
		}
		if err != nil {
			return users, created, err
		}
		users[rec["code"]] = u.ID
		inactive := false
		if _, err := svc.UpdateUser(ctx, u.ID, identity.UpdateUserInput{Active: &inactive, Version: u.Version}); err != nil {
			return users, created, err
		}
		created++
	}
	return users, created, nil
}

// csvRecords reads a small CSV file of the data set into maps by column.
func csvRecords(dir fs.FS, name string) ([]map[string]string, error) {
	b, err := fs.ReadFile(dir, name)
	if err != nil {
		return nil, err
	}
	r, err := tabular.OpenCSV(bytes.NewReader(b), tabular.Options{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []map[string]string
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		rec := map[string]string{}
		for i, h := range r.Header() {
			if i < len(row.Values) {
				rec[h] = row.Values[i]
			}
		}
		out = append(out, rec)
	}
}
