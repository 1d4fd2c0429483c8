# goflare: the two commands a new user runs are `make dev` and `make test`.
GO      ?= go
BIN     := bin/goflare
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
# Where the demo worker keeps its KV state between `make dev` runs.
FIXTURE ?= fixtures/hello-kv
DEPCHECK := ../shared/tools/depcheck

.PHONY: build dev test lint fuzz vitest bench cross clean

## build: the goflare binary, static (no cgo), into bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/goflare

## dev: build, then serve the demo worker on http://127.0.0.1:8787 with persisted KV state
dev: build
	cd $(FIXTURE) && $(CURDIR)/$(BIN) dev

## test: formatting, vet, import rules, every test (unit and e2e; e2e builds the real
## binary), each fuzz target for a few seconds, then the vitest suite (when Node is here)
FUZZ_TARGETS := ./config:FuzzParseTOML ./config:FuzzParseJSONC ./config:FuzzDotenv
## A count of inputs, not a duration: Go 1.26's fuzzer can fail a target that found
## nothing with "context deadline exceeded" when a duration runs out under load
## (go.dev/issue/75804, fixed in Go 1.27). 10,000 inputs take a second or two a target
## here, the TOML parser about seven.
FUZZTIME ?= 10000x
test: lint
	$(GO) test -race -count=1 ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)
	@$(MAKE) --no-print-directory vitest

## vitest: the JavaScript suite in e2e/vitest (vitest from the npm registry, pinned by
## its package-lock.json) against bin/goflare. Skipped, saying so, without node and npm,
## unless REQUIRE_VITEST=1 (CI sets it).
VITEST_DIR := e2e/vitest
vitest: build
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		cd $(VITEST_DIR) && \
		if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
			npm ci --no-audit --no-fund; fi && \
		GOFLARE_BIN=$(CURDIR)/$(BIN) npx vitest run; \
	elif [ "$(REQUIRE_VITEST)" = 1 ]; then \
		echo "vitest: node and npm are required (REQUIRE_VITEST=1)"; exit 1; \
	else \
		echo "vitest: skipped: node and npm were not found (install Node.js 18 or later to run e2e/vitest)"; \
	fi

## fuzz: each fuzz target for FUZZTIME (make fuzz FUZZTIME=5m for a long run)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@if [ -x $(DEPCHECK) ]; then $(DEPCHECK); else echo "depcheck: skipped ($(DEPCHECK) not found)"; fi

## bench: Go benchmarks (load and speed figures; never run by make test)
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@if command -v node >/dev/null 2>&1; then \
		cd $(VITEST_DIR) && GOFLARE_BIN=$(CURDIR)/$(BIN) node bench/start.js 20 && \
		GOFLARE_BIN=$(CURDIR)/$(BIN) node bench/kv-api.js 1000; \
	else echo "unstable_dev bench: skipped (no node)"; fi

## cross: static binaries for linux, darwin and windows on amd64 and arm64, into dist/
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
cross:
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "building dist/goflare-$$os-$$arch$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" \
			-o dist/goflare-$$os-$$arch$$ext ./cmd/goflare; \
	done

clean:
	rm -rf bin dist
