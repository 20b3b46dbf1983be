/*
** ps_tarjan on graphs whose components are known by construction or from
** the textbook, checking both the partition and the "dependencies first"
** numbering (every edge u -> w has comp[u] >= comp[w]).
*/
#include <criterion/criterion.h>

#include "analyse/analyse.h"

#include <stdlib.h>

typedef struct graph {
    int n, m;
    int *start, *adj;
} graph;

/* CSR from an edge list (from[k] -> to[k]). */
static graph make_graph(int n, int m, const int *from, const int *to) {
    graph g = {n, m, calloc((size_t)n + 1, sizeof(int)), malloc(((size_t)m + 1) * sizeof(int))};
    cr_assert(g.start && g.adj);
    for (int k = 0; k < m; k++) g.start[from[k] + 1]++;
    for (int v = 0; v < n; v++) g.start[v + 1] += g.start[v];
    int *fill = malloc(((size_t)n + 1) * sizeof(int));
    for (int v = 0; v <= n; v++) fill[v] = g.start[v];
    for (int k = 0; k < m; k++) g.adj[fill[from[k]]++] = to[k];
    free(fill);
    return g;
}

static void free_graph(graph *g) {
    free(g->start);
    free(g->adj);
}

static void assert_dependency_order(const graph *g, const int *comp, int ncomp) {
    for (int v = 0; v < g->n; v++) {
        cr_assert(comp[v] >= 0 && comp[v] < ncomp, "node %d has component %d of %d", v, comp[v],
                  ncomp);
        for (int k = g->start[v]; k < g->start[v + 1]; k++)
            cr_assert(comp[v] >= comp[g->adj[k]], "edge %d -> %d goes from component %d to %d",
                      v, g->adj[k], comp[v], comp[g->adj[k]]);
    }
}

static int *run(const graph *g, int *ncomp) {
    int *comp = malloc(((size_t)g->n + 1) * sizeof(int));
    *ncomp = ps_tarjan(g->n, g->start, g->adj, comp);
    assert_dependency_order(g, comp, *ncomp);
    return comp;
}

Test(tarjan, empty_graph) {
    int start[1] = {0};
    cr_assert_eq(ps_tarjan(0, start, NULL, NULL), 0);
}

Test(tarjan, dag_has_one_component_per_node) {
    /* 0 -> 1 -> 3, 0 -> 2 -> 3, 4 isolated */
    int from[] = {0, 0, 1, 2}, to[] = {1, 2, 3, 3};
    graph g = make_graph(5, 4, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 5);
    for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++) cr_assert_neq(comp[a], comp[b]);
    /* 3 has no dependencies reachable from it: it must come before 1, 2, 0. */
    cr_assert_lt(comp[3], comp[1]);
    cr_assert_lt(comp[3], comp[2]);
    cr_assert_lt(comp[1], comp[0]);
    free(comp);
    free_graph(&g);
}

Test(tarjan, cycle_is_one_component) {
    int from[] = {0, 1, 2, 3}, to[] = {1, 2, 3, 0};
    graph g = make_graph(4, 4, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 1);
    for (int v = 0; v < 4; v++) cr_assert_eq(comp[v], 0);
    free(comp);
    free_graph(&g);
}

Test(tarjan, two_components_linked) {
    /* {0,1} cycle -> {2,3} cycle through 1 -> 2: {2,3} is a dependency of {0,1}. */
    int from[] = {0, 1, 1, 2, 3}, to[] = {1, 0, 2, 3, 2};
    graph g = make_graph(4, 5, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 2);
    cr_assert_eq(comp[0], comp[1]);
    cr_assert_eq(comp[2], comp[3]);
    cr_assert_eq(comp[2], 0, "the dependency must be numbered first");
    cr_assert_eq(comp[0], 1);
    free(comp);
    free_graph(&g);
}

