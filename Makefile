# The plugin, its tests, and the real Vault and SeaweedFS they run against.
# `make dev` runs it; `make test` tests it (unit, fuzz, race and end-to-end).

GO       ?= go
PLUGIN   := vault-plugin-secrets-integrations
BIN      := bin/$(PLUGIN)
FUZZTIME ?= 5s

.PHONY: all build dev test unit race fuzz seaweed e2e bench bench-go fmt fmt-check lint tools vault weed clean

all: build

# Built beside the target and renamed over it, so that a test copying the
# plugin into a Vault plugin dir never reads a half-written binary.
build:
	$(GO) build -trimpath -o $(BIN).tmp.$$$$ ./cmd/$(PLUGIN) && mv -f $(BIN).tmp.$$$$ $(BIN)

# The real servers, built once into a cache outside the repo (see scripts/build-tool.sh).
vault:
	scripts/build-tool.sh vault
weed:
	scripts/build-tool.sh weed
tools: vault weed

dev: build vault
	scripts/dev.sh

test: lint unit race fuzz seaweed e2e

unit:
	$(GO) test -count=1 ./...

# The packages with locks and concurrency, under the race detector.
race:
	$(GO) test -count=1 -race ./backend/... ./internal/...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzWrite$$' -fuzztime $(FUZZTIME) ./backend

# Rotation against a real IAM/STS endpoint: tests that start `weed mini`
# run only where WEED_BIN is set, so a plain `go test ./...` skips them.
WEED_ENV := WEED_BIN=$(CURDIR)/bin/weed

seaweed: weed
	$(WEED_ENV) $(GO) test -count=1 -race -run 'Seaweed' ./backend/...

e2e: build tools
	$(WEED_ENV) $(GO) test -count=1 -tags e2e -timeout 30m ./e2e/... ./internal/devvault/...

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./backend

bench: build vault
	scripts/bench.sh $(ARGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

lint: fmt-check
	$(GO) vet ./...
	$(GO) vet -tags e2e ./...

clean:
	rm -f $(BIN)
