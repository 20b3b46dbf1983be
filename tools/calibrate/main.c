/*
** yz-calibrate: build models/yangzhou/history.csv from the inputs file and
** fit the model's parameters.
**
**   yz-calibrate INPUTS.csv MODEL.model HISTORY.csv
**
** Reads the published figures and assumptions (INPUTS), the parameter values
** of the model file (some derived series depend on them, e.g. the capital
** stock on delta), writes the history atomically and prints the fitted
** parameters with their statistics on stdout.  Exit status 0 on success.
*/
#include "series.h"

#include <stdio.h>
#include <stdlib.h>

/* Every series of the model, in the order of the model file. */
static const char *const columns[] = {
    "gdp", "gdpr", "pinf", "pgdp", "pbar", "cpi", "gap", "ypot", "k", "tfpb", "tfpg", "tfp", "popg",
    "pop", "loans", "tloans", "cflow", "tflow", "fee_tot", "revg", "rev", "reinv",
    "fundrev", "fundinv", "bexp_b", "bexp", "bal", "ydb", "yd", "ydr", "hcb", "hcr", "hc",
    "retail_b", "retail", "gc", "gcr", "indc", "indinv", "othinv", "pubn", "fai", "fair",
    "absr", "xr", "mr", "nxr", "nx", "va1r", "vaindr", "vaconr", "va2r", "va3r", "rde",
    "fee_cut", "loan_g", "tloan_g", "proj_inv", "pubinv", "voucher", "promo", "extd_g",
    "rd", "talent"};

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: yz-calibrate INPUTS.csv MODEL.model HISTORY.csv\n");
        return 2;
    }
    static yz_data in, h;
    yz_params p;
    if (yz_read_inputs(argv[1], &in) || yz_read_params(argv[2], &p)) return 4;
    if (yz_build(&in, &p, &h)) {
        fprintf(stderr, "calibrate: too many series\n");
        return 70;
    }
    yz_fit(&h, &p);
    if (yz_write_history(&h, columns, sizeof columns / sizeof columns[0], argv[3])) return 4;
    printf("wrote %s\n", argv[3]);
    return 0;
}
