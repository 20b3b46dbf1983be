/*
** The straight-line C that polsim_synth --c generates for bench_vm: G_i of
** every equation of one synthetic model, at one period.
**
** row: the frame row of the period (polsim's layout, period-major, lags at
** row[col - k * nvar]); p: the parameter vector; out: synth_c_neq values.
*/
#ifndef POLSIM_BENCH_SYNTH_C_H
#define POLSIM_BENCH_SYNTH_C_H

extern const char synth_c_hash[];   /* synth_hash of the model text it matches */
extern const int synth_c_neq;
extern const int synth_c_nvar;

void synth_c(const double *row, const double *p, double *out);

#endif
