-- Question: what would it take for retail sales to reach the 7% target, and
-- what do vouchers and promotion spending buy?  Variants: vouchers at five and
-- sixteen times their 2023 amount (2.25 and 7.4, in 100m yuan), promotion
-- doubled, and no consumption support at all.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local v5 = plan:copy("vouchers_x5"):set("voucher", yz.FROM, 2.25)
local v16 = plan:copy("vouchers_x16"):set("voucher", yz.FROM, 7.4)
local promo = plan:copy("promotion_x2"):set("promo", yz.FROM, 1.0)
local none = plan:copy("no_support"):set("voucher", yz.FROM, yz.TO, 0):set("promo", yz.FROM, yz.TO, 0)

local rp, r5 = plan:run(), v5:run()
local c = polsim.compare(rp, r5, v16:run(), promo:run(), none:run())
c:print({ "retail", "hcr", "gdpr" }, { to = 2025 })

-- Retail sales per yuan of extra vouchers (Hangzhou 2020: 3.5, up to 5.0).
print(string.format("\nRetail sales per yuan of extra vouchers in %d: %.2f", yz.FROM,
                    (r5.retail[yz.FROM] - rp.retail[yz.FROM]) / (2.25 - 0.45)))
c:write("consumption.csv")
