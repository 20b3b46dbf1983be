-- Finalizers run inside the collector where the budget hook is off.
setmetatable({}, { __gc = function() while true do end end })
