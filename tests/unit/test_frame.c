/* Frames and their CSV files: shape, parsing, every malformed-input error, and
** bit-exact write -> read round trips. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testkit.h"
#include "frame/frame_int.h"
#include "frame/frame.h"
#include "io/io.h"

#define FIX POLSIM_SOURCE_DIR "/tests/fixtures/csv/"

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static ps_frame *parse_ok(const char *text, ps_freq f) {
    ps_error err;
    ps_error_clear(&err);
    ps_frame *fr = NULL;
    int rc = ps_frame_parse_csv(text, strlen(text), "t.csv", f, &fr, &err);
    cr_assert_eq(rc, PS_OK, "%s:%d:%d: %s", err.file, err.line, err.col, err.message);
    cr_assert_not_null(fr);
    return fr;
}

/* Parsing must fail with `code` at line:col of t.csv with both fragments. */
static void parse_bad_n(const char *text, size_t len, ps_freq f, int code, int line, int col,
                        const char *frag1, const char *frag2) {
    ps_error err;
    ps_error_clear(&err);
    ps_frame *fr = (ps_frame *)1;
    int rc = ps_frame_parse_csv(text, len, "t.csv", f, &fr, &err);
    cr_assert_eq(rc, code, "expected failure %d, got %d (%s)", code, rc, err.message);
    cr_assert_null(fr, "out must be NULL on failure");
    cr_assert_str_eq(err.file, "t.csv");
    cr_assert_eq(err.line, line, "line %d, expected %d: %s", err.line, line, err.message);
    cr_assert_eq(err.col, col, "col %d, expected %d: %s", err.col, col, err.message);
    cr_assert(strstr(err.message, frag1), "'%s' lacks '%s'", err.message, frag1);
    cr_assert(strstr(err.message, frag2), "'%s' lacks '%s'", err.message, frag2);
}

static void parse_bad(const char *text, int line, int col, const char *frag1,
                      const char *frag2) {
    parse_bad_n(text, strlen(text), 0, PS_ERR_DATA, line, col, frag1, frag2);
}


/* ---- frames ------------------------------------------------------------ */

Test(frame, alloc_defaults) {
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(3, 4, PS_FREQ_QUARTERLY, 8096, NULL, &f, &err), PS_OK);
    cr_assert_eq(f->nvar, 3);
    cr_assert_eq(f->nper, 4);
    cr_assert_eq(f->freq, PS_FREQ_QUARTERLY);
    cr_assert_eq(f->start, 8096);
    cr_assert_str_eq(f->names[0], "v0");
    cr_assert_str_eq(f->names[2], "v2");
    for (int t = 0; t < 4; t++)
        for (int v = 0; v < 3; v++) cr_assert(isnan(ps_frame_get(f, v, t)));
    ps_frame_set(f, 1, 2, 7.5);
    cr_assert_eq(f->data[2 * 3 + 1], 7.5, "period-major layout");
    cr_assert_eq(ps_frame_row(f, 2)[1], 7.5);
    cr_assert_eq(ps_frame_index(f, 8096), 0);
    cr_assert_eq(ps_frame_index(f, 8099), 3);
    cr_assert_eq(ps_frame_index(f, 8100), -1);
    cr_assert_eq(ps_frame_index(f, 8095), -1);
    cr_assert_eq(ps_frame_col(f, "v1"), 1);
    cr_assert_eq(ps_frame_col(f, "v3"), -1);
    cr_assert_eq(ps_frame_col(f, NULL), -1);
    ps_frame_free(f);
    ps_frame_free(NULL);
}

Test(frame, alloc_names_copy_and_empty) {
    const char *names[] = {"gdp", "cons"};
    ps_frame *f = NULL, *g = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(2, 3, PS_FREQ_ANNUAL, 2024, names, &f, &err), PS_OK);
    cr_assert_neq((void *)f->names[0], (void *)names[0], "names are copied");
    cr_assert_eq(ps_frame_col(f, "cons"), 1);
    ps_frame_set(f, 0, 1, 3.25);
    cr_assert_eq(ps_frame_copy(f, &g, &err), PS_OK);
    ps_frame_set(f, 0, 1, 9.0);
    cr_assert_eq(ps_frame_get(g, 0, 1), 3.25, "a copy does not share data");
    cr_assert_str_eq(g->names[1], "cons");
    cr_assert_eq(g->start, 2024);
    ps_frame_free(f);
    ps_frame_free(g);
    /* zero-sized frames are legal objects */
    cr_assert_eq(ps_frame_new(0, 0, PS_FREQ_MONTHLY, 0, NULL, &f, &err), PS_OK);
    cr_assert_eq(ps_frame_copy(f, &g, &err), PS_OK);
    ps_frame_free(f);
    ps_frame_free(g);
}

