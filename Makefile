# The two commands of the README, and the steps they are made of.
BUILD ?= build
JOBS ?= $(shell nproc)
LLVM_VERSION ?= 19
LIT = /usr/lib/llvm-$(LLVM_VERSION)/build/utils/lit/lit.py

.PHONY: all deps build demo check check-sanitized package check-package clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

demo: build
	@bash scripts/demo.sh $(BUILD)

check: build
	@python3 scripts/run-lit.py $(LIT) -sv $(BUILD)/test

# The plugin built with AddressSanitizer and UndefinedBehaviorSanitizer,
# and the whole suite run with it.
check-sanitized: deps
	cmake -S . -B $(BUILD)-sanitized -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DFORKSAFE_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-sanitized -j $(JOBS) -- --no-print-directory
	@python3 scripts/run-lit.py $(LIT) -sv $(BUILD)-sanitized/test

# The Debian package, and (as root) a test that installs it with apt.
package: build
	cd $(BUILD) && cpack -G DEB

check-package: package
	@bash scripts/test-package.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitized
