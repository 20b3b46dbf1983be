-- No bytecode out: string.dump does not exist.
local code = string.dump(function() return 1 end)