Test(frame, alloc_errors) {
    ps_frame *f = (ps_frame *)1;
    ps_error err;
    const char *dup[] = {"a", "b", "a"};
    const char *hole[] = {"a", NULL};
    cr_assert_eq(ps_frame_new(-1, 2, PS_FREQ_ANNUAL, 0, NULL, &f, &err), PS_ERR_USAGE);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "negative size"));
    cr_assert_eq(ps_frame_new(1, 2, (ps_freq)0, 0, NULL, &f, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "invalid frequency"));
    cr_assert_eq(ps_frame_new(3, 2, PS_FREQ_ANNUAL, 0, dup, &f, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "duplicate column name 'a' (columns 1 and 3)"), "%s",
              err.message);
    cr_assert_eq(ps_frame_new(2, 2, PS_FREQ_ANNUAL, 0, hole, &f, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "column 2 has no name"));
    /* INT_MAX^2 doubles do not fit in memory: refused before any allocation */
    cr_assert_eq(ps_frame_new(2147483647, 2147483647, PS_FREQ_ANNUAL, 0, NULL, &f, &err),
                 PS_ERR_LIMIT);
    cr_assert(strstr(err.message, "too large"));
    cr_assert_eq(ps_frame_new(1, 1, PS_FREQ_ANNUAL, 0, NULL, NULL, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_frame_copy(NULL, &f, &err), PS_ERR_USAGE);
}

/* ---- frames of a model's series (frame_int.h) ----------------------------- */

/* The names must be copies, in one block, one after the other, and the data
** NaN: what ps_frame_new gives apart from the block. */
static void assert_pooled(const ps_frame *f, const char *const *names, int nvar, int nper) {
    cr_assert_eq(f->nvar, nvar);
    cr_assert_eq(f->nper, nper);
    cr_assert_not_null(f->namepool_, "the names live in one block");
    const char *at = f->namepool_;
    for (int v = 0; v < nvar; v++) {
        cr_assert_str_eq(f->names[v], names[v]);
        cr_assert_neq((void *)f->names[v], (void *)names[v], "names are copied");
        cr_assert_eq((void *)f->names[v], (void *)at, "name %d in place", v);
        at += strlen(names[v]) + 1;
    }
    for (int t = 0; t < nper; t++)
        for (int v = 0; v < nvar; v++) cr_assert(isnan(ps_frame_get(f, v, t)));
}

Test(frame_known, names_in_one_block) {
    const char *names[] = {"gdp", "c", "gdp_a"};
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new_known_(3, 4, PS_FREQ_ANNUAL, 2024, names, &f, &err), PS_OK);
    assert_pooled(f, names, 3, 4);
    cr_assert_eq(f->start, 2024);
    cr_assert_eq(ps_frame_col(f, "gdp_a"), 2);
    ps_frame_free(f);
    /* a frame from ps_frame_new keeps one allocation per name */
    cr_assert_eq(ps_frame_new(3, 1, PS_FREQ_ANNUAL, 0, names, &f, &err), PS_OK);
    cr_assert_null(f->namepool_);
    ps_frame_free(f);
    cr_assert_eq(ps_frame_new_known_(0, 2, PS_FREQ_MONTHLY, 0, names, &f, &err), PS_OK);
    cr_assert_eq(f->nvar, 0);
    ps_frame_free(f);
}

/* The shape is still checked; only the name checks are skipped. */
Test(frame_known, shape_errors) {
    const char *names[] = {"a", "b"};
    ps_frame *f = (ps_frame *)1;
    ps_error err;
    cr_assert_eq(ps_frame_new_known_(2, -1, PS_FREQ_ANNUAL, 0, names, &f, &err),
                 PS_ERR_USAGE);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "negative size (2 variables, -1 periods)"), "%s", err.message);
    cr_assert_eq(ps_frame_new_known_(2, 1, (ps_freq)9, 0, names, &f, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "invalid frequency 9"), "%s", err.message);
    cr_assert_eq(ps_frame_new_known_(2, 1, PS_FREQ_ANNUAL, 0, names, NULL, &err),
                 PS_ERR_USAGE);
    cr_assert(strstr(err.message, "NULL out"), "%s", err.message);
    /* INT_MAX^2 doubles: refused before any allocation or name is read */
    cr_assert_eq(ps_frame_new_known_(2147483647, 2147483647, PS_FREQ_ANNUAL, 0, names, &f,
                                       &err), PS_ERR_LIMIT);
    cr_assert_null(f);
    cr_assert(strstr(err.message, "frame of 2147483647 x 2147483647 values is too large"), "%s",
              err.message);
}

