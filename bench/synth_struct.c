/*
** Structure of each generated equation: which variables it reads, at which
** lags, with which first-order weights.
**
** The acyclicity rule that keeps accidental simultaneity out: a
** contemporaneous input always has a lower equation index, except the
** deliberate links inside a simultaneous block (a small block's back edge and
** extra links; the big block's ring and lattice links, which only join core
** equations, and core equations read no other contemporaneous input).
*/
#include <math.h>
#include <stdlib.h>
#include "synth_build.h"

#define SY_NAT_GROUP 20

static int spec_init(sy_build *b, sy_spec *s, int kind, int cap)
{
    s->kind = kind;
    s->nt = 0;
    s->cap = cap;
    s->par = -1;
    s->t = sy_arena_alloc(b->m->arena_, (size_t)cap * sizeof *s->t);
    return s->t ? 0 : -1;
}

static int spec_has(const sy_spec *s, int var, int lag)
{
    for (int k = 0; k < s->nt; k++)
        if (s->t[k].var == var && s->t[k].lag == lag)
            return 1;
    return 0;
}

static void spec_add(sy_spec *s, int var, int lag)
{
    if (var < 0 || s->nt >= s->cap || spec_has(s, var, lag))
        return;
    s->t[s->nt].var = var;
    s->t[s->nt].lag = lag;
    s->t[s->nt].w = 0;
    s->nt++;
}

static void spec_drop_var(sy_spec *s, int var)
{
    int n = 0;
    for (int k = 0; k < s->nt; k++)
        if (s->t[k].var != var)
            s->t[n++] = s->t[k];
    s->nt = n;
}

/* A contemporaneous input for equation i of region r whose sector starts at
** `sec`: mostly the sector's recent equations, sometimes the region's, now
** and then another (earlier) region's total or equation. */
static int pick_earlier(sy_build *b, int r, int i, int sec)
{
    const sy_region *g = &b->reg[r];
    double u = sy_unif(b);
    if (u < 0.5 && i > sec) {
        int span = i - 1 - sec < 5 ? i - 1 - sec : 5;
        return i - 1 - sy_int(b, 0, span);
    }
    if (u < 0.7 && i > sec)
        return sy_int(b, sec, i - 1);
    if (u < 0.95 && i > g->start)
        return sy_int(b, g->start, i - 1);
    if (r > 0) {
        const sy_region *h = &b->reg[sy_int(b, r > 3 ? r - 3 : 0, r - 1)];
        return sy_unif(b) < 0.7 ? h->start + h->len - 1
                                : sy_int(b, h->start, h->start + h->len - 1);
    }
    return i > g->start ? sy_int(b, g->start, i - 1) : -1;
}

/* A lagged input: the region's own variables, a neighbour's, or the nation's. */
static int pick_lagged(sy_build *b, int r)
{
    double u = sy_unif(b);
    const sy_region *g = &b->reg[r];
    if (u < 0.85 || b->nreg == 1)
        return sy_int(b, g->start, g->start + g->len - 1);
    if (u < 0.93) {
        int r2 = (r + (sy_unif(b) < 0.5 ? 1 : b->nreg - 1)) % b->nreg;
        g = &b->reg[r2];
        return sy_int(b, g->start, g->start + g->len - 1);
    }
    int nat[3] = { b->nat_gdp, b->nat_rate, b->nat_price };
    return nat[sy_int(b, 0, 2)];
}

static int pick_exo(sy_build *b, int r)
{
    const sy_region *g = &b->reg[r];
    if (sy_unif(b) < 0.9)
        return b->m->nendo + g->exo_start + sy_int(b, 0, g->nexo - 1);
    return b->m->nendo + b->nat_exo + sy_int(b, 0, 1);
}

