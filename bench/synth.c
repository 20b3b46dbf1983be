/*
** Synthetic model generator: the plan (regions, sectors, blocks) and the
** structure of every equation (its inputs and their weights).  The numbers
** (steady states, coefficients) and the expression trees are made by
** synth_tree.c once the whole structure is known.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "synth_int.h"
#include "synth_build.h"

void synth_opts_init(synth_opts *o)
{
    memset(o, 0, sizeof *o);
    o->neq = 1000;
    o->block_share = 0.10;
    o->block_min = 5;
    o->block_max = 20;
    o->region_min = 50;
    o->region_max = 200;
    o->maxlag = 4;
    o->first_year = 2000;
    o->proj_periods = 50;
    o->seed = 1;
    snprintf(o->name, sizeof o->name, "synth");
}

/* ---- random numbers: splitmix64, enough for a generator ---- */

double sy_unif(sy_build *b)
{
    uint64_t z = (b->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

int sy_int(sy_build *b, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    int k = lo + (int)(sy_unif(b) * (double)(hi - lo + 1));
    return k > hi ? hi : k;
}

double sy_range(sy_build *b, double lo, double hi)
{
    return lo + (hi - lo) * sy_unif(b);
}

/* Short lags are common, deep ones rare, as in estimated models. */
int sy_lag(sy_build *b)
{
    int k = 1;
    while (k < b->m->opts.maxlag && sy_unif(b) < 0.45)
        k++;
    return -k;
}

/* ---- plan ---- */

static int plan_regions(sy_build *b)
{
    const synth_opts *o = &b->m->opts;
    int est = o->neq / ((o->region_min + o->region_max) / 2);
    if (est < 1)
        est = 1;
    int groups = (est + 19) / 20;
    int nnat = 3 + (groups > 1 ? groups : 0);
    int left = o->neq - nnat;
    int cap = left / o->region_min + 2;
    b->reg = calloc((size_t)cap, sizeof *b->reg);
    if (!b->reg)
        return -1;
    int n = 0;
    while (left > 0) {
        int len = sy_int(b, o->region_min, o->region_max);
        if (len > left || left - len < o->region_min)
            len = left;
        b->reg[n].len = len;
        left -= len;
        n++;
    }
    b->nreg = n;
    b->ngroups = (n + 19) / 20;
    if (b->ngroups == 1)
        b->ngroups = 0;
    /* The estimate of the national tier may be off by a group or two:
    ** the last region absorbs the difference so that neq is exact. */
    b->reg[n - 1].len += (groups > 1 ? groups : 0) - b->ngroups;
    return 0;
}

static void plan_layout(sy_build *b)
{
    int eq = 0, exo = 0, par = 0;
    for (int r = 0; r < b->nreg; r++) {
        sy_region *g = &b->reg[r];
        g->start = eq;
        eq += g->len;
        g->exo_start = exo;
        g->nexo = g->len / 12 < 3 ? 3 : g->len / 12;
        exo += g->nexo;
        g->par_start = par;
        par += 3;                   /* lam0, lam1, delta */
    }
    b->nat_start = eq;
    b->nat_gdp = eq + b->ngroups;
    b->nat_rate = b->nat_gdp + 1;
    b->nat_price = b->nat_gdp + 2;
    b->nat_exo = exo;
    b->nat_par = par;
    b->m->nendo = b->nat_price + 1;
    b->m->nexo = exo + 2;
    b->m->nparam = par + 1;
}

static int alloc_model_arrays(sy_build *b)
{
    synth_model *m = b->m;
    int nv = m->nendo + m->nexo;
    m->var = calloc((size_t)nv, sizeof *m->var);
    m->pname = calloc((size_t)m->nparam, sizeof *m->pname);
    m->pval = calloc((size_t)m->nparam, sizeof *m->pval);
    m->eq = calloc((size_t)m->nendo, sizeof *m->eq);
    m->af_col = calloc((size_t)m->nendo, sizeof *m->af_col);
    m->order = calloc((size_t)m->nendo, sizeof *m->order);
    m->group_start = calloc((size_t)m->nendo + 1, sizeof *m->group_start);
    b->spec = calloc((size_t)m->nendo, sizeof *b->spec);
    if (!m->var || !m->pname || !m->pval || !m->eq || !m->af_col || !m->order ||
        !m->group_start || !b->spec)
        return -1;
    for (int i = 0; i < m->nendo; i++)
        m->eq[i].block = -1;
    return 0;
}

static void name_region(sy_build *b, int r)
{
    synth_model *m = b->m;
    sy_region *g = &b->reg[r];
    for (int p = 0; p < g->len; p++)
        snprintf(m->var[g->start + p].name, sizeof m->var[0].name, "r%d_y%d", r, p);
    for (int k = 0; k < g->nexo; k++) {
        synth_var *v = &m->var[m->nendo + g->exo_start + k];
        snprintf(v->name, sizeof v->name, "r%d_x%d", r, k);
        v->ss = sy_round(round(exp(sy_range(b, log(10.0), log(1000.0))) * 100) / 100);
        v->amp = sy_range(b, 0.01, 0.05);
        v->omega = sy_range(b, 0.2, 1.2);
        v->phase = sy_range(b, 0.0, 6.283185307179586);
    }
    static const char *pn[3] = { "lam0", "lam1", "delta" };
    static const double lo[3] = { 0.2, 0.3, 0.05 }, hi[3] = { 0.5, 0.6, 0.15 };
    for (int k = 0; k < 3; k++) {
        snprintf(m->pname[g->par_start + k], sizeof m->pname[0], "r%d_%s", r, pn[k]);
        m->pval[g->par_start + k] = sy_round(round(sy_range(b, lo[k], hi[k]) * 1000) / 1000);
    }
}

static void name_national(sy_build *b)
{
    synth_model *m = b->m;
    for (int k = 0; k < b->ngroups; k++)
        snprintf(m->var[b->nat_start + k].name, sizeof m->var[0].name, "nat_g%d", k);
    snprintf(m->var[b->nat_gdp].name, sizeof m->var[0].name, "nat_gdp");
    snprintf(m->var[b->nat_rate].name, sizeof m->var[0].name, "nat_rate");
    snprintf(m->var[b->nat_price].name, sizeof m->var[0].name, "nat_price");
    synth_var *x0 = &m->var[m->nendo + b->nat_exo], *x1 = x0 + 1;
    snprintf(x0->name, sizeof x0->name, "nat_x0");      /* world demand */
    x0->ss = 1000;
    x0->amp = 0.03;
    x0->omega = 0.45;
    x0->phase = 0.3;
    snprintf(x1->name, sizeof x1->name, "nat_x1");      /* policy rate */
    x1->ss = 3;
    x1->amp = 0.05;
    x1->omega = 0.7;
    x1->phase = 1.1;
    snprintf(m->pname[b->nat_par], sizeof m->pname[0], "nat_lam");
    m->pval[b->nat_par] = 0.4;
}

/* Small blocks: each region gets its share (carrying fractions over), cut
** into blocks of block_min..block_max placed at random gaps, never on the
** region total (the last equation). */
static void plan_small_blocks(sy_build *b)
{
    const synth_opts *o = &b->m->opts;
    double carry = 0;
    for (int r = 0; r < b->nreg; r++) {
        sy_region *g = &b->reg[r];
        carry += o->block_share * g->len;
        int sizes[64], nb = 0, used = 0, room = g->len - 2;
        while (carry >= o->block_min && nb < 64) {
            int sz = sy_int(b, o->block_min, o->block_max);
            if (sz > (int)carry)
                sz = (int)carry;
            if (used + sz > room)
                break;
            sizes[nb++] = sz;
            used += sz;
            carry -= sz;
        }
        int free_pos = g->len - 1 - used, pos = g->start;
        for (int k = 0; k < nb; k++) {
            int gap = sy_int(b, 0, free_pos / (nb - k + 1) * 2);
            if (gap > free_pos)
                gap = free_pos;
            free_pos -= gap;
            pos += gap;
            int id = b->m->nblocks++;
            for (int j = 0; j < sizes[k]; j++)
                b->m->eq[pos + j].block = id;
            b->blk_start[id] = pos;
            b->blk_len[id] = sizes[k];
            pos += sizes[k];
        }
    }
}

/* One big block: a contiguous core in every region, in proportion to its
** size; the cores are chained into a ring (and cross-linked) by build_core. */
static int plan_big_block(sy_build *b)
{
    int total = 0, want = b->m->opts.big_block, given = 0;
    for (int r = 0; r < b->nreg; r++)
        total += b->reg[r].len;
    for (int r = 0; r < b->nreg; r++) {
        sy_region *g = &b->reg[r];
        long long share = (long long)want * (given + g->len) / total -
                          (long long)want * given / total;
        given += g->len;
        g->core_len = (int)share;
        if (g->core_len < 2 || g->core_len > g->len - 2)
            return -2;
        g->core_start = g->start + sy_int(b, 0, g->len - 1 - g->core_len);
        for (int j = 0; j < g->core_len; j++)
            b->m->eq[g->core_start + j].block = 0;
    }
    b->m->nblocks = 1;
    return 0;
}

static int plan_blocks(sy_build *b)
{
    const synth_opts *o = &b->m->opts;
    if (o->big_block > 0)
        return plan_big_block(b);
    int maxb = (int)(o->block_share * o->neq / o->block_min) + b->nreg + 1;
    b->blk_start = calloc((size_t)maxb, sizeof *b->blk_start);
    b->blk_len = calloc((size_t)maxb, sizeof *b->blk_len);
    if (!b->blk_start || !b->blk_len)
        return -1;
    plan_small_blocks(b);
    return 0;
}

static int check_opts(const synth_opts *o)
{
    if (o->neq < 100 || o->neq > 2000000 || o->region_min < 30 ||
        o->region_max < o->region_min || o->maxlag < 1 || o->maxlag > 9 ||
        o->proj_periods < 1 || o->block_min < 2 || o->block_max < o->block_min ||
        o->block_share < 0 || o->block_share > 0.5 || o->big_block < 0 ||
        o->big_block > o->neq * 3 / 4)
        return -2;
    return 0;
}

static void finish_stats(synth_model *m)
{
    int next_af = m->nendo + m->nexo;
    for (int i = 0; i < m->nendo; i++) {
        m->af_col[i] = m->eq[i].identity ? -1 : next_af++;
        m->nidentity += m->eq[i].identity;
        if (m->eq[i].block >= 0)
            m->block_eqs++;
    }
}

int synth_build(const synth_opts *o, synth_model **out)
{
    *out = NULL;
    if (check_opts(o))
        return -2;
    synth_model *m = calloc(1, sizeof *m);
    if (!m)
        return -1;
    m->opts = *o;
    sy_build b = { .m = m, .rng = o->seed * 0x2545F4914F6CDD1Dull + 7 };
    int rc = -1;
    m->arena_ = sy_arena_new();
    if (!m->arena_ || plan_regions(&b))
        goto done;
    plan_layout(&b);
    if (alloc_model_arrays(&b))
        goto done;
    for (int r = 0; r < b.nreg; r++)
        name_region(&b, r);
    name_national(&b);
    if ((rc = plan_blocks(&b)) != 0)
        goto done;
    rc = -1;
    if (sy_gen_structure(&b) || sy_gen_trees(&b) || sy_gen_order(&b))
        goto done;
    m->nregions = b.nreg;
    finish_stats(m);
    rc = 0;
done:
    free(b.reg);
    free(b.spec);
    free(b.blk_start);
    free(b.blk_len);
    if (rc)
        synth_free(m);
    else
        *out = m;
    return rc;
}

void synth_free(synth_model *m)
{
    if (!m)
        return;
    sy_arena_free(m->arena_);
    free(m->var);
    free(m->pname);
    free(m->pval);
    free(m->eq);
    free(m->af_col);
    free(m->order);
    free(m->group_start);
    free(m);
}

int synth_nper(const synth_model *m)
{
    return m->opts.maxlag + 1 + m->opts.proj_periods;
}

int synth_t0(const synth_model *m)
{
    return m->opts.maxlag + 1;
}

int synth_af_col(const synth_model *m, int i)
{
    return m->af_col[i];
}

/* The first maxlag periods sit exactly at the steady state, so that the
** history is consistent with the model; from then on the assumptions move. */
double synth_exo_value(const synth_model *m, int v, int t)
{
    const synth_var *x = &m->var[v];
    if (t < m->opts.maxlag)
        return x->ss;
    return x->ss * (1 + x->amp * sin(x->omega * (t - m->opts.maxlag) + x->phase));
}
