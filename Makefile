# Thin wrapper over CMake.  `make` installs what is missing for the main job
# (compilers and libraries: tools/deps.sh), builds and runs it; `make report`
# adds the charting library (npm); `make test` adds the test library
# (Criterion), pandas (docs/output-format.md's example), the browser and a CJK
# font for the report's browser test and runs every test; `make bench` the
# benchmarks.  `make install PREFIX=DIR` installs under DIR.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
POLSIM      = $(BUILD)/polsim
# The Criterion test suite is built only for the targets that run it, so the
# main job needs no test library.
TESTS      ?= OFF
TEST_DEBS   = libcriterion-dev python3-pandas

.PHONY: all deps deps-asan deps-report deps-test build run report test asan test-asan bench install clean fuzz

all: run

deps:
	@tools/deps.sh

# deps, and what fetching and unpacking Lua's Debian source needs.
deps-asan:
	@tools/deps.sh curl xz-utils dpkg-dev

# ECharts for `polsim report` (node, npm, the npm packages).
deps-report:
	@tools/deps-report.sh

# The tests need Criterion and pandas; the report's browser test also
# chromium and a CJK font.
deps-test:
	@tools/deps.sh $(TEST_DEBS)
	@tools/deps-report.sh --browser

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPOLSIM_TESTS=$(TESTS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job: Yangzhou's 2024 plan, projected to 2030 (writes out/plan_2024.*).
run: build
	$(POLSIM) run scripts/plan_2024.lua

# The lever families side by side, as one self-contained HTML page.
report: build deps-report
	$(POLSIM) run scripts/combined.lua -o out/combined
	$(POLSIM) report out/combined -o out/combined/report.html --base plan_2024 \
	  --targets models/yangzhou/targets_2024.csv

test: TESTS = ON
test: deps-test build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer, linked
# with Lua built from Debian's source with its assertions and API checks
# (tools/lua-source.sh fetches it, checked against pinned SHA-256 sums).
asan: deps-asan
	@tools/deps.sh $(TEST_DEBS)
	@tools/lua-source.sh $(ASAN_BUILD)/lua5.4
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPOLSIM_SANITIZE=ON -DPOLSIM_BENCH=OFF \
	  -DPOLSIM_LUA_SOURCE=$(abspath $(ASAN_BUILD))/lua5.4 >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan deps-test
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh $(BUILD)

# Every libFuzzer harness (tests/fuzz) for FUZZ_SECONDS each (needs clang).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tools/fuzz.sh

# The program, library, headers, man page (man polsim) and the models.
install: build deps-report
	cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
