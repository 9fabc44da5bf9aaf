# Concord — the two commands a fresh clone needs:
#   make run    build and start Concord with demo data on the embedded SQLite default
#   make test   every check and every test, on SQLite and PostgreSQL

GO ?= go
BIN := bin/concord
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/concord-erp/concord/internal/platform/buildinfo.Version=$(VERSION)

# PostgreSQL for the storage tests; every test gets a schema of its own.
export CONCORD_TEST_POSTGRES_URL ?= postgres://root@127.0.0.1:5432/test?sslmode=disable

.PHONY: run build ui test fmt-check vet lint unit web-test web-deps web-api-check client client-check example

# serve --demo loads the demo company into an empty database (once; a
# second run adds nothing and prints the same credentials). The web UI is
# built first so the binary embeds it.
run: ui build
	./$(BIN) serve --demo

# The web UI, built into internal/webui/dist, which the binary embeds.
ui:
	cd web && npm ci --no-audit --no-fund && npm run build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/concord

test: fmt-check vet lint unit client-check example web-test

fmt-check:
	@unformatted="$$(gofmt -l cmd internal client examples)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	@echo "gofmt: ok"

vet:
	$(GO) vet ./...

lint:
	$(GO) tool staticcheck ./...
	@echo "staticcheck: ok"

# gotestsum prints one line per package and a closing summary; the lines
# after it count the PostgreSQL subtests so a run shows they were not skipped.
# internal/app runs every API test on both engines under the race detector,
# which on a busy machine takes longer than go test's default 10 minutes;
# hence the explicit timeout.
unit:
	@mkdir -p bin
	$(GO) tool gotestsum --format pkgname --jsonfile bin/test.json -- -race -count=1 -timeout 30m ./...
	@echo "PostgreSQL subtests passed: $$(grep -c '"Action":"pass".*"Test":"[^"]*/postgres"' bin/test.json || true)"
	@echo "PostgreSQL subtests skipped: $$(grep -c '"Action":"skip".*"Test":"[^"]*/postgres"' bin/test.json || true)"

# The generated Go client (client/client.gen.go) from the OpenAPI 3.0
# document; client-check regenerates it into a temporary directory and
# fails when the committed one differs (the API changed without it).
client:
	@mkdir -p bin
	$(GO) run ./cmd/concord openapi --3.0 > bin/openapi-3.0.json
	cd client && $(GO) tool oapi-codegen -config oapi-codegen.yaml ../bin/openapi-3.0.json

client-check:
	@mkdir -p bin; tmp="$$(mktemp -d)"; \
	$(GO) run ./cmd/concord openapi --3.0 > bin/openapi-3.0.json && \
	sed "s|^output: .*|output: $$tmp/client.gen.go|" client/oapi-codegen.yaml > "$$tmp/config.yaml" && \
	$(GO) tool oapi-codegen -config "$$tmp/config.yaml" bin/openapi-3.0.json || { rm -rf "$$tmp"; exit 1; }; \
	if ! diff -q client/client.gen.go "$$tmp/client.gen.go" >/dev/null; then \
		rm -rf "$$tmp"; echo "client/client.gen.go is stale: the API changed. Run 'make client' and commit it."; exit 1; \
	fi; rm -rf "$$tmp"; echo "client/client.gen.go: up to date with the Go API"

# Builds the example integration program and runs it against a started
# server: the public API proven usable by a client nobody wrote by hand.
example: build
	$(GO) build -o bin/o2c ./examples/o2c
	./examples/o2c/run.sh ./$(BIN)

# The web UI's checks: the typed client matches the Go API, type check, lint,
# component tests, then the end-to-end tests in Debian's Chromium against a
# binary with the UI built in (screenshots go to web/artifacts/).
web-test: web-deps web-api-check
	cd web && npm run typecheck
	@echo "typecheck: ok"
	cd web && npm run lint
	@echo "eslint: ok"
	cd web && npm test
	cd web && npm run build
	$(MAKE) build
	cd web && CONCORD_BIN=../$(BIN) npm run e2e

web-deps:
	cd web && npm ci --no-audit --no-fund

# Regenerates the API types from the current Go code into a temporary file:
# a difference means the API changed and web/src/api/schema.d.ts (and the
# UI code using it) was not brought along.
web-api-check:
	@tmp="$$(mktemp --suffix=.d.ts)"; \
	(cd web && node scripts/gen-api.mjs "$$tmp" >/dev/null) || { rm -f "$$tmp"; exit 1; }; \
	if ! diff -u web/src/api/schema.d.ts "$$tmp"; then \
		rm -f "$$tmp"; \
		echo "web/src/api/schema.d.ts is stale: the API changed. Run 'cd web && npm run gen:api', fix what the type check then finds, and commit both."; \
		exit 1; \
	fi; \
	rm -f "$$tmp"; echo "web/src/api/schema.d.ts: up to date with the Go API"