static int draw_kind(sy_build *b)
{
    static const int kinds[] = { K_LIN, K_LOGLIN, K_ECM, K_PCT, K_COBB, K_EXPDEV,
                                 K_SQRT, K_MINMAX, K_RATIO, K_ABS };
    static const int weight[] = { 30, 20, 12, 5, 10, 5, 6, 5, 4, 3 };
    int u = sy_int(b, 0, 99);
    for (int k = 0; k < 10; k++) {
        if (u < weight[k])
            return kinds[k];
        u -= weight[k];
    }
    return K_LIN;
}

static double round_w(double w)
{
    double a = round(fabs(w) * 1000) / 1000;
    if (a < 0.005)
        a = 0.005;
    return sy_round(w < 0 ? -a : a);
}

/* Weights with sum |w| = rho < 1: the own lag takes 30-60% of it; a ratio's
** two terms move together, so its weight counts twice. */
static void set_weights(sy_build *b, sy_spec *s, int self, double rho)
{
    double sum = 0, raw[64];
    int own = -1;
    for (int k = 0; k < s->nt; k++)
        if (s->t[k].var == self && own < 0)
            own = k;
    if (own >= 0) {
        s->t[own].w = round_w(rho * sy_range(b, 0.3, 0.6));
        rho -= s->t[own].w;
    }
    for (int k = 0; k < s->nt && k < 64; k++) {
        raw[k] = (k == own || (s->kind == K_RATIO && k == 1)) ? 0 : sy_range(b, 0.2, 1.0);
        sum += raw[k] * (s->kind == K_RATIO && k == 0 ? 2 : 1);
    }
    for (int k = 0; k < s->nt && k < 64; k++) {
        if (k == own || raw[k] == 0)
            continue;
        double w = raw[k] * rho / sum;
        s->t[k].w = round_w(sy_unif(b) < 0.2 ? -w : w);
    }
    if (s->kind == K_RATIO)
        s->t[1].w = -s->t[0].w;
}

static double draw_ss(sy_build *b)
{
    return sy_round(round(exp(sy_range(b, log(10.0), log(1000.0))) * 100) / 100);
}

enum { MODE_FREE, MODE_BLOCK, MODE_CORE };

/* A behavioural equation i reading the `nreq` required contemporaneous
** inputs plus a random mix of earlier equations, lags and assumptions. */
static int gen_behavioural(sy_build *b, int r, int i, int sec, const int *req, int nreq,
                           int mode)
{
    sy_spec *s = &b->spec[i];
    if (spec_init(b, s, draw_kind(b), nreq + 10))
        return -1;
    for (int k = 0; k < nreq; k++)
        spec_add(s, req[k], 0);
    if (mode != MODE_CORE) {
        int u = sy_int(b, 0, 99), nc = u < 15 ? 0 : u < 50 ? 1 : u < 85 ? 2 : 3;
        for (int k = 0; k < nc; k++)
            spec_add(s, pick_earlier(b, r, i, sec), 0);
    }
    if (sy_unif(b) < 0.65)
        spec_add(s, i, sy_lag(b));
    for (int k = sy_int(b, 0, 2); k > 0; k--)
        spec_add(s, pick_lagged(b, r), sy_lag(b));
    if (sy_unif(b) < 0.45)
        spec_add(s, pick_exo(b, r), sy_unif(b) < 0.2 ? -1 : 0);
    if (s->kind == K_ECM || s->kind == K_PCT) {
        spec_drop_var(s, i);        /* the adjustment term carries the own lag */
        s->par = b->reg[r].par_start + sy_int(b, 0, 1);
    }
    if (s->nt == 0)
        spec_add(s, pick_exo(b, r), 0);
    if (s->kind == K_RATIO && s->nt < 2)
        s->kind = K_LIN;
    s->flag = sy_int(b, 0, 1);
    set_weights(b, s, i, sy_range(b, 0.5, mode == MODE_FREE ? 0.9 : 0.85));
    b->m->var[i].ss = draw_ss(b);
    return 0;
}