/* Columns of another frame: the same names in a block of their own, which
** outlives the frame it came from, whether that one was pooled or not. */
Test(frame_known, columns_of_another_frame) {
    const char *names[] = {"y", "cons", "y_a"};
    ps_frame *a = NULL, *b = NULL, *c = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new_known_(3, 2, PS_FREQ_ANNUAL, 2020, names, &a, &err), PS_OK);
    ps_frame_set(a, 1, 1, 4.5);
    cr_assert_eq(ps_frame_new_cols_(a, 5, PS_FREQ_QUARTERLY, 8000, &b, &err), PS_OK);
    ps_frame_free(a);
    assert_pooled(b, names, 3, 5);
    cr_assert_eq(b->freq, PS_FREQ_QUARTERLY);
    cr_assert_eq(b->start, 8000);
    /* from a frame whose names were allocated one by one */
    cr_assert_eq(ps_frame_new(3, 1, PS_FREQ_ANNUAL, 0, names, &a, &err), PS_OK);
    cr_assert_eq(ps_frame_new_cols_(a, 2, PS_FREQ_ANNUAL, 7, &c, &err), PS_OK);
    ps_frame_free(a);
    assert_pooled(c, names, 3, 2);
    ps_frame_free(c);
    /* no columns */
    cr_assert_eq(ps_frame_new(0, 1, PS_FREQ_ANNUAL, 0, NULL, &a, &err), PS_OK);
    cr_assert_eq(ps_frame_new_cols_(a, 3, PS_FREQ_ANNUAL, 0, &c, &err), PS_OK);
    cr_assert_eq(c->nvar, 0);
    cr_assert_eq(c->nper, 3);
    ps_frame_free(a);
    ps_frame_free(c);
    c = (ps_frame *)1;
    cr_assert_eq(ps_frame_new_cols_(b, -2, PS_FREQ_ANNUAL, 0, &c, &err), PS_ERR_USAGE);
    cr_assert_null(c);
    cr_assert(strstr(err.message, "negative size (3 variables, -2 periods)"), "%s", err.message);
    ps_frame_free(b);
}

/* A copy keeps the layout of its source's names: pooled stays pooled, one by
** one stays one by one (and such a name can still be replaced). */
Test(frame_known, copies_keep_the_layout_of_names) {
    const char *names[] = {"gdp", "c"};
    ps_frame *a = NULL, *b = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new_known_(2, 2, PS_FREQ_ANNUAL, 2024, names, &a, &err), PS_OK);
    ps_frame_set(a, 0, 1, -2.5);
    cr_assert_eq(ps_frame_copy(a, &b, &err), PS_OK);
    cr_assert_neq(b->namepool_, a->namepool_);
    ps_frame_free(a);
    cr_assert_str_eq(b->names[0], "gdp");
    cr_assert_str_eq(b->names[1], "c");
    cr_assert_eq((void *)b->names[1], (void *)(b->names[0] + 4));
    cr_assert_eq(ps_frame_get(b, 0, 1), -2.5);
    cr_assert(isnan(ps_frame_get(b, 1, 1)));
    ps_frame_free(b);

    cr_assert_eq(ps_frame_new(2, 1, PS_FREQ_ANNUAL, 0, names, &a, &err), PS_OK);
    cr_assert_eq(ps_frame_copy(a, &b, &err), PS_OK);
    cr_assert_null(b->namepool_);
    free(b->names[1]);
    b->names[1] = strdup("cons");
    cr_assert_eq(ps_frame_col(b, "cons"), 1);
    ps_frame_free(a);
    ps_frame_free(b);
}

/* ---- reading good files ------------------------------------------------ */

