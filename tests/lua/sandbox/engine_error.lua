-- An engine error that the script does not catch ends the run with the
-- engine's own status.
local m = polsim.model("tests/lua/sandbox/no_such_model.model")
