var y;
model;
y = 1;
end;
stoch_simul;
