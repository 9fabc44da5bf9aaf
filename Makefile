# Concord — the two commands a fresh clone needs:
#   make run    build and start Concord with demo data on the embedded SQLite default
#   make test   every check and every test, on SQLite and PostgreSQL

GO ?= go
BIN := bin/concord
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/concord-erp/concord/internal/platform/buildinfo.Version=$(VERSION)

# PostgreSQL for the storage tests; every test gets a schema of its own.
export CONCORD_TEST_POSTGRES_URL ?= postgres://root@127.0.0.1:5432/test?sslmode=disable

.PHONY: run build test fmt-check vet lint unit

# serve --demo loads the demo company into an empty database (once; a
# second run adds nothing and prints the same credentials).
run: build
	./$(BIN) serve --demo

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/concord

test: fmt-check vet lint unit

fmt-check:
	@unformatted="$$(gofmt -l cmd internal)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	@echo "gofmt: ok"

vet:
	$(GO) vet ./...

lint:
	$(GO) tool staticcheck ./...
	@echo "staticcheck: ok"

# gotestsum prints one line per package and a closing summary; the lines
# after it count the PostgreSQL subtests so a run shows they were not skipped.
unit:
	@mkdir -p bin
	$(GO) tool gotestsum --format pkgname --jsonfile bin/test.json -- -race -count=1 ./...
	@echo "PostgreSQL subtests passed: $$(grep -c '"Action":"pass".*"Test":"[^"]*/postgres"' bin/test.json || true)"
	@echo "PostgreSQL subtests skipped: $$(grep -c '"Action":"skip".*"Test":"[^"]*/postgres"' bin/test.json || true)"