Test(csv_read, annual_fixture) {
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_read_csv(FIX "annual.csv", 0, &f, &err), PS_OK, "%s", err.message);
    cr_assert_eq(f->freq, PS_FREQ_ANNUAL);
    cr_assert_eq(f->start, 2020);
    cr_assert_eq(f->nper, 4);
    cr_assert_eq(f->nvar, 3);
    cr_assert_str_eq(f->names[0], "gdp");
    cr_assert_str_eq(f->names[2], "inv");
    /* exact values typed in the fixture */
    cr_assert_eq(ps_frame_get(f, 0, 0), 100.5);
    cr_assert_eq(ps_frame_get(f, 1, 0), 60.0);
    cr_assert(isnan(ps_frame_get(f, 2, 0)), "empty cell is missing");
    cr_assert_eq(ps_frame_get(f, 0, 1), 105.25);
    cr_assert(isnan(ps_frame_get(f, 1, 1)), "NA is missing");
    cr_assert_eq(ps_frame_get(f, 0, 2), 110.0, "blanks around a number are trimmed");
    cr_assert(isnan(ps_frame_get(f, 1, 2)), ". is missing");
    cr_assert_eq(ps_frame_get(f, 0, 3), 1000.0);
    cr_assert(isnan(ps_frame_get(f, 1, 3)), "NaN is missing");
    cr_assert_eq(ps_frame_get(f, 2, 3), -0.25);
    ps_frame_free(f);
}

Test(csv_read, bom_crlf_quoted_header) {
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_read_csv(FIX "quarterly_bom_crlf.csv", PS_FREQ_QUARTERLY, &f, &err),
                 PS_OK, "%s", err.message);
    cr_assert_eq(f->nvar, 3);
    cr_assert_eq(f->nper, 3, "the trailing empty line is not a row");
    cr_assert_eq(f->start, 2024 * 4 + 2);
    cr_assert_str_eq(f->names[0], "gdp, real");
    cr_assert_str_eq(f->names[1], "say \"hi\"");
    cr_assert_str_eq(f->names[2], "x", "no CR left on the last name");
    cr_assert_eq(ps_frame_get(f, 2, 0), 3.0, "no CR left on the last cell");
    cr_assert_eq(ps_frame_get(f, 1, 2), 8.0);
    cr_assert(same_bits(ps_frame_get(f, 2, 2), -0.0), "-0 keeps its sign");
    ps_frame_free(f);
}

Test(csv_read, pandas_style_monthly) {
    /* pandas writes an unnamed index as an empty first header, months as 2024-11 */
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_read_csv(FIX "monthly_pandas.csv", 0, &f, &err), PS_OK, "%s",
                 err.message);
    cr_assert_eq(f->freq, PS_FREQ_MONTHLY);
    cr_assert_eq(f->start, 2024 * 12 + 10);
    cr_assert_eq(f->nper, 3);
    cr_assert_eq(ps_frame_get(f, 0, 1), 3.0);
    cr_assert(isnan(ps_frame_get(f, 1, 1)));
    cr_assert(isnan(ps_frame_get(f, 0, 2)));
    ps_frame_free(f);
}

Test(csv_read, line_endings_blank_lines_and_missing_markers) {
    ps_frame *f = parse_ok("period,a,b\r2024,1,2\r\r2025,\"3\",\"\"\r\n\n"
                           "2026, NA ,#N/A\n  \n2027,NAN,nan", 0);
    cr_assert_eq(f->nper, 4);
    cr_assert_eq(ps_frame_get(f, 0, 1), 3.0, "a quoted number is a number");
    cr_assert(isnan(ps_frame_get(f, 1, 1)), "quoted empty is missing");
    cr_assert(isnan(ps_frame_get(f, 0, 2)) && isnan(ps_frame_get(f, 1, 2)));
    cr_assert(isnan(ps_frame_get(f, 0, 3)) && isnan(ps_frame_get(f, 1, 3)));
    ps_frame_free(f);
}

Test(csv_read, numbers) {
    ps_frame *f = parse_ok("period,x\n2001,+1.5\n2002,-.5\n2003,5.\n2004,1E+2\n"
                           "2005,\t2.5e-3\t\n2006,4.9406564584124654e-324\n2007,1e-400\n"
                           "2008,1.7976931348623157e308\n", 0);
    const double want[] = {1.5, -0.5, 5.0, 100.0, 0.0025, 4.9406564584124654e-324, 0.0,
                           DBL_MAX};
    for (int t = 0; t < 8; t++)
        cr_assert(same_bits(ps_frame_get(f, 0, t), want[t]), "row %d: %.17g", t,
                  ps_frame_get(f, 0, t));
    ps_frame_free(f);
}

