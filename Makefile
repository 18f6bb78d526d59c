# Plantel release builds. `make help` lists the targets. Other blocks of this Makefile
# (e.g. `bench`) belong to other areas; this block is the release area's (issue 11).

# ---- release (issue 11) -----------------------------------------------------------------
# The version comes from one place: wails.json "info.productVersion" (Wails writes it into
# the Windows version resource and the macOS Info.plist); the binaries get it, the commit
# and the build date through backend/version.
VERSION ?= $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
VPKG    := github.com/plantel/plantel/backend/version
LDFLAGS := -X $(VPKG).Version=$(VERSION) -X $(VPKG).Commit=$(COMMIT) -X $(VPKG).Date=$(DATE)
WAILS   ?= $(shell go env GOPATH)/bin/wails
BIN     := build/bin

.PHONY: help frontend linux deb windows server macos release-check

help:
	@echo "make linux          build/bin/plantel (Linux amd64, WebKitGTK 4.1)"
	@echo "make deb            build/bin/plantel_$(VERSION)_amd64.deb (nfpm; depends on libgtk-3-0, libwebkit2gtk-4.1-0)"
	@echo "make windows        build/bin/plantel.exe and the NSIS installer, cross-built (needs apt nsis)"
	@echo "make server         build/bin/plantel-server-linux-{amd64,arm64}, static (CGO_ENABLED=0)"
	@echo "make macos          prints how to build the macOS bundle (needs a Mac)"
	@echo "make release-check  tests/release/check.sh: builds and checks the .deb and the Windows files"
	@echo "version $(VERSION), commit $(COMMIT)"

# The frontend is built once here; Wails is told to skip it (-s), so it never runs npm ci.
frontend:
	cd frontend && npm run build

linux: frontend
	$(WAILS) build -s -skipbindings -clean -tags webkit2_41 -ldflags "$(LDFLAGS)"
	@$(BIN)/plantel --version

deb: linux
	cd scripts/plantel-pkg && go run . -bin ../../$(BIN)/plantel -icon ../../build/appicon.png \
		-version $(VERSION) -out ../../$(BIN)

windows: frontend
	$(WAILS) build -s -skipbindings -platform windows/amd64 -nsis -ldflags "$(LDFLAGS)"

# The headless sync server (backend/cmd/plantel-server, from the sync work). Until it
# exists in this tree the target says so and succeeds.
server:
	@if [ -d backend/cmd/plantel-server ]; then \
		for arch in amd64 arm64; do \
			CGO_ENABLED=0 GOOS=linux GOARCH=$$arch go build -trimpath -ldflags "-s -w $(LDFLAGS)" \
				-o $(BIN)/plantel-server-linux-$$arch ./backend/cmd/plantel-server || exit 1; \
			echo "$(BIN)/plantel-server-linux-$$arch"; \
		done; \
	else echo "backend/cmd/plantel-server is not in this tree yet: nothing to build"; fi

macos:
	@echo "The macOS bundle needs a Mac with Xcode's command line tools:"
	@echo "  wails build -platform darwin/universal -ldflags \"$(LDFLAGS)\""
	@echo "build/darwin/Info.plist and build/appicon.png are the bundle's configuration."

release-check:
	bash tests/release/check.sh
# ---- end of release ------------------------------------------------------------------------

# ---- performance (issue 10) -------------------------------------------------------------
# `make bench` measures the app at scale (issue #10): 100,000 users
# and 1,000,000 clients, many minutes; `make bench BENCH_FLAGS=--small` is 10× smaller.
# Figures go to bench/results.json (generated, not committed).
BENCH_FLAGS ?=

.PHONY: bench
bench:
	nice go run ./backend/cmd/plantel-bench $(BENCH_FLAGS)
