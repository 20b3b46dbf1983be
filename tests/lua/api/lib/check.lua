-- Assertions for the Lua API tests (tests/lua/api/*.lua).  Each raises error()
-- with a message naming what was checked, what came out and what was expected,
-- at the caller's line, so a failing test reads "script.lua:LINE: what ...".
local M = {}

local function fail(level, fmt, ...)
  error(string.format(fmt, ...), level + 1)
end

-- |actual - expected| <= tol * max(1, |expected|): relative for large values,
-- absolute near zero.
function M.near(actual, expected, tol, what)
  if type(actual) ~= "number" then
    fail(2, "%s: expected a number near %.17g, got %s", what, expected, tostring(actual))
  end
  local scale = math.max(1, math.abs(expected))
  if not (math.abs(actual - expected) <= tol * scale) then
    fail(2, "%s: got %.17g, expected %.17g (tolerance %g)", what, actual, expected, tol)
  end
end

function M.eq(actual, expected, what)
  if actual ~= expected then
    fail(2, "%s: got %s (%s), expected %s (%s)", what, tostring(actual), type(actual),
         tostring(expected), type(expected))
  end
end

function M.is_true(cond, what)
  if not cond then fail(2, "%s: not true", what) end
end

-- The text contains `sub` (plain text, not a pattern).
function M.contains(text, sub, what)
  if type(text) ~= "string" or not text:find(sub, 1, true) then
    fail(2, "%s: %q does not contain %q", what, tostring(text), sub)
  end
end

-- fn(...) raises an error whose message contains `sub`; returns the message.
function M.fails(sub, what, fn, ...)
  local ok, msg = pcall(fn, ...)
  if ok then fail(2, "%s: expected an error containing %q, but it succeeded", what, sub) end
  msg = tostring(msg)
  if not msg:find(sub, 1, true) then
    fail(2, "%s: the error %q does not contain %q", what, msg, sub)
  end
  return msg
end

-- Two lists hold the same values in the same order.
function M.list(actual, expected, what)
  if #actual ~= #expected then
    fail(2, "%s: %d items, expected %d", what, #actual, #expected)
  end
  for k = 1, #expected do
    if actual[k] ~= expected[k] then
      fail(2, "%s: item %d is %s, expected %s", what, k, tostring(actual[k]), tostring(expected[k]))
    end
  end
end

-- The keys of a {[key] = value} table, sorted (numbers before strings).
function M.keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    if type(a) ~= type(b) then return type(a) == "number" end
    return a < b
  end)
  return ks
end

return M
