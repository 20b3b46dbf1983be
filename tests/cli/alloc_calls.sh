#!/usr/bin/env bash
# Every heap block of the engine goes through engine/src/util/alloc.h (the
# allocator with the fail-the-N-th-allocation hook the sweep in tests/alloc
# relies on): a direct malloc/calloc/realloc/strdup/strndup/free call in
# engine/src outside util/alloc.c is an error.  Comment lines are not code.
# The checker is also run on a tree with one planted call, which it must find.
source "$(dirname "$0")/lib.bash"

# direct_calls ROOT: "file:line: text" for every direct call.  Comments and
# string literals are blanked first (newlines kept, so line numbers hold):
# telling a comment line by its first character would skip `*buf = malloc(..)`.
direct_calls() {
  find "$1/engine/src" -type f \( -name '*.c' -o -name '*.h' \) ! -path '*/util/alloc.c' -print0 |
    xargs -0 perl -0777 -ne '
      my $src = $_;
      my $blank = sub { (my $t = $_[0]) =~ s/[^\n]/ /g; $t };
      $src =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)}{$blank->($1)}gse;
      my @code = split /\n/, $src, -1;
      my @orig = split /\n/, $_, -1;
      for my $i (0 .. $#code) {
        print "$ARGV:", $i + 1, ": $orig[$i]\n"
          if $code[$i] =~ /(?<![\w.>])(malloc|calloc|realloc|strdup|strndup|free)\s*\(/;
      }'
}

calls=$(direct_calls .)
check no-direct-allocation 0 "" -- test -z "$calls"
[ -n "$calls" ] && printf '%s\n' "$calls" && echo "(run the allocator rename script, see docs/internals.md)"

# The checker finds a planted call and ignores the allowed forms.
mkdir -p "$TMP/tree/engine/src/model"
cat > "$TMP/tree/engine/src/model/bad.c" <<'C'
/* free(x) in a comment is not a call */
static void f(void) { char *p = ps_malloc(4); ps_free(p); gsl_vector_free(v); o->free(o); }
static void g(void) { char *q = malloc(4); }
static const char *s = "free(x) in a string is not a call";
/* a comment over
   lines: malloc(1) */
static void h(char **buf) {
    *buf = strdup("x");
}
C
bad=$(direct_calls "$TMP/tree")
check planted-call-found 0 'bad.c:3: static void g' -- printf '%s\n' "$bad"
check planted-deref-found 0 'bad.c:8:     \*buf = strdup' -- printf '%s\n' "$bad"
check only-the-planted-calls 0 "" -- test "$(printf '%s\n' "$bad" | wc -l)" -eq 2
finish
