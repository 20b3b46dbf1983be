// nonlin: a small nonlinear IS-LM-Phillips model, backward-looking only.
//
// The Dynare twin of models/examples/nonlin/nonlin.model (same equations,
// parameters, initial values and shocks; see models/examples/nonlin/SOURCES.md).
// Its simulated paths are the reference numbers of tests/unit/test_models.c
// (tests/fixtures/dynare/nonlin.csv) and of bench/peers/run.sh.
//
// Run (Octave, Dynare 5.3), from a scratch folder holding a copy of this file:
//   POLSIM_DYNARE_CSV=out.csv octave --no-gui -q --eval \
//     "addpath('/usr/lib/dynare/matlab'); dynare nonlin.mod"
// Macro switches (dynare nonlin.mod -DNAME=value):
//   REPEAT=n      solve the projection n times, report the mean solver time
//   HISTORY=true  instead of the projection, simulate 2013-2024 from the 2012
//                 steady state; this made models/examples/nonlin/history.csv
//                 (written to 6 significant digits, as published data would be)
//
// The CSV has a header "period,<endogenous>,<exogenous>" and one row per
// period of oo_.endo_simul / oo_.exo_simul, the initial period included.

@#ifndef HISTORY
@#define HISTORY = false
@#endif
@#ifndef REPEAT
@#define REPEAT = 1
@#endif

var y c inv tax r p infl;
varexo g m trate ystar;
parameters a0 a1 a2 b0 b1 b2 b3 k0 k1 k2 ph pe tel;

a0 = -0.2;  a1 = 0.7;  a2 = 0.3;
b0 = -1.1;  b1 = 0.8;  b2 = 0.05;  b3 = 0.2;
k0 = -0.3;  k1 = 1;    k2 = 0.1;
ph = 0.3;   pe = 0.5;  tel = 0.5;

model;
[name='consumption'] log(c) = a0 + a1*log(y - tax) + a2*log(c(-1));
[name='tax']         tax = trate*y*(y/ystar)^tel;
[name='investment']  log(inv) = b0 + b1*log(y) - b2*r + b3*log(inv(-1));
[name='interest']    r = (k0 + k1*log(y) - log(m/p))/k2;
[name='prices']      100*(p/p(-1) - 1) = ph*100*log(y/ystar) + pe*infl(-1);
[name='inflation']   infl = 100*(p/p(-1) - 1);
[name='gdp']         y = c + inv + g;
end;

