#!/usr/bin/env bash
# Set-up (README.md "Run it"): `make`, the main job, installs and builds only
# what it needs: the build's packages (tools/deps.sh, no test library, no
# browser, no pandas) and the library and program without the Criterion test
# suite; `make test` adds the tests' packages and the browser's; `make install
# PREFIX=DIR` installs under DIR.  Checked on the commands make would run
# (make -n), and by configuring the main job's build.
source "$(dirname "$0")/lib.bash"
main=$(make -n all 2>&1)
check main-deps 0 "^tools/deps.sh$" -- printf '%s\n' "$main"
check main-no-test-deps 0 "^absent$" -- bash -c "printf '%s\n' \"\$1\" | grep -Eq 'criterion|pandas|chromium|deps-report|--browser|fonts' && echo present || echo absent" _ "$main"
check main-no-test-suite 0 "-DPOLSIM_TESTS=OFF" -- printf '%s\n' "$main"
check main-runs-plan 0 "polsim run scripts/plan_2024.lua$" -- printf '%s\n' "$main"
# tools/deps.sh's own list: the build's packages only
check deps-list 0 "^absent$" -- bash -c "sed -n '/^packages=(/,/)/p' tools/deps.sh | grep -Eq 'criterion|pandas|chromium' && echo present || echo absent"
test_=$(make -n test 2>&1)
check test-deps 0 "^tools/deps.sh libcriterion-dev python3-pandas$" -- printf '%s\n' "$test_"
check test-browser 0 "^tools/deps-report.sh --browser$" -- printf '%s\n' "$test_"
check test-suite-on 0 "-DPOLSIM_TESTS=ON" -- printf '%s\n' "$test_"
check test-runs-ctest 0 "^ctest --test-dir build" -- printf '%s\n' "$test_"
check install-prefix 0 "^cmake --install build --prefix $TMP/inst$" -- make -n install PREFIX=$TMP/inst
check install-default 0 "^cmake --install build $" -- make -n install
# The main job's configuration does not look for the test library at all.
check configure-without-tests 0 "" -- cmake -S . -B $TMP/b -DCMAKE_BUILD_TYPE=Release -DPOLSIM_TESTS=OFF -DPOLSIM_BENCH=OFF
check no-criterion-wanted 0 "^0$" -- bash -c "grep -c '^CRITERION_' $TMP/b/CMakeCache.txt; true"
finish
