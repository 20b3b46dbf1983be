// logs: logs.mod with the macros expanded (the subset polsim reads has no
// macro processor) and without the options_ lines and the CSV epilogue.
// Dynare's paths for it: logs.csv.  Read by tests/unit/test_dynare_mod.c.
// logs: a growth model written in logs with model-local variables (#): log
// consumption lc, log capital lk, log output ly, log TFP lz; Epstein-free
// CRRA Euler equation.  The twin of tests/fixtures/dynare/logs.model, where
// the locals are substituted by hand.  The shock: TFP 2% higher in periods
// 1-3, announced at period 1, and 1% lower in period 8.
var lc lk ly;
varexo lz;
parameters alpha beta delta sigma;
alpha = 0.36; beta = 0.97; delta = 0.08; sigma = 1.5;
// tight tolerances for the steady states too (Dynare's default solve_tolf,
// eps^(1/3), leaves them accurate to about 1e-8 only)
model;
# C = exp(lc);
# Cn = exp(lc(+1));
# K = exp(lk);
# R = alpha * exp(lz(+1)) * K^(alpha - 1) + 1 - delta;
C^(-sigma) = beta * Cn^(-sigma) * R;
ly = lz + alpha * lk(-1);
K = exp(ly) - C + (1 - delta) * exp(lk(-1));
end;
initval;
lz = 0; lk = 1.5; lc = 0.3; ly = 0.5;
end;
steady;
shocks;
var lz; periods 1:3 8; values 0.02 -0.01;
end;
perfect_foresight_setup(periods=120);
perfect_foresight_solver(tolf=1e-13, tolx=1e-13);