Test(csv_read, period_column_only_and_given_freq) {
    ps_frame *f = parse_ok("year\n2024\n2025\n", PS_FREQ_ANNUAL);
    cr_assert_eq(f->nvar, 0);
    cr_assert_eq(f->nper, 2);
    ps_frame_free(f);
}

Test(csv_read, multiline_quoted_header_counts_lines) {
    /* record 2 starts on line 3, because the header spans two lines */
    parse_bad("period,\"a\nb\",c\n2024,1\n", 3, 7, "row 2 has 2 cells, the header has 3",
              "column 'c'");
    ps_frame *f = parse_ok("period,\"a\nb\"\n2024,1\n", 0);
    cr_assert_str_eq(f->names[0], "a\nb");
    ps_frame_free(f);
}

/* ---- malformed input: message, line and column ------------------------- */

Test(csv_errors, fixture_files_name_the_path) {
    ps_frame *f = NULL;
    ps_error err;
    ps_error_clear(&err);
    cr_assert_eq(ps_frame_read_csv(FIX "bad_row_width.csv", 0, &f, &err), PS_ERR_DATA);
    cr_assert(strstr(err.file, "bad_row_width.csv"));
    cr_assert_eq(err.line, 7);
    cr_assert_eq(err.col, 11);
    cr_assert(strstr(err.message, "row 7 has 4 cells, the header has 5"), "%s", err.message);
    cr_assert(strstr(err.message, "column 'gov'"), "%s", err.message);
    char buf[2048];
    ps_error_format(&err, buf, sizeof buf);
    cr_assert(strstr(buf, "bad_row_width.csv:7:11: error: row 7"), "%s", buf);

    cr_assert_eq(ps_frame_read_csv(FIX "bad_gap.csv", 0, &f, &err), PS_ERR_DATA);
    cr_assert_eq(err.line, 4);
    cr_assert_eq(err.col, 1);
    cr_assert(strstr(err.message, "period 2026 is missing"), "%s", err.message);
    cr_assert(strstr(err.message, "2025 is followed by 2027"), "%s", err.message);

    cr_assert_eq(ps_frame_read_csv(FIX "no-such-file.csv", 0, &f, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "cannot open"), "%s", err.message);
    cr_assert_null(f);
}

Test(csv_errors, empty_and_header_only) {
    parse_bad("", 1, 1, "empty file", "header row like 'period,gdp,c'");
    parse_bad("\n \n\r\n", 1, 1, "empty file", "one row per period");
    parse_bad("\xEF\xBB\xBF", 1, 1, "empty file", "header");
    parse_bad("period,gdp\n", 2, 1, "no data rows after the header", "one row per period");
    parse_bad("period,gdp", 1, 1, "no data rows", "2024,1.5");
}

Test(csv_errors, header_names) {
    parse_bad("period,gdp,c,gdp\n2024,1,2,3\n", 1, 14, "duplicate column 'gdp'",
              "columns 2 and 4");
    /* of two duplicates, the one met first when reading left to right */
    parse_bad("period,b,a,c,a,b\n2024,1,2,3,4,5\n", 1, 14, "duplicate column 'a'",
              "columns 3 and 5");
    parse_bad("period,gdp,,c\n2024,1,2,3\n", 1, 12, "column 3 has an empty name",
              "needs a name");
    parse_bad("period,gdp,\"\"\n2024,1,2\n", 1, 12, "column 3 has an empty name", "name");
    /* columns count characters, not bytes: the second name starts at column 11 */
    parse_bad("period,\xE5\xA2\x9E\xE9\x95\xBF,\xE5\xA2\x9E\xE9\x95\xBF\n2024,1,2\n", 1, 11,
              "duplicate column", "columns 2 and 3");
    parse_bad("period;gdp;c\n2024;1,5;2\n", 1, 1, "has semicolons", "Comma delimited");
    parse_bad("period\tgdp\n2024\t1\n", 1, 1, "has tabs", "comma-separated");
}