/* Sum identity over `req` plus earlier equations, at least 2 terms. */
static int gen_sum(sy_build *b, int r, int i, int sec, const int *req, int nreq, int extra)
{
    sy_spec *s = &b->spec[i];
    if (spec_init(b, s, K_SUM, nreq + extra))
        return -1;
    for (int k = 0; k < nreq; k++)
        spec_add(s, req[k], 0);
    for (int tries = 0; s->nt < nreq + extra && tries < 8; tries++)
        spec_add(s, pick_earlier(b, r, i, sec), 0);
    b->m->eq[i].identity = 1;
    return 0;
}

static int gen_free(sy_build *b, int r, int i, int sec)
{
    if (i - sec >= 2 && sy_unif(b) < 0.18) {
        if (sy_unif(b) < 0.25) {
            sy_spec *s = &b->spec[i];
            if (spec_init(b, s, K_ACCUM, 1))
                return -1;
            spec_add(s, pick_earlier(b, r, i, sec), 0);
            s->par = b->reg[r].par_start + 2;
            b->m->eq[i].identity = 1;
            return 0;
        }
        if (gen_sum(b, r, i, sec, NULL, 0, sy_int(b, 2, 4)))
            return -1;
        if (b->spec[i].nt >= 2)
            return 0;
        b->m->eq[i].identity = 0;
    }
    return gen_behavioural(b, r, i, sec, NULL, 0, MODE_FREE);
}

/* Member k of a small block: reads its predecessor (the first reads the last
** member, closing the loop), sometimes another member; the middle member may
** be an accounting identity, as Y = C + I + G is in a Keynesian cross. */
static int gen_block_member(sy_build *b, int r, int i, int sec)
{
    int id = b->m->eq[i].block, p0 = b->blk_start[id], n = b->blk_len[id];
    int k = i - p0, req[2], nreq = 1;
    req[0] = k > 0 ? i - 1 : p0 + n - 1;
    if (k == n / 2 && sy_unif(b) < 0.5)
        return gen_sum(b, r, i, sec, req, 1, sy_int(b, 1, 2));
    if (sy_unif(b) < 0.3) {
        int j = p0 + sy_int(b, 0, n - 1);
        if (j != i && j != req[0])
            req[nreq++] = j;
    }
    return gen_behavioural(b, r, i, sec, req, nreq, MODE_BLOCK);
}

/* Core equation of the big block: the cores form a ring over the regions
** (each core's first equation reads the previous region's last), with
** lattice links to the neighbours' cores and within the own core. */
static int gen_core(sy_build *b, int r, int i)
{
    const sy_region *g = &b->reg[r];
    int k = i - g->core_start, req[3], nreq = 1;
    if (k > 0) {
        req[0] = i - 1;
    } else {
        const sy_region *p = &b->reg[(r + b->nreg - 1) % b->nreg];
        req[0] = p->core_start + p->core_len - 1;
    }
    if (sy_unif(b) < 0.2) {
        const sy_region *h = &b->reg[(r + (sy_unif(b) < 0.5 ? 1 : b->nreg - 1)) % b->nreg];
        req[nreq++] = h->core_start + sy_int(b, 0, h->core_len - 1);
    }
    if (sy_unif(b) < 0.2) {
        int j = g->core_start + sy_int(b, 0, g->core_len - 1);
        if (j != i)
            req[nreq++] = j;
    }
    return gen_behavioural(b, r, i, i, req, nreq, MODE_CORE);
}

static int gen_total(sy_build *b, int r, int i, const int *out, int nout)
{
    sy_spec *s = &b->spec[i];
    if (spec_init(b, s, K_SUM, nout + 1))
        return -1;
    for (int k = 0; k < nout; k++)
        spec_add(s, out[k], 0);
    if (s->nt < 2)
        spec_add(s, sy_int(b, b->reg[r].start, i - 2), 0);
    b->m->eq[i].identity = 1;
    b->m->eq[i].total = r + 1;
    return 0;
}

