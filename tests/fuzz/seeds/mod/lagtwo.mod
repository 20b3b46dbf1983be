// lagtwo: lagtwo.mod with the macros expanded (-DPARTIAL=0; the subset polsim
// reads has no macro processor) and without the options_ lines and the CSV
// epilogue.  Dynare's paths for it: lagtwo.csv.  Read by tests/unit/test_dynare_mod.c.
// lagtwo: a New Keynesian block (output gap y, inflation pi and the policy
// rate i, in percent; steady state y = 0, pi = pistar, i = rnat + pistar)
// whose output and rate have lags of 2 (output persistence over two quarters
// in the IS curve, and a rule that smooths the rate over its last two
// values), started away from the steady state by histval at periods 0 and
// -1, with an anticipated policy shock in period 3.  Dynare replaces the lags of 2 by auxiliary variables
// (AUX_ENDO_LAG_*), whose period-0 values are histval's period -1.
//   -DPARTIAL=0  (default) histval gives y and i at periods 0 and -1
//   -DPARTIAL=1  histval gives y(-1) only: every other initial value is 0
//                (Dynare's histval; neither initval's values nor the steady
//                state are used there)
// Parameters: beta, kappa, sigma, phi_pi, phi_y a textbook calibration (Gali
// 2015, ch. 3); the lag weights h1, h2, rho1, rho2, the natural rate rnat
// and the inflation target pistar assumptions for a test.
var y pi i;
varexo e;
parameters beta kappa sigma phi_pi phi_y rho1 rho2 h1 h2 rnat pistar;
beta = 0.99; kappa = 0.1275; sigma = 1; phi_pi = 1.5; phi_y = 0.125;
rho1 = 1.1; rho2 = -0.3; h1 = 0.3; h2 = 0.15; rnat = 1; pistar = 0.5;
model;
y = (1 - h1 - h2) * y(+1) + h1 * y(-1) + h2 * y(-2) - (i - pi(+1) - rnat) / sigma;
pi = beta * pi(+1) + kappa * y + (1 - beta) * pistar;
i = rho1 * i(-1) + rho2 * i(-2)
    + (1 - rho1 - rho2) * (rnat + pistar + phi_pi * (pi - pistar) + phi_y * y) + e;
end;
initval;
y = 0.1; pi = 0.2; i = 0.3; e = 0;
end;
steady;
histval;
y(0) = 0.5; y(-1) = 1;
pi(0) = 0.8;
i(0) = 2; i(-1) = 2.5;
end;
shocks;
var e; periods 3; values 0.25;
end;
perfect_foresight_setup(periods=60);
perfect_foresight_solver(tolf=1e-13, tolx=1e-13);
