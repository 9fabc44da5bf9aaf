package identity

import (
	"regexp"
	"slices"
	"sort"
	"time"
)

// Role is a named set of permission patterns (see authz.Match).
type Role struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Permissions []string  `json:"permissions" doc:"Permission patterns such as sales.order.create, sales.* or *.*.read."`
	Builtin     bool      `json:"builtin" doc:"Built-in roles ship with Concord and cannot be changed."`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Identity and system permissions; business modules declare their own next
// to their routes.
const (
	PermUserRead      = "identity.user.read"
	PermUserCreate    = "identity.user.create"
	PermUserUpdate    = "identity.user.update"
	PermRoleRead      = "identity.role.read"
	PermRoleCreate    = "identity.role.create"
	PermRoleUpdate    = "identity.role.update"
	PermRoleDelete    = "identity.role.delete"
	PermTokenRead     = "identity.token.read"
	PermTokenCreate   = "identity.token.create"
	PermTokenRevoke   = "identity.token.revoke"
	PermTokenAll      = "identity.token.all" // record rule: every user's tokens, not only one's own
	PermSessionRevoke = "identity.session.revoke"
	PermAuditRead     = "identity.audit.read"
	PermModuleUpdate  = "identity.module.update"
	PermMetricsRead   = "system.metrics.read"
)

// financeReference is the finance reference data (currencies, rates, taxes,
// payment terms) that quoting, buying and service need to read.
var financeReference = []string{"ledger.currency.read", "ledger.rate.read", "ledger.tax.read", "ledger.term.read"}

// businessModules are the modules whose read permissions a viewer holds.
var businessModules = []string{"party", "product", "crm", "sales", "inventory", "purchasing", "production",
	"billing", "ledger", "support", "marketing", "approval", "analytics", "intelligence"}

func readAll(mods ...string) []string {
	var out []string
	for _, m := range mods {
		out = append(out, m+".*.read", m+".*.all")
	}
	return out
}

// builtinRoles are the roles of the users named in the product brief. A
// sales rep holds no ".all" record rule for parties, opportunities and
// orders (party.party.all, crm.opportunity.all, sales.order.all), so sees
// only their own; managers do.
var builtinRoles = []Role{
	{Name: "admin", Description: "Everything, including users, roles and module switches.", Permissions: []string{"*"}},
	{Name: "sales_rep", Description: "Leads, opportunities, quotations and orders they own; stock availability.",
		Permissions: []string{"crm.*.read", "crm.*.create", "crm.*.update", "crm.*.convert", "sales.quotation.read", "sales.quotation.create",
			"sales.quotation.update", "sales.quotation.send", "sales.quotation.convert", "sales.order.read",
			"sales.order.create", "sales.order.update", "sales.order.confirm", "sales.order.cancel", "sales.order.close", "sales.shipment.read", "party.party.read",
			"party.party.create", "party.party.update", "product.*.read", "inventory.*.read",
			"billing.invoice.read", "support.ticket.read", "support.ticket.create", "ledger.currency.read", "ledger.rate.read",
			"ledger.tax.read", "ledger.term.read"}},
	{Name: "sales_manager", Description: "All of sales and CRM, every rep's records, and approvals.",
		Permissions: append(append([]string{"crm.*", "sales.*", "party.*", "approval.*", "marketing.*.read", "product.pricelist.*"}, financeReference...),
			readAll("product", "inventory", "billing", "support", "analytics")...)},
	{Name: "finance", Description: "Invoices, payments, the ledger, credit approvals.",
		Permissions: append([]string{"billing.*", "ledger.*", "approval.*", "support.return.read", "support.return.credit"},
			readAll("party", "sales", "purchasing", "inventory", "analytics")...)},
	{Name: "warehouse", Description: "Stock, picking, packing, shipping and receiving (also of customer returns).",
		Permissions: append([]string{"inventory.*", "sales.shipment.*", "purchasing.receipt.*", "support.return.read", "support.return.receive"},
			readAll("product", "sales", "purchasing", "party")...)},
	{Name: "purchasing", Description: "Suppliers, reorder suggestions, purchase orders, supplier bills.",
		Permissions: append(append([]string{"purchasing.*", "party.party.read", "party.party.create", "party.party.update", "party.party.all",
			"approval.request.read"}, financeReference...), readAll("product", "inventory", "sales")...)},
	{Name: "planner", Description: "Production schedule and material requirements.",
		Permissions: append([]string{"production.*"}, readAll("product", "inventory", "sales", "purchasing")...)},
	{Name: "service_agent", Description: "Tickets and returns with the customer's history at hand.",
		Permissions: append(append([]string{"support.*", "crm.activity.*"}, financeReference...), readAll("party", "sales", "billing", "inventory", "product")...)},
	{Name: "marketing", Description: "Segments, campaigns and leads.",
		Permissions: append([]string{"marketing.*", "crm.lead.*"}, readAll("crm", "party", "sales", "analytics")...)},
	{Name: "data_steward", Description: "Master data: customers, suppliers, products, duplicates and merges.",
		Permissions: []string{"party.*", "product.*", PermAuditRead}},
	{Name: "viewer", Description: "Reads every business module; changes nothing.", Permissions: readAll(businessModules...)},
}

// BuiltinRoles returns the built-in roles, sorted by name.
func BuiltinRoles() []Role {
	out := slices.Clone(builtinRoles)
	for i := range out {
		out[i].Builtin = true
		out[i].Version = 1
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func builtinRole(name string) (Role, bool) {
	for _, r := range BuiltinRoles() {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

var (
	roleName    = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
	permPattern = regexp.MustCompile(`^(\*|[a-z_]+)(\.(\*|[a-z_]+)){0,3}$`)
)
