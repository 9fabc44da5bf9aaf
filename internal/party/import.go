package party

import (
	"context"
	"reflect"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// ImportFields are the columns a party file may have, with the header
// spellings matched automatically.
var ImportFields = []tabular.Field{
	{Name: "code", Aliases: []string{"customer id", "supplier id", "customer code", "supplier code", "客户编号", "供应商编号", "编号"}},
	{Name: "legal_name", Required: true, Aliases: []string{"company name", "company", "name", "legal name", "公司名称", "名称"}},
	{Name: "local_name", Aliases: []string{"local name", "chinese name", "中文名称", "本地名称"}},
	{Name: "kind", Aliases: []string{"party kind"}},
	{Name: "roles", Aliases: []string{"role", "party type"}},
	{Name: "tax_id", Aliases: []string{"vat", "vat id", "vat number", "tax number", "税号", "统一社会信用代码"}},
	{Name: "email", Aliases: []string{"e-mail", "mail", "邮箱", "电子邮件"}},
	{Name: "phone", Aliases: []string{"telephone", "tel", "电话"}},
	{Name: "website", Aliases: []string{"homepage", "url", "web", "网站"}},
	{Name: "currency", Aliases: []string{"币种", "货币"}},
	{Name: "payment_terms", Aliases: []string{"terms", "付款条件"}},
	{Name: "credit_limit", Aliases: []string{"credit", "信用额度"}},
	{Name: "lifecycle", Aliases: []string{"stage", "status"}},
	{Name: "tags", Aliases: []string{"tag", "labels", "标签"}},
	{Name: "address", Aliases: []string{"street", "address line 1", "billing address", "地址"}},
	{Name: "address2", Aliases: []string{"address line 2"}},
	{Name: "city", Aliases: []string{"城市"}},
	{Name: "region", Aliases: []string{"state", "province", "省"}},
	{Name: "postal_code", Aliases: []string{"zip", "zip code", "postcode", "邮编"}},
	{Name: "country", Aliases: []string{"国家"}},
	{Name: "contact_name", Aliases: []string{"contact", "联系人"}},
	{Name: "contact_title", Aliases: []string{"title", "职位"}},
	{Name: "contact_email", Aliases: []string{}},
	{Name: "contact_phone", Aliases: []string{"mobile"}},
}

// ImportOptions controls an import.
type ImportOptions struct {
	tabular.ImportOptions
	// Mapping maps fields to the file's columns; nil matches them by header.
	Mapping tabular.Mapping
	// Role is given to new parties when the file has no roles column.
	Role string
	// Currency is the default currency of parties when the file has no
	// currency column.
	Currency string
	// AllowDuplicates imports rows that look like existing parties; by
	// default they are problems (likely_duplicate).
	AllowDuplicates bool
	// Profile names a saved mapping to use instead of Mapping.
	Profile string
}

// importEntity names party imports among saved mapping profiles.
const importEntity = "parties"

// SaveImportProfile saves a named column mapping for party imports.
// Errors: validation_failed (a field that party imports do not have).
func (s *Service) SaveImportProfile(ctx context.Context, name string, m tabular.Mapping) (tabular.Profile, error) {
	p := tabular.Profile{Entity: importEntity, Name: name, Mapping: m}
	return p, tabular.SaveProfile(ctx, s.db, p, ImportFields)
}

// ImportProfiles lists the saved mappings of party imports.
func (s *Service) ImportProfiles(ctx context.Context) ([]tabular.Profile, error) {
	return tabular.Profiles(ctx, s.db, importEntity)
}

// Import reads parties from a tabular file and creates them, or updates the
// party with the same code (upsert by code; a row equal to the stored party
// changes nothing, so importing a file twice is harmless). Every problem is
// reported as (row, column, code, message). The rows are streamed: memory
// does not grow with the file.
func (s *Service) Import(ctx context.Context, r *tabular.Reader, opts ImportOptions) (tabular.ImportResult, error) {
	if _, err := principal(ctx); err != nil {
		return tabular.ImportResult{}, err
	}
	if opts.Role == "" {
		opts.Role = RoleCustomer
	}
	mapping := opts.Mapping
	if opts.Profile != "" {
		p, err := tabular.LoadProfile(ctx, s.db, importEntity, opts.Profile)
		if err != nil {
			return tabular.ImportResult{}, err
		}
		mapping = p.Mapping
	}
	bind, rejected, err := tabular.BindImport(r.Header(), mapping, ImportFields, opts.DryRun)
	if rejected != nil {
		return *rejected, nil
	}
	if err != nil {
		return tabular.ImportResult{}, err
	}
	im := &importer{s: s, bind: bind, role: opts.Role, currency: opts.Currency, allowDuplicates: opts.AllowDuplicates,
		seen: map[string]bool{}, checked: map[string]error{}}
	return tabular.Run(ctx, s.db, r, opts.ImportOptions, im.column, im.row)
}

type importer struct {
	s               *Service
	bind            *tabular.Binding
	role            string
	currency        string
	allowDuplicates bool
	// seen holds the codes read so far, to report a code used twice in one
	// file (a few MB for 100,000 rows).
	seen map[string]bool
	// checked remembers the outcome of each combination of references, so
	// a file of thousands of EUR/net30 customers asks the ledger once.
	checked map[string]error
}

func (im *importer) references(ctx context.Context, in Input) error {
	key := in.Currency + "\x00" + in.PaymentTerms + "\x00" + in.PriceList
	if err, ok := im.checked[key]; ok {
		return err
	}
	err := im.s.checkReferences(ctx, in)
	if _, invalid := apperr.As(err); err == nil || invalid {
		im.checked[key] = err
	}
	return err
}

// row checks one row and, when asked to, stores it.
func (im *importer) row(ctx context.Context, tx *db.Tx, row tabular.Row, write bool) (tabular.Outcome, error) {
	plan, err := im.plan(ctx, tx, row)
	if err != nil {
		return 0, err
	}
	out := tabular.Created
	switch {
	case plan.existing != nil && plan.unchanged:
		return tabular.Unchanged, nil
	case plan.existing != nil:
		out = tabular.Updated
	}
	if !write {
		return out, nil
	}
	return out, im.store(ctx, tx, plan)
}

// fieldColumns maps input field paths to import fields.
var fieldColumns = map[string]string{
	"addresses[0].line1": "address", "addresses[0].line2": "address2", "addresses[0].city": "city",
	"addresses[0].region": "region", "addresses[0].postal_code": "postal_code", "addresses[0].country": "country",
	"contacts[0].name": "contact_name", "contacts[0].title": "contact_title", "contacts[0].email": "contact_email",
	"contacts[0].phone": "contact_phone",
}

// column names the file column a validation error is about.
func (im *importer) column(field string) string {
	name := field
	if f, ok := fieldColumns[field]; ok {
		name = f
	} else if i := strings.IndexByte(field, '['); i >= 0 {
		name = field[:i]
	}
	if c := im.bind.Column(name); c != "" {
		return c
	}
	return name
}

func (im *importer) get(row tabular.Row, field string) string {
	return strings.TrimSpace(im.bind.Get(row, field))
}

// rowPlan is what one row will do.
type rowPlan struct {
	in        Input
	existing  *Party
	unchanged bool
}

// plan reads, checks and resolves one row without writing anything.
func (im *importer) plan(ctx context.Context, tx *db.Tx, row tabular.Row) (rowPlan, error) {
	actor, _ := principal(ctx)
	var plan rowPlan
	code := strings.ToUpper(im.get(row, "code"))
	if code != "" {
		if im.seen[code] {
			return plan, apperr.Invalid("the code appears twice in the file", apperr.Field("code", "duplicate_in_file", "already used by an earlier row"))
		}
		im.seen[code] = true
		p, err := findPartyByKey(ctx, tx, code)
		if err == nil {
			plan.existing = &p
		} else if apperr.CodeOf(err) != apperr.CodeNotFound {
			return plan, err
		}
	}
	if plan.existing != nil {
		if visible(actor, *plan.existing) != nil {
			return plan, ErrCodeTaken // the code exists but is not the importer's to change
		}
		plan.in = inputOf(*plan.existing)
	}
	if err := im.fill(row, &plan.in); err != nil {
		return plan, err
	}
	if plan.existing != nil {
		// Found by a merged party's old code: the survivor keeps its own.
		plan.in.Code = plan.existing.Code
	}
	plan.in.normalize()
	if err := plan.in.validate(); err != nil {
		return plan, err
	}
	if err := im.references(ctx, plan.in); err != nil {
		return plan, err
	}
	// An update keeps the owner (a file has no owner column); a new party
	// gets the importer, as one created by hand does.
	if plan.existing == nil {
		if err := checkOwner(actor, &plan.in); err != nil {
			return plan, err
		}
	}
	plan.unchanged = plan.existing != nil && reflect.DeepEqual(plan.in, inputOf(*plan.existing))
	if !plan.unchanged && !im.allowDuplicates {
		p := Party{}
		if plan.existing != nil {
			p = *plan.existing
		}
		plan.in.apply(&p)
		if err := checkDuplicates(ctx, tx, &p); err != nil {
			return plan, err
		}
	}
	// Checked here, in the dry run too; store must not check again.
	plan.in.AllowDuplicate = true
	return plan, nil
}

// store writes a planned row.
func (im *importer) store(ctx context.Context, tx *db.Tx, plan rowPlan) error {
	if plan.existing == nil {
		_, err := createTx(ctx, tx, plan.in)
		return err
	}
	before := *plan.existing
	after := before
	plan.in.apply(&after)
	after.OwnerID, after.Version, after.UpdatedAt = plan.in.OwnerID, before.Version+1, tx.Now()
	res, err := updateParty(ctx, tx, &after, before.Version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "party", after.ID, "party"); err != nil {
		return err
	}
	return record(ctx, tx, after.ID, audit.ActionUpdate, EventUpdated, before, after)
}

// inputOf is the input that would recreate p, normalised like a new input.
func inputOf(p Party) Input {
	in := Input{Code: p.Code, Kind: p.Kind, Roles: p.Roles, LegalName: p.LegalName, LocalName: p.LocalName, TaxID: p.TaxID,
		Email: p.Email, Phone: p.Phone, Website: p.Website, Currency: p.Currency, PaymentTerms: p.PaymentTerms,
		CreditLimit: p.CreditLimit, PriceList: p.PriceList, Tags: p.Tags, Lifecycle: p.Lifecycle, OwnerID: p.OwnerID,
		Addresses: p.Addresses, Contacts: p.Contacts, AcceptsBackorders: p.AcceptsBackorders,
		InvoiceBasis: p.InvoiceBasis}
	in.normalize()
	return in
}

// fill sets the input fields the file has columns for; the other fields
// keep the stored values of an existing party.
func (im *importer) fill(row tabular.Row, in *Input) error {
	set := func(field string, dst *string) {
		if im.bind.Has(field) {
			*dst = im.get(row, field)
		}
	}
	set("code", &in.Code)
	set("legal_name", &in.LegalName)
	set("local_name", &in.LocalName)
	set("kind", &in.Kind)
	set("tax_id", &in.TaxID)
	set("email", &in.Email)
	set("phone", &in.Phone)
	set("website", &in.Website)
	set("currency", &in.Currency)
	set("payment_terms", &in.PaymentTerms)
	set("lifecycle", &in.Lifecycle)
	in.Website = strings.Trim(in.Website, "#") // Access-style hyperlinks: #text#address#
	if !im.bind.Has("currency") && in.Currency == "" {
		in.Currency = im.currency
	}
	if im.bind.Has("roles") {
		in.Roles = nil
		for _, r := range splitList(strings.ToLower(im.get(row, "roles"))) {
			if r == "both" {
				in.Roles = append(in.Roles, RoleCustomer, RoleSupplier)
			} else {
				in.Roles = append(in.Roles, r)
			}
		}
	}
	if len(in.Roles) == 0 {
		in.Roles = []string{im.role}
	}
	if im.bind.Has("tags") {
		in.Tags = splitList(im.get(row, "tags"))
	}
	if im.bind.Has("credit_limit") {
		in.CreditLimit = nil
		if v := im.get(row, "credit_limit"); v != "" {
			cur, err := money.ParseCurrency(in.Currency)
			if err != nil {
				return apperr.Invalid("a credit limit needs a currency", apperr.Field("currency", "required", "the currency of the credit limit"))
			}
			a, err := money.Parse(v, cur)
			if err != nil {
				return apperr.Invalid("not an amount", apperr.Field("credit_limit", "invalid", err.Error()))
			}
			in.CreditLimit = &a
		}
	}
	if im.bind.Has("address") || im.bind.Has("city") || im.bind.Has("country") {
		a := Address{Type: "billing", Default: true, Line1: im.get(row, "address"), Line2: im.get(row, "address2"),
			City: im.get(row, "city"), Region: im.get(row, "region"), PostalCode: im.get(row, "postal_code"),
			Country: countryCode(im.get(row, "country"))}
		// A country alone is no address; a street or city makes one, and
		// validation then asks for the rest.
		if a.Line1 != "" || a.City != "" {
			in.Addresses = replaceFirst(in.Addresses, a, func(x Address) bool { return x.Type == "billing" },
				func(old, v Address) Address { v.ID = old.ID; return v })
		}
	}
	if im.bind.Has("contact_name") {
		c := Contact{Name: im.get(row, "contact_name"), Title: im.get(row, "contact_title"), Email: im.get(row, "contact_email"), Phone: im.get(row, "contact_phone")}
		if c.Name != "" {
			in.Contacts = replaceFirst(in.Contacts, c, func(Contact) bool { return true },
				func(old, v Contact) Contact { v.ID = old.ID; return v })
		}
	}
	return nil
}

// replaceFirst replaces the first element that matches with v, which
// inherit gives the old element's identity, or prepends v.
func replaceFirst[T any](list []T, v T, match func(T) bool, inherit func(old, v T) T) []T {
	for i := range list {
		if match(list[i]) {
			out := append([]T{}, list...)
			out[i] = inherit(list[i], v)
			return out
		}
	}
	return append([]T{v}, list...)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
