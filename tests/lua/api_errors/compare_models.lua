-- status: 4
-- expect: 'solow' (result 2) comes from model 'solow' but 'keynes' (result 1) from model 'keynes': only results of the same model can be compared
-- expect: compare_models.lua:7: in main chunk
-- Results of different models cannot be compared (a data error, exit 4).
local a = polsim.model("models/examples/keynes"):scenario("keynes"):run()
local b = polsim.model("models/examples/solow"):scenario("solow"):run()
polsim.compare(a, b)
