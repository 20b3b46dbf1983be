/*
** Batch module (polsim/batch.h): shards, folder names, run records and
** manifests as files, the files of a run, and the checks of --resume.
** Hashes are checked against sha256sum's output for the same bytes (and the
** FIPS 180-2 test vector "abc"), not against the code under test.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "io/io.h"
#include "polsim/version.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_X "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"

static char tmp[64];

static void make_tmp(void) {
    snprintf(tmp, sizeof tmp, "/tmp/polsim-batch-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp));
}

static void remove_tmp(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(batch, .init = make_tmp, .fini = remove_tmp);

static const char *at(const char *rel) {
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmp, rel);
    return buf[k];
}

static void put(const char *rel, const char *text) {
    const char *p = at(rel);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", p);
    *strrchr(dir, '/') = '\0';
    ps_error err;
    cr_assert_eq(ps_mkdir_p(dir, &err), PS_OK);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static int exists(const char *rel) {
    struct stat st;
    return lstat(at(rel), &st) == 0;
}

/* ---- shards and the plan ---- */

Test(batch, shard_parse) {
    ps_error err;
    int k = 0, n = 0;
    cr_assert_eq(ps_batch_shard_parse("2/8", &k, &n, &err), PS_OK);
    cr_assert(k == 2 && n == 8);
    cr_assert_eq(ps_batch_shard_parse("1/1", &k, &n, &err), PS_OK);
    struct { const char *s, *msg; } bad[] = {
        {"0/3", "K must be 1..3"},   {"4/3", "K must be 1..3"},
        {"3", "expected K/N"},       {"a/b", "expected K/N"},
        {"1/3x", "expected K/N"},    {"-1/3", "expected K/N"},
        {"1/0", "N must be 1..100000"}, {"1/100001", "N must be 1..100000"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(ps_batch_shard_parse(bad[i].s, &k, &n, &err), PS_ERR_USAGE, "%s", bad[i].s);
        cr_assert(strstr(err.message, bad[i].msg), "%s: %s", bad[i].s, err.message);
    }
}

Test(batch, plan_sorts_dedupes_and_names_folders) {
    const char *in[] = {"b.lua", "c/x.lua", "b.lua", "a/x.lua", "x-2.lua", "d/my plan.v2.lua",
                        "e/.lua", "noext"};
    ps_batch_plan *p = NULL;
    ps_error err;
    cr_assert_eq(ps_batch_plan_new(in, 8, 0, 0, &p, &err), PS_OK);
    /* Byte order; "b.lua" once; "x" taken by a/x.lua, and "x-2" kept for
    ** x-2.lua, so c/x.lua gets "x-3". */
    const char *scripts[] = {"a/x.lua", "b.lua", "c/x.lua", "d/my plan.v2.lua", "e/.lua",
                             "noext", "x-2.lua"};
    const char *folders[] = {"x", "b", "x-3", "my_plan_v2", "script", "noext", "x-2"};
    cr_assert_eq(p->total, 7);
    cr_assert_eq(p->n, 7);
    for (int i = 0; i < 7; i++) {
        cr_assert_str_eq(p->scripts[i], scripts[i]);
        cr_assert_str_eq(p->folders[i], folders[i]);
    }
    ps_batch_plan_free(p);
    ps_batch_plan_free(NULL);
}

/* Every script in exactly one shard, at sorted positions K-1, K-1+N, ...,
** with the folder the whole batch gives it. */
Test(batch, shards_cover_the_batch_once) {
    const char *in[20];
    char names[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(names[i], sizeof names[i], "s%02d.lua", 19 - i); /* given unsorted */
        in[i] = names[i];
    }
    ps_error err;
    ps_batch_plan *all = NULL;
    cr_assert_eq(ps_batch_plan_new(in, 20, 0, 0, &all, &err), PS_OK);
    for (int n = 1; n <= 7; n++) {
        int seen[20] = {0};
        for (int k = 1; k <= n; k++) {
            ps_batch_plan *p = NULL;
            cr_assert_eq(ps_batch_plan_new(in, 20, k, n, &p, &err), PS_OK);
            cr_assert_eq(p->total, 20);
            cr_assert_eq(p->n, (20 - k) / n + 1, "shard %d/%d has %d", k, n, p->n);
            for (int j = 0; j < p->n; j++) {
                int pos = k - 1 + j * n;
                cr_assert_str_eq(p->scripts[j], all->scripts[pos]);
                cr_assert_str_eq(p->folders[j], all->folders[pos]);
                seen[pos]++;
            }
            ps_batch_plan_free(p);
        }
        for (int i = 0; i < 20; i++) cr_assert_eq(seen[i], 1, "N=%d position %d", n, i);
    }
    ps_batch_plan_free(all);
    ps_batch_plan *p = NULL;
    cr_assert_eq(ps_batch_plan_new(in, 20, 5, 4, &p, &err), PS_ERR_USAGE);
    cr_assert(strstr(err.message, "shard 5 of 4 does not exist"));
}

/* ---- records ---- */

static ps_batch_record *sample_record(void) {
    ps_batch_record *r = NULL;
    ps_error err;
    cr_assert_eq(ps_batch_record_new("scripts/a.lua", "a", &r, &err), PS_OK);
    const char *keys[] = {"dg", "mode", "dg"}, *vals[] = {"10", "low credit", "12"};
    cr_assert_eq(ps_batch_record_set_args(r, 3, keys, vals, &err), PS_OK);
    strcpy(r->sha256, SHA_ABC);
    r->seed = 4294967295UL;
    r->status = PS_BATCH_FAILED;
    r->exit_code = 6;
    r->seconds = 1.25;
    cr_assert_eq(ps_batch_record_set_error(r, "a.lua:3: \"boom\"", &err), PS_OK);
    cr_assert_eq(ps_batch_record_add_input(r, "model", "keynes", "models/k/k.model", SHA_X, &err),
                 PS_OK);
    cr_assert_eq(ps_batch_record_add_input(r, "lib", "", "scripts/lib", SHA_ABC, &err), PS_OK);
    r->outputs = calloc(1, sizeof *r->outputs);
    r->outputs[0].path = strdup("a/r.json");
    strcpy(r->outputs[0].sha256, SHA_X);
    r->outputs[0].bytes = 1234;
    r->noutputs = 1;
    return r;
}

Test(batch, set_args_keep_the_last_value) {
    ps_batch_record *r = sample_record();
    cr_assert_eq(r->nsets, 2);
    cr_assert_str_eq(r->set_keys[0], "dg");
    cr_assert_str_eq(r->set_values[0], "12");
    cr_assert_str_eq(r->set_values[1], "low credit");
    ps_batch_record_free(r);
    ps_batch_record_free(NULL);
}

Test(batch, record_round_trip) {
    ps_batch_record *r = sample_record(), *back = NULL;
    ps_error err;
    cr_assert_eq(ps_batch_record_write(r, at("run.json"), &err), PS_OK, "%s", err.message);
    cr_assert_eq(ps_batch_record_read(at("run.json"), &back, &err), PS_OK, "%s", err.message);
    cr_assert_str_eq(back->script, "scripts/a.lua");
    cr_assert_str_eq(back->folder, "a");
    cr_assert_str_eq(back->sha256, SHA_ABC);
    cr_assert_eq(back->nsets, 2);
    cr_assert_str_eq(back->set_keys[1], "mode");
    cr_assert_str_eq(back->set_values[1], "low credit");
    cr_assert_eq(back->seed, 4294967295UL);
    cr_assert_str_eq(back->engine_version, PS_VERSION_STRING);
    cr_assert_eq(back->status, PS_BATCH_FAILED);
    cr_assert_eq(back->exit_code, 6);
    cr_assert_eq(back->signal, 0);
    cr_assert_float_eq(back->seconds, 1.25, 1e-12);
    cr_assert_str_eq(back->error, "a.lua:3: \"boom\"");
    cr_assert_eq(back->ninputs, 2);
    cr_assert_str_eq(back->inputs[0].kind, "model");
    cr_assert_str_eq(back->inputs[0].name, "keynes");
    cr_assert_str_eq(back->inputs[0].path, "models/k/k.model");
    cr_assert_str_eq(back->inputs[0].sha256, SHA_X);
    cr_assert_str_eq(back->inputs[1].name, "");
    cr_assert_eq(back->noutputs, 1);
    cr_assert_str_eq(back->outputs[0].path, "a/r.json");
    cr_assert_eq(back->outputs[0].bytes, 1234);
    ps_batch_record_free(back);
    ps_batch_record_free(r);
}

/* Replace `from` by `to` in the sample record's JSON and read it back. */
static int read_edited(const char *from, const char *to, ps_error *err) {
    ps_batch_record *r = sample_record(), *back = NULL;
    cr_assert_eq(ps_batch_record_write(r, at("ok.json"), err), PS_OK);
    ps_batch_record_free(r);
    FILE *f = fopen(at("ok.json"), "rb");
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *p = strstr(text, from), out[8192];
    cr_assert_not_null(p, "%s not in the record", from);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
    put("bad.json", out);
    int rc = ps_batch_record_read(at("bad.json"), &back, err);
    ps_batch_record_free(back);
    return rc;
}

Test(batch, record_errors_name_the_field) {
    ps_error err;
    struct { const char *from, *to, *msg; } cases[] = {
        {"\"polsim.batch.run\"", "\"polsim.result\"", "schema: expected \"polsim.batch.run\", found \"polsim.result\""},
        {"\"schema_version\":\t1", "\"schema_version\":\t2", "upgrade polsim"},
        {"\"failed\"", "\"exploded\"", "status: expected one of not-run, ok, failed"},
        {"\"folder\":\t\"a\"", "\"folder\":\t\"../a\"", "folder: expected a folder name"},
        {"\"script\":", "\"scrip\":", "script: missing (expected a string)"},
        {"\"seed\":\t4294967295", "\"seed\":\t-1", "seed: expected a whole number"},
        {"\"sha256\":\t\"" SHA_X "\",\n\t\t\t\"bytes\"", "\"sha256\":\t\"xyz\",\n\t\t\t\"bytes\"",
         "outputs[0].sha256: expected a SHA-256"},
        {"\"kind\":\t\"lib\"", "\"kind\":\t\"data set\"", "inputs[1].kind: expected \"model\""},
        {"\"exit_code\":\t6", "\"exit_code\":\t\"6\"", "exit_code: expected a number"},
        {"\"inputs\":", "\"inputz\":", "inputs: expected an array"},
        {"}\n", "", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ps_error_clear(&err);
        cr_assert_eq(read_edited(cases[i].from, cases[i].to, &err), PS_ERR_DATA, "case %zu", i);
        cr_assert(strstr(err.message, cases[i].msg), "case %zu: %s", i, err.message);
        cr_assert(strstr(err.file, "bad.json"), "case %zu: file '%s'", i, err.file);
    }
    ps_batch_record *r = NULL;
    cr_assert_eq(ps_batch_record_read(at("none.json"), &r, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "cannot open"));
    cr_assert_null(r);
}

Test(batch, status_names) {
    cr_assert_str_eq(ps_batch_status_name(PS_BATCH_NOT_RUN), "not-run");
    cr_assert_str_eq(ps_batch_status_name(PS_BATCH_OK), "ok");
    cr_assert_str_eq(ps_batch_status_name(PS_BATCH_TIMEOUT), "timeout");
    cr_assert_str_eq(ps_batch_status_name(PS_BATCH_INTERRUPTED), "interrupted");
    cr_assert_str_eq(ps_batch_status_name((ps_batch_status)99), "?");
}

/* ---- files ---- */

Test(batch, hash_file_and_module_digest) {
    ps_error err;
    char hex[65];
    put("abc.txt", "abc");
    cr_assert_eq(ps_batch_hash_file(at("abc.txt"), hex, &err), PS_OK);
    cr_assert_str_eq(hex, SHA_ABC);
    cr_assert_eq(ps_batch_hash_file(at("none"), hex, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "cannot open"));
    /* sha256 of "a.lua <sha x>\nsub/b.lua <sha y>\n", by sha256sum. */
    put("lib/a.lua", "x");
    put("lib/sub/b.lua", "y");
    put("lib/c.txt", "z");
    cr_assert_eq(ps_batch_dir_digest(at("lib"), hex, &err), PS_OK);
    cr_assert_str_eq(hex, "d1500725e426495fad84aa39cd3865ac9690c44fcc95105fc03165fb4f132f00");
    cr_assert_eq(unlink(at("lib/sub/b.lua")), 0);
    cr_assert_eq(ps_batch_dir_digest(at("lib"), hex, &err), PS_OK);
    cr_assert_str_eq(hex, "2cad8101200033bc5bc82e451c3b3e0f4ecba2b948918000042068e12c8852f4");
    cr_assert_eq(ps_batch_dir_digest(at("nolib"), hex, &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "cannot list folder"));
}

Test(batch, prepare_empties_only_its_own_folders) {
    ps_error err;
    cr_assert_eq(ps_batch_prepare(tmp, "fresh", &err), PS_OK);
    cr_assert(exists("fresh"));
    cr_assert_eq(ps_batch_prepare(tmp, "fresh", &err), PS_OK); /* empty: fine */
    put("keep.txt", "outside");
    put("old/log.txt", "...");
    put("old/r.json.tmp.AbC123", "half");
    put("old/sub/deep.csv", "1");
    cr_assert_eq(symlink(at("keep.txt"), at("old/link")), 0);
    cr_assert_eq(symlink(tmp, at("old/dirlink")), 0);
    cr_assert_eq(ps_batch_prepare(tmp, "old", &err), PS_OK, "%s", err.message);
    cr_assert(exists("old"));
    cr_assert(!exists("old/log.txt") && !exists("old/sub") && !exists("old/link") &&
              !exists("old/r.json.tmp.AbC123"));
    cr_assert(exists("keep.txt"), "a link was followed");
    put("mine/notes.txt", "precious");
    cr_assert_eq(ps_batch_prepare(tmp, "mine", &err), PS_ERR_IO);
    cr_assert(strstr(err.message, "is in the way: it is not empty and was not made by polsim batch"),
              "%s", err.message);
    cr_assert(exists("mine/notes.txt"));
}

static void put_result(const char *rel, const char *model_path, const char *hash) {
    char text[1024];
    snprintf(text, sizeof text,
             "{\"schema\": \"polsim.result\", \"schema_version\": 1, \"model\": {\"name\": "
             "\"toy\", \"title\": \"\", \"hash\": \"%s\", \"path\": \"%s\"}}\n",
             hash, model_path);
    put(rel, text);
}

Test(batch, collect_lists_outputs_and_inputs) {
    ps_error err;
    put("m/toy.model", "x");
    put("m/history.csv", "abc");
    put("b/a/run.json", "{}");
    put("b/a/log.txt", "printed");
    put("b/a/r.json.tmp.4242.Zz9999", "half"); /* ps_file_write_atomic's form */
    put("b/a/sub/t.csv", "abc");
    put("b/a/cmp.json", "{\"schema\": \"polsim.compare\"}");
    put_result("b/a/r.json", at("m/toy.model"), SHA_X);
    put_result("b/a/r2.json", at("m/toy.model"), SHA_X); /* the same model: once */
    ps_batch_record *r = NULL;
    cr_assert_eq(ps_batch_record_new("a.lua", "a", &r, &err), PS_OK);
    cr_assert_eq(ps_batch_collect(r, at("b"), &err), PS_OK, "%s", err.message);
    cr_assert_eq(r->noutputs, 4);
    const char *paths[] = {"a/cmp.json", "a/r.json", "a/r2.json", "a/sub/t.csv"};
    for (int i = 0; i < 4; i++) cr_assert_str_eq(r->outputs[i].path, paths[i]);
    cr_assert_str_eq(r->outputs[3].sha256, SHA_ABC);
    cr_assert_eq(r->outputs[3].bytes, 3);
    cr_assert_eq(r->ninputs, 2);
    cr_assert_str_eq(r->inputs[0].kind, "model");
    cr_assert_str_eq(r->inputs[0].name, "toy");
    cr_assert_str_eq(r->inputs[0].path, at("m/toy.model"));
    cr_assert_str_eq(r->inputs[0].sha256, SHA_X);
    cr_assert_str_eq(r->inputs[1].kind, "data");
    cr_assert_str_eq(r->inputs[1].path, at("m/history.csv"));
    cr_assert_str_eq(r->inputs[1].sha256, SHA_ABC);
    ps_batch_record_free(r);
}

/* ---- resume ---- */

/* A record of a complete run in tmp/b: model m/toy.model ("x"), output a/r.json ("abc"). */
static ps_batch_record *complete_run(void) {
    ps_error err;
    put("m/toy.model", "x");
    put("b/a/r.json", "abc");
    ps_batch_record *r = NULL;
    cr_assert_eq(ps_batch_record_new("a.lua", "a", &r, &err), PS_OK);
    strcpy(r->sha256, SHA_ABC);
    const char *k[] = {"dg"}, *v[] = {"10"};
    cr_assert_eq(ps_batch_record_set_args(r, 1, k, v, &err), PS_OK);
    r->status = PS_BATCH_OK;
    cr_assert_eq(ps_batch_record_add_input(r, "lib", "", "scripts/lib", SHA_X, &err), PS_OK);
    cr_assert_eq(ps_batch_collect(r, at("b"), &err), PS_OK);
    cr_assert_eq(ps_batch_record_add_input(r, "model", "toy", at("m/toy.model"), SHA_X, &err), PS_OK);
    return r;
}

static ps_batch_record *wanted(void) {
    ps_error err;
    ps_batch_record *w = NULL;
    cr_assert_eq(ps_batch_record_new("a.lua", "a", &w, &err), PS_OK);
    strcpy(w->sha256, SHA_ABC);
    const char *k[] = {"dg"}, *v[] = {"10"};
    cr_assert_eq(ps_batch_record_set_args(w, 1, k, v, &err), PS_OK);
    cr_assert_eq(ps_batch_record_add_input(w, "lib", "", "scripts/lib", SHA_X, &err), PS_OK);
    return w;
}

static void expect_rerun(ps_batch_record *prev, ps_batch_record *want, const char *reason) {
    char why[512] = "";
    cr_assert_eq(ps_batch_reusable(prev, want, at("b"), why, sizeof why), 0, "expected: %s", reason);
    cr_assert(strstr(why, reason), "'%s' is not '%s'", why, reason);
}

Test(batch, resume_keeps_only_unchanged_complete_runs) {
    ps_batch_record *prev = complete_run(), *want = wanted();
    char why[512] = "";
    cr_assert_eq(ps_batch_reusable(prev, want, at("b"), why, sizeof why), 1, "%s", why);

    prev->status = PS_BATCH_TIMEOUT;
    expect_rerun(prev, want, "its last run did not end ok (timeout)");
    prev->status = PS_BATCH_OK;
    strcpy(want->sha256, SHA_X);
    expect_rerun(prev, want, "the script changed");
    strcpy(want->sha256, SHA_ABC);
    want->seed = 2;
    expect_rerun(prev, want, "the seed changed (1 before, 2 now)");
    want->seed = 1;
    free(want->engine_version);
    want->engine_version = strdup("9.9.9");
    expect_rerun(prev, want, "polsim " PS_VERSION_STRING ", this is 9.9.9");
    free(want->engine_version);
    want->engine_version = strdup(PS_VERSION_STRING);
    ps_error err;
    const char *k[] = {"dg"}, *v[] = {"11"};
    cr_assert_eq(ps_batch_record_set_args(want, 1, k, v, &err), PS_OK);
    expect_rerun(prev, want, "--set dg changed ('10' before, '11' now)");
    cr_assert_eq(ps_batch_record_set_args(want, 0, NULL, NULL, &err), PS_OK);
    expect_rerun(prev, want, "--set dg was given before but is not now");
    ps_batch_record_free(want);

    want = wanted();
    strcpy(want->inputs[0].sha256, SHA_ABC);
    expect_rerun(prev, want, "the shared Lua modules in 'scripts/lib' changed");
    ps_batch_record_free(want);

    want = wanted();
    put("m/toy.model", "x edited");
    expect_rerun(prev, want, "model file '");
    put("m/toy.model", "x");
    put("b/a/r.json", "abd");
    expect_rerun(prev, want, "output 'a/r.json' changed after it was written");
    cr_assert_eq(unlink(at("b/a/r.json")), 0);
    expect_rerun(prev, want, "output 'a/r.json' is missing");
    cr_assert_eq(unlink(at("m/toy.model")), 0);
    expect_rerun(prev, want, "cannot be read");
    ps_batch_record_free(want);
    ps_batch_record_free(prev);
}

/* ---- manifests ---- */

static ps_batch_manifest *shard_manifest(int k, int n, const char *const *scripts, int ns) {
    ps_batch_manifest *m = NULL;
    ps_error err;
    cr_assert_eq(ps_batch_manifest_new(&m, &err), PS_OK);
    m->shard_k = k;
    m->shard_n = n;
    m->jobs = 2;
    m->timeout = 600;
    m->total = 5;
    free(m->started);
    m->started = strdup(k == 2 ? "2025-01-01T00:00:00Z" : "2025-01-02T00:00:00Z");
    for (int i = 0; i < ns; i++) {
        ps_batch_record *r = NULL;
        char folder[64];
        snprintf(folder, sizeof folder, "f%d", i);
        cr_assert_eq(ps_batch_record_new(scripts[i], folder, &r, &err), PS_OK);
        r->status = i == 0 ? PS_BATCH_OK : PS_BATCH_FAILED;
        cr_assert_eq(ps_batch_manifest_add(m, r, &err), PS_OK);
    }
    return m;
}

Test(batch, manifest_round_trip) {
    const char *s[] = {"a.lua", "b.lua"};
    ps_batch_manifest *m = shard_manifest(1, 3, s, 2), *back = NULL;
    char name[64];
    ps_error err;
    cr_assert_str_eq(ps_batch_manifest_name(1, 3, name, sizeof name), "manifest-1-of-3.json");
    cr_assert_str_eq(ps_batch_manifest_name(0, 0, name, sizeof name), "manifest.json");
    m->recs[1]->reused = 1;
    m->max_instructions = 0;
    cr_assert_eq(ps_batch_manifest_write(m, at("m.json"), &err), PS_OK);
    cr_assert_eq(ps_batch_manifest_read(at("m.json"), &back, &err), PS_OK, "%s", err.message);
    cr_assert_eq(back->nrec, 2);
    cr_assert_eq(back->shard_k, 1);
    cr_assert_eq(back->shard_n, 3);
    cr_assert_eq(back->total, 5);
    cr_assert_eq(back->jobs, 2);
    cr_assert_eq(back->max_memory_mib, 0);
    cr_assert_eq(back->max_instructions, 0);
    cr_assert_str_eq(back->recs[1]->script, "b.lua");
    cr_assert_eq(back->recs[1]->reused, 1);
    cr_assert_eq(ps_batch_manifest_count(back, PS_BATCH_OK), 1);
    cr_assert_eq(ps_batch_manifest_count(back, PS_BATCH_FAILED), 1);
    ps_batch_manifest_free(back);
    ps_batch_manifest_free(m);
    ps_batch_manifest_free(NULL);
    put("bad.json", "{\"schema\": \"polsim.batch\", \"schema_version\": 1, \"engine\": "
                    "{\"version\": \"0.1.0\"}, \"started\": \"\", \"seconds\": 1, \"options\": 3}");
    cr_assert_eq(ps_batch_manifest_read(at("bad.json"), &back, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "options: expected an object"), "%s", err.message);
}

Test(batch, merge_shards) {
    const char *s1[] = {"a.lua", "d.lua"}, *s2[] = {"b.lua", "e.lua"}, *s3[] = {"c.lua"};
    ps_batch_manifest *ms[3] = {shard_manifest(3, 3, s3, 1), shard_manifest(1, 3, s1, 2),
                                shard_manifest(2, 3, s2, 2)};
    const char *names[] = {"m3", "m1", "m2"};
    ps_batch_manifest *m = NULL;
    ps_error err;
    cr_assert_eq(ps_batch_manifest_merge((const ps_batch_manifest *const *)ms, names, 3, &m, &err),
                 PS_OK, "%s", err.message);
    cr_assert_eq(m->nrec, 5);
    const char *order[] = {"a.lua", "b.lua", "c.lua", "d.lua", "e.lua"};
    for (int i = 0; i < 5; i++) cr_assert_str_eq(m->recs[i]->script, order[i]);
    cr_assert_eq(m->shard_n, 0);
    cr_assert_eq(m->total, 5);
    cr_assert_eq(m->nwarn, 0);
    cr_assert_eq(m->nmerged, 3);
    cr_assert_str_eq(m->started, "2025-01-01T00:00:00Z"); /* the earliest */
    ps_batch_manifest_free(m);

    /* Shard 1 missing: merged with a warning. */
    cr_assert_eq(ps_batch_manifest_merge((const ps_batch_manifest *const *)ms, names, 1, &m, &err),
                 PS_OK);
    cr_assert_eq(m->nwarn, 2);
    cr_assert_str_eq(m->warnings[0], "shard 1 of 3 is missing: its scripts are not in this manifest");
    ps_batch_manifest_free(m);

    /* The same shard twice, shards of different counts, a script twice. */
    const ps_batch_manifest *twice[] = {ms[1], ms[1]};
    cr_assert_eq(ps_batch_manifest_merge(twice, names, 2, &m, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "are both shard 1 of 3"), "%s", err.message);
    cr_assert_null(m);
    ps_batch_manifest *other = shard_manifest(2, 4, s3, 1);
    const ps_batch_manifest *mixed[] = {ms[1], other};
    cr_assert_eq(ps_batch_manifest_merge(mixed, names, 2, &m, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "only shards of one batch can be merged"), "%s", err.message);
    other->shard_n = 0;
    const ps_batch_manifest *dup[] = {ms[0], other};
    cr_assert_eq(ps_batch_manifest_merge(dup, names, 2, &m, &err), PS_ERR_DATA);
    cr_assert(strstr(err.message, "script 'c.lua' is in two of the manifests"), "%s", err.message);
    /* Another polsim version: a warning. */
    free(other->engine_version);
    other->engine_version = strdup("0.0.1");
    const ps_batch_manifest *vers[] = {ms[1], other};
    cr_assert_eq(ps_batch_manifest_merge(vers, names, 2, &m, &err), PS_OK);
    cr_assert(m->nwarn >= 1 && strstr(m->warnings[m->nwarn - 1], "by polsim 0.0.1"));
    ps_batch_manifest_free(m);
    cr_assert_eq(ps_batch_manifest_merge(vers, names, 0, &m, &err), PS_ERR_USAGE);
    ps_batch_manifest_free(other);
    for (int i = 0; i < 3; i++) ps_batch_manifest_free(ms[i]);
}
