-- Runs the pattern functions on fixed and generated cases and prints every
-- result (or error message).  tests/unit/test_lua_pattern.c runs this file
-- under stock Lua and in the sandbox and compares the two outputs line by line.
local function show(ok, ...)
  local n = select("#", ...)
  local parts = {ok and "ok" or "error"}
  for i = 1, n do
    local v = select(i, ...)
    parts[#parts + 1] = type(v) .. ":" .. tostring(v)
  end
  return table.concat(parts, " ")
end

local function gm(s, p, init)
  local out = {}
  for a, b in string.gmatch(s, p, init) do
    out[#out + 1] = tostring(a) .. "," .. tostring(b)
    if #out > 50 then break end
  end
  return table.concat(out, ";")
end

local function case(s, p)
  print(("%q %q"):format(s, p))
  print(" find  " .. show(pcall(string.find, s, p)))
  print(" find3 " .. show(pcall(string.find, s, p, 3)))
  print(" findn " .. show(pcall(string.find, s, p, -2)))
  print(" plain " .. show(pcall(string.find, s, p, 1, true)))
  print(" match " .. show(pcall(string.match, s, p)))
  print(" gmatch " .. show(pcall(gm, s, p)))
  print(" gmatch2 " .. show(pcall(gm, s, p, 2)))
  print(" gsub  " .. show(pcall(string.gsub, s, p, "<%0>")))
  print(" gsub1 " .. show(pcall(string.gsub, s, p, "[%1]", 2)))
  print(" gsubf " .. show(pcall(string.gsub, s, p, function(a) return a and #tostring(a) end)))
  print(" gsubt " .. show(pcall(string.gsub, s, p, {a = "A", ["1"] = false})))
end

local subjects = {"", "a", "abc", "hello world", "  x = 12.5e3, y=-7 ", "f(a(b)c)d)",
  "THE (quick) fox", "aaa", "a.b.c", "x\0y\0z", "[]]^-%", "caf\195\169 \t\n", "abab"}
local patterns = {"", "a", ".", "%a+", "%d+", "^a", "a$", "^$", "(a)(b)", "()a()", "%s*",
  "[%w_]+", "[^%s]+", "[a-c]+", "[]]", "[^]]", "[%]]", "%b()", "%f[%w]%w+", "%f[%W]",
  "(a)%1", "(%a)%1", "a-b", "a*", "a?b", ".-b", "(.-)%s", "%", "[a", "(()", "%1", "(a",
  "a)", "%b", "%g", "%ff", "[%a-z]", "[a-]", "[-a]", "%x*", "%P+", "%u%l*", "%c", "(h)(e)",
  "x%zy", "\0", "%.", "[.]", "%%", "(%w+)=(%w+)", "%s*(%S+)%s*", "^(%-?%d+%.?%d*)",
  "(a*(.)%w(%s*))", "%b%)", "%0", "[^%d%.]+", "$", "^", "a+$", "^(.-)$", "a-$"}
for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do case(s, p) end
end

-- generated: a linear congruential generator, the same in both runs
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
local atoms = {"a", "b", ".", "%a", "%d", "[ab]", "[^a]", "%s", "(", ")", "()", "%1",
  "*", "+", "-", "?", "^", "$", "%b()", "%f[a]", "[%d-]", "x"}
local letters = {"a", "b", "x", "1", " ", "(", ")", "-"}
for _ = 1, 1500 do
  local p, s = {}, {}
  for i = 1, rnd(6) do p[i] = atoms[rnd(#atoms)] end
  for i = 1, rnd(12) - 1 do s[i] = letters[rnd(#letters)] end
  case(table.concat(s), table.concat(p))
end
print("done")
