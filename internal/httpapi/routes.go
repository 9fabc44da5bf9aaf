// Package httpapi is Concord's HTTP surface: the whole route table is in this
// file, and each module's handlers are in <module>_handlers.go. Handlers
// decode input, call a module's Service and encode the result; they hold no
// business rules and never touch SQL.
//
// Every operation is registered through op, which requires a permission, so
// an endpoint without one cannot exist; the permission is published in the
// OpenAPI document as x-permission.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/events"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/buildinfo"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/quality"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/returns"
	"github.com/concord-erp/concord/internal/sales"
	"github.com/concord-erp/concord/internal/support"
	"github.com/concord-erp/concord/internal/webhook"
	"github.com/concord-erp/concord/internal/webui"
)

// Deps is what the HTTP layer needs from the composition root.
type Deps struct {
	Log *slog.Logger
	// Metrics is the registry served at /metrics; HTTP metrics are added to it.
	Metrics *prometheus.Registry
	// Ready reports whether the node can serve traffic (the database answers).
	Ready func(context.Context) error
	// Idempotency wraps the API so retried POSTs have one effect.
	Idempotency func(http.Handler) http.Handler
	// Catalog collects the permission of every operation.
	Catalog   *authz.Catalog
	Identity  *identity.Service
	Party     *party.Service
	Product   *product.Service
	Ledger    *ledger.Service
	Quality   *quality.Service
	Inventory *inventory.Service
	Jobs      *jobs.Queue
	Sales     *sales.Service
	Approval  *approval.Service
	Billing   *billing.Service
	Events    *events.Service
	Webhook   *webhook.Service
	CRM       *crm.Service
	Support   *support.Service
	Returns   *returns.Service
}

const apiDescription = `Concord is an integrated ERP + CRM. This is its complete REST API: the web
UI uses nothing else.

Conventions: amounts and quantities are decimal strings ("1234.50"); IDs are
opaque prefixed strings; errors are RFC 9457 problem documents with a stable
code; POST requests accept an Idempotency-Key header; lists are cursor
paginated with limit and after; a list that can be sorted takes sort (a field
name, - first for descending; ties are broken by id, so pages never repeat or skip
a row); the lists that take format=csv or format=xlsx answer a file with every row
their filters select, in their sort order; updates take If-Match (or the version
field).

Authentication: a session cookie from POST /api/v1/auth/login (writes then
need the X-CSRF-Token header), or an API token in Authorization: Bearer.
Each operation names the permission it needs in x-permission.`

// uiPattern mounts the web app: the least specific pattern, so every API
// route, probe and metric wins, and unknown paths of other methods stay 404.
const uiPattern = "GET /"

// PermissionExtension is the OpenAPI extension naming an operation's permission.
const PermissionExtension = "x-permission"

// server holds what handlers share.
type server struct {
	api  huma.API
	deps Deps
}

// NewHandler returns the HTTP handler serving the API, the probes and the
// metrics.
func NewHandler(d Deps) http.Handler { return newHandler(d, nil) }