/* Sectors of 10-25 equations; the last equation is the region total. */
static int gen_region(sy_build *b, int r)
{
    const sy_region *g = &b->reg[r];
    int last = g->start + g->len - 1, out[64], nout = 0, sec = g->start, sec_end = -1;
    for (int i = g->start; i < last; i++) {
        if (i > sec_end) {
            sec = i;
            sec_end = i + sy_int(b, 10, 25) - 1;
            if (sec_end > last - 1 || last - 1 - sec_end < 10)
                sec_end = last - 1;
        }
        int rc;
        if (b->m->opts.big_block > 0 && b->m->eq[i].block == 0)
            rc = gen_core(b, r, i);
        else if (b->m->eq[i].block >= 0)
            rc = gen_block_member(b, r, i, sec);
        else
            rc = gen_free(b, r, i, sec);
        if (rc)
            return -1;
        if (i == sec_end && nout < 64)
            out[nout++] = i;
    }
    return gen_total(b, r, last, out, nout);
}

static int gen_nat_sum(sy_build *b, int i, int from, int n, int region_totals)
{
    sy_spec *s = &b->spec[i];
    if (spec_init(b, s, K_SUM, n))
        return -1;
    for (int k = from; k < from + n; k++)
        spec_add(s, region_totals ? b->reg[k].start + b->reg[k].len - 1 : b->nat_start + k, 0);
    b->m->eq[i].identity = 1;
    return 0;
}

static int gen_national(sy_build *b)
{
    synth_model *m = b->m;
    for (int k = 0; k < b->ngroups; k++) {
        int from = k * SY_NAT_GROUP, n = b->nreg - from;
        if (gen_nat_sum(b, b->nat_start + k, from, n < SY_NAT_GROUP ? n : SY_NAT_GROUP, 1))
            return -1;
    }
    if (b->ngroups ? gen_nat_sum(b, b->nat_gdp, 0, b->ngroups, 0)
                   : gen_nat_sum(b, b->nat_gdp, 0, b->nreg, 1))
        return -1;
    sy_spec *s = &b->spec[b->nat_rate];
    if (spec_init(b, s, K_LOGLIN, 3))
        return -1;
    s->t[0] = (sy_term){ b->nat_rate, -1, 0.5 };
    s->t[1] = (sy_term){ b->nat_gdp, 0, 0.3 };
    s->t[2] = (sy_term){ m->nendo + b->nat_exo + 1, 0, 0.1 };
    s->nt = 3;
    m->var[b->nat_rate].ss = 4;
    s = &b->spec[b->nat_price];
    if (spec_init(b, s, K_ECM, 2))
        return -1;
    s->t[0] = (sy_term){ b->nat_gdp, -1, 0.3 };
    s->t[1] = (sy_term){ m->nendo + b->nat_exo, 0, 0.4 };
    s->nt = 2;
    s->par = b->nat_par;
    m->var[b->nat_price].ss = 100;
    return 0;
}

int sy_gen_structure(sy_build *b)
{
    for (int r = 0; r < b->nreg; r++)
        if (gen_region(b, r))
            return -1;
    return gen_national(b);
}

/* Reference order: the generation order is already recursive except that
** the big block's core must come first (later regions' equations read it). */
int sy_gen_order(sy_build *b)
{
    synth_model *m = b->m;
    int n = 0, ng = 0, big = m->opts.big_block > 0;
    if (big) {
        m->group_start[ng++] = 0;
        for (int i = 0; i < m->nendo; i++)
            if (m->eq[i].block == 0)
                m->order[n++] = i;
    }
    for (int i = 0; i < m->nendo; i++) {
        if (big && m->eq[i].block == 0)
            continue;
        int blk = big ? -1 : m->eq[i].block;
        if (blk >= 0 && i != b->blk_start[blk])
            continue;
        m->group_start[ng++] = n;
        int len = blk >= 0 ? b->blk_len[blk] : 1;
        for (int j = 0; j < len; j++)
            m->order[n++] = i + j;
        if (blk >= 0 && len > m->largest_block)
            m->largest_block = len;
    }
    if (big)
        m->largest_block = m->group_start[1];
    m->ngroups = ng;
    m->group_start[ng] = n;
    return n == m->nendo ? 0 : -1;
}
