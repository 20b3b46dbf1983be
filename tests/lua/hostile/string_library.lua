-- Library tables are read-only, so one script cannot change them for the
-- next one (("x"):upper() goes through the same table).
string.upper = function() return "pwned" end
