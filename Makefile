# Thin wrapper over CMake.  `make` installs what is missing, builds and runs
# the main job; `make test` builds and runs every test; `make bench` the benchmarks.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
POLSIM      = $(BUILD)/polsim

.PHONY: all deps build run report test asan test-asan bench install clean fuzz

all: run

deps:
	@tools/deps.sh
	@tools/deps-report.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job: Yangzhou's 2024 plan, projected to 2030 (writes out/plan_2024.*).
run: build
	$(POLSIM) run scripts/plan_2024.lua

# The lever families side by side, as one self-contained HTML page.
report: build
	$(POLSIM) run scripts/combined.lua -o out/combined
	$(POLSIM) report out/combined -o out/combined/report.html --base plan_2024 \
	  --targets models/yangzhou/targets_2024.csv

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPOLSIM_SANITIZE=ON -DPOLSIM_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh $(BUILD)

# Every libFuzzer harness (tests/fuzz) for FUZZ_SECONDS each (needs clang).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tools/fuzz.sh

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
