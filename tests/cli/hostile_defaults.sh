#!/usr/bin/env bash
# The long C calls of issue 14 stopped by `polsim run`'s DEFAULT limits (2e9
# instructions, 256 MiB; tests/unit/test_lua_sandbox.c runs the whole hostile
# suite with small ones): a backtracking pattern, a huge table.concat, a
# string.rep just over its cap and a sort comparator that never returns each
# end with exit 7 and their limit's message, whatever the machine's speed
# (the budget counts steps, not seconds).  They run side by side.
source "$(dirname "$0")/lib.bash"
H=tests/lua/hostile
cases=(pattern_backtrack table_concat string_rep_near_cap table_sort_comparator)
for c in "${cases[@]}"; do
  ( "$POLSIM" run $H/$c.lua -o $TMP/$c >$TMP/$c.out 2>&1; echo "exit $?" >>$TMP/$c.out ) &
done
wait
INSTR="instruction budget of 2000000000 exceeded \(raise it with --max-instructions\)"
check pattern-exit 0 "^exit 7$" -- cat $TMP/pattern_backtrack.out
check pattern-message 0 "^polsim: $H/pattern_backtrack.lua:3: $INSTR" -- cat $TMP/pattern_backtrack.out
check concat-exit 0 "^exit 7$" -- cat $TMP/table_concat.out
check concat-message 0 "^polsim: $H/table_concat.lua(:6)?: memory limit of 256 MiB exceeded" -- cat $TMP/table_concat.out
# 64 MiB + 1 = 67108865 bytes, one over the cap of 67108864; pcall cannot catch it.
check rep-exit 0 "^exit 7$" -- cat $TMP/string_rep_near_cap.out
check rep-message 0 "string.rep: the result would be 67108865 bytes, over the limit of 67108864 bytes" -- cat $TMP/string_rep_near_cap.out
check rep-not-caught 1 "" -- grep -q survived $TMP/string_rep_near_cap.out
check sort-exit 0 "^exit 7$" -- cat $TMP/table_sort_comparator.out
check sort-message 0 "^polsim: $H/table_sort_comparator.lua:4: $INSTR" -- cat $TMP/table_sort_comparator.out
# A limit leaves nothing behind in the output folder.
check nothing-written 0 "^0$" -- sh -c "find $TMP -name '*.json' -o -name '*.csv' -o -name '*.tmp.*' | wc -l"
finish
