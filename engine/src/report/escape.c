/* Report module: escaping text for HTML, JSON and inline scripts. */
#include "report/report_int.h"
#include "util/alloc.h"
#include "util/num.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void ps_report_html(ps_sb *sb, const char *s) {
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': ps_sb_puts(sb, "&amp;"); break;
        case '<': ps_sb_puts(sb, "&lt;"); break;
        case '>': ps_sb_puts(sb, "&gt;"); break;
        case '"': ps_sb_puts(sb, "&quot;"); break;
        case '\'': ps_sb_puts(sb, "&#39;"); break;
        default: ps_sb_append(sb, p, 1);
        }
    }
}

void ps_report_json_str(ps_sb *sb, const char *s) {
    ps_sb_puts(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': ps_sb_puts(sb, "\\\""); break;
        case '\\': ps_sb_puts(sb, "\\\\"); break;
        case '\n': ps_sb_puts(sb, "\\n"); break;
        case '\t': ps_sb_puts(sb, "\\t"); break;
        case '<': case '>': case '&': ps_sb_printf(sb, "\\u%04x", *p); break;
        default:
            if (*p < 0x20) ps_sb_printf(sb, "\\u%04x", *p);
            else ps_sb_append(sb, (const char *)p, 1);
        }
    }
    ps_sb_puts(sb, "\"");
}

void ps_report_json_num(ps_sb *sb, double x) {
    char buf[PS_NUM_BUF];
    if (!isfinite(x)) {
        ps_sb_puts(sb, "null");
        return;
    }
    ps_num_format(x, buf);
    ps_sb_puts(sb, buf);
}

static int is_script_end(const char *p, size_t left) {
    static const char tag[] = "</script";
    if (left < sizeof tag - 1) return 0;
    for (size_t i = 0; i < sizeof tag - 1; i++)
        if (tolower((unsigned char)p[i]) != tag[i]) return 0;
    return 1;
}

void ps_report_script_text(ps_sb *sb, const char *js, size_t len) {
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (js[i] != '<' || !is_script_end(js + i, len - i)) continue;
        ps_sb_append(sb, js + start, i - start);
        ps_sb_puts(sb, "<\\/");
        start = i + 2; /* past "</" */
        i++;
    }
    ps_sb_append(sb, js + start, len - start);
}
