-- --set values: numbers when the whole text is a number, else strings.
local a = polsim.args
assert(math.type(a.years) == "integer" and a.years == 7)
assert(math.type(a.rate) == "float" and a.rate == 0.25)
assert(math.type(a.big) == "float" and a.big == 1000)
assert(a.name == "low_credit")
assert(a.mixed == "12abc")
assert(a.empty == "")
assert(math.type(polsim.seed) == "integer")
print(polsim.version, polsim.seed)
