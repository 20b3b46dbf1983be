// nk: nk.mod with the macros expanded (the subset polsim reads has no
// macro processor) and without the options_ lines and the CSV epilogue.
// Dynare's paths for it: nk.csv.  Read by tests/unit/test_dynare_mod.c.
// nk: a three-equation New Keynesian model in gaps (IS curve, Phillips
// curve, and an interest-rate rule that reacts to expected inflation two
// quarters ahead: a lead of 2), with an anticipated policy shock: at period 1
// everyone learns that the rate will be 1 point higher in periods 5-6.  The
// twin of tests/fixtures/dynare/nk.model.  Parameters: a textbook
// calibration (Gali 2015, ch. 3), assumptions for a test.
var y pi i;
varexo e;
parameters beta kappa sigma phi_pi phi_y rho;
beta = 0.99; kappa = 0.1275; sigma = 1; phi_pi = 1.5; phi_y = 0.125; rho = 0.5;
// tight tolerances for the steady states too (Dynare's default solve_tolf,
// eps^(1/3), leaves them accurate to about 1e-8 only)
model;
y = y(+1) - (i - pi(+1)) / sigma;
pi = beta * pi(+1) + kappa * y;
i = rho * i(-1) + (1 - rho) * (phi_pi * pi(+2) + phi_y * y) + e;
end;
initval;
y = 0; pi = 0; i = 0; e = 0;
end;
steady;
shocks;
var e; periods 5:6; values 1;
end;
perfect_foresight_setup(periods=80);
perfect_foresight_solver(tolf=1e-13, tolx=1e-13);
