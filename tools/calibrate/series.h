/*
** Calibration of the Yangzhou model: shared declarations.
**
** Years are indexed from Y0 (2014) to Y1 (2023); a series is an array of NY
** doubles with NaN for "not known".  The inputs file holds published figures,
** plan figures and assumptions in long form (year,name,value,kind,ref); the
** builder turns them into the model's series by the rules documented in
** models/yangzhou/SOURCES.md, and the fitter estimates parameters with GSL's
** least squares.
*/
#ifndef YZ_SERIES_H
#define YZ_SERIES_H

#include <stddef.h>

#define Y0 2014
#define Y1 2023
#define NY (Y1 - Y0 + 1)
#define MAXSER 256
#define NAMELEN 64

typedef struct yz_series {
    char name[NAMELEN];
    double v[NY];
} yz_series;

/* A bag of named series; inputs and plan figures may lie outside Y0..Y1 and
** are kept as scalars in `extra` (name@year). */
typedef struct yz_data {
    yz_series s[MAXSER];
    int n;
    yz_series extra[MAXSER];    /* v[0] holds the value, name is "name@year" */
    int nextra;
} yz_data;

typedef struct yz_params {
    char name[MAXSER][NAMELEN];
    double value[MAXSER];
    int n;
} yz_params;

/* Series by name, created (all NaN) when absent; NULL when the bag is full. */
double *yz_get(yz_data *d, const char *name);
/* Series by name or NULL. */
const double *yz_find(const yz_data *d, const char *name);
/* One input value (any year); exits with a message when it is missing:
** a calibration with a hole in its inputs must not produce a history. */
double yz_in(const yz_data *d, const char *name, int year);
/* Value at `year` of a series. */
double yz_at(const double *s, int year);

int yz_read_inputs(const char *path, yz_data *d);
int yz_read_params(const char *model_path, yz_params *p);
double yz_param(const yz_params *p, const char *name);

/* Build every model series for Y0+1..Y1 from the inputs (build.c).  The
** inputs are published figures (rows of yangzhou-statistics.csv), national
** figures and assumptions; the parameters marked [H] in the model enter too. */
int yz_build(yz_data *in, const yz_params *p, yz_data *out);

/* Fit parameters and print the report (fit.c). */
int yz_fit(yz_data *h, const yz_params *p);

/* Write the history CSV of the listed series, years Y0+1..Y1. */
int yz_write_history(const yz_data *h, const char *const *cols, size_t ncols,
                     const char *path);

#endif