Test(tarjan, self_loops_do_not_merge) {
    /* 0 -> 0, 1 -> 1, 0 -> 1 */
    int from[] = {0, 1, 0}, to[] = {0, 1, 1};
    graph g = make_graph(2, 3, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 2);
    cr_assert_eq(comp[1], 0);
    cr_assert_eq(comp[0], 1);
    free(comp);
    free_graph(&g);
}

/* Cormen, Leiserson, Rivest, Stein, Introduction to Algorithms, figure 22.9:
** a..h = 0..7; components {a,b,e}, {c,d}, {f,g}, {h}. */
Test(tarjan, textbook_example) {
    int from[] = {0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 7};
    int to[] = {1, 2, 4, 5, 3, 6, 2, 7, 0, 5, 6, 5, 7, 7};
    graph g = make_graph(8, 14, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 4);
    cr_assert(comp[0] == comp[1] && comp[1] == comp[4]);
    cr_assert(comp[2] == comp[3]);
    cr_assert(comp[5] == comp[6]);
    int distinct[] = {comp[0], comp[2], comp[5], comp[7]};
    for (int a = 0; a < 4; a++)
        for (int b = a + 1; b < 4; b++) cr_assert_neq(distinct[a], distinct[b]);
    /* The condensation is a chain: {h} <- {f,g} <- {c,d} <- {a,b,e}. */
    cr_assert_eq(comp[7], 0);
    cr_assert_eq(comp[5], 1);
    cr_assert_eq(comp[2], 2);
    cr_assert_eq(comp[0], 3);
    free(comp);
    free_graph(&g);
}

/* A million-node chain: the recursive algorithm would need a million stack
** frames; the iterative one must handle it. */
Test(tarjan, million_node_chain) {
    int n = 1000000;
    int *from = malloc((size_t)n * sizeof(int)), *to = malloc((size_t)n * sizeof(int));
    for (int v = 0; v + 1 < n; v++) {
        from[v] = v;
        to[v] = v + 1;
    }
    graph g = make_graph(n, n - 1, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, n);
    cr_assert_eq(comp[n - 1], 0);
    cr_assert_eq(comp[0], n - 1);
    free(comp);
    free_graph(&g);
    free(from);
    free(to);
}

Test(tarjan, million_node_cycle) {
    int n = 1000000;
    int *from = malloc((size_t)n * sizeof(int)), *to = malloc((size_t)n * sizeof(int));
    for (int v = 0; v < n; v++) {
        from[v] = v;
        to[v] = (v + 1) % n;
    }
    graph g = make_graph(n, n, from, to);
    int nc, *comp = run(&g, &nc);
    cr_assert_eq(nc, 1);
    free(comp);
    free_graph(&g);
    free(from);
    free(to);
}

/* Random graphs: the components must match reachability computed naively
** (u and w share a component iff each reaches the other). */
Test(tarjan, random_graphs_match_reachability) {
    unsigned seed = 12345;
    for (int trial = 0; trial < 40; trial++) {
        int n = 2 + trial % 13, m = (trial * 7) % (3 * n) + 1;
        int from[64], to[64];
        for (int k = 0; k < m; k++) {
            seed = seed * 1103515245u + 12345u;
            from[k] = (int)((seed >> 16) % (unsigned)n);
            seed = seed * 1103515245u + 12345u;
            to[k] = (int)((seed >> 16) % (unsigned)n);
        }
        graph g = make_graph(n, m, from, to);
        int nc, *comp = run(&g, &nc);
        char reach[16][16] = {{0}};
        for (int v = 0; v < n; v++) reach[v][v] = 1;
        for (int k = 0; k < m; k++) reach[from[k]][to[k]] = 1;
        for (int k = 0; k < n; k++)        /* Warshall's transitive closure */
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (reach[i][k] && reach[k][j]) reach[i][j] = 1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                cr_assert_eq(comp[i] == comp[j], reach[i][j] && reach[j][i],
                             "trial %d: nodes %d and %d", trial, i, j);
        free(comp);
        free_graph(&g);
    }
}
