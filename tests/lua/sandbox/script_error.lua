local function check(x)
  if x > 1 then
    error("x is too large: " .. x)
  end
end
check(5)