// newHandler builds the handler; tests pass more to register operations of
// modules that do not exist yet through the same op helper.
func newHandler(d Deps, more func(*server)) http.Handler {
	mux := http.NewServeMux()
	api := httpx.NewAPI(mux, "Concord API", buildinfo.Get().Version, apiDescription)
	api.OpenAPI().Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":  {Type: "http", Scheme: "bearer", Description: "API token (cnd_…) from POST /api/v1/tokens or concord token create."},
		"session": {Type: "apiKey", In: "cookie", Name: sessionCookie, Description: "Browser session from POST /api/v1/auth/login."},
	}
	s := &server{api: api, deps: d}

	// Probes stay outside the API document: they are for orchestrators.
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", readyz(d.Ready))
	mux.Handle("GET /metrics", s.guard(identity.PermMetricsRead, promhttp.HandlerFor(d.Metrics, promhttp.HandlerOpts{})))
	// The web app answers every other GET; it keeps unknown /api/ paths 404.
	mux.Handle(uiPattern, webui.Handler())

	// System
	op(s, huma.Operation{OperationID: "get-system-version", Method: http.MethodGet, Path: "/api/v1/system/version",
		Summary: "Get the server version", Tags: []string{"System"}}, authz.Authenticated, getVersion)

	// Sign-in and the signed-in user
	op(s, huma.Operation{OperationID: "login", Method: http.MethodPost, Path: "/api/v1/auth/login",
		Summary: "Sign in", Tags: []string{"Auth"}}, authz.Public, s.login)
	op(s, huma.Operation{OperationID: "logout", Method: http.MethodPost, Path: "/api/v1/auth/logout", DefaultStatus: 204,
		Summary: "Sign out", Tags: []string{"Auth"}}, authz.Authenticated, s.logout)
	op(s, huma.Operation{OperationID: "get-me", Method: http.MethodGet, Path: "/api/v1/auth/me",
		Summary: "Get the signed-in user and their permissions", Tags: []string{"Auth"}}, authz.Authenticated, s.getMe)
	op(s, huma.Operation{OperationID: "update-me", Method: http.MethodPatch, Path: "/api/v1/auth/me",
		Summary: "Change one's own name, language or time zone", Tags: []string{"Auth"}}, authz.Authenticated, s.updateMe)
	op(s, huma.Operation{OperationID: "change-password", Method: http.MethodPost, Path: "/api/v1/auth/password", DefaultStatus: 204,
		Summary: "Change one's own password", Tags: []string{"Auth"}}, authz.Authenticated, s.changePassword)
	op(s, huma.Operation{OperationID: "list-sessions", Method: http.MethodGet, Path: "/api/v1/auth/sessions",
		Summary: "List one's own open sessions", Tags: []string{"Auth"}}, authz.Authenticated, s.listSessions)
	op(s, huma.Operation{OperationID: "revoke-session", Method: http.MethodDelete, Path: "/api/v1/auth/sessions/{id}", DefaultStatus: 204,
		Summary: "End a session", Tags: []string{"Auth"}}, authz.Authenticated, s.revokeSession)
	op(s, huma.Operation{OperationID: "list-saved-views", Method: http.MethodGet, Path: "/api/v1/saved-views",
		Summary: "List one's own saved views of a list", Tags: []string{"Auth"}}, authz.Authenticated, s.listViews)
	op(s, huma.Operation{OperationID: "create-saved-view", Method: http.MethodPost, Path: "/api/v1/saved-views", DefaultStatus: 201,
		Summary: "Save a view of a list: its filters, sort and columns", Tags: []string{"Auth"}}, authz.Authenticated, s.createView)
	op(s, huma.Operation{OperationID: "delete-saved-view", Method: http.MethodDelete, Path: "/api/v1/saved-views/{id}", DefaultStatus: 204,
		Summary: "Delete one of one's own saved views", Tags: []string{"Auth"}}, authz.Authenticated, s.deleteView)

	// Users
	op(s, huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/api/v1/users",
		Summary: "List users", Tags: []string{"Users"}}, identity.PermUserRead, s.listUsers)
	op(s, huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/api/v1/users", DefaultStatus: 201,
		Summary: "Create a user", Tags: []string{"Users"}}, identity.PermUserCreate, s.createUser)
	op(s, huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/api/v1/users/{id}",
		Summary: "Get a user", Tags: []string{"Users"}}, identity.PermUserRead, s.getUser)
	op(s, huma.Operation{OperationID: "update-user", Method: http.MethodPatch, Path: "/api/v1/users/{id}",
		Summary: "Change a user", Tags: []string{"Users"}}, identity.PermUserUpdate, s.updateUser)
	op(s, huma.Operation{OperationID: "reset-user-password", Method: http.MethodPost, Path: "/api/v1/users/{id}/reset-password",
		Summary: "Reset a user's password", Tags: []string{"Users"}}, identity.PermUserUpdate, s.resetPassword)
	op(s, huma.Operation{OperationID: "revoke-user-sessions", Method: http.MethodPost, Path: "/api/v1/users/{id}/revoke-sessions", DefaultStatus: 204,
		Summary: "End all of a user's sessions", Tags: []string{"Users"}}, identity.PermSessionRevoke, s.revokeUserSessions)

	// Roles and permissions
	op(s, huma.Operation{OperationID: "list-roles", Method: http.MethodGet, Path: "/api/v1/roles",
		Summary: "List roles", Tags: []string{"Roles"}}, identity.PermRoleRead, s.listRoles)
	op(s, huma.Operation{OperationID: "create-role", Method: http.MethodPost, Path: "/api/v1/roles", DefaultStatus: 201,
		Summary: "Create a custom role", Tags: []string{"Roles"}}, identity.PermRoleCreate, s.createRole)
	op(s, huma.Operation{OperationID: "get-role", Method: http.MethodGet, Path: "/api/v1/roles/{name}",
		Summary: "Get a role", Tags: []string{"Roles"}}, identity.PermRoleRead, s.getRole)
	op(s, huma.Operation{OperationID: "update-role", Method: http.MethodPatch, Path: "/api/v1/roles/{name}",
		Summary: "Change a custom role", Tags: []string{"Roles"}}, identity.PermRoleUpdate, s.updateRole)
	op(s, huma.Operation{OperationID: "delete-role", Method: http.MethodDelete, Path: "/api/v1/roles/{name}", DefaultStatus: 204,
		Summary: "Delete a custom role", Tags: []string{"Roles"}}, identity.PermRoleDelete, s.deleteRole)
	op(s, huma.Operation{OperationID: "list-permissions", Method: http.MethodGet, Path: "/api/v1/permissions",
		Summary: "List every permission", Tags: []string{"Roles"}}, identity.PermRoleRead, s.listPermissions)

	// API tokens
	op(s, huma.Operation{OperationID: "list-tokens", Method: http.MethodGet, Path: "/api/v1/tokens",
		Summary: "List API tokens", Tags: []string{"Tokens"}}, identity.PermTokenRead, s.listTokens)
	op(s, huma.Operation{OperationID: "create-token", Method: http.MethodPost, Path: "/api/v1/tokens", DefaultStatus: 201,
		Summary: "Create an API token", Tags: []string{"Tokens"}}, identity.PermTokenCreate, s.createToken)
	op(s, huma.Operation{OperationID: "get-token", Method: http.MethodGet, Path: "/api/v1/tokens/{id}",
		Summary: "Get an API token", Tags: []string{"Tokens"}}, identity.PermTokenRead, s.getToken)
	op(s, huma.Operation{OperationID: "revoke-token", Method: http.MethodDelete, Path: "/api/v1/tokens/{id}",
		Summary: "Revoke an API token", Tags: []string{"Tokens"}}, identity.PermTokenRevoke, s.revokeToken)

	// Audit trail
	op(s, huma.Operation{OperationID: "list-audit-entries", Method: http.MethodGet, Path: "/api/v1/audit",
		Summary: "List audit entries", Tags: []string{"Audit"}}, identity.PermAuditRead, s.listAudit)

	// Parties (master data)
	op(s, exportable(s, huma.Operation{OperationID: "list-parties", Method: http.MethodGet, Path: "/api/v1/parties",
		Summary: "List customers and suppliers (format=csv|xlsx exports them; Accept: text/csv gives the import's columns)", Tags: []string{"Parties"},
		Middlewares: huma.Middlewares{s.csvList(party.ExportColumns, s.exportPartiesTo)}}, "parties", partyListColumns), party.PermRead, s.listParties)
	op(s, huma.Operation{OperationID: "create-party", Method: http.MethodPost, Path: "/api/v1/parties", DefaultStatus: 201,
		Summary: "Create a customer or supplier", Tags: []string{"Parties"}}, party.PermCreate, s.createParty)
	op(s, huma.Operation{OperationID: "get-party", Method: http.MethodGet, Path: "/api/v1/parties/{id}",
		Summary: "Get a party by ID or code", Tags: []string{"Parties"}}, party.PermRead, s.getParty)
	op(s, huma.Operation{OperationID: "replace-party", Method: http.MethodPut, Path: "/api/v1/parties/{id}",
		Summary: "Replace a party's data", Tags: []string{"Parties"}}, party.PermUpdate, s.replaceParty)
	op(s, huma.Operation{OperationID: "merge-party", Method: http.MethodPost, Path: "/api/v1/parties/{id}/merge",
		Summary: "Merge a duplicate into this party", Tags: []string{"Parties"}}, party.PermMerge, s.mergeParty)
	op(s, huma.Operation{OperationID: "check-party-duplicates", Method: http.MethodPost, Path: "/api/v1/parties/duplicates/check",
		Summary: "Find parties that look like one being entered", Tags: []string{"Parties"}}, party.PermRead, s.checkDuplicates)
	op(s, huma.Operation{OperationID: "list-party-duplicates", Method: http.MethodGet, Path: "/api/v1/parties/{id}/duplicates",
		Summary: "List parties that look like this one", Tags: []string{"Parties"}}, party.PermRead, s.listDuplicates)
	op(s, huma.Operation{OperationID: "import-parties", Method: http.MethodPost, Path: "/api/v1/parties/import", MaxBodyBytes: 64 << 20,
		Summary: "Import parties from a CSV or XLSX file", Tags: []string{"Parties"}}, party.PermCreate, s.importParties)
	op(s, huma.Operation{OperationID: "create-party-import-job", Method: http.MethodPost, Path: "/api/v1/parties/import-jobs", DefaultStatus: 202,
		MaxBodyBytes: 64 << 20, Summary: "Import parties from a file in the background", Tags: []string{"Parties"}}, party.PermCreate, s.importPartiesLater)
	op(s, huma.Operation{OperationID: "list-party-import-profiles", Method: http.MethodGet, Path: "/api/v1/parties/import-profiles",
		Summary: "List saved column mappings of party imports", Tags: []string{"Parties"}}, party.PermRead, s.listImportProfiles)
	op(s, huma.Operation{OperationID: "save-party-import-profile", Method: http.MethodPut, Path: "/api/v1/parties/import-profiles/{name}",
		Summary: "Save a named column mapping for party imports", Tags: []string{"Parties"}}, party.PermCreate, s.saveImportProfile)
	op(s, huma.Operation{OperationID: "export-parties", Method: http.MethodGet, Path: "/api/v1/parties/export",
		Summary: "Export parties as CSV or XLSX (the import's columns)", Tags: []string{"Parties"}}, party.PermRead, s.exportParties)
	op(s, huma.Operation{OperationID: "list-party-code-patterns", Method: http.MethodGet, Path: "/api/v1/parties/code-patterns",
		Summary: "How codes of new parties are made", Tags: []string{"Parties"}}, party.PermRead, s.listCodePatterns)
	op(s, huma.Operation{OperationID: "set-party-code-pattern", Method: http.MethodPut, Path: "/api/v1/parties/code-patterns/{role}",
		Summary: "Change how codes of new parties of a role are made", Tags: []string{"Parties"}}, party.PermSettings, s.setCodePattern)
	op(s, huma.Operation{OperationID: "get-data-quality", Method: http.MethodGet, Path: "/api/v1/data-quality",
		Summary: "Data quality of the master data, with daily history", Tags: []string{"Parties", "Products"}}, party.PermQuality, s.dataQuality)

	// Products, categories and units of measure (master data)
	op(s, exportable(s, huma.Operation{OperationID: "list-products", Method: http.MethodGet, Path: "/api/v1/products",
		Summary: "List products (format=csv|xlsx exports them; Accept: text/csv gives the import's columns)", Tags: []string{"Products"},
		Middlewares: huma.Middlewares{s.csvList(product.ExportColumns, s.exportProductsTo)}}, "products", productColumns), product.PermRead, s.listProducts)
	op(s, huma.Operation{OperationID: "import-products", Method: http.MethodPost, Path: "/api/v1/products/import", MaxBodyBytes: 64 << 20,
		Summary: "Import products from a CSV or XLSX file", Tags: []string{"Products"}}, product.PermCreate, s.importProducts)
	op(s, huma.Operation{OperationID: "create-product-import-job", Method: http.MethodPost, Path: "/api/v1/products/import-jobs", DefaultStatus: 202,
		MaxBodyBytes: 64 << 20, Summary: "Import products from a file in the background", Tags: []string{"Products"}}, product.PermCreate, s.importProductsLater)
	op(s, huma.Operation{OperationID: "list-product-import-profiles", Method: http.MethodGet, Path: "/api/v1/products/import-profiles",
		Summary: "List saved column mappings of product imports", Tags: []string{"Products"}}, product.PermRead, s.listProductImportProfiles)
	op(s, huma.Operation{OperationID: "save-product-import-profile", Method: http.MethodPut, Path: "/api/v1/products/import-profiles/{name}",
		Summary: "Save a named column mapping for product imports", Tags: []string{"Products"}}, product.PermCreate, s.saveProductImportProfile)
	op(s, huma.Operation{OperationID: "create-product", Method: http.MethodPost, Path: "/api/v1/products", DefaultStatus: 201,
		Summary: "Create a product", Tags: []string{"Products"}}, product.PermCreate, s.createProduct)
	op(s, huma.Operation{OperationID: "get-product", Method: http.MethodGet, Path: "/api/v1/products/{id}",
		Summary: "Get a product by ID, code or barcode", Tags: []string{"Products"}}, product.PermRead, s.getProduct)
	op(s, huma.Operation{OperationID: "replace-product", Method: http.MethodPut, Path: "/api/v1/products/{id}",
		Summary: "Replace a product's data", Tags: []string{"Products"}}, product.PermUpdate, s.replaceProduct)
	op(s, huma.Operation{OperationID: "list-product-categories", Method: http.MethodGet, Path: "/api/v1/product-categories",
		Summary: "List the product category tree", Tags: []string{"Products"}}, product.PermCategoryRead, s.listCategories)
	op(s, huma.Operation{OperationID: "create-product-category", Method: http.MethodPost, Path: "/api/v1/product-categories", DefaultStatus: 201,
		Summary: "Create a product category", Tags: []string{"Products"}}, product.PermCategoryWrite, s.createCategory)
	op(s, huma.Operation{OperationID: "update-product-category", Method: http.MethodPatch, Path: "/api/v1/product-categories/{id}",
		Summary: "Rename or move a product category", Tags: []string{"Products"}}, product.PermCategoryWrite, s.updateCategory)
	op(s, huma.Operation{OperationID: "delete-product-category", Method: http.MethodDelete, Path: "/api/v1/product-categories/{id}", DefaultStatus: 204,
		Summary: "Delete an empty product category", Tags: []string{"Products"}}, product.PermCategoryWrite, s.deleteCategory)
	op(s, huma.Operation{OperationID: "list-units", Method: http.MethodGet, Path: "/api/v1/units",
		Summary: "List units of measure", Tags: []string{"Products"}}, product.PermUnitRead, s.listUnits)
	op(s, huma.Operation{OperationID: "create-unit", Method: http.MethodPost, Path: "/api/v1/units", DefaultStatus: 201,
		Summary: "Create a unit of measure", Tags: []string{"Products"}}, product.PermUnitCreate, s.createUnit)
	op(s, huma.Operation{OperationID: "convert-units", Method: http.MethodGet, Path: "/api/v1/units/convert",
		Summary: "Convert a quantity between units of one category", Tags: []string{"Products"}}, product.PermUnitRead, s.convertUnits)

	op(s, huma.Operation{OperationID: "list-price-lists", Method: http.MethodGet, Path: "/api/v1/price-lists",
		Summary: "List price lists", Tags: []string{"Products"}}, product.PermPriceListRead, s.listPriceLists)
	op(s, huma.Operation{OperationID: "create-price-list", Method: http.MethodPost, Path: "/api/v1/price-lists", DefaultStatus: 201,
		Summary: "Create a price list", Tags: []string{"Products"}}, product.PermPriceListWrite, s.createPriceList)
	op(s, huma.Operation{OperationID: "get-price-list", Method: http.MethodGet, Path: "/api/v1/price-lists/{id}",
		Summary: "Get a price list by ID or code", Tags: []string{"Products"}}, product.PermPriceListRead, s.getPriceList)
	op(s, huma.Operation{OperationID: "replace-price-list", Method: http.MethodPut, Path: "/api/v1/price-lists/{id}",
		Summary: "Replace a price list", Tags: []string{"Products"}}, product.PermPriceListWrite, s.replacePriceList)
	op(s, huma.Operation{OperationID: "get-price", Method: http.MethodGet, Path: "/api/v1/prices",
		Summary: "Get a product's unit price for a customer, quantity and day", Tags: []string{"Products"}}, product.PermRead, s.getPrice)

	// Warehouses and locations
	op(s, huma.Operation{OperationID: "list-warehouses", Method: http.MethodGet, Path: "/api/v1/warehouses",
		Summary: "List warehouses with their locations", Tags: []string{"Inventory"}}, inventory.PermWarehouseRead, s.listWarehouses)
	op(s, huma.Operation{OperationID: "create-warehouse", Method: http.MethodPost, Path: "/api/v1/warehouses", DefaultStatus: 201,
		Summary: "Create a warehouse with its locations", Tags: []string{"Inventory"}}, inventory.PermWarehouseWrite, s.createWarehouse)
	op(s, huma.Operation{OperationID: "get-warehouse", Method: http.MethodGet, Path: "/api/v1/warehouses/{id}",
		Summary: "Get a warehouse by ID or code", Tags: []string{"Inventory"}}, inventory.PermWarehouseRead, s.getWarehouse)
	op(s, huma.Operation{OperationID: "replace-warehouse", Method: http.MethodPut, Path: "/api/v1/warehouses/{id}",
		Summary: "Replace a warehouse's data; add, rename or retire locations", Tags: []string{"Inventory"}}, inventory.PermWarehouseWrite, s.replaceWarehouse)

	op(s, huma.Operation{OperationID: "adjust-stock", Method: http.MethodPost, Path: "/api/v1/stock/adjustments", DefaultStatus: 201,
		Summary: "Correct the stock of a product at a location", Tags: []string{"Inventory"}}, inventory.PermStockAdjust, s.adjustStock)
	op(s, huma.Operation{OperationID: "get-stock-availability", Method: http.MethodGet, Path: "/api/v1/stock/availability",
		Summary: "On hand, reserved and available (to promise) of a product", Tags: []string{"Inventory"}}, inventory.PermStockRead, s.stockAvailability)
	op(s, huma.Operation{OperationID: "list-stock-moves", Method: http.MethodGet, Path: "/api/v1/stock/moves",
		Summary: "A product's stock moves, newest first", Tags: []string{"Inventory"}}, inventory.PermStockRead, s.listMoves)
	op(s, huma.Operation{OperationID: "list-expected-receipts", Method: http.MethodGet, Path: "/api/v1/stock/expected-receipts",
		Summary: "List expected receipts (incoming stock)", Tags: []string{"Inventory"}}, inventory.PermStockRead, s.listReceipts)
	op(s, huma.Operation{OperationID: "get-stock-below-reorder-report", Method: http.MethodGet, Path: "/api/v1/reports/stock-below-reorder",
		Summary: "Products whose available stock is below their reorder point, with the shortfall", Tags: []string{"Reports", "Inventory"}},
		inventory.PermStockRead, s.stockBelowReorder)
	op(s, huma.Operation{OperationID: "create-expected-receipt", Method: http.MethodPost, Path: "/api/v1/stock/expected-receipts", DefaultStatus: 201,
		Summary: "Announce stock arriving in a warehouse on a day", Tags: []string{"Inventory"}}, inventory.PermReceiptCreate, s.createReceipt)
	op(s, huma.Operation{OperationID: "receive-expected-receipt", Method: http.MethodPost, Path: "/api/v1/stock/expected-receipts/{id}/receive",
		Summary: "Receive (part of) an expected receipt into a location", Tags: []string{"Inventory"}}, inventory.PermReceiptReceive, s.receive)
	op(s, huma.Operation{OperationID: "cancel-expected-receipt", Method: http.MethodPost, Path: "/api/v1/stock/expected-receipts/{id}/cancel",
		Summary: "Cancel what an expected receipt still announces", Tags: []string{"Inventory"}}, inventory.PermReceiptCancel, action(s.deps.Inventory.CancelExpectedReceipt, receiptOut))

	// Quotations and sales orders
	op(s, huma.Operation{OperationID: "create-quotation", Method: http.MethodPost, Path: "/api/v1/quotations", DefaultStatus: 201,
		Summary: "Create a draft quotation with priced lines", Tags: []string{"Sales"}}, sales.PermQuotationCreate, s.createQuotation)
	op(s, huma.Operation{OperationID: "get-quotation", Method: http.MethodGet, Path: "/api/v1/quotations/{id}",
		Summary: "Get a quotation by ID or number", Tags: []string{"Sales"}}, sales.PermQuotationRead, s.getQuotation)
	op(s, huma.Operation{OperationID: "revise-quotation", Method: http.MethodPut, Path: "/api/v1/quotations/{id}",
		Summary: "Revise a quotation (a new revision, back in draft)", Tags: []string{"Sales"}}, sales.PermQuotationUpdate, s.reviseQuotation)
	op(s, huma.Operation{OperationID: "send-quotation", Method: http.MethodPost, Path: "/api/v1/quotations/{id}/send",
		Summary: "Mark a quotation as sent to the customer", Tags: []string{"Sales"}}, sales.PermQuotationSend, s.sendQuotation)
	op(s, huma.Operation{OperationID: "convert-quotation", Method: http.MethodPost, Path: "/api/v1/quotations/{id}/convert",
		Summary: "Turn a valid quotation into a draft order", Tags: []string{"Sales"}}, sales.PermQuotationConvert, s.convertQuotation)
	op(s, exportable(s, huma.Operation{OperationID: "list-sales-orders", Method: http.MethodGet, Path: "/api/v1/sales-orders",
		Summary: "List sales orders, newest first (format=csv|xlsx exports them)", Tags: []string{"Sales"}}, "sales-orders", orderColumns), sales.PermRead, s.listOrders)
	op(s, huma.Operation{OperationID: "create-sales-order", Method: http.MethodPost, Path: "/api/v1/sales-orders", DefaultStatus: 201,
		Summary: "Create a draft sales order with priced lines", Tags: []string{"Sales"}}, sales.PermCreate, s.createOrder)
	op(s, huma.Operation{OperationID: "preview-sales-order-line", Method: http.MethodGet, Path: "/api/v1/sales-orders/line-preview",
		Summary: "Price and available-to-promise of a line being entered", Tags: []string{"Sales"}}, sales.PermCreate, s.previewLine)
	op(s, huma.Operation{OperationID: "get-sales-order", Method: http.MethodGet, Path: "/api/v1/sales-orders/{id}",
		Summary: "Get a sales order by ID or number", Tags: []string{"Sales"}}, sales.PermRead, s.getOrder)
	op(s, huma.Operation{OperationID: "replace-sales-order", Method: http.MethodPut, Path: "/api/v1/sales-orders/{id}",
		Summary: "Replace a draft order's customer, dates, reference, warehouse and lines", Tags: []string{"Sales"}}, sales.PermUpdate, s.replaceOrder)
	op(s, huma.Operation{OperationID: "confirm-sales-order", Method: http.MethodPost, Path: "/api/v1/sales-orders/{id}/confirm",
		Summary: "Confirm a draft order: approved by policy and reserved, or sent for approval",
		Description: "Runs the approval policies on the order with the customer's credit. When none matches, the order is confirmed and " +
			"its stock reserved in the same transaction (approval.rule names the rule that decided); otherwise it waits in " +
			"pending_approval and the approvers find it in GET /api/v1/approvals?actionable=true.",
		Tags: []string{"Sales"}}, sales.PermConfirm, action(s.deps.Sales.Confirm, orderOut))
	op(s, huma.Operation{OperationID: "cancel-sales-order", Method: http.MethodPost, Path: "/api/v1/sales-orders/{id}/cancel",
		Summary: "Cancel an order, releasing its stock and withdrawing its approval requests", Tags: []string{"Sales"}},
		sales.PermCancel, action(s.deps.Sales.Cancel, orderOut))
	op(s, huma.Operation{OperationID: "close-sales-order", Method: http.MethodPost, Path: "/api/v1/sales-orders/{id}/close",
		Summary: "Close a paid order", Tags: []string{"Sales"}}, sales.PermClose, action(s.deps.Sales.Close, orderOut))
	op(s, huma.Operation{OperationID: "get-customer-overview", Method: http.MethodGet, Path: "/api/v1/parties/{id}/overview",
		Summary: "Everything about a customer on one page (the customer 360)",
		Description: "Contacts, credit, balance due, open quotations, the latest orders, shipments with tracking, open invoices with " +
			"residuals, payments and a timeline of events; sections the caller may not read are left out.",
		Tags: []string{"Parties"}}, party.PermRead, s.customerOverview)
	op(s, exportable(s, huma.Operation{OperationID: "list-quotations", Method: http.MethodGet, Path: "/api/v1/quotations",
		Summary: "List quotations, newest first", Tags: []string{"Sales"}}, "quotations", quotationColumns), sales.PermQuotationRead, s.listQuotations)
	op(s, huma.Operation{OperationID: "get-party-credit", Method: http.MethodGet, Path: "/api/v1/parties/{id}/credit",
		Summary: "A customer's credit: limit, open orders, receivables, available", Tags: []string{"Sales"}}, sales.PermRead, s.getCredit)

	// Shipments
	op(s, exportable(s, huma.Operation{OperationID: "list-shipments", Method: http.MethodGet, Path: "/api/v1/shipments",
		Summary: "List shipments, oldest first (the warehouse's queue with status=to_pick)", Tags: []string{"Shipments"}}, "shipments", shipmentColumns), sales.PermShipmentRead, s.listShipments)
	op(s, huma.Operation{OperationID: "create-shipment", Method: http.MethodPost, Path: "/api/v1/shipments", DefaultStatus: 201,
		Summary: "Create a shipment of a confirmed order (all that can go, or chosen lines)", Tags: []string{"Shipments"}},
		sales.PermShipmentCreate, s.createShipment)
	op(s, huma.Operation{OperationID: "get-shipment", Method: http.MethodGet, Path: "/api/v1/shipments/{id}",
		Summary: "Get a shipment by ID or number", Tags: []string{"Shipments"}}, sales.PermShipmentRead, s.getShipment)
	op(s, huma.Operation{OperationID: "pick-shipment", Method: http.MethodPost, Path: "/api/v1/shipments/{id}/pick",
		Summary: "Mark a shipment picked", Tags: []string{"Shipments"}}, sales.PermShipmentHandle, action(s.deps.Sales.Pick, shipmentOut))
	op(s, huma.Operation{OperationID: "pack-shipment", Method: http.MethodPost, Path: "/api/v1/shipments/{id}/pack",
		Summary: "Mark a shipment packed", Tags: []string{"Shipments"}}, sales.PermShipmentHandle, action(s.deps.Sales.Pack, shipmentOut))
	op(s, huma.Operation{OperationID: "ship-shipment", Method: http.MethodPost, Path: "/api/v1/shipments/{id}/ship",
		Summary: "Ship: the stock leaves the warehouse and the order counts it delivered", Tags: []string{"Shipments"}},
		sales.PermShipmentHandle, s.ship)
	op(s, huma.Operation{OperationID: "confirm-shipment-delivery", Method: http.MethodPost, Path: "/api/v1/shipments/{id}/deliver",
		Summary: "Record that the customer received a shipment", Tags: []string{"Shipments"}},
		sales.PermShipmentHandle, action(s.deps.Sales.ConfirmDelivery, shipmentOut))
	op(s, huma.Operation{OperationID: "cancel-shipment", Method: http.MethodPost, Path: "/api/v1/shipments/{id}/cancel",
		Summary: "Cancel a shipment not yet shipped; its stock stays reserved for the order", Tags: []string{"Shipments"}},
		sales.PermShipmentHandle, action(s.deps.Sales.CancelShipment, shipmentOut))

	// Invoices and payments
	op(s, exportable(s, huma.Operation{OperationID: "list-invoices", Method: http.MethodGet, Path: "/api/v1/invoices",
		Summary: "List invoices and credit notes, newest first", Tags: []string{"Billing"}}, "invoices", invoiceColumns), billing.PermInvoiceRead, s.listInvoices)
	op(s, huma.Operation{OperationID: "create-invoice", Method: http.MethodPost, Path: "/api/v1/invoices", DefaultStatus: 201,
		Summary: "Draft an invoice for what an order has left to invoice", Tags: []string{"Billing"}}, billing.PermInvoiceCreate, s.createInvoice)
	op(s, huma.Operation{OperationID: "get-invoice", Method: http.MethodGet, Path: "/api/v1/invoices/{id}",
		Summary: "Get an invoice or credit note by ID or number", Tags: []string{"Billing"}}, billing.PermInvoiceRead, s.getInvoice)
	op(s, huma.Operation{OperationID: "post-invoice", Method: http.MethodPost, Path: "/api/v1/invoices/{id}/post",
		Summary: "Post a draft invoice: number, due date, ledger entry", Tags: []string{"Billing"}}, billing.PermInvoicePost, s.postInvoice)
	op(s, huma.Operation{OperationID: "create-credit-note", Method: http.MethodPost, Path: "/api/v1/invoices/{id}/credit-notes", DefaultStatus: 201,
		Summary: "Post a credit note against an invoice (a return, a price correction, a cancellation)", Tags: []string{"Billing"}},
		billing.PermCreditNote, s.creditNote)
	op(s, exportable(s, huma.Operation{OperationID: "list-payments", Method: http.MethodGet, Path: "/api/v1/payments",
		Summary: "List payments, newest first", Tags: []string{"Billing"}}, "payments", paymentColumns), billing.PermPaymentRead, s.listPayments)
	op(s, huma.Operation{OperationID: "receive-payment", Method: http.MethodPost, Path: "/api/v1/payments", DefaultStatus: 201,
		Summary: "Receive a payment and allocate it to invoices; the rest is the customer's credit", Tags: []string{"Billing"}},
		billing.PermPaymentCreate, s.receivePayment)
	op(s, huma.Operation{OperationID: "get-payment", Method: http.MethodGet, Path: "/api/v1/payments/{id}",
		Summary: "Get a payment by ID or number", Tags: []string{"Billing"}}, billing.PermPaymentRead, s.getPayment)
	op(s, huma.Operation{OperationID: "allocate-payment", Method: http.MethodPost, Path: "/api/v1/payments/{id}/allocate",
		Summary: "Allocate a payment's unallocated amount to an invoice", Tags: []string{"Billing"}}, billing.PermAllocate, s.allocate)
	op(s, huma.Operation{OperationID: "unallocate-payment", Method: http.MethodPost, Path: "/api/v1/payments/{id}/unallocate",
		Summary: "Take an allocation off; the amount is the customer's credit again", Tags: []string{"Billing"}}, billing.PermAllocate, s.unallocate)
	op(s, huma.Operation{OperationID: "import-bank-statement", Method: http.MethodPost, Path: "/api/v1/bank-statements/import", MaxBodyBytes: 16 << 20,
		Summary: "Import a bank statement (CSV); lines seen before are skipped; each new line gets a suggested payment",
		Tags:    []string{"Billing"}}, billing.PermReconcile, s.importStatement)
	op(s, huma.Operation{OperationID: "list-bank-statement-lines", Method: http.MethodGet, Path: "/api/v1/bank-statement-lines",
		Summary: "List bank statement lines, with suggested payments for the open ones", Tags: []string{"Billing"}},
		billing.PermReconcile, s.listStatementLines)
	op(s, huma.Operation{OperationID: "reconcile-bank-statement-line", Method: http.MethodPost, Path: "/api/v1/bank-statement-lines/{id}/reconcile",
		Summary: "Reconcile a statement line with a bank payment of the same amount", Tags: []string{"Billing"}}, billing.PermReconcile, s.reconcile)
	op(s, huma.Operation{OperationID: "unreconcile-bank-statement-line", Method: http.MethodPost, Path: "/api/v1/bank-statement-lines/{id}/unreconcile",
		Summary: "Undo a reconciliation", Tags: []string{"Billing"}}, billing.PermReconcile, s.unreconcile)
	op(s, huma.Operation{OperationID: "get-receivables-ageing", Method: http.MethodGet, Path: "/api/v1/receivables/ageing",
		Summary: "Receivables by customer and days past due as of a day", Tags: []string{"Billing"}}, billing.PermInvoiceRead, s.ageing)

	op(s, huma.Operation{OperationID: "get-sales-report", Method: http.MethodGet, Path: "/api/v1/reports/sales",
		Summary: "Sales analysis: net revenue, quantity, orders and margin of invoiced sales per group",
		Tags:    []string{"Reports"}}, billing.PermSalesReport, s.salesReport)
	op(s, huma.Operation{OperationID: "get-order-cycle-time-report", Method: http.MethodGet, Path: "/api/v1/reports/order-cycle-time",
		Summary: "Order-to-cash cycle time: days from order date to paid for the orders paid in a period, per month",
		Tags:    []string{"Reports", "Billing"}}, billing.PermCycleTimeReport, s.cycleTimeReport)

	// Approvals
	op(s, huma.Operation{OperationID: "list-approval-policies", Method: http.MethodGet, Path: "/api/v1/approval-policies",
		Summary: "List approval policies", Tags: []string{"Approvals"}}, approval.PermPolicyRead, s.listPolicies)
	op(s, huma.Operation{OperationID: "create-approval-policy", Method: http.MethodPost, Path: "/api/v1/approval-policies", DefaultStatus: 201,
		Summary: "Create an approval policy (its CEL expression is checked)", Tags: []string{"Approvals"}}, approval.PermPolicyManage, s.createPolicy)
	op(s, huma.Operation{OperationID: "get-approval-policy", Method: http.MethodGet, Path: "/api/v1/approval-policies/{id}",
		Summary: "Get an approval policy by ID or name", Tags: []string{"Approvals"}}, approval.PermPolicyRead, s.getPolicy)
	op(s, huma.Operation{OperationID: "replace-approval-policy", Method: http.MethodPut, Path: "/api/v1/approval-policies/{id}",
		Summary: "Replace an approval policy", Tags: []string{"Approvals"}}, approval.PermPolicyManage, s.replacePolicy)
	op(s, huma.Operation{OperationID: "delete-approval-policy", Method: http.MethodDelete, Path: "/api/v1/approval-policies/{id}", DefaultStatus: 204,
		Summary: "Delete an approval policy", Tags: []string{"Approvals"}}, approval.PermPolicyManage, s.deletePolicy)
	op(s, exportable(s, huma.Operation{OperationID: "list-approvals", Method: http.MethodGet, Path: "/api/v1/approvals",
		Summary: "List approval requests, oldest first; actionable=true is your inbox (format=csv|xlsx exports them)", Tags: []string{"Approvals"}},
		"approvals", approvalColumns), approval.PermRequestRead, s.listApprovals)
	op(s, huma.Operation{OperationID: "get-approval", Method: http.MethodGet, Path: "/api/v1/approvals/{id}",
		Summary: "Get an approval request", Tags: []string{"Approvals"}}, approval.PermRequestRead, s.getApproval)
	op(s, huma.Operation{OperationID: "approve", Method: http.MethodPost, Path: "/api/v1/approvals/{id}/approve",
		Summary: "Approve a request; the last approval of a document moves it on", Tags: []string{"Approvals"}},
		approval.PermDecide, s.decision(s.deps.Approval.Approve))
	op(s, huma.Operation{OperationID: "reject", Method: http.MethodPost, Path: "/api/v1/approvals/{id}/reject",
		Summary: "Reject a request with a comment; the document goes back to its submitter", Tags: []string{"Approvals"}},
		approval.PermDecide, s.decision(s.deps.Approval.Reject))

	// CRM: leads, pipeline, opportunities, activities
	op(s, exportable(s, huma.Operation{OperationID: "list-leads", Method: http.MethodGet, Path: "/api/v1/leads",
		Summary: "List leads with their scores, newest first (format=csv|xlsx exports them)", Tags: []string{"CRM"}}, "leads", leadColumns),
		crm.PermLeadRead, s.listLeads)
	op(s, huma.Operation{OperationID: "create-lead", Method: http.MethodPost, Path: "/api/v1/leads", DefaultStatus: 201,
		Summary: "Record a lead; it is scored", Tags: []string{"CRM"}}, crm.PermLeadCreate, s.createLead)
	op(s, huma.Operation{OperationID: "capture-lead", Method: http.MethodPost, Path: "/api/v1/leads/capture", DefaultStatus: 201,
		Summary: "Public lead capture for website forms (no sign-in)",
		Description: "For a website's contact form. Per client address at most 5 submissions per 10 minutes (too_many_submissions, 429); " +
			"the honeypot field homepage must stay empty (spam_suspected), the form must have been shown at least 3 seconds before " +
			"(rendered_at, submitted_too_fast) and the message may carry at most 2 links (too_many_links).",
		Tags: []string{"CRM"}}, authz.Public, s.captureLead)
	op(s, huma.Operation{OperationID: "get-lead", Method: http.MethodGet, Path: "/api/v1/leads/{id}",
		Summary: "Get a lead with the parties and leads it looks like", Tags: []string{"CRM"}}, crm.PermLeadRead, s.getLead)
	op(s, huma.Operation{OperationID: "replace-lead", Method: http.MethodPut, Path: "/api/v1/leads/{id}",
		Summary: "Replace a lead's data; it is scored again", Tags: []string{"CRM"}}, crm.PermLeadUpdate, s.replaceLead)
	op(s, huma.Operation{OperationID: "list-lead-duplicates", Method: http.MethodGet, Path: "/api/v1/leads/{id}/duplicates",
		Summary: "Parties and leads that look like a lead (the master-data matcher)", Tags: []string{"CRM"}}, crm.PermLeadRead, s.leadDuplicates)
	op(s, huma.Operation{OperationID: "contact-lead", Method: http.MethodPost, Path: "/api/v1/leads/{id}/contact",
		Summary: "Mark a new lead contacted", Tags: []string{"CRM"}}, crm.PermLeadUpdate, action(s.deps.CRM.ContactLead, leadOut))
	op(s, huma.Operation{OperationID: "qualify-lead", Method: http.MethodPost, Path: "/api/v1/leads/{id}/qualify",
		Summary: "Qualify a lead", Tags: []string{"CRM"}}, crm.PermLeadUpdate, action(s.deps.CRM.QualifyLead, leadOut))
	op(s, huma.Operation{OperationID: "disqualify-lead", Method: http.MethodPost, Path: "/api/v1/leads/{id}/disqualify",
		Summary: "Disqualify a lead with a reason", Tags: []string{"CRM"}}, crm.PermLeadUpdate, s.disqualifyLead)
	op(s, huma.Operation{OperationID: "convert-lead", Method: http.MethodPost, Path: "/api/v1/leads/{id}/convert",
		Summary: "Convert a qualified lead into a party (new or the matched one) and an opportunity, in one transaction",
		Tags:    []string{"CRM"}}, crm.PermLeadConvert, s.convertLead)

	op(s, huma.Operation{OperationID: "list-pipeline-stages", Method: http.MethodGet, Path: "/api/v1/pipeline-stages",
		Summary: "List the pipeline's stages in order", Tags: []string{"CRM"}}, crm.PermStageRead, s.listStages)
	op(s, huma.Operation{OperationID: "create-pipeline-stage", Method: http.MethodPost, Path: "/api/v1/pipeline-stages", DefaultStatus: 201,
		Summary: "Add a pipeline stage", Tags: []string{"CRM"}}, crm.PermStageManage, s.createStage)
	op(s, huma.Operation{OperationID: "replace-pipeline-stage", Method: http.MethodPut, Path: "/api/v1/pipeline-stages/{id}",
		Summary: "Change a pipeline stage (name, order, default probability, won/lost)", Tags: []string{"CRM"}}, crm.PermStageManage, s.replaceStage)
	op(s, huma.Operation{OperationID: "delete-pipeline-stage", Method: http.MethodDelete, Path: "/api/v1/pipeline-stages/{id}", DefaultStatus: 204,
		Summary: "Delete a pipeline stage no opportunity is in", Tags: []string{"CRM"}}, crm.PermStageManage, s.deleteStage)

	op(s, exportable(s, huma.Operation{OperationID: "list-opportunities", Method: http.MethodGet, Path: "/api/v1/opportunities",
		Summary: "List opportunities, newest first (format=csv|xlsx exports them)", Tags: []string{"CRM"}}, "opportunities", opportunityColumns),
		crm.PermOpportunityRead, s.listOpportunities)
	op(s, huma.Operation{OperationID: "create-opportunity", Method: http.MethodPost, Path: "/api/v1/opportunities", DefaultStatus: 201,
		Summary: "Open an opportunity", Tags: []string{"CRM"}}, crm.PermOpportunityCreate, s.createOpportunity)
	op(s, huma.Operation{OperationID: "get-opportunity", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}",
		Summary: "Get an opportunity", Tags: []string{"CRM"}}, crm.PermOpportunityRead, s.getOpportunity)
	op(s, huma.Operation{OperationID: "replace-opportunity", Method: http.MethodPut, Path: "/api/v1/opportunities/{id}",
		Summary: "Replace an opportunity's data (not its stage)", Tags: []string{"CRM"}}, crm.PermOpportunityUpdate, s.replaceOpportunity)
	op(s, huma.Operation{OperationID: "move-opportunity", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/stage",
		Summary: "Move an opportunity to another stage (won and lost stages close it)", Tags: []string{"CRM"}},
		crm.PermOpportunityUpdate, s.moveOpportunity)
	op(s, huma.Operation{OperationID: "list-opportunity-stage-history", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/history",
		Summary: "An opportunity's stays in stages with time in stage", Tags: []string{"CRM"}}, crm.PermOpportunityRead, s.opportunityHistory)
	op(s, huma.Operation{OperationID: "create-opportunity-quotation", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/quotation",
		DefaultStatus: 201, Summary: "Create a quotation for an opportunity: its customer, currency and campaign pre-filled",
		Tags: []string{"CRM", "Sales"}}, sales.PermQuotationCreate, s.quoteOpportunity)
	op(s, huma.Operation{OperationID: "get-pipeline-report", Method: http.MethodGet, Path: "/api/v1/reports/pipeline",
		Summary: "Weighted pipeline forecast by expected close month, owner and currency", Tags: []string{"Reports", "CRM"}},
		crm.PermPipelineReport, s.pipelineReport)

	op(s, exportable(s, huma.Operation{OperationID: "list-activities", Method: http.MethodGet, Path: "/api/v1/activities",
		Summary: "List activities, newest first (format=csv|xlsx exports them)", Tags: []string{"CRM"}}, "activities", activityColumns),
		crm.PermActivityRead, s.listActivities)
	op(s, huma.Operation{OperationID: "create-activity", Method: http.MethodPost, Path: "/api/v1/activities", DefaultStatus: 201,
		Summary: "Log a call, meeting, task, note or e-mail against a party, lead, opportunity, order or ticket", Tags: []string{"CRM"}},
		crm.PermActivityCreate, s.createActivity)
	op(s, huma.Operation{OperationID: "get-activity", Method: http.MethodGet, Path: "/api/v1/activities/{id}",
		Summary: "Get an activity", Tags: []string{"CRM"}}, crm.PermActivityRead, s.getActivity)
	op(s, huma.Operation{OperationID: "replace-activity", Method: http.MethodPut, Path: "/api/v1/activities/{id}",
		Summary: "Change an activity (a new due time schedules a new reminder)", Tags: []string{"CRM"}}, crm.PermActivityUpdate, s.replaceActivity)
	op(s, huma.Operation{OperationID: "complete-activity", Method: http.MethodPost, Path: "/api/v1/activities/{id}/complete",
		Summary: "Mark an activity done", Tags: []string{"CRM"}}, crm.PermActivityUpdate, action(s.deps.CRM.CompleteActivity, activityOut))

	// Marketing: segments, campaigns
	op(s, huma.Operation{OperationID: "list-segments", Method: http.MethodGet, Path: "/api/v1/segments",
		Summary: "List segments", Tags: []string{"Marketing"}}, crm.PermSegmentRead, s.listSegments)
	op(s, huma.Operation{OperationID: "create-segment", Method: http.MethodPost, Path: "/api/v1/segments", DefaultStatus: 201,
		Summary: "Save a segment (a filter over parties)", Tags: []string{"Marketing"}}, crm.PermSegmentManage, s.createSegment)
	op(s, huma.Operation{OperationID: "preview-segment", Method: http.MethodPost, Path: "/api/v1/segments/preview",
		Summary: "Evaluate criteria without saving them", Tags: []string{"Marketing"}}, crm.PermSegmentRead, s.previewSegment)
	op(s, huma.Operation{OperationID: "get-segment", Method: http.MethodGet, Path: "/api/v1/segments/{id}",
		Summary: "Get a segment", Tags: []string{"Marketing"}}, crm.PermSegmentRead, s.getSegment)
	op(s, huma.Operation{OperationID: "replace-segment", Method: http.MethodPut, Path: "/api/v1/segments/{id}",
		Summary: "Change a segment", Tags: []string{"Marketing"}}, crm.PermSegmentManage, s.replaceSegment)
	op(s, huma.Operation{OperationID: "delete-segment", Method: http.MethodDelete, Path: "/api/v1/segments/{id}", DefaultStatus: 204,
		Summary: "Delete a segment no campaign uses", Tags: []string{"Marketing"}}, crm.PermSegmentManage, s.deleteSegment)
	op(s, huma.Operation{OperationID: "list-segment-members", Method: http.MethodGet, Path: "/api/v1/segments/{id}/members",
		Summary: "Evaluate a segment now: member count and members", Tags: []string{"Marketing"}}, crm.PermSegmentRead, s.segmentMembers)
	op(s, huma.Operation{OperationID: "list-campaigns", Method: http.MethodGet, Path: "/api/v1/campaigns",
		Summary: "List campaigns", Tags: []string{"Marketing"}}, crm.PermCampaignRead, s.listCampaigns)
	op(s, huma.Operation{OperationID: "create-campaign", Method: http.MethodPost, Path: "/api/v1/campaigns", DefaultStatus: 201,
		Summary: "Create a campaign", Tags: []string{"Marketing"}}, crm.PermCampaignManage, s.createCampaign)
	op(s, huma.Operation{OperationID: "get-campaign", Method: http.MethodGet, Path: "/api/v1/campaigns/{id}",
		Summary: "Get a campaign", Tags: []string{"Marketing"}}, crm.PermCampaignRead, s.getCampaign)
	op(s, huma.Operation{OperationID: "replace-campaign", Method: http.MethodPut, Path: "/api/v1/campaigns/{id}",
		Summary: "Change a campaign", Tags: []string{"Marketing"}}, crm.PermCampaignManage, s.replaceCampaign)
	op(s, huma.Operation{OperationID: "list-campaign-members", Method: http.MethodGet, Path: "/api/v1/campaigns/{id}/members",
		Summary: "List a campaign's members", Tags: []string{"Marketing"}}, crm.PermCampaignRead, s.campaignMembers)
	op(s, huma.Operation{OperationID: "add-campaign-members", Method: http.MethodPost, Path: "/api/v1/campaigns/{id}/members",
		Summary: "Add parties (or the segment's members) to a campaign", Tags: []string{"Marketing"}}, crm.PermCampaignManage, s.addCampaignMembers)
	op(s, huma.Operation{OperationID: "get-campaign-report", Method: http.MethodGet, Path: "/api/v1/reports/campaigns",
		Summary: "Campaigns' cost, leads, won revenue and ROI", Tags: []string{"Reports", "Marketing"}}, crm.PermCampaignReport, s.campaignReport)
	// Customer service: tickets, agents, calendars, SLA policies, knowledge base
	op(s, exportable(s, huma.Operation{OperationID: "list-tickets", Method: http.MethodGet, Path: "/api/v1/tickets",
		Summary: "List tickets, newest first (mine=true is an agent's queue, unassigned=true the unassigned)", Tags: []string{"Support"}}, "tickets", ticketColumns), support.PermTicketRead, s.listTickets)
	op(s, huma.Operation{OperationID: "create-ticket", Method: http.MethodPost, Path: "/api/v1/tickets", DefaultStatus: 201,
		Summary: "Open a ticket: SLA targets from its policy, an agent chosen by the assignment rules",
		Description: "Unless assignee_id is given, the ticket goes to an active agent with its category as a skill (any active agent " +
			"when none has it) with the fewest open tickets; a tie goes to the agent who got a ticket longest ago. assignment_rule " +
			"names the rule that decided. SLA due times are business time of the policy's calendar from now.",
		Tags: []string{"Support"}}, support.PermTicketCreate, s.createTicket)
	op(s, huma.Operation{OperationID: "get-ticket", Method: http.MethodGet, Path: "/api/v1/tickets/{id}",
		Summary: "Get a ticket with its messages and notes, by ID or number", Tags: []string{"Support"}}, support.PermTicketRead, s.getTicket)
	op(s, huma.Operation{OperationID: "update-ticket", Method: http.MethodPatch, Path: "/api/v1/tickets/{id}",
		Summary: "Change a ticket's subject, category, priority or assignee", Tags: []string{"Support"}}, support.PermTicketUpdate, s.updateTicket)
	op(s, huma.Operation{OperationID: "change-ticket-status", Method: http.MethodPost, Path: "/api/v1/tickets/{id}/status",
		Summary: "Move a ticket: open, pending_customer, resolved, closed (reopen a resolved one with open)", Tags: []string{"Support"}},
		support.PermTicketUpdate, s.changeTicketStatus)
	op(s, huma.Operation{OperationID: "add-ticket-message", Method: http.MethodPost, Path: "/api/v1/tickets/{id}/messages", DefaultStatus: 201,
		Summary: "Answer a ticket (public) or add an internal note; the first public answer is the first response", Tags: []string{"Support"}},
		support.PermTicketUpdate, s.addTicketMessage)
	op(s, huma.Operation{OperationID: "rate-ticket", Method: http.MethodPost, Path: "/api/v1/tickets/{id}/csat",
		Summary: "Record the customer's satisfaction (1–5) with a resolution, once per resolution", Tags: []string{"Support"}},
		support.PermTicketRate, s.rateTicket)
	op(s, huma.Operation{OperationID: "list-ticket-suggestions", Method: http.MethodGet, Path: "/api/v1/tickets/{id}/suggestions",
		Summary: "Published knowledge-base articles matching the ticket's subject and text, best first", Tags: []string{"Support"}},
		support.PermArticleRead, s.ticketSuggestions)
	op(s, huma.Operation{OperationID: "list-support-agents", Method: http.MethodGet, Path: "/api/v1/support/agents",
		Summary: "List agents with their skills and open load", Tags: []string{"Support"}}, support.PermAgentRead, s.listAgents)
	op(s, huma.Operation{OperationID: "save-support-agent", Method: http.MethodPut, Path: "/api/v1/support/agents/{user_id}",
		Summary: "Make a user an agent, or change an agent's skills and active flag", Tags: []string{"Support"}}, support.PermAgentManage, s.saveAgent)
	op(s, huma.Operation{OperationID: "get-sla-compliance-report", Method: http.MethodGet, Path: "/api/v1/reports/sla-compliance",
		Summary: "SLA compliance: first responses and resolutions met and breached in a period, per month or priority",
		Tags:    []string{"Reports", "Support"}}, support.PermReport, s.slaCompliance)
	op(s, huma.Operation{OperationID: "list-support-calendars", Method: http.MethodGet, Path: "/api/v1/support/calendars",
		Summary: "List business-hour calendars with their holidays", Tags: []string{"Support"}}, support.PermSLARead, s.listCalendars)
	op(s, huma.Operation{OperationID: "create-support-calendar", Method: http.MethodPost, Path: "/api/v1/support/calendars", DefaultStatus: 201,
		Summary: "Create a business-hour calendar", Tags: []string{"Support"}}, support.PermSLAManage, s.createCalendar)
	op(s, huma.Operation{OperationID: "get-support-calendar", Method: http.MethodGet, Path: "/api/v1/support/calendars/{id}",
		Summary: "Get a calendar by ID or name", Tags: []string{"Support"}}, support.PermSLARead, s.getCalendar)
	op(s, huma.Operation{OperationID: "replace-support-calendar", Method: http.MethodPut, Path: "/api/v1/support/calendars/{id}",
		Summary: "Replace a calendar's hours and holidays", Tags: []string{"Support"}}, support.PermSLAManage, s.replaceCalendar)
	op(s, huma.Operation{OperationID: "list-sla-policies", Method: http.MethodGet, Path: "/api/v1/support/sla-policies",
		Summary: "List SLA policies", Tags: []string{"Support"}}, support.PermSLARead, s.listSLAPolicies)
	op(s, huma.Operation{OperationID: "create-sla-policy", Method: http.MethodPost, Path: "/api/v1/support/sla-policies", DefaultStatus: 201,
		Summary: "Create an SLA policy for a priority and customer tier", Tags: []string{"Support"}}, support.PermSLAManage, s.createSLAPolicy)
	op(s, huma.Operation{OperationID: "get-sla-policy", Method: http.MethodGet, Path: "/api/v1/support/sla-policies/{id}",
		Summary: "Get an SLA policy by ID or name", Tags: []string{"Support"}}, support.PermSLARead, s.getSLAPolicy)
	op(s, huma.Operation{OperationID: "replace-sla-policy", Method: http.MethodPut, Path: "/api/v1/support/sla-policies/{id}",
		Summary: "Replace an SLA policy (tickets keep their due times)", Tags: []string{"Support"}}, support.PermSLAManage, s.replaceSLAPolicy)
	op(s, huma.Operation{OperationID: "list-kb-articles", Method: http.MethodGet, Path: "/api/v1/kb/articles",
		Summary: "List knowledge-base articles, or search them (q)", Tags: []string{"Support"}}, support.PermArticleRead, s.listArticles)
	op(s, huma.Operation{OperationID: "create-kb-article", Method: http.MethodPost, Path: "/api/v1/kb/articles", DefaultStatus: 201,
		Summary: "Write a knowledge-base article", Tags: []string{"Support"}}, support.PermArticleManage, s.createArticle)
	op(s, huma.Operation{OperationID: "get-kb-article", Method: http.MethodGet, Path: "/api/v1/kb/articles/{id}",
		Summary: "Get a knowledge-base article", Tags: []string{"Support"}}, support.PermArticleRead, s.getArticle)
	op(s, huma.Operation{OperationID: "replace-kb-article", Method: http.MethodPut, Path: "/api/v1/kb/articles/{id}",
		Summary: "Replace a knowledge-base article (publish or unpublish it)", Tags: []string{"Support"}}, support.PermArticleManage, s.replaceArticle)

	// Returns (RMA)
	op(s, exportable(s, huma.Operation{OperationID: "list-returns", Method: http.MethodGet, Path: "/api/v1/returns",
		Summary: "List returns, newest first (format=csv|xlsx exports them)", Tags: []string{"Returns"}}, "returns", returnColumns),
		returns.PermRead, s.listReturns)
	op(s, huma.Operation{OperationID: "authorize-return", Method: http.MethodPost, Path: "/api/v1/returns", DefaultStatus: 201,
		Summary: "Authorize a return of delivered order lines, from an order or a ticket", Tags: []string{"Returns"}},
		returns.PermAuthorize, s.authorizeReturn)
	op(s, huma.Operation{OperationID: "get-return", Method: http.MethodGet, Path: "/api/v1/returns/{id}",
		Summary: "Get a return by ID or number", Tags: []string{"Returns"}}, returns.PermRead, s.getReturn)
	op(s, huma.Operation{OperationID: "receive-return", Method: http.MethodPost, Path: "/api/v1/returns/{id}/receive",
		Summary: "Receive a return: restock it into a location (valued at standard cost) or scrap it", Tags: []string{"Returns"}},
		returns.PermReceive, s.receiveReturn)
	op(s, huma.Operation{OperationID: "credit-return", Method: http.MethodPost, Path: "/api/v1/returns/{id}/credit",
		Summary: "Issue the credit notes of a received return on the order's invoices", Tags: []string{"Returns"}},
		returns.PermCredit, action(s.deps.Returns.Credit, returnOut))
	op(s, huma.Operation{OperationID: "cancel-return", Method: http.MethodPost, Path: "/api/v1/returns/{id}/cancel",
		Summary: "Cancel an authorized return", Tags: []string{"Returns"}}, returns.PermAuthorize, action(s.deps.Returns.Cancel, returnOut))

	// Finance reference data
	op(s, huma.Operation{OperationID: "list-ledger-accounts", Method: http.MethodGet, Path: "/api/v1/ledger/accounts",
		Summary: "The chart of accounts", Tags: []string{"Ledger"}}, ledger.PermAccountRead, s.listAccounts)
	op(s, huma.Operation{OperationID: "create-ledger-account", Method: http.MethodPost, Path: "/api/v1/ledger/accounts", DefaultStatus: 201,
		Summary: "Add an account to the chart", Tags: []string{"Ledger"}}, ledger.PermAccountUpdate, s.createAccount)
	op(s, huma.Operation{OperationID: "list-ledger-account-lines", Method: http.MethodGet, Path: "/api/v1/ledger/accounts/{code}/entries",
		Summary: "An account's entry lines in entry order", Tags: []string{"Ledger"}}, ledger.PermEntryRead, s.accountLines)
	op(s, huma.Operation{OperationID: "post-ledger-entry", Method: http.MethodPost, Path: "/api/v1/ledger/entries", DefaultStatus: 201,
		Summary: "Post a manual journal entry (it must balance per currency)", Tags: []string{"Ledger"}}, ledger.PermEntryCreate, s.postEntry)
	op(s, huma.Operation{OperationID: "get-ledger-entry", Method: http.MethodGet, Path: "/api/v1/ledger/entries/{id}",
		Summary: "Get a journal entry by ID or number", Tags: []string{"Ledger"}}, ledger.PermEntryRead, s.getEntry)
	op(s, huma.Operation{OperationID: "reverse-ledger-entry", Method: http.MethodPost, Path: "/api/v1/ledger/entries/{id}/reverse", DefaultStatus: 201,
		Summary: "Reverse a journal entry (entries are never changed)", Tags: []string{"Ledger"}}, ledger.PermEntryReverse, s.reverseEntry)
	op(s, huma.Operation{OperationID: "get-trial-balance", Method: http.MethodGet, Path: "/api/v1/ledger/trial-balance",
		Summary: "Trial balance per account and currency as of a day", Tags: []string{"Ledger"}}, ledger.PermEntryRead, s.trialBalance)
	op(s, huma.Operation{OperationID: "list-currencies", Method: http.MethodGet, Path: "/api/v1/currencies",
		Summary: "List the currencies in use", Tags: []string{"Finance"}}, ledger.PermCurrencyRead, s.listCurrencies)
	op(s, huma.Operation{OperationID: "create-currency", Method: http.MethodPost, Path: "/api/v1/currencies", DefaultStatus: 201,
		Summary: "Put an ISO 4217 currency in use", Tags: []string{"Finance"}}, ledger.PermCurrencyUpdate, s.createCurrency)
	op(s, huma.Operation{OperationID: "get-currency", Method: http.MethodGet, Path: "/api/v1/currencies/{code}",
		Summary: "Get a currency", Tags: []string{"Finance"}}, ledger.PermCurrencyRead, s.getCurrency)
	op(s, huma.Operation{OperationID: "update-currency", Method: http.MethodPatch, Path: "/api/v1/currencies/{code}",
		Summary: "Rename, activate or deactivate a currency", Tags: []string{"Finance"}}, ledger.PermCurrencyUpdate, s.updateCurrency)
	op(s, huma.Operation{OperationID: "list-exchange-rates", Method: http.MethodGet, Path: "/api/v1/exchange-rates",
		Summary: "List exchange rates, or those in force on a day", Tags: []string{"Finance"}}, ledger.PermRateRead, s.listRates)
	op(s, huma.Operation{OperationID: "create-exchange-rate", Method: http.MethodPost, Path: "/api/v1/exchange-rates", DefaultStatus: 201,
		Summary: "Record an exchange rate valid from a day", Tags: []string{"Finance"}}, ledger.PermRateCreate, s.createRate)
	op(s, huma.Operation{OperationID: "delete-exchange-rate", Method: http.MethodDelete, Path: "/api/v1/exchange-rates/{id}", DefaultStatus: 204,
		Summary: "Delete a mistaken exchange rate", Tags: []string{"Finance"}}, ledger.PermRateDelete, s.deleteRate)
	op(s, huma.Operation{OperationID: "list-taxes", Method: http.MethodGet, Path: "/api/v1/taxes",
		Summary: "List taxes", Tags: []string{"Finance"}}, ledger.PermTaxRead, s.listTaxes)
	op(s, huma.Operation{OperationID: "create-tax", Method: http.MethodPost, Path: "/api/v1/taxes", DefaultStatus: 201,
		Summary: "Create a tax", Tags: []string{"Finance"}}, ledger.PermTaxCreate, s.createTax)
	op(s, huma.Operation{OperationID: "get-tax", Method: http.MethodGet, Path: "/api/v1/taxes/{code}",
		Summary: "Get a tax", Tags: []string{"Finance"}}, ledger.PermTaxRead, s.getTax)
	op(s, huma.Operation{OperationID: "update-tax", Method: http.MethodPatch, Path: "/api/v1/taxes/{code}",
		Summary: "Change a tax", Tags: []string{"Finance"}}, ledger.PermTaxUpdate, s.updateTax)
	op(s, huma.Operation{OperationID: "list-payment-terms", Method: http.MethodGet, Path: "/api/v1/payment-terms",
		Summary: "List payment terms", Tags: []string{"Finance"}}, ledger.PermTermRead, s.listPaymentTerms)
	op(s, huma.Operation{OperationID: "create-payment-term", Method: http.MethodPost, Path: "/api/v1/payment-terms", DefaultStatus: 201,
		Summary: "Create a payment term", Tags: []string{"Finance"}}, ledger.PermTermCreate, s.createPaymentTerm)
	op(s, huma.Operation{OperationID: "get-payment-term", Method: http.MethodGet, Path: "/api/v1/payment-terms/{code}",
		Summary: "Get a payment term", Tags: []string{"Finance"}}, ledger.PermTermRead, s.getPaymentTerm)
	op(s, huma.Operation{OperationID: "update-payment-term", Method: http.MethodPatch, Path: "/api/v1/payment-terms/{code}",
		Summary: "Change a payment term", Tags: []string{"Finance"}}, ledger.PermTermUpdate, s.updatePaymentTerm)

	// Background jobs (their creator sees them)
	op(s, huma.Operation{OperationID: "get-job", Method: http.MethodGet, Path: "/api/v1/jobs/{id}",
		Summary: "Get a background job: status, progress, result", Tags: []string{"Jobs"}}, authz.Authenticated, s.getJob)
	op(s, huma.Operation{OperationID: "get-job-problems", Method: http.MethodGet, Path: "/api/v1/jobs/{id}/problems.csv",
		Summary: "Download an import job's problems as CSV", Tags: []string{"Jobs"}}, authz.Authenticated, s.jobProblems)

	// Module switches
	op(s, huma.Operation{OperationID: "list-modules", Method: http.MethodGet, Path: "/api/v1/modules",
		Summary: "List modules and whether they are on", Tags: []string{"Modules"}}, authz.Authenticated, s.listModules)
	op(s, huma.Operation{OperationID: "update-module", Method: http.MethodPatch, Path: "/api/v1/modules/{module}",
		Summary: "Switch a module on or off", Tags: []string{"Modules"}}, identity.PermModuleUpdate, s.updateModule)

	// Events and webhooks (integration)
	mux.HandleFunc("GET /api/asyncapi.json", s.asyncAPI)
	op(s, huma.Operation{OperationID: "list-event-types", Method: http.MethodGet, Path: "/api/v1/events/types",
		Summary: "The event catalog: every event type with the JSON Schema of its envelope", Tags: []string{"Events"}},
		events.PermRead, s.listEventTypes)
	op(s, huma.Operation{OperationID: "list-events", Method: http.MethodGet, Path: "/api/v1/events",
		Summary: "The events feed: events in publication order after a cursor",
		Description: "Poll with the next_cursor of the previous page (it is set even when the page is empty). Events arrive at least " +
			"once per consumer only if the consumer keeps its cursor; deduplicate by id. Events are kept for CONCORD_EVENT_RETENTION.",
		Tags: []string{"Events"}}, events.PermRead, s.eventFeed)
	op(s, huma.Operation{OperationID: "list-webhook-endpoints", Method: http.MethodGet, Path: "/api/v1/webhook-endpoints",
		Summary: "List webhook endpoints", Tags: []string{"Webhooks"}}, webhook.PermRead, s.listEndpoints)
	op(s, huma.Operation{OperationID: "create-webhook-endpoint", Method: http.MethodPost, Path: "/api/v1/webhook-endpoints", DefaultStatus: 201,
		Summary: "Register a webhook endpoint; the answer shows its signing secret this once", Tags: []string{"Webhooks"}},
		webhook.PermManage, s.createEndpoint)
	op(s, huma.Operation{OperationID: "get-webhook-endpoint", Method: http.MethodGet, Path: "/api/v1/webhook-endpoints/{id}",
		Summary: "Get a webhook endpoint", Tags: []string{"Webhooks"}}, webhook.PermRead, s.getEndpoint)
	op(s, huma.Operation{OperationID: "replace-webhook-endpoint", Method: http.MethodPut, Path: "/api/v1/webhook-endpoints/{id}",
		Summary: "Change a webhook endpoint's URL, event types or active flag", Tags: []string{"Webhooks"}}, webhook.PermManage, s.replaceEndpoint)
	op(s, huma.Operation{OperationID: "delete-webhook-endpoint", Method: http.MethodDelete, Path: "/api/v1/webhook-endpoints/{id}", DefaultStatus: 204,
		Summary: "Delete a webhook endpoint", Tags: []string{"Webhooks"}}, webhook.PermManage, s.deleteEndpoint)
	op(s, huma.Operation{OperationID: "rotate-webhook-secret", Method: http.MethodPost, Path: "/api/v1/webhook-endpoints/{id}/rotate-secret",
		Summary: "Give a webhook endpoint a new signing secret, shown this once", Tags: []string{"Webhooks"}}, webhook.PermManage, s.rotateSecret)
	op(s, huma.Operation{OperationID: "list-webhook-deliveries", Method: http.MethodGet, Path: "/api/v1/webhook-endpoints/{id}/deliveries",
		Summary: "An endpoint's delivery log, newest first", Tags: []string{"Webhooks"}}, webhook.PermRead, s.listDeliveries)
	op(s, huma.Operation{OperationID: "get-webhook-delivery", Method: http.MethodGet, Path: "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}",
		Summary: "A delivery with its attempts and payload", Tags: []string{"Webhooks"}}, webhook.PermRead, s.getDelivery)
	op(s, huma.Operation{OperationID: "redeliver-webhook-delivery", Method: http.MethodPost,
		Path:    "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver",
		Summary: "Send a finished delivery again now", Tags: []string{"Webhooks"}}, webhook.PermManage, s.redeliver)

	if more != nil {
		more(s)
	}

	metrics := httpx.NewMetrics(d.Metrics)
	csrf := http.NewCrossOriginProtection()
	// Website forms on other origins post leads; the endpoint is public and
	// acts for no one, so there is no session to forge a request with.
	csrf.AddInsecureBypassPattern("POST /api/v1/leads/capture")
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, apperr.New(apperr.KindForbidden, "cross_origin_request", "cross-origin writes are refused"))
	}))
	return httpx.Middleware(csrf.Handler(s.authenticate(d.Idempotency(httpx.Routed(mux, uiPattern)))), d.Log, metrics)
}

