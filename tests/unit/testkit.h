/*
** Helpers shared by the unit tests: temporary folders under the build tree,
** counting a folder's entries, reading a whole file.  Marked unused so a test
** that uses only some of them compiles without unused-function warnings.
*/
#ifndef PS_TESTKIT_H
#define PS_TESTKIT_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/io.h"

/* A fresh empty folder build/test-tmp/<prefix>-XXXXXX (static buffer). */
static __attribute__((unused)) char *tk_tmp_dir(const char *prefix) {
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/test-tmp", POLSIM_BINARY_DIR);
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/test-tmp/%s-XXXXXX", POLSIM_BINARY_DIR, prefix);
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

/* Entries of a folder other than . and .. */
static __attribute__((unused)) int tk_count_entries(const char *dir) {
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

/* The whole file, malloc'ed (caller frees); the test fails if unreadable. */
static __attribute__((unused)) char *tk_slurp(const char *path) {
    char *text = NULL;
    ps_error err;
    cr_assert_eq(ps_file_read_all(path, 0, &text, NULL, &err), PS_OK, "%s", err.message);
    return text;
}

/* A print callback (ps_lua_opts.print) that keeps what a script printed,
** truncated to the buffer. */
typedef struct tk_capture {
    char text[32768];
    size_t n;
} tk_capture;

static __attribute__((unused)) void tk_capture_print(void *ud, const char *s, size_t n) {
    tk_capture *c = ud;
    if (c->n + n >= sizeof c->text) n = sizeof c->text - 1 - c->n;
    memcpy(c->text + c->n, s, n);
    c->n += n;
    c->text[c->n] = '\0';
}

#endif
