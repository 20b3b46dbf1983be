/*
** Internal to the command-line program: one argument parser for every
** command.  A command lists its options in a table, each option naming the
** field of the command's argument struct that receives it:
**
**     static const ps_cli_opt opts[] = {
**         PS_OPT_STR("--from", NULL, solve_args, from),
**         PS_OPT_STR("--output", "-o", solve_args, output),
**         PS_OPT_LIST("--set", NULL, solve_args, sets),
**         PS_OPT_INT("--max-iter", NULL, solve_args, opts.max_iter, 1, 100000),
**         PS_OPT_CALL("--tol", NULL, solve_args, opts.tol, ps_cli_conv_positive),
**         PS_OPT_FLAG("--strict", NULL, solve_args, strict),
**         PS_OPT_END};
**     int rc = ps_cli_parse_one(&ps_cmd_solve, opts, argc, argv, &a, "MODEL", &a.model);
**
** and the parser does the rest the same way for all: "--opt VALUE" and
** "--opt=VALUE", "option --opt needs a value", "unknown option '--form' (did
** you mean '--from'?)", "one MODEL only", "missing MODEL"; every error is a
** usage error (status 2) printed with the command's "Try 'polsim help ...'".
** The macros check at compile time that each field has the type its kind
** writes.  Options are matched by their whole name: no abbreviations.
*/
#ifndef PS_CLI_ARGS_H
#define PS_CLI_ARGS_H

#include <stddef.h>

struct ps_cli_cmd;

/* The values of a repeatable option, or the operands, in command-line order.
** The strings are argv's (after the '=' of "--opt=VALUE"); the array is the
** parser's: free it with ps_cli_list_free, also after an error. */
typedef struct ps_cli_list {
    const char **items;
    int n;
} ps_cli_list;

void ps_cli_list_free(ps_cli_list *l);

typedef enum {
    PS_OPT_KIND_END,
    PS_OPT_KIND_FLAG,   /* int field set to 1; takes no value */
    PS_OPT_KIND_STR,    /* const char * field: the value */
    PS_OPT_KIND_LIST,   /* ps_cli_list field: every value, repeatable */
    PS_OPT_KIND_INT,    /* int or long field: a whole number in lo..hi */
    PS_OPT_KIND_CALL    /* any field: conv checks and stores the value */
} ps_opt_kind;

/* Convert and check the value of option opt into field; PS_EXIT_OK or the
** exit status of a usage error it printed (ps_cli_usage_error). */
typedef int (*ps_cli_conv)(const struct ps_cli_cmd *c, const char *opt, const char *val,
                           void *field);

typedef struct ps_cli_opt {
    const char *name;   /* "--output": the name errors use */
    const char *alias;  /* "-o", or NULL */
    ps_opt_kind kind;
    size_t off;         /* the field in the command's argument struct */
    size_t size;        /* INT: the size of the field */
    long lo, hi;        /* INT: the range */
    ps_cli_conv conv;   /* CALL */
} ps_cli_opt;

/* offsetof(T, f), and a compile error ("distinct pointer types") unless the
** field has type `type`. */
#define PS_OPT_FIELD(T, f, type) (offsetof(T, f) + 0 * sizeof(&((T *)0)->f == (type *)0))

#define PS_OPT_FLAG(name, alias, T, f) \
    {name, alias, PS_OPT_KIND_FLAG, PS_OPT_FIELD(T, f, int), 0, 0, 0, NULL}
#define PS_OPT_STR(name, alias, T, f) \
    {name, alias, PS_OPT_KIND_STR, PS_OPT_FIELD(T, f, const char *), 0, 0, 0, NULL}
#define PS_OPT_LIST(name, alias, T, f) \
    {name, alias, PS_OPT_KIND_LIST, PS_OPT_FIELD(T, f, ps_cli_list), 0, 0, 0, NULL}
#define PS_OPT_INT(name, alias, T, f, lo, hi) \
    {name, alias, PS_OPT_KIND_INT, offsetof(T, f), sizeof(((T *)0)->f), lo, hi, NULL}
#define PS_OPT_CALL(name, alias, T, f, conv) \
    {name, alias, PS_OPT_KIND_CALL, offsetof(T, f), 0, 0, 0, conv}
#define PS_OPT_END {NULL, NULL, PS_OPT_KIND_END, 0, 0, 0, 0, NULL}

/* Parse argv[1..argc-1] into args by the table opts; the operands (arguments
** that are not options; "-" is one) go to *operands.  Returns PS_EXIT_OK or
** the exit status of the usage error printed. */
int ps_cli_parse(const struct ps_cli_cmd *c, const ps_cli_opt *opts, int argc, char **argv,
                 void *args, ps_cli_list *operands);

/* The same for a command that takes exactly one operand, named `what` in
** the errors ("one MODEL only (got 'a' and 'b')", "missing MODEL"). */
int ps_cli_parse_one(const struct ps_cli_cmd *c, const ps_cli_opt *opts, int argc,
                     char **argv, void *args, const char *what, const char **operand);

/* Converters shared by commands (PS_OPT_CALL). */
/* double field, > 0: --tol */
int ps_cli_conv_positive(const struct ps_cli_cmd *c, const char *opt, const char *val,
                         void *field);
/* ps_lang field (output.h), en or zh: --lang */
int ps_cli_conv_lang(const struct ps_cli_cmd *c, const char *opt, const char *val, void *field);
/* long long field, a whole number 0..9e18 that may be written 2e9:
** --max-instructions */
int ps_cli_conv_count(const struct ps_cli_cmd *c, const char *opt, const char *val,
                      void *field);

/* Split each "NAME=VALUE" of sets into keys[i] (allocated, the caller frees
** each and the array: ps_free_strings) and values[i] (inside the argument);
** "--set 'x': expected NAME=VALUE" when a NAME or '=' is missing. */
int ps_cli_split_sets(const struct ps_cli_cmd *c, const ps_cli_list *sets, char ***keys,
                      const char ***values);

#endif
