print("a", 1, 2.5, nil, true)
print()
print(setmetatable({}, { __tostring = function() return "custom" end }))
