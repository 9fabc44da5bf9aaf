// Package archtest enforces the package dependency rules of the architecture
// (docs/architecture.md): platform packages know no business module, a
// module imports only the modules below it, handlers never touch SQL, and
// only the binary knows the composition root.
package archtest

import (
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "github.com/concord-erp/concord"

// allowedModules lists, for each business module, the other business modules
// it may import. A module missing from this table may not exist: adding a
// package means deciding its place here first.
var allowedModules = map[string][]string{
	"party":        {},
	"product":      {},
	"ledger":       {},
	"approval":     {},
	"identity":     {},
	"crm":          {"party"},
	"inventory":    {"product", "ledger"},
	"sales":        {"party", "product", "inventory", "ledger", "approval", "crm"},
	"purchasing":   {"party", "product", "inventory", "ledger", "approval"},
	"production":   {"product", "inventory"},
	"billing":      {"party", "product", "sales", "purchasing", "ledger"},
	"support":      {"party", "product", "sales", "billing"},
	"returns":      {"sales", "inventory", "billing", "support"},
	"marketing":    {"party", "crm", "sales"},
	"integration":  {},
	"webhook":      {},
	"events":       {},
	"analytics":    {},
	"intelligence": {},
}

// forbiddenForHandlers are packages the HTTP layer must not import: it calls
// services, never the database.
var forbiddenForHandlers = []string{"database/sql", module + "/internal/platform/db", module + "/internal/platform/schema"}

type pkg struct {
	path    string
	imports []string
}

func list(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkgs = append(pkgs, pkg{path: fields[0], imports: fields[1:]})
	}
	return pkgs
}

// area classifies an internal package: "platform", "app", "httpapi",
// "webui", "archtest", or a business module name.
func area(p string) string {
	rel := strings.TrimPrefix(p, module+"/internal/")
	if rel == p {
		return ""
	}
	return strings.Split(rel, "/")[0]
}

func TestDependencyRules(t *testing.T) {
	for _, p := range list(t) {
		from := area(p.path)
		for _, imp := range p.imports {
			to := area(imp)
			switch from {
			case "":
				if p.path == module+"/cmd/concord" && (to == "app" || strings.HasPrefix(imp, module+"/internal/platform/")) || to == "" {
					continue
				}
				if strings.HasPrefix(p.path, module+"/bench/") {
					continue // benchmarks, like tests, may drive any package
				}
				t.Errorf("%s imports %s: the binary imports only app and platform", p.path, imp)
			case "platform":
				if to != "" && to != "platform" {
					t.Errorf("%s imports %s: platform packages know no business module", p.path, imp)
				}
			case "app", "archtest":
			case "httpapi", "webui":
				for _, f := range forbiddenForHandlers {
					if imp == f {
						t.Errorf("%s imports %s: handlers call services and never touch the database", p.path, imp)
					}
				}
				if to == "app" {
					t.Errorf("%s imports %s", p.path, imp)
				}
			default:
				allowed, known := allowedModules[from]
				if !known {
					t.Errorf("%s is not a known module; add it to allowedModules and docs/architecture.md", p.path)
					continue
				}
				if to == "" || to == "platform" || to == from {
					continue
				}
				ok := false
				for _, a := range allowed {
					ok = ok || a == to
				}
				if !ok {
					t.Errorf("%s imports %s: module %s may import only %v (react to higher modules through outbox events)", p.path, imp, from, allowed)
				}
			}
		}
	}
}

func TestNoBucketPackages(t *testing.T) {
	for _, p := range list(t) {
		switch path.Base(p.path) {
		case "util", "utils", "common", "models", "helpers", "misc":
			t.Errorf("%s: name packages for what they hold", p.path)
		}
	}
}
