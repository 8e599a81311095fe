# The two commands of the README, and the steps they are made of.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check clean

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

clean:
	rm -rf $(BUILD)