Test(csv_errors, row_width) {
    parse_bad("period,a,b\n2024,1,2\n2025,1,2,3\n", 3, 10, "row 3 has 4 cells, the header has 3",
              "remove the extra cells");
    parse_bad("period,a,b\n2024,1\n", 2, 7, "row 2 has 2 cells, the header has 3",
              "column 'b'");
    parse_bad("period,a,b,c\n2024,1\n", 2, 7, "row 2 has 2 cells, the header has 4",
              "columns 'b' to 'c' have no cells");
    /* a blank line still counts as a row, as in a spreadsheet */
    parse_bad("period,a,b\n\n2024,1\n", 3, 7, "row 3 has 2 cells", "column 'b'");
    parse_bad("period,a\n,1\n", 2, 1, "row 2 has no period in column 'period'", "row 2");
}

Test(csv_errors, bad_numbers) {
    parse_bad("period,a,gdp\n2024,1,12abc\n", 2, 8, "bad number '12abc' in column 'gdp' "
              "(period 2024)", "expected a number like 1.5");
    parse_bad("period,gdp\n2024,\"1,5\"\n", 2, 6, "bad number '1,5'", "no thousands separators");
    const char *bad[] = {"inf", "-Infinity", "nan(1)", "0x10", "1e", "--1", "1.2.3", "+",
                         "1 000", "e5", ".e1", "N/A", "1d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128], frag[64];
        snprintf(text, sizeof text, "period,gdp\n2024,1\n2025,%s\n", bad[i]);
        snprintf(frag, sizeof frag, "bad number '%s'", bad[i]);
        parse_bad(text, 3, 6, frag, "(period 2025)");
    }
    parse_bad("period,gdp\n2024,1e400\n", 2, 6, "number '1e400' in column 'gdp'", "too large");
    parse_bad("period,gdp\n2024,-2e308\n", 2, 6, "'-2e308'", "too large");
}

Test(csv_errors, periods) {
    parse_bad("period,a\n2024,1\n2028,2\n", 3, 1, "periods 2025 to 2027 are missing",
              "2024 is followed by 2028");
    parse_bad("period,a\n2024Q3,1\n2025Q1,2\n", 3, 1, "period 2024Q4 is missing", "consecutive");
    parse_bad("period,a\n2024,1\n2025,1\n2023,2\n", 4, 1, "period 2023 is out of order",
              "it comes after 2025");
    parse_bad("period,a\n2024,1\n2024,2\n", 3, 1, "period 2024 appears twice", "also on line 2");
    parse_bad("date,a\n2024Q1,1\n2024Q2,1\n2024M03,1\n", 4, 1,
              "column 'date': '2024M03' is a monthly period: expected a quarterly period",
              "the first period, '2024Q1' on line 2, sets the frequency");
    parse_bad("period,a\nfoo,1\n", 2, 1, "'foo' is not a period",
              "a year like 2024, a quarter like 2024Q1 or a month like 2024M01");
    parse_bad("period,a\n2024Q5,1\n", 2, 1, "column 'period': '2024Q5': quarter 5 does not exist",
              "2024Q1");
    parse_bad("period,a\n24,1\n", 2, 1, "2-digit year", "like 2024");
    parse_bad("period,a\n2024,1\n2025Q1,1\n", 3, 1, "quarterly period", "sets the frequency");
    parse_bad(",a\n 2024M13 ,1\n", 2, 2, "month 13 does not exist", "column 'period'");
    /* a given frequency overrides the guess */
    parse_bad_n("period,a\n2024,1\n", 16, PS_FREQ_QUARTERLY, PS_ERR_DATA, 2, 1,
                "'2024' is an annual period", "expected a quarterly period like 2024Q1");
}

Test(csv_errors, quoting) {
    parse_bad("period,\"gdp\n2024,1\n", 1, 8, "unterminated quoted cell", "closing quote");
    parse_bad("period,\"gdp\"x,c\n2024,1,2\n", 1, 13, "unexpected text after the closing quote",
              "next comma or line end");
    parse_bad("period,gd\"p\n2024,1\n", 1, 10, "a quote (\") inside an unquoted cell",
              "double the quotes");
    parse_bad("period,a\n2024,\"1\n", 2, 6, "unterminated quoted cell", "closing quote");
    /* a quoted cell may be followed by blanks, and preceded by them */
    ps_frame *f = parse_ok("period, \"a\" ,b\n2024, \"1\" ,2\n", 0);
    cr_assert_str_eq(f->names[0], "a");
    cr_assert_eq(ps_frame_get(f, 0, 0), 1.0);
    ps_frame_free(f);
}

