// wedge: wedge.mod with the macros expanded (the subset polsim reads has no
// macro processor) and without the options_ lines and the CSV epilogue.
// Dynare's paths for it: wedge.csv.  Read by tests/unit/test_dynare_mod.c.
// wedge: a Ramsey growth model with a downside-risk wedge in the Euler
// equation.  prob is the probability, under a normal spread of log output
// with standard deviation sig, that output falls below the threshold thr
// (Dynare's three-argument normcdf(x, mu, sigma)); savers expect to lose
// the share tau of the return in that case, so the expected probability
// next period, prob(+1), enters the Euler equation.  A fall in TFP in
// periods 1-4 raises prob and the wedge.  share, its complement, goes
// through the one-argument normcdf, and tau's value through normcdf(0) = 1/2.
// dens is the density of log output at the threshold (Dynare's
// three-argument normpdf), dens1 the standard density at the same point
// (the one-argument normpdf); they feed nothing back.
// The twin of tests/fixtures/dynare/wedge.model.  Parameters: a textbook
// quarterly calibration (alpha, beta, delta), a threshold 0.92 standard
// deviations below steady-state log output (prob 0.18), and a wedge small
// enough that the effective return still falls with capital (the wedge's
// elasticity tau phi alpha / sig / (1 - tau prob) = 0.009 against the
// marginal product's (1 - alpha)(R - 1 + delta) / R = 0.029), so that the
// saddle path exists: assumptions for a test.
var c k y prob share dens dens1;
varexo z;
parameters alpha beta delta tau thr sig;
alpha = 0.33; beta = 0.99; delta = 0.025; tau = 0.1 * normcdf(0); thr = 0.53; sig = 0.5;
model;
1 / c = beta * (1 - tau * prob(+1)) / c(+1) * (alpha * exp(z(+1)) * k^(alpha - 1) + 1 - delta);
y = exp(z) * k(-1)^alpha;
k = y - c + (1 - delta) * k(-1);
prob = normcdf(thr, log(y), sig);
share = normcdf((log(y) - thr) / sig);
dens = normpdf(thr, log(y), sig);
dens1 = normpdf((log(y) - thr) / sig);
end;
initval;
z = 0;
k = 11; c = 1.9; y = 2.2; prob = 0.3; share = 0.7; dens = 0.7; dens1 = 0.35;
end;
steady;
shocks;
var z; periods 1:4; values -0.1;
end;
perfect_foresight_setup(periods=100);
perfect_foresight_solver(tolf=1e-13, tolx=1e-13);