// op registers an operation that needs perm: a permission name,
// authz.Authenticated or authz.Public. Before the input is even decoded, the
// caller must be signed in (401), hold perm (403 forbidden) and the
// operation's module must be switched on (403 module_disabled).
func op[I, O any](s *server, o huma.Operation, perm string, h func(context.Context, *I) (*O, error)) {
	if perm == "" {
		panic("httpapi: operation " + o.OperationID + " declares no permission")
	}
	if o.Extensions == nil {
		o.Extensions = map[string]any{}
	}
	o.Extensions[PermissionExtension] = perm
	if perm != authz.Public {
		o.Security = []map[string][]string{{"bearer": {}}, {"session": {}}}
		o.Errors = append(o.Errors, http.StatusUnauthorized, http.StatusForbidden)
	}
	// Authorization runs before any middleware the operation brings.
	o.Middlewares = append(huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		if err := s.authorize(ctx.Context(), perm, o.Method); err != nil {
			httpx.WriteHumaError(s.api, ctx, err)
			return
		}
		next(ctx)
	}}, o.Middlewares...)
	s.deps.Catalog.Add(perm)
	huma.Register(s.api, o, h)
}

// ErrModuleDisabled answers requests to a module an administrator switched off.
var ErrModuleDisabled = apperr.New(apperr.KindForbidden, "module_disabled", "this module is switched off; an administrator can switch it on")

func (s *server) authorize(ctx context.Context, perm, method string) error {
	if err := authz.Require(ctx, perm); err != nil {
		return err
	}
	if perm == authz.Authenticated && method != http.MethodGet && !authz.FromContext(ctx).Scoped(authz.SelfUpdate) {
		return authz.ErrForbidden
	}
	module, _, _ := strings.Cut(perm, ".")
	on, err := s.deps.Identity.ModuleEnabled(ctx, module)
	if err != nil {
		return err
	}
	if !on {
		return ErrModuleDisabled
	}
	return nil
}

// guard protects a plain handler (outside the API document) with a permission.
func (s *server) guard(perm string, h http.Handler) http.Handler {
	s.deps.Catalog.Add(perm)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.authorize(r.Context(), perm, r.Method); err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// invalidQuantity reports a quantity parameter that is not a decimal string.
func invalidQuantity(field string, err error) error {
	return apperr.Invalid("not a quantity", apperr.Field(field, "invalid", err.Error()))
}
