package httpx

import (
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/concord-erp/concord/internal/platform/money"
)

var installErrors sync.Once

// NewAPI returns a huma API on mux that serves the OpenAPI 3.1 document at
// /api/openapi.json (and .yaml) and the browsable reference at /api/docs.
// Every error a huma operation produces becomes a Problem.
func NewAPI(mux *http.ServeMux, title, version, description string) huma.API {
	installErrors.Do(func() {
		// huma's error constructors are package variables; they are set once
		// for the process and Concord has one kind of error document.
		huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
			return humaError(nil, status, msg, errs...)
		}
		huma.NewErrorWithContext = humaError
	})
	cfg := huma.DefaultConfig(title, version)
	cfg.Components.Schemas = NewSchemaRegistry("#/components/schemas/")
	cfg.Info.Description = description
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = "/api/docs"
	cfg.SchemasPath = "/api/schemas"
	// Responses carry no "$schema" links: the OpenAPI document is the
	// contract, and payloads stay plain.
	cfg.CreateHooks = nil
	return humago.New(mux, cfg)
}

// NewSchemaRegistry returns a registry that describes Go types as the API
// document does, with references under prefix. The event catalog uses it,
// so an event's data has the schema of the resource in the API.
func NewSchemaRegistry(prefix string) huma.Registry {
	r := huma.NewMapRegistry(prefix, schemaName)
	// Money and quantities marshal themselves as decimal strings; the
	// document must say so rather than describe their private fields.
	r.RegisterTypeAlias(reflect.TypeFor[money.Amount](), reflect.TypeFor[Amount]())
	r.RegisterTypeAlias(reflect.TypeFor[money.Quantity](), reflect.TypeFor[quantity]())
	return r
}

// modulePath is the import path prefix of Concord's business modules.
var modulePath = strings.TrimSuffix(reflect.TypeFor[Problem]().PkgPath(), "platform/httpx")

// schemaName names a type's schema in the API document. Types of modules
// (and of platform packages such as audit) are prefixed with the package
// unless their name already starts with it (party.Address → PartyAddress,
// party.Party → Party, audit.Entry → AuditEntry), so that two modules'
// Input types never collide and names say where they belong.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	pkg, ok := strings.CutPrefix(t.PkgPath(), modulePath)
	pkg = strings.TrimPrefix(pkg, "platform/")
	if !ok || strings.Contains(pkg, "/") || pkg == "httpapi" || pkg == "httpx" || pkg == "page" {
		return name
	}
	prefix := strings.ToUpper(pkg[:1]) + pkg[1:]
	if strings.HasPrefix(name, prefix) {
		return name
	}
	return prefix + name
}

// Amount is how the API document describes money.Amount.
type Amount struct {
	Amount   string `json:"amount" pattern:"^-?[0-9]+(\\.[0-9]+)?$" example:"1234.50" doc:"Decimal string with exactly the currency's minor digits or fewer; never a JSON number."`
	Currency string `json:"currency" pattern:"^[A-Za-z]{3}$" example:"EUR" doc:"ISO 4217 code."`
}

// quantity is how the API document describes money.Quantity.
type quantity string

// WriteHumaError writes err as a problem from inside a huma middleware.
func WriteHumaError(api huma.API, ctx huma.Context, err error) {
	// humaError classifies a lone error reported with status 500 exactly as
	// it classifies an error returned by a handler.
	_ = huma.WriteErr(api, ctx, http.StatusInternalServerError, "", err)
}
