-- Shared pieces of the Yangzhou scenario scripts: the 2024 plan's levers, its
-- targets, and the target table (target / projection / gap / reached or not).
--
-- Units follow models/yangzhou: money in 100m yuan (亿元), rates in percent.
-- The targets mirror models/yangzhou/targets_2024.csv (the report reads that
-- file; tests/cli/scripts.sh checks the two agree).
local M = {}

M.FROM, M.TO = 2024, 2030

-- The 2024 targets of the work report (part two).  kind: "growth" (percent
-- over 2023) or "level" (in the variable's unit).  sense: "min" for a floor
-- (以上, 超, or a plain figure), "about" for 左右, reached within ABOUT points.
-- zh: the target in the work report's own words (models/yangzhou/SOURCES.md),
-- printed when the script runs with --lang zh.
M.ABOUT = 0.5
M.targets = {
  { var = "gdpr",   label = "GDP, real",              kind = "growth", target = 6.0,   sense = "min",
    zh = "地区生产总值增长6%以上" },
  { var = "rev",    label = "Budget revenue",          kind = "growth", target = 5.0,   sense = "min",
    zh = "一般公共预算收入增长5%" },
  { var = "vaindr", label = "Industrial value added",  kind = "growth", target = 7.5,   sense = "about",
    zh = "规上工业增加值增长7.5%左右" },
  { var = "va3r",   label = "Services value added",    kind = "growth", target = 6.5,   sense = "about",
    zh = "服务业增加值增长6.5%左右" },
  { var = "fai",    label = "Fixed-asset investment",  kind = "growth", target = 8.0,   sense = "min",
    zh = "固定资产投资增长8%" },
  { var = "indinv", label = "Industrial investment",   kind = "growth", target = 18.0,  sense = "min",
    zh = "工业投资增长18%" },
  { var = "retail", label = "Retail sales",            kind = "growth", target = 7.0,   sense = "min",
    zh = "社会消费品零售总额增长7%" },
  { var = "tloans", label = "Targeted loans",          kind = "growth", target = 15.0,  sense = "min",
    zh = "科技贷款、制造业贷款、普惠小微贷款分别增长15%以上" },
  { var = "loans",  label = "Loan balance, 100m yuan", kind = "level",  target = 11000, sense = "min",
    zh = "力争年末贷款余额超1.1万亿元" },
}

-- Public investment at 2020 prices growing by `g` percent a year from its 2023
-- level.
local function public_investment_path(m, g)
  local path, x = {}, m:history("pubinv")[2023]
  for _ = M.FROM, M.TO do
    x = x * (1 + g / 100)
    path[#path + 1] = x
  end
  return path
end

-- The plan: every lever set for every year of the horizon, so nothing falls
-- back to the mechanical "hold the 2023 value" default.  No lever is set to a
-- target: loans, targeted loans and industrial investment are outcomes, and
-- their credit impulses and the extra major projects stay at zero (the work
-- report gives no figure for them that is not itself a target).
-- The plan's levers by family, for attributions (polsim.attribute groups).
-- A fresh table on every call, so a script may change its copy.
function M.lever_families()
  return {
    fees = { "fee_cut" },
    credit = { "loan_g", "tloan_g" },
    investment = { "proj_inv", "pubinv" },
    consumption = { "voucher", "promo" },
    innovation = { "rd", "talent" },
    external = { "extd_g" },
  }
end

function M.plan(m, name)
  local s = m:scenario(name or "plan_2024", { from = M.FROM, to = M.TO })
  s:set("fee_cut", M.FROM, M.TO, 50)                          -- 新减轻税费负担50亿元以上
  s:set("loan_g", M.FROM, M.TO, 0)                            -- no impulse: 1.1万亿 is a target
  s:set("tloan_g", M.FROM, M.TO, 0)                           -- no impulse: +15% is a target
  s:set("proj_inv", M.FROM, M.TO, 0)                          -- 产业项目投资超千亿元 is a target
  s:set("pubinv", M.FROM, M.TO, public_investment_path(m, 5)) -- assumption: +5% a year, real
  s:set("voucher", M.FROM, M.TO, 0.45)                        -- 2023 level (发放惠民券超4500万元)
  s:set("promo", M.FROM, M.TO, 0.5)                           -- 500 promotion events
  s:set("talent", M.FROM, M.TO, 2.8)                          -- 来扬就业创业大学生2.8万人以上
  s:set("rd", M.FROM, M.TO, 2.85)                             -- assumption: enterprise R&D +10%
  s:set("extd_g", M.FROM, M.TO, 5.0)                          -- assumption: exports +5% a year
  return s
end

-- One row per target for `year` of result `r`: the target, the projection,
-- the gap (projection minus target) and whether the target is reached.
-- Further columns (a probability of meeting the target, a band) can be added
-- to these rows and printed with print_targets(rows, columns).
function M.evaluate(r, year)
  year = year or M.FROM
  local rows = {}
  for _, t in ipairs(M.targets) do
    local value = t.kind == "level" and r[t.var][year] or r:growth(t.var, year)
    local gap = value - t.target
    local met
    if t.sense == "about" then
      met = math.abs(gap) <= M.ABOUT
    elseif t.kind == "level" then
      met = value >= t.target
    else
      met = gap >= 0
    end
    rows[#rows + 1] = { var = t.var, label = polsim.lang == "zh" and t.zh or t.label,
                        kind = t.kind, sense = t.sense,
                        target = t.target, value = value, gap = gap, met = met, year = year }
  end
  return rows
end

local function fmt_target(row)
  local unit = row.kind == "growth" and "%" or ""
  local sense = row.sense == "about" and "~" or ">="
  return string.format("%s%s%s", sense, row.kind == "growth" and string.format("%.1f", row.target)
                       or string.format("%.0f", row.target), unit)
end

-- Terminal columns of UTF-8 text: a CJK character takes two, so Chinese
-- labels line up (string.format pads by bytes).
local function width(s)
  local w = 0
  for _, cp in utf8.codes(s) do w = w + ((cp >= 0x2E80 and cp <= 0x9FFF or cp >= 0xFF00 and cp <= 0xFF60) and 2 or 1) end
  return w
end
local function pad(s, n, right)
  local fill = string.rep(" ", math.max(0, n - width(s)))
  return right and fill .. s or s .. fill
end

-- Print the rows: target, projection, gap (points for growth, the variable's
-- unit for levels) and the verdict; `columns` is an optional list of
-- { header = "...", width = n, cell = function(row) return "..." end }.
-- With polsim.lang "zh" the headings are Chinese and each target reads in the
-- work report's words.
function M.print_targets(rows, columns)
  columns = columns or {}
  local zh = polsim.lang == "zh"
  local lw = 24
  for _, row in ipairs(rows) do lw = math.max(lw, width(row.label)) end
  local h = zh and { string.format("%d年目标", rows[1].year), "目标值", "预测值", "差距", "结论" }
            or { string.format("%d target", rows[1].year), "target", "projection", "gap", "verdict" }
  local head = table.concat({ pad(h[1], lw), pad(h[2], 10, true), pad(h[3], 11, true),
                              pad(h[4], zh and 13 or 9, true) .. " ", pad(h[5], 7) }, " ")
  for _, c in ipairs(columns) do head = head .. " " .. pad(c.header, c.width, true) end
  local lines = { (head:gsub("%s+$", "")) }
  for _, row in ipairs(rows) do
    local proj = row.kind == "growth" and string.format("%.2f%%", row.value)
                 or string.format("%.0f", row.value)
    local gap = row.kind == "growth" and string.format("%+.2f %s", row.gap, zh and "百分点" or "pp")
                or string.format("%+.0f", row.gap)
    local verdict = row.met and (zh and "达到" or "reached") or (zh and "未达到" or "missed")
    local line = table.concat({ pad(row.label, lw), pad(fmt_target(row), 10, true), pad(proj, 11, true),
                                pad(gap, zh and 13 or 9, true) .. " ", pad(verdict, 7) }, " ")
    for _, c in ipairs(columns) do line = line .. " " .. pad(c.cell(row), c.width, true) end
    lines[#lines + 1] = (line:gsub("%s+$", ""))
  end
  local reached = 0
  for _, row in ipairs(rows) do if row.met then reached = reached + 1 end end
  lines[#lines + 1] = zh and string.format("%d个目标中达到%d个", #rows, reached)
                      or string.format("%d of %d targets reached", reached, #rows)
  local text = table.concat(lines, "\n")
  print(text)
  return text
end

-- The target table of result `r` for `year` (evaluate + print_targets).
function M.target_table(r, year)
  return M.print_targets(M.evaluate(r, year))
end

return M
