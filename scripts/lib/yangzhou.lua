-- Shared pieces of the Yangzhou scenario scripts: the 2024 plan's levers, its
-- targets, and the target / projection / gap table.
--
-- Units follow models/yangzhou: money in 100m yuan (亿元), rates in percent.
local M = {}

M.FROM, M.TO = 2024, 2030

-- The 2024 targets of the work report (part two), as growth in percent.
M.targets = {
  { var = "gdpr",   label = "GDP, real",               target = 6.0 },
  { var = "rev",    label = "Budget revenue",           target = 5.0 },
  { var = "vaindr", label = "Industrial value added",   target = 7.5 },
  { var = "va3r",   label = "Services value added",     target = 6.5 },
  { var = "fai",    label = "Fixed-asset investment",   target = 8.0 },
  { var = "indinv", label = "Industrial investment",    target = 18.0 },
  { var = "retail", label = "Retail sales",             target = 7.0 },
}

-- The loan growth that takes the balance from its 2023 level to `level` in 2024.
function M.loan_growth_to(m, level)
  local loans = m:history("loans")
  return 100 * (level / loans[2023] - 1)
end

-- Public investment growing by `g` percent a year from its 2023 level.
local function public_investment_path(m, g)
  local path, x = {}, m:history("pubinv")[2023]
  for year = M.FROM, M.TO do
    x = x * (1 + g / 100)
    path[#path + 1] = x
  end
  return path
end

-- The plan: every lever set for every year of the horizon, so nothing falls
-- back to the mechanical "hold the 2023 value" default.
function M.plan(m, name)
  local s = m:scenario(name or "plan_2024", { from = M.FROM, to = M.TO })
  s:set("fee_cut", M.FROM, M.TO, 50)                        -- 新减轻税费负担50亿元以上
  s:set("loan_g", M.FROM, M.FROM, M.loan_growth_to(m, 11000)) -- 年末贷款余额超1.1万亿元
  s:set("loan_g", M.FROM + 1, M.TO, 12)                       -- assumption: credit growth slows
  s:set("tloan_g", M.FROM, M.TO, 15)                        -- 科技/制造业/普惠小微贷款增长15%以上
  s:set("proj_inv", M.FROM, M.TO, 105)                      -- 产业项目投资超千亿元 (see docs/models/yangzhou.md)
  s:set("pubinv", M.FROM, M.TO, public_investment_path(m, 5)) -- assumption: +5% a year
  s:set("voucher", M.FROM, M.TO, 0.45)                      -- 2023 level (发放惠民券超4500万元)
  s:set("promo", M.FROM, M.TO, 0.5)                         -- 500 promotion events, 2023 spending
  s:set("talent", M.FROM, M.TO, 2.8)
  s:set("rd", M.FROM, M.TO, 2.85)                           -- assumption: R&D intensity +0.2 pp
  s:set("extd_g", M.FROM, M.TO, 5.0)                        -- assumption
  s:set("pi_ext", M.FROM, M.TO, 1.0)                        -- assumption: national CPI inflation
  s:set("ppi_ext", M.FROM, M.TO, -1.0)                      -- assumption: national PPI inflation
  return s
end

-- Print target / projection / gap for the first projected year.
function M.target_table(r, year)
  year = year or M.FROM
  local lines = { string.format("%-26s %9s %11s %8s", "2024 target (growth, %)", "target",
                                "projection", "gap pp") }
  for _, t in ipairs(M.targets) do
    local g = r:growth(t.var, year)
    lines[#lines + 1] = string.format("%-26s %9.1f %11.2f %+8.2f", t.label, t.target, g, g - t.target)
  end
  lines[#lines + 1] = string.format("%-26s %9.0f %11.0f %+8.0f", "Loan balance, 100m yuan", 11000,
                                    r.loans[year], r.loans[year] - 11000)
  local text = table.concat(lines, "\n")
  print(text)
  return text
end

return M
