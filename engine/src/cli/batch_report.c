/*
** `polsim batch`: what it tells the user.  Progress goes to standard error:
** a bar redrawn in place on a terminal, one line per finished script
** otherwise (logs of cluster jobs).  The summary table goes to standard output.
*/
#include "cli/batch_cli.h"

#include <stdio.h>
#include <string.h>

#define BAR_WIDTH 24

void batch_report_kept(const batch_state *b, int i) {
    if (!b->o->quiet)
        fprintf(stderr, "skipped %s: complete and unchanged since its last run (--resume)\n",
                b->plan->scripts[i]);
}

void batch_report_rerun(const batch_state *b, int i, const char *why) {
    if (!b->o->quiet) fprintf(stderr, "rerun %s: %s\n", b->plan->scripts[i], why);
}

void batch_report_clear(const batch_state *b) {
    if (b->tty && !b->o->quiet) fputs("\r\033[K", stderr);
}

void batch_report_done(batch_state *b, int i) {
    const ps_batch_record *r = b->recs[i];
    if (b->o->quiet) return;
    if (b->tty) {
        if (r->status == PS_BATCH_OK) return;
        batch_report_clear(b);
        fprintf(stderr, "%s %s: %s\n", ps_batch_status_name(r->status), r->script, r->error);
        batch_report_draw(b);
        return;
    }
    fprintf(stderr, "[%d/%d] %s %s %.2f s%s%s\n", b->finished, b->torun,
            ps_batch_status_name(r->status), r->script, r->seconds, r->error[0] ? ": " : "",
            r->error);
    fflush(stderr);
}

void batch_report_draw(const batch_state *b) {
    if (!b->tty || b->o->quiet) return;
    double el = batch_now() - b->t0;
    int fill = b->torun ? b->finished * BAR_WIDTH / b->torun : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    for (int k = 0; k < BAR_WIDTH; k++) bar[k] = k < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r\033[K[%s] %d/%d done, %d failed, %d running, %.1f s", bar, b->finished,
            b->torun, b->failed, b->running, el);
    if (b->finished > 0 && b->finished < b->torun)
        fprintf(stderr, ", about %.0f s left", el / b->finished * (b->torun - b->finished));
    fflush(stderr);
}

/* A long path keeps its end, which tells scripts apart. */
static const char *tail_of(const char *s, int width) {
    int n = (int)strlen(s);
    return n <= width ? s : s + n - width;
}

void batch_report_summary(const batch_state *b, const ps_batch_manifest *m,
                          const char *manifest_path) {
    int w = 6;
    for (int i = 0; i < m->nrec; i++) {
        int n = (int)strlen(m->recs[i]->script);
        if (n > w) w = n;
    }
    if (w > 48) w = 48;
    printf("%-*s  %-11s %9s %7s  %s\n", w, "script", "status", "time", "outputs", "error");
    for (int i = 0; i < m->nrec; i++) {
        const ps_batch_record *r = m->recs[i];
        char t[32] = "-";
        if (r->status != PS_BATCH_NOT_RUN) snprintf(t, sizeof t, "%.2f s", r->seconds);
        const char *note = r->reused ? "(kept from its last run: --resume)" : r->error;
        printf("%-*s  %-11s %9s %7d%s%s\n", w, tail_of(r->script, w),
               ps_batch_status_name(r->status), t, r->noutputs, note[0] ? "  " : "", note);
    }
    printf("\n%d script%s:", m->nrec, m->nrec == 1 ? "" : "s");
    const char *sep = " ";
    for (int s = PS_BATCH_OK; s <= PS_BATCH_INTERRUPTED; s++) {
        int n = ps_batch_manifest_count(m, (ps_batch_status)s);
        if (n || s == PS_BATCH_OK) printf("%s%d %s", sep, n, ps_batch_status_name((ps_batch_status)s));
        sep = ", ";
    }
    int nr = ps_batch_manifest_count(m, PS_BATCH_NOT_RUN), kept = 0;
    for (int i = 0; i < m->nrec; i++) kept += m->recs[i]->reused;
    if (nr) printf(", %d not run", nr);
    if (kept) printf(" (%d kept from the last run)", kept);
    printf(" in %.2f s%s; manifest %s\n", m->seconds, m->interrupted ? ", interrupted" : "",
           manifest_path);
    (void)b;
}