@#if HISTORY
// History: start from the steady state of 2012, then feed the exogenous
// history 2013-2024 (potential output +2.5% a year, spending 20% of it with a
// stimulus in 2020-2021, money +4.5% a year, a tax cut in 2019).
initval;
ystar = 1000/1.025^12;  g = 0.2*ystar;  m = 350;  trate = 0.21;
y = ystar;  c = 0.6*ystar;  inv = 0.2*ystar;  tax = 0.21*ystar;  r = 4;  p = 1;  infl = 0;
end;
steady;
perfect_foresight_setup(periods=12);
polsim_years = (2013:2024)';
polsim_ix = @(name) find(strcmp(M_.exo_names, name));
oo_.exo_simul(2:13, polsim_ix('ystar')) = 1000 * 1.025 .^ (polsim_years - 2024);
oo_.exo_simul(2:13, polsim_ix('g')) = 0.2 * oo_.exo_simul(2:13, polsim_ix('ystar')) .* (1 + 0.1 * (polsim_years == 2020 | polsim_years == 2021));
oo_.exo_simul(2:13, polsim_ix('m')) = 350 * 1.045 .^ (polsim_years - 2012);
oo_.exo_simul(2:13, polsim_ix('trate')) = 0.21 - 0.01 * (polsim_years >= 2019);
perfect_foresight_solver(tolf=1e-12, tolx=1e-14, noprint);
polsim_first = 2012;
polsim_format = '%.6g';
polsim_exo = oo_.exo_simul;
@#else
// Projection 2025-2064.  Period 0 (2024) is the last row of
// models/examples/nonlin/history.csv; exogenous variables stay at their 2024
// values except for the shocks below (polsim's default: hold the last value).
// initval gives the exogenous values and the endogenous starting guesses;
// histval sets the lagged values of period 0.
initval;
g = 200;  m = 593.559;  trate = 0.2;  ystar = 1000;
y = 1031.13;  c = 612.253;  inv = 218.875;  tax = 209.411;
r = 2.71434;  p = 1.01935;  infl = 2.1653;
end;
histval;
y(0) = 1031.13;  c(0) = 612.253;  inv(0) = 218.875;  tax(0) = 209.411;
r(0) = 2.71434;  p(0) = 1.01935;  infl(0) = 2.1653;
end;
// Shocks: spending +20 for good, a one-point tax cut in 2025-2026, money
// +5% in 2027-2029.
shocks;
var g;      periods 1:40;  values 220;
var trate;  periods 1:2;   values 0.19;
var m;      periods 3:5;   values 623.237;
end;
perfect_foresight_setup(periods=40);
// tolf bounds each equation's absolute residual (1e-12: about 1e-15 relative
// for y near 1000, 1e-12 relative for the log equations); the default, 1e-5,
// is too loose for a reference.
polsim_endo0 = oo_.endo_simul;
@#for k in 1:REPEAT
oo_.endo_simul = polsim_endo0;
polsim_t0 = tic;
perfect_foresight_solver(tolf=1e-12, tolx=1e-14, noprint);
polsim_times(@{k}) = toc(polsim_t0);
@#endfor
if ~oo_.deterministic_simulation.status, error('nonlin.mod: perfect_foresight_solver failed'); end
polsim_first = 2024;
polsim_format = '%.17g';
// Dynare leaves the exogenous row of period 0 at zero when shocks are given
// (the model has no lagged exogenous variables, so it is never read); the
// CSV shows the 2024 values from initval there instead.
polsim_exo = oo_.exo_simul;
polsim_exo(1, :) = oo_.exo_steady_state';
fprintf('DYNARE_SOLVE_SECONDS reps=%d mean=%.6g min=%.6g first=%.6g\n', numel(polsim_times), mean(polsim_times), min(polsim_times), polsim_times(1));
@#endif

// Largest residual of the simulated paths, recomputed from the dynamic model
// file Dynare generated: the reference must satisfy the model.
polsim_resid = 0;
for polsim_t = 2:size(oo_.endo_simul, 2), polsim_yy = [oo_.endo_simul(:, polsim_t - 1); oo_.endo_simul(:, polsim_t)]; polsim_res = feval([M_.fname '.dynamic'], polsim_yy(find(M_.lead_lag_incidence')), oo_.exo_simul, M_.params, oo_.steady_state, polsim_t); polsim_resid = max(polsim_resid, max(abs(polsim_res))); end
fprintf('DYNARE_MAX_RESIDUAL %.3g\n', polsim_resid);

polsim_out = getenv('POLSIM_DYNARE_CSV');
if isempty(polsim_out), error('nonlin.mod: set POLSIM_DYNARE_CSV to the CSV file to write'); end
polsim_fid = fopen(polsim_out, 'w');
if polsim_fid < 0, error('nonlin.mod: cannot write %s', polsim_out); end
fprintf(polsim_fid, 'period%s\n', sprintf(',%s', M_.endo_names{:}, M_.exo_names{:}));
polsim_rows = [(polsim_first:polsim_first + size(oo_.endo_simul, 2) - 1)', oo_.endo_simul', polsim_exo];
fprintf(polsim_fid, ['%d' repmat([',' polsim_format], 1, M_.endo_nbr + M_.exo_nbr) '\n'], polsim_rows');
fclose(polsim_fid);
