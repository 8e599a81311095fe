# The two commands of the README, and the steps they are made of.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check check-sanitized clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

demo: build
	@bash scripts/demo.sh $(BUILD)

check: build
	@cmake --build $(BUILD) --target check-forksafe -- --no-print-directory

# The plugin built with AddressSanitizer and UndefinedBehaviorSanitizer,
# and the whole suite run with it.
check-sanitized: deps
	cmake -S . -B $(BUILD)-sanitized -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DFORKSAFE_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-sanitized -j $(JOBS) -- --no-print-directory
	@cmake --build $(BUILD)-sanitized --target check-forksafe -- --no-print-directory

clean:
	rm -rf $(BUILD) $(BUILD)-sanitized
