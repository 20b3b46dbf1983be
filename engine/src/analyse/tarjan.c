/*
** Tarjan's strongly connected components, iterative.
**
** A model of a million equations chained one to the next would overflow the
** C stack with the textbook recursion, so the depth-first search keeps its
** own stack: frame[] holds the vertices being visited and next_edge[v] where
** v's scan of its successors resumes.  Tarjan closes a component only after
** every component reachable from it is closed, so numbering components in the
** order they close is already the "dependencies first" order we want.
*/
#include "analyse/analyse.h"
#include "util/alloc.h"

#include <stdlib.h>

typedef struct tarjan {
    const int *start, *adj;
    int *comp;
    int *index, *low;           /* discovery number and lowlink; index -1 = unseen */
    int *next_edge;             /* resume position in v's successor list */
    int *stack, nstack;         /* Tarjan's stack of open vertices */
    int *frame, nframe;         /* the explicit DFS call stack */
    int counter, ncomp;
} tarjan;

static void visit(tarjan *t, int v) {
    t->index[v] = t->low[v] = t->counter++;
    t->next_edge[v] = t->start[v];
    t->stack[t->nstack++] = v;
    t->frame[t->nframe++] = v;
}

/* v's scan is done: close its component if it is a root, then report its
** lowlink to the parent. */
static void finish(tarjan *t, int v) {
    t->nframe--;
    if (t->low[v] == t->index[v]) {
        int w;
        do {
            w = t->stack[--t->nstack];
            t->comp[w] = t->ncomp;
        } while (w != v);
        t->ncomp++;
    }
    if (t->nframe > 0) {
        int u = t->frame[t->nframe - 1];
        if (t->low[v] < t->low[u]) t->low[u] = t->low[v];
    }
}

static void search(tarjan *t, int root) {
    visit(t, root);
    while (t->nframe > 0) {
        int v = t->frame[t->nframe - 1];
        if (t->next_edge[v] == t->start[v + 1]) {
            finish(t, v);
            continue;
        }
        int w = t->adj[t->next_edge[v]++];
        if (t->index[w] < 0)
            visit(t, w);
        else if (t->comp[w] < 0 && t->index[w] < t->low[v])   /* w still open */
            t->low[v] = t->index[w];
    }
}

int ps_tarjan(int n, const int *start, const int *adj, int *comp) {
    if (n <= 0) return 0;
    int *mem = ps_malloc(5 * (size_t)n * sizeof *mem);
    if (!mem) return -1;
    tarjan t = {start, adj, comp, mem, mem + n, mem + 2 * (size_t)n, mem + 3 * (size_t)n,
                0, mem + 4 * (size_t)n, 0, 0, 0};
    for (int v = 0; v < n; v++) {
        t.index[v] = -1;
        comp[v] = -1;
    }
    for (int v = 0; v < n; v++)
        if (t.index[v] < 0) search(&t, v);
    ps_free(mem);
    return t.ncomp;
}
