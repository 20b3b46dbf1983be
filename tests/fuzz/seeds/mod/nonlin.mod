// nonlin: bench/peers/nonlin.mod with the macros expanded (its projection
// branch, the subset polsim reads has no macro processor) and without the
// MATLAB code that writes the CSV.  Dynare's paths for it:
// tests/fixtures/dynare/nonlin.csv.  Read by tests/unit/test_dynare_mod.c.
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
perfect_foresight_solver(tolf=1e-12, tolx=1e-14, noprint);
