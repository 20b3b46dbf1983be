/*
** Allocation-failure sweep (allockit.h) over whole script runs in the
** sandbox (polsim run, and each script of a batch): the Lua state, the API
** and the engine calls it makes.
*/
#include "allockit.h"

/* ---- a whole script run (polsim run): sandbox, model, scenarios, outputs ---- */

static const char SCRIPT[] =
    "local m = polsim.model('" KEYNES "')\n"
    "local base = m:scenario('baseline', { from = 2025, to = 2027 })\n"
    "local stim = base:copy('stimulus'):shock('g', 2025, 2026, 10)\n"
    "local rb, rs = base:run(), stim:run()\n"
    "local c = polsim.compare(rb, rs)\n"
    "print(polsim.table(rs, { 'y', 'c' }))\n"
    "rs:write('stimulus.json')\n"
    "rs:write('stimulus.csv')\n"
    "c:write('compare.csv')\n";

/* The analysis part of the API: targets, Monte Carlo, attribution, sweeps,
** tornado, steady state, the unit guard's warnings. */
static const char SCRIPT_ANALYSIS[] =
    "local m = polsim.model('" KEYNES "')\n"
    "local base = m:scenario('base', { from = 2025, to = 2026 })\n"
    "local alt = base:copy('alt'):shock('g', 2025, 2026, 10):shock('t', 2025, 2026, -5)\n"
    "alt:param('mpc', 0.62)\n"
    "local tg = base:copy('target'):target('y', 2025, 850):instrument('g', 2025)\n"
    "local rt = tg:run()\n"
    "assert(#rt:targets() == 1)\n"
    "print(rt:table({ 'y', 'g' }))\n"
    "print(polsim.share(rt, 'c', 'y')[2025])\n"
    "local mc = polsim.montecarlo(base, { draws = 8, threads = 2, keep = { 'y' },\n"
    "  params = { c0 = { dist = 'normal', mean = 40, sd = 5 } },\n"
    "  exogenous = { g = { dist = 'normal', mean = 0, sd = 3, rho = 0.5 } } })\n"
    "print(mc:quantile('y', 2025, 0.5), mc:prob('y', 2025, '>', 800))\n"
    "mc:write('mc.json')\n"
    "local a = polsim.attribute(base, alt, { groups = { gov = { 'g' }, tax = 't',\n"
    "  behaviour = 'mpc' } })\n"
    "a:write('attribution.json')\n"
    "local sw = polsim.sweep(base, { g = { 170, 190, 3 }, mpc = { 0.5, 0.7, 2 } })\n"
    "local t = polsim.tornado(base, { g = { 190, 210 }, mpc = { 0.55, 0.65 } }, 'y', 2025)\n"
    "print(t:bars()[1].name)\n"
    "local ss = m:steady()\n"
    "print(ss.values.y)\n"
    "local ok = pcall(function() return m:scenario('bad', { from = 2025, to = 2026 }):set('zz', 2025, 1) end)\n"
    "assert(not ok)\n";

typedef struct script_ctx {
    char path[1100];
} script_ctx;

static void discard(void *ud, const char *s, size_t n) {
    (void)ud, (void)s, (void)n;
}

static int run_script(void *ctx, const char *dir, ps_error *err) {
    script_ctx *c = ctx;
    ps_lua_opts o;
    ps_lua_opts_init(&o);
    o.out_dir = dir;
    o.print = discard;
    ps_lua *s = NULL;
    int rc = ps_lua_new(&o, &s, err);
    if (!rc) rc = ps_lua_run_file(s, c->path, err);
    ps_lua_free(s);
    return rc;
}

Test(alloc_sweep, lua_run) {
    char *tmp = tk_tmp_dir("alloc-script");
    script_ctx c;
    snprintf(c.path, sizeof c.path, "%s/sweep.lua", tmp);
    ps_error err;
    cr_assert_eq(ps_file_write_atomic(c.path, SCRIPT, sizeof SCRIPT - 1, &err), PS_OK, "%s",
                 err.message);
    sweep("ps_lua_new + ps_lua_run_file (polsim run)", run_script, &c);
    cr_assert_eq(ps_file_write_atomic(c.path, SCRIPT_ANALYSIS, sizeof SCRIPT_ANALYSIS - 1, &err),
                 PS_OK, "%s", err.message);
    sweep("ps_lua_run_file: targets, Monte Carlo, attribution, sweep, tornado, steady",
          run_script, &c);
    unlink(c.path);
    rmdir(tmp);
}
