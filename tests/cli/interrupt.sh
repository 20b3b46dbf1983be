#!/usr/bin/env bash
# Ctrl-C and SIGTERM stop `polsim run` at once and cleanly (docs/cli.md): exit
# status 130, a message, no temporary file left, and every result file whole.
# The script writes the same result over and over, so a signal arrives in the
# middle of the work; the test waits for the first file to exist (no timing).
source "$(dirname "$0")/lib.bash"
F=tests/fixtures/signal
set -m # job control: a background job of a script would otherwise ignore SIGINT

interrupt() { # SIG DIR
  local sig=$1 dir=$2
  mkdir -p "$dir"
  "$POLSIM" run $F/write_loop.lua -o "$dir" --max-instructions 0 >"$dir.out" 2>"$dir.err" &
  local pid=$!
  until [ -e "$dir/r.csv" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.02; done
  # cat, not cp: the script keeps replacing r.json (rename over it), which cp
  # reports as an error when it happens mid-copy; the file cat opened stays whole.
  cat "$dir/r.json" >"$dir.first.json"
  kill -$sig $pid
  wait $pid
  echo "exit $?" >>"$dir.out"
}

for sig in INT TERM; do
  D=$TMP/$sig
  interrupt $sig $D
  check $sig-exit 0 "^exit 130$" -- cat $D.out
  check $sig-message 0 "^polsim: $F/write_loop.lua: interrupted by SIG$sig; the script was stopped$" -- cat $D.err
  check $sig-no-temp 0 "^0$" -- sh -c "find $D -name '*.tmp*' | wc -l"
  check $sig-files 0 "^r.csv r.json $" -- sh -c "ls $D | tr '\n' ' '"
  # every write is the same result: the file is whole, not a prefix of it
  check $sig-whole 0 "" -- cmp $D/r.json $D.first.json
  check $sig-json-ends 0 "^}$" -- tail -c 2 $D/r.json
done

finish
