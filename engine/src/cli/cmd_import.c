/* polsim import X.mod -o DIR, and polsim solve X.mod: Dynare files (docs/dynare.md). */
#include "cli/cli.h"
#include "util/alloc.h"
#include "project/dynare_sim.h"
#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run(int argc, char **argv);

const ps_cli_cmd ps_cmd_import = {
    "import", "translate a Dynare .mod file into a polsim model folder",
    "Usage: polsim import FILE.mod -o DIR\n\n"
    "Read a Dynare file (the deterministic subset of docs/dynare.md) and write the\n"
    "equivalent polsim model folder: DIR/NAME.model (the equations in the polsim\n"
    "language), DIR/history.csv (Dynare's period 0 as 2000, the exogenous paths of\n"
    "periods 1..N with the shocks, the terminal period) and DIR/SOURCES.md (where\n"
    "it came from and the command that solves it as Dynare would).  DIR is created\n"
    "if missing; existing files of those names are replaced.\n\n"
    "Options:\n"
    "  -o, --output DIR   the folder to write (required)\n",
    run};

typedef struct import_args {
    const char *file, *dir;
} import_args;

static const ps_cli_opt opts[] = {
    PS_OPT_STR("--output", "-o", import_args, dir),
    PS_OPT_END};

static int run(int argc, char **argv) {
    const ps_cli_cmd *c = &ps_cmd_import;
    import_args a = {0};
    int rc = ps_cli_parse_one(c, opts, argc, argv, &a, "FILE.mod", &a.file);
    if (rc) return rc;
    const char *file = a.file, *dir = a.dir;
    if (!dir) return ps_cli_usage_error(c, "missing -o DIR, the model folder to write");
    if (!ps_dynare_is_mod(file))
        return ps_cli_usage_error(c, "'%s' is not a Dynare file (its name must end in .mod)", file);
    ps_error err;
    ps_error_clear(&err);
    ps_dynare *d = NULL;
    if (ps_dynare_read_file(file, &d, &err)) return ps_cli_fail(&err);
    if (ps_dynare_import(d, file, dir, &err))
        rc = ps_cli_fail(&err);
    else
        printf("wrote %s/%s.model, %s/history.csv and %s/SOURCES.md\n", dir, d->name, dir, dir);
    ps_dynare_free(d);
    return rc;
}

int ps_cli_solve_mod(const char *file, const char *output, double tol, int max_iter,
                     unsigned flags) {
    ps_error err;
    ps_error_clear(&err);
    ps_dynare *d = NULL;
    ps_model *m = NULL;
    ps_frame *f = NULL;
    ps_solve_diag diag;
    int rc = PS_EXIT_OK;
    if (ps_dynare_read_file(file, &d, &err) ||
        ps_model_parse_string(d->native, d->native_len, file, &m, &err) ||
        ps_dynare_simulate(d, m, tol, max_iter, &f, &diag, &err))
        rc = ps_cli_fail(&err);
    if (!rc && !output) {
        /* the CSV writer replaces its file atomically: write a private temporary
        ** file and copy it to standard output */
        char tmp[] = "/tmp/polsim-mod-XXXXXX";
        int fd = mkstemp(tmp);
        if (fd < 0) {
            ps_error_set(&err, PS_ERR_IO, "cannot create a temporary file for the CSV");
            rc = ps_cli_fail(&err);
        } else {
            close(fd);
            char *text = NULL;
            size_t len = 0;
            if (ps_dynare_write_simul_opts(d, m, f, flags, tmp, &err) ||
                ps_file_read_all(tmp, 0, &text, &len, &err))
                rc = ps_cli_fail(&err);
            else
                fwrite(text, 1, len, stdout);
            ps_free(text);
            unlink(tmp);
        }
    } else if (!rc) {
        const char *path = output;
        if (ps_mkdir_parent(output, &err) ||
            ps_dynare_write_simul_opts(d, m, f, flags, path, &err))
            rc = ps_cli_fail(&err);
        else
            printf("wrote %s: periods 0..%d (Dynare's oo_.endo_simul and oo_.exo_simul, row 0 "
                   "the initial state) x %d series (%ld Newton iterations, max residual %.3g)\n",
                   output, d->periods + (d->maxlead > 0), d->nendo + d->nexo, diag.newton_iterations,
                   diag.max_residual);
    }
    ps_frame_free(f);
    ps_model_free(m);
    ps_dynare_free(d);
    return rc;
}
