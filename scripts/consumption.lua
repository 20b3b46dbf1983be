-- Question: what do vouchers and promotion spending buy for retail sales and
-- GDP?  Variants: vouchers at five and twenty times their 2023 amount (2.25
-- and 9, in 100m yuan), promotion doubled, and no consumption support at all.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local v5 = plan:copy("vouchers_x5"):set("voucher", yz.FROM, 2.25)
local v20 = plan:copy("vouchers_x20"):set("voucher", yz.FROM, 9)
local promo = plan:copy("promotion_x2"):set("promo", yz.FROM, 1.0)
local none = plan:copy("no_support"):set("voucher", yz.FROM, yz.TO, 0):set("promo", yz.FROM, yz.TO, 0)

local rp, r5 = plan:run(), v5:run()
local c = polsim.compare(rp, r5, v20:run(), promo:run(), none:run())
c:print({ "retail", "hcr", "gdpr" }, { to = 2025 })

-- Per yuan of extra vouchers in the year of issue (docs/models/yangzhou.md,
-- "Multipliers": GDP 0.3-2.0 per yuan; the Hangzhou 3.5 is redemption-week
-- spending, not GDP).
local dv = 2.25 - 0.45
print(string.format("\nPer yuan of extra vouchers in %d: retail %.2f, GDP %.2f", yz.FROM,
                    (r5.retail[yz.FROM] - rp.retail[yz.FROM]) / dv, (r5.gdp[yz.FROM] - rp.gdp[yz.FROM]) / dv))
c:write("consumption.csv")
