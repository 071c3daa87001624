# The README's two commands: `make run` and `make test`. Each installs what is missing, configures once,
# builds with Ninja, and prints the wall time of every phase.
PRESET ?= dev
BUILD_DIR := build/$(PRESET)
TIMED := scripts/timed.sh

.PHONY: all deps configure build run test test-asan fuzz translations package clean

all: build

deps:
	@$(TIMED) deps scripts/install-deps.sh

configure: deps
	@if [ -f $(BUILD_DIR)/build.ninja ]; then echo "configure: $(BUILD_DIR) already configured"; \
	 else $(TIMED) configure cmake --preset $(PRESET); fi

build: configure
	@$(TIMED) build cmake --build --preset $(PRESET)

run: build
	@$(BUILD_DIR)/app/transfer-studio

test: build
	@$(TIMED) test ctest --preset $(PRESET)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

# The libFuzzer harnesses of tests/fuzz (clang-16, build/fuzz); then scripts/fuzz/make-corpora.sh and
# scripts/fuzz/run.sh HARNESS SECONDS (docs/security.md).
fuzz: deps
	@$(TIMED) fuzz-deps scripts/fuzz/install-deps.sh
	@if [ ! -f build/fuzz/build.ninja ]; then $(TIMED) fuzz-configure cmake --preset fuzz; fi
	@$(TIMED) fuzz-build cmake --build --preset fuzz

# Refresh translations/*.ts from the sources (lupdate); translate the new entries, then commit.
translations: configure
	@cmake --build --preset $(PRESET) --target update_translations

package: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf build
