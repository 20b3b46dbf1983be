// rbc_temporary: rbc.mod with the macros expanded (the subset polsim reads has no
// macro processor) and without the options_ lines and the CSV epilogue.
// Dynare's paths for it: rbc_temporary.csv.  Read by tests/unit/test_dynare_mod.c.
// rbc: the Ramsey-Cass-Koopmans growth model (CRRA utility, Cobb-Douglas
// production, end-of-period capital k), in levels.  The twin of
// tests/fixtures/dynare/rbc.model.
//   -DPERMANENT=1  TFP z rises by 0.05 for ever from period 1 (endval; the
//                  terminal condition is the new steady state)
//   -DPERMANENT=0  (default) z = 0.05 in periods 1-4, back to 0 after (the
//                  terminal condition is the initial steady state)
// Parameters: a textbook quarterly calibration (an assumption for a test,
// not an estimate): alpha 0.33, beta 0.99, delta 0.025, sigma 2.
var c k y;
varexo z;
parameters alpha beta delta sigma;
alpha = 0.33; beta = 0.99; delta = 0.025; sigma = 2;
// tight tolerances for the steady states too (Dynare's default solve_tolf,
// eps^(1/3), leaves them accurate to about 1e-8 only)
model;
c^(-sigma) = beta * c(+1)^(-sigma) * (alpha * exp(z(+1)) * k^(alpha - 1) + 1 - delta);
y = exp(z) * k(-1)^alpha;
k = y - c + (1 - delta) * k(-1);
end;
initval;
z = 0;
k = 30; c = 2; y = 3;
end;
steady;
shocks;
var z; periods 1:4; values 0.05;
end;
perfect_foresight_setup(periods=100);
perfect_foresight_solver(tolf=1e-13, tolx=1e-13);
