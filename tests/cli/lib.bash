# Shared helpers of the command-line tests (sourced; ctest runs only *.sh).
# Each test file calls `check` for every case and `finish` at the end, which
# prints "N passed, M failed" and exits non-zero on any failure.
POLSIM=${1:?usage: bash TEST.sh path/to/polsim}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

# check NAME EXPECTED_STATUS PATTERN -- COMMAND...
# Runs COMMAND, captures stdout+stderr, and checks the exit status and that the
# output matches the extended regular expression PATTERN ("" = anything).
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL $name: exit $status, expected $want"; echo "$out" | head -20; failed=$((failed + 1)); return
  fi
  if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
    echo "FAIL $name: output does not match /$pattern/"; echo "$out" | head -20; failed=$((failed + 1)); return
  fi
  passed=$((passed + 1))
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
