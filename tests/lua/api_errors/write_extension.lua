-- status: 6
-- expect: write_extension.lua:5:
-- expect: .txt
local r = polsim.model("models/examples/keynes"):scenario("base"):run()
r:write("result.txt")
