/*
** The targets file's label_zh column (docs/report.md): the plan's own
** Chinese wording of a target is read as written, in CSV and JSON, and is
** optional; the Yangzhou targets carry the work report's words.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "report/report.h"

static ps_targets *parse(const char *text) {
    ps_targets *t = NULL;
    ps_error err;
    int rc = ps_targets_parse(text, strlen(text), "t.csv", PS_FREQ_ANNUAL, &t, &err);
    cr_assert_eq(rc, PS_OK, "%s", err.message);
    return t;
}

Test(targets_zh, csv_column_in_any_position) {
    ps_targets *t = parse("label_zh,variable,period,target\n"
                          "地区生产总值增长6%以上,gdpr,2024,6\n"
                          ",fai,2024,8\n");
    cr_assert_eq(t->n, 2);
    cr_assert_str_eq(t->items[0].label_zh, "地区生产总值增长6%以上");
    cr_assert_float_eq(t->items[0].value, 6, 0);
    cr_assert_str_eq(t->items[1].label_zh, "");
    ps_targets_free(t);
}

Test(targets_zh, absent_column_is_empty) {
    ps_targets *t = parse("variable,period,target\ngdpr,2024,6\n");
    cr_assert_str_eq(t->items[0].label_zh, "");
    ps_targets_free(t);
}

Test(targets_zh, json_key) {
    const char *j = "{\"targets\": [{\"variable\": \"rev\", \"period\": 2024, \"target\": 5, "
                    "\"label_zh\": \"一般公共预算收入增长5%\"}]}";
    ps_targets *t = NULL;
    ps_error err;
    cr_assert_eq(ps_targets_parse(j, strlen(j), "t.json", PS_FREQ_ANNUAL, &t, &err), PS_OK,
                 "%s", err.message);
    cr_assert_str_eq(t->items[0].label_zh, "一般公共预算收入增长5%");
    ps_targets_free(t);
    const char *bad = "{\"targets\": [{\"variable\": \"rev\", \"period\": 2024, \"target\": 5, "
                      "\"label_zh\": 3}]}";
    cr_assert_eq(ps_targets_parse(bad, strlen(bad), "t.json", PS_FREQ_ANNUAL, &t, &err),
                 PS_ERR_DATA);
    cr_assert(strstr(err.message, "targets[0].label_zh: expected a string"), "%s", err.message);
}

/* The wording is the 2024 work report's (part two: 今年经济社会发展主要
** 预期目标是：地区生产总值增长6%以上，一般公共预算收入增长5% ...). */
Test(targets_zh, yangzhou_targets_in_the_reports_words) {
    ps_targets *t = NULL;
    ps_error err;
    cr_assert_eq(ps_targets_read("models/yangzhou/targets_2024.csv", PS_FREQ_ANNUAL, &t, &err),
                 PS_OK, "%s", err.message);
    int seen = 0;
    for (int i = 0; i < t->n; i++) {
        cr_assert(t->items[i].label_zh[0], "target %s has no Chinese wording",
                  t->items[i].variable);
        if (strcmp(t->items[i].variable, "gdpr") == 0) {
            cr_assert_str_eq(t->items[i].label_zh, "地区生产总值增长6%以上");
            seen++;
        }
    }
    cr_assert_eq(seen, 1);
    ps_targets_free(t);
}