Test(csv_errors, not_csv_at_all) {
    const char nul[] = "period,a\n2024,\0\n";
    parse_bad_n(nul, sizeof nul - 1, 0, PS_ERR_DATA, 2, 6, "NUL byte", "CSV text file");
    parse_bad_n("PK\x03\x04\x14\x00", 6, 0, PS_ERR_DATA, 1, 1, "zip archive", "Excel");
    parse_bad_n("\xFF\xFEp\0e\0", 6, 0, PS_ERR_DATA, 1, 1, "UTF-16", "UTF-8");
}

Test(csv_errors, usage) {
    ps_frame *f;
    ps_error err;
    cr_assert_eq(ps_frame_parse_csv("x", 1, "t", (ps_freq)3, &f, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "invalid frequency 3"));
    cr_assert_eq(ps_frame_parse_csv(NULL, 3, "t", 0, &f, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_frame_parse_csv("x", 1, "t", 0, NULL, &err), PS_ERR_USAGE);
    cr_assert_eq(ps_frame_read_csv(NULL, 0, &f, &err), PS_ERR_USAGE);
    /* NULL filename is named <string>; NULL err is allowed */
    cr_assert_eq(ps_frame_parse_csv("", 0, NULL, 0, &f, &err), PS_ERR_DATA);
    cr_assert_str_eq(err.file, "<string>");
    cr_assert_eq(ps_frame_parse_csv("", 0, NULL, 0, &f, NULL), PS_ERR_DATA);
}

/* ---- writing ------------------------------------------------------------ */

Test(csv_write, exact_text) {
    const char *names[] = {"a", "gdp, real", "say \"hi\"", " pad"};
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(4, 2, PS_FREQ_QUARTERLY, 2024 * 4 + 3, names, &f, &err), PS_OK);
    ps_frame_set(f, 0, 0, 0.1);
    ps_frame_set(f, 0, 1, 0.1 + 0.2);   /* 0.30000000000000004 in binary64 */
    ps_frame_set(f, 1, 0, -0.0);
    ps_frame_set(f, 1, 1, 1e21);
    ps_frame_set(f, 2, 1, 100.0);
    ps_frame_set(f, 3, 0, 1.0 / 3.0);
    char *dir = tk_tmp_dir("frame"), path[600];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, 1, path, &err), PS_OK, "%s", err.message);
    char *text = tk_slurp(path);
    cr_assert_str_eq(text, "period,a,\"gdp, real\",\"say \"\"hi\"\"\",\" pad\"\n"
                           "2024Q4,0.1,-0,,0.3333333333333333\n" /* Python repr(1/3) */
                           "2025Q1,0.30000000000000004,1e+21,100,\n");
    free(text);
    /* a subset of columns and periods */
    int cols[] = {2, 0};
    cr_assert_eq(ps_frame_write_csv(f, cols, 2, 1, 1, path, &err), PS_OK, "%s", err.message);
    text = tk_slurp(path);
    cr_assert_str_eq(text, "period,\"say \"\"hi\"\"\",a\n2025Q1,100,0.30000000000000004\n");
    free(text);
    ps_frame_free(f);
}

Test(csv_write, round_trip_is_bit_exact) {
    const double awkward[] = {0.1, 1e-300, -0.0, 123456789.123456789, DBL_MAX, -DBL_MAX,
                              DBL_MIN, 4.9406564584124654e-324, 2.2250738585072009e-308,
                              0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 1e23, 9007199254740993.0,
                              5e-324 * 3, NAN, 0.0, 1.0, -1e-5, 6.02214076e23};
    const int n = (int)(sizeof awkward / sizeof awkward[0]);
    const char *names[] = {"x", "y, quoted", "z"};
    ps_frame *f = NULL, *g = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(3, n, PS_FREQ_MONTHLY, 2023 * 12 + 5, names, &f, &err), PS_OK);
    for (int t = 0; t < n; t++) {
        ps_frame_set(f, 0, t, awkward[t]);
        ps_frame_set(f, 1, t, -awkward[(t + 7) % n]);
        ps_frame_set(f, 2, t, awkward[t] * 0.7);
    }
    char *dir = tk_tmp_dir("frame"), path[600];
    snprintf(path, sizeof path, "%s/rt.csv", dir);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, n - 1, path, &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_frame_read_csv(path, PS_FREQ_MONTHLY, &g, &err), PS_OK, "%s", err.message);
    cr_assert_eq(g->nvar, 3);
    cr_assert_eq(g->nper, n);
    cr_assert_eq(g->start, f->start);
    cr_assert_str_eq(g->names[1], "y, quoted");
    for (int t = 0; t < n; t++)
        for (int v = 0; v < 3; v++) {
            double a = ps_frame_get(f, v, t), b = ps_frame_get(g, v, t);
            if (isnan(a)) cr_assert(isnan(b));
            else cr_assert(same_bits(a, b), "(%d,%d): wrote %a, read %a", v, t, a, b);
        }
    ps_frame_free(f);
    ps_frame_free(g);
}

