# LISA Admin. The two commands: `make dev` (the app against the mock LISA with demo data) and
# `make test` (every test). Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
CARGO ?= cargo
DEV_API_ADDR ?= 127.0.0.1:8090
DEV_APP_ADDR ?= 127.0.0.1:8080
export TRUNK_OFFLINE := true

.PHONY: setup dist native-build dev test test-native check-layout e2e size bench screenshots clean lint-deploy test-deploy

setup:
	@scripts/setup.sh

dist: setup
	@scripts/build-dist.sh dist

native-build: setup
	$(CARGO) build --quiet -p lisa-mock -p lisa-e2e --bins --tests

## make dev: build, then run the mock LISA (demo data) and the app on loopback.
dev: dist native-build
	@echo
	@echo "  LISA Admin:       http://$(DEV_APP_ADDR)/admin/"
	@echo "  Mock LISA API:    http://$(DEV_API_ADDR)   (demo data, workflows take ~4 s)"
	@echo "  Admin token:      demo-admin-token"
	@echo "  Non-admin token:  demo-user-token"
	@echo "  Stop with Ctrl-C."
	@echo
	@trap 'kill 0' EXIT INT TERM; \
	  target/debug/lisa-mock --addr $(DEV_API_ADDR) & \
	  target/debug/serve-dist --addr $(DEV_APP_ADDR) --prefix /admin --dist dist & \
	  wait

## make test: native tests (contract rules, verdict replays, mock), browser tests, size budget.
test: dist native-build check-layout test-native e2e size lint-deploy test-deploy

## The layout rule (ARCHITECTURE.md): LISA's API crate and the mock never depend on the console's
## logic, so nothing console-specific can leak into what must stay LISA's contract.
check-layout:
	@for crate in lisa-mock lisa-api; do \
	  if $(CARGO) tree --quiet -p $$crate --prefix none -e normal,build,dev | grep -q '^lisa-console '; then \
	    echo "check-layout: $$crate depends on lisa-console (see ARCHITECTURE.md)" >&2; exit 1; \
	  fi; \
	done
	@echo "check-layout: lisa-mock and lisa-api do not depend on lisa-console"

test-native:
	$(CARGO) test --quiet -p lisa-api -p lisa-console -p lisa-mock

e2e:
	$(CARGO) test --quiet -p lisa-e2e --test e2e

size:
	@$(CARGO) run --quiet -p lisa-e2e --bin bundle-size -- --dist dist --budget-kb 300

## The deployment kit: cfn-lint on the CloudFormation template; deploy.sh's dry run and the
## CloudFront Function's routing rule (tests/tests/deploy.rs, tests/tests/deploy/template.rs).
lint-deploy: setup
	.tools/venv/bin/cfn-lint deploy/cloudformation.yaml

test-deploy:
	$(CARGO) test --quiet -p lisa-e2e --test deploy

bench: dist native-build
	$(CARGO) run --quiet -p lisa-e2e --bin bench

## make screenshots: every page and dialog at 1440, 1024 and 390 px wide, light and dark, as PNGs
## in target/screenshots/ (<page>-<width>-<theme>.png). PAGES="catalogue user-metrics" for some.
screenshots: dist native-build
	$(CARGO) run --quiet -p lisa-e2e --bin screenshots -- $(PAGES)

clean:
	rm -rf dist target
