-- Running out of memory inside pcall, then retrying: still fatal.
local keep = {}
while true do
  pcall(function()
    for i = 1, math.maxinteger do
      keep[#keep + 1] = ("x"):rep(64) .. i
    end
  end)
end
