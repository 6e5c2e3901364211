# The two commands of the README, and the developer's others.
#   make demo   install what is missing, build, create the demo store, serve it
#   make test   install what is missing, build, run every test
# Other targets: build, test-asan, bench, fuzz (FUZZ_SECONDS=60 per target), format, clean.

PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
DEMO_STORE ?= demo.chorus
CHORUS := $(BUILD_DIR)/src/cli/chorus

.PHONY: all bootstrap build demo test test-unit test-asan bench fuzz format clean

all: build

bootstrap:
	@bash scripts/bootstrap

# In CI (CI=true, a clean checkout built once) the release build is a unity
# build, 8 files a unit: the same sources in a third fewer compiler runs.
# Day to day it is not, so a one-file change recompiles one file.
UNITY_FLAGS := $(if $(filter true,$(CI)),-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8,)

build: bootstrap
	@cmake --preset $(PRESET) $(UNITY_FLAGS) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

demo: build
	@bash scripts/demo "$(CHORUS)" "$(DEMO_STORE)"

# After the release tests, scripts/test-all builds the unit tests once more
# with AddressSanitizer and UBSan (the asan preset, in ASAN_DIR) and runs
# them (scripts/test-sanitized); `make test-asan` does only that.
ASAN_DIR := build/asan

test: build
	@bash scripts/test-all "$(BUILD_DIR)" "$(ASAN_DIR)"

test-asan: bootstrap
	@bash scripts/test-sanitized "$(ASAN_DIR)"

# Each libFuzzer target of tests/fuzz for FUZZ_SECONDS (clang, build/fuzz).
# Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz

bench: build
	@bash scripts/bench "$(BUILD_DIR)"

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf build
