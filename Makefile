# The two commands of the README, and the developer's others.
#   make demo   install what is missing, build, create the demo store, serve it
#   make test   install what is missing, build, run every test
# Other targets: build, bench, format, fuzz, clean.

PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
DEMO_STORE ?= demo.chorus
CHORUS := $(BUILD_DIR)/src/cli/chorus

.PHONY: all bootstrap build demo test test-unit test-asan bench format clean

all: build

bootstrap:
	@bash scripts/bootstrap

build: bootstrap
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

demo: build
	@bash scripts/demo "$(CHORUS)" "$(DEMO_STORE)"

test: build
	@bash scripts/test-all "$(BUILD_DIR)"

bench: build
	@bash scripts/bench "$(BUILD_DIR)"

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf build
