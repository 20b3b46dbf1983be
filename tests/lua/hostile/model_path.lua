-- Models are read below the model root only.
local ok, err = pcall(polsim.model, "/etc/passwd")
assert(not ok and err:find("is absolute", 1, true), err)
polsim.model("models/../../secret")