Test(csv_write, argument_errors) {
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(2, 3, PS_FREQ_ANNUAL, 2024, NULL, &f, &err), PS_OK);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 2, 1, "x.csv", &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "[2, 1] are not inside the frame's [0, 2]"), "%s", err.message);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, 3, "x.csv", &err), PS_ERR_USAGE);
    int cols[] = {0, 2};
    cr_assert_eq(ps_frame_write_csv(f, cols, 2, 0, 2, "x.csv", &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "column 2 does not exist (the frame has 2)"), "%s", err.message);
    cr_assert_eq(ps_frame_write_csv(f, cols, -1, 0, 2, "x.csv", &err), PS_ERR_USAGE);
    cr_assert_eq(ps_frame_write_csv(NULL, NULL, 0, 0, 0, "x.csv", &err), PS_ERR_USAGE);
    cr_assert_eq(access("x.csv", F_OK), -1, "nothing written");
    ps_frame_free(f);
}

Test(csv_write, infinity_is_refused_and_old_file_kept) {
    ps_frame *f = NULL;
    ps_error err;
    const char *names[] = {"gdp"};
    cr_assert_eq(ps_frame_new(1, 3, PS_FREQ_ANNUAL, 2024, names, &f, &err), PS_OK);
    ps_frame_set(f, 0, 0, 1.0);
    ps_frame_set(f, 0, 1, -INFINITY);
    char *dir = tk_tmp_dir("frame"), path[600];
    snprintf(path, sizeof path, "%s/keep.csv", dir);
    FILE *o = fopen(path, "w");
    fputs("old\n", o);
    fclose(o);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, 2, path, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "cannot write 'gdp' in period 2025: the value is -Inf"), "%s",
              err.message);
    char *text = tk_slurp(path);
    cr_assert_str_eq(text, "old\n");
    free(text);
    cr_assert_eq(tk_count_entries(dir), 1);
    ps_frame_free(f);
}

Test(csv_write, failed_write_keeps_old_file_and_leaves_no_temp) {
    ps_frame *f = NULL;
    ps_error err;
    cr_assert_eq(ps_frame_new(4, 200, PS_FREQ_ANNUAL, 1900, NULL, &f, &err), PS_OK);
    for (size_t i = 0; i < 800; i++) f->data[i] = 1.0 / 7.0 * (double)i;
    char *dir = tk_tmp_dir("frame"), path[600];
    snprintf(path, sizeof path, "%s/res.csv", dir);
    FILE *o = fopen(path, "w");
    fputs("old\n", o);
    fclose(o);
    /* A file-size limit makes write() fail part-way, even for root. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, lim = {512, 512};
    getrlimit(RLIMIT_FSIZE, &old);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int rc = ps_frame_write_csv(f, NULL, 0, 0, 199, path, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    cr_assert_eq(rc, PS_ERR_IO);
    cr_assert(strstr(err.message, "cannot write"), "%s", err.message);
    cr_assert(strstr(err.file, "res.csv"));
    char *text = tk_slurp(path);
    cr_assert_str_eq(text, "old\n", "the old file is intact");
    free(text);
    cr_assert_eq(tk_count_entries(dir), 1, "no temporary file left behind");

    /* a target that cannot be replaced (a folder) */
    char sub[700];
    snprintf(sub, sizeof sub, "%s/folder.csv", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, 1, sub, &err), PS_ERR_IO);
    struct stat st;
    cr_assert(stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
    cr_assert_eq(tk_count_entries(dir), 2, "no temporary file left behind");

    /* a folder that does not exist */
    snprintf(sub, sizeof sub, "%s/missing/x.csv", dir);
    cr_assert_eq(ps_frame_write_csv(f, NULL, 0, 0, 1, sub, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "No such file"), "%s", err.message);
    ps_frame_free(f);
}
