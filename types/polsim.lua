---@meta polsim
-- Type annotations of the polsim scenario API for the Lua language server
-- (LuaLS).  Nothing here runs: polsim itself provides these functions to
-- scripts run with `polsim run`.  The reference is docs/lua-api.md; the
-- repository's .luarc.json points editors at this folder ("workspace.library").
--
-- Keep in step with engine/src/lua/api*.c (tests/cli/lua_api.sh checks that
-- every function and method registered there is declared here).

---A period: a year for annual models (`2024`), a label for quarterly and monthly
---ones (`"2024Q1"`, `"2024M01"`; `"2024"` is also accepted for annual models).
---@alias polsim.Period integer|string

---Values by period, `{ [2024] = 828.0, [2025] = 825.0 }`.  Periods without a
---value are absent (nil).
---@alias polsim.Series table<polsim.Period, number>

---A per-period rule: runs once for each period, before it is solved.
---@alias polsim.Rule fun(ctx: polsim.RuleContext, period: polsim.Period)

---@alias polsim.Frequency "annual"|"quarterly"|"monthly"

---A variable, add-factor or parameter of a model (`m:describe`, `m:variables` ...).
---@class polsim.Symbol
---@field name string
---@field kind "endogenous"|"exogenous"|"add-factor"|"parameter"
---@field description string
---@field unit string
---@field lever boolean true for exogenous variables marked `lever` in the model
---@field value? number the model's value (parameters only)
---@field equation? string label of the equation that determines it (endogenous) or that it shifts (add-factor)

---@class polsim.ScenarioOptions
---@field from? polsim.Period first projected period (default: the period after the history)
---@field to? polsim.Period last projected period (default: `from` + 9 periods)

---@class polsim.RangeOptions
---@field from? polsim.Period first period shown (default: the first solved period)
---@field to? polsim.Period last period shown (default: the last period)

---@class polsim.CompareOptions
---@field base? string name of the scenario to compare against (default: the first result)

---@class polsim.Diagnostics
---@field periods integer periods solved
---@field explicit_evals integer evaluations of explicit (recursive) equations
---@field blocks_solved integer simultaneous block solves
---@field newton_iterations integer Newton iterations in total
---@field max_iterations integer most Newton iterations of any block solve
---@field halvings integer damped (halved) Newton steps
---@field max_residual number largest final scaled residual
---@field sparse_blocks integer block solves done with the sparse (KLU) solver

-- ---------------------------------------------------------------- polsim

---The `polsim` table (read-only).
---@class polsim
---@field version string the program's version, e.g. "0.1.0"
---@field seed integer the seed of math.random for this run (`--seed`, default 1)
---@field args table<string, string|number> the `--set NAME=VALUE` values; numbers when VALUE reads as one
polsim = {}

---Load a model (a `.model` file, or a folder holding one) and its history.csv.
---The path is relative to the folder polsim runs in.
---@param path string
---@return polsim.Model
function polsim.model(path) end

---Compare two or more results of one model.  A last table argument may name the
---base scenario: `polsim.compare(a, b, { base = "b" })`.
---@param a polsim.Result
---@param b polsim.Result
---@param ... polsim.Result|polsim.CompareOptions
---@return polsim.Compare
function polsim.compare(a, b, ...) end

---Print a table of levels (variables down, periods across) and return its text.
---@param r polsim.Result
---@param vars? string[] default: every endogenous variable
---@param opts? polsim.RangeOptions
---@return string
function polsim.table(r, vars, opts) end

---Like polsim.table, with growth rates in percent.
---@param r polsim.Result
---@param vars? string[]
---@param opts? polsim.RangeOptions
---@return string
function polsim.growth_table(r, vars, opts) end

---`100 * part / whole`, for every period of the result.
---@param r polsim.Result
---@param part string
---@param whole string
---@return polsim.Series
function polsim.share(r, part, whole) end

-- ---------------------------------------------------------------- Model

---A loaded model.  Fields are read-only.
---@class polsim.Model
---@field name string the name in the model file
---@field title string
---@field frequency polsim.Frequency
---@field hash string SHA-256 of the model file (hex)
---@field path string the model file that was read
local Model = {}

---Endogenous and exogenous variables, in the model's order.
---@return polsim.Symbol[]
function Model:variables() end

---Exogenous variables marked `lever`.
---@return polsim.Symbol[]
function Model:levers() end

---@return polsim.Symbol[]
function Model:parameters() end

---@return polsim.Symbol[]
function Model:endogenous() end

---@return polsim.Symbol[]
function Model:exogenous() end

---One variable, add-factor or parameter by name.
---@param name string
---@return polsim.Symbol
function Model:describe(name) end

---The history of a variable as read from history.csv.
---@param name string
---@return polsim.Series
function Model:history(name) end

---A new scenario (with no changes yet) over a horizon.
---@param name string
---@param opts? polsim.ScenarioOptions
---@return polsim.Scenario
function Model:scenario(name, opts) end

-- ---------------------------------------------------------------- Scenario

---A scenario: a horizon and layered changes.  Every change returns the
---scenario, so calls chain.
---@class polsim.Scenario
---@field name string
---@field parent polsim.Scenario? the scenario it was copied from
---@field model polsim.Model
---@field from polsim.Period first projected period
---@field to polsim.Period last projected period
local Scenario = {}

---Set an exogenous variable or add-factor:
---`s:set(var, { [p] = v, ... })`, `s:set(var, p, v)`, `s:set(var, first, last, v)`
---or `s:set(var, first, last, { v1, v2, ... })` (one value per period).
---@param var string
---@param values table<polsim.Period, number>
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, value: number): polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, first: polsim.Period, last: polsim.Period, value: number|number[]): polsim.Scenario
function Scenario:set(var, values) end

---Set the add-factor of the equation of an endogenous variable (`var` may also
---be the add-factor's own name, e.g. "c_a").  Same forms as set.
---@param var string
---@param values table<polsim.Period, number>
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, value: number): polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, first: polsim.Period, last: polsim.Period, value: number|number[]): polsim.Scenario
function Scenario:addfactor(var, values) end

---x[p] = x[p-1] * (1 + pct / 100) for p in first..last; pct 5 is 5 %.
---@param var string
---@param first polsim.Period
---@param last polsim.Period
---@param pct number percent
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, pct: number): polsim.Scenario
function Scenario:grow(var, first, last, pct) end

---x[p] = x[p-1] * (1 + rate) for p in first..last; rate 0.05 is 5 % (a fraction).
---@param var string
---@param first polsim.Period
---@param last polsim.Period
---@param rate number fraction
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, rate: number): polsim.Scenario
function Scenario:grow_frac(var, first, last, rate) end

---x[p] = x[p] + amount for p in first..last (in the variable's unit).
---@param var string
---@param first polsim.Period
---@param last polsim.Period
---@param amount number
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, amount: number): polsim.Scenario
function Scenario:shock(var, first, last, amount) end

---x[p] = x[p] * (1 + pct / 100) for p in first..last; pct 10 is +10 %.
---@param var string
---@param first polsim.Period
---@param last polsim.Period
---@param pct number
---@return polsim.Scenario
---@overload fun(self: polsim.Scenario, var: string, period: polsim.Period, pct: number): polsim.Scenario
function Scenario:shock_pct(var, first, last, pct) end

---Read a parameter (no value) or set it for this scenario and its copies.
---@param name string
---@return number
---@overload fun(self: polsim.Scenario, name: string, value: number): polsim.Scenario
function Scenario:param(name) end

---Add a per-period rule (runs before each period is solved, parents' rules first).
---@param fn polsim.Rule
---@return polsim.Scenario
function Scenario:rule(fn) end

---A child scenario: everything this one says, now and later, plus its own changes.
---@param name string
---@return polsim.Scenario
function Scenario:copy(name) end

---Solve the scenario.  Raises an error if the solver fails.
---@return polsim.Result
function Scenario:run() end

---The inputs a run would use for one series (all layers applied, rules not run).
---@param var string
---@return polsim.Series
function Scenario:inputs(var) end

-- ---------------------------------------------------------------- RuleContext

---What a rule gets; valid only during the rule's call.
---@class polsim.RuleContext
---@field period polsim.Period the period about to be solved
local RuleContext = {}

---A value already known: any variable up to the previous period, exogenous
---values and add-factors of the current period.
---@param var string
---@param period? polsim.Period default: the current period
---@return number
function RuleContext:get(var, period) end

---Set an exogenous variable or add-factor for the current period.
---@param var string
---@param value number
function RuleContext:set(var, value) end

-- ---------------------------------------------------------------- Result

---What a run produced: the history before the horizon and the solved periods.
---`r.VAR` is the series of variable VAR (`r.y[2025]`); method and field names
---take precedence, `r:series(name)` always works.
---@class polsim.Result
---@field scenario string the scenario's name
---@field model string the model's name
---@field frequency polsim.Frequency
---@field first polsim.Period the first solved period
---@field last polsim.Period the last period
---@field [string] polsim.Series
local Result = {}

---@param var string
---@return polsim.Series
function Result:series(var) end

---The value of a variable in one period (an error outside the result).
---@param var string
---@param period polsim.Period
---@return number
function Result:get(var, period) end

---The same as get.
---@param var string
---@param period polsim.Period
---@return number
function Result:level(var, period) end

---Growth in percent, 100 * (x[p] / x[p-1] - 1): one period, or the series.
---@param var string
---@param period polsim.Period
---@return number
---@overload fun(self: polsim.Result, var: string): polsim.Series
function Result:growth(var, period) end

---@param var string
---@return string
function Result:unit(var) end

---@param var string
---@return string
function Result:description(var) end

---The periods held, in order; `solved_only` leaves out the history.
---@param solved_only? boolean
---@return polsim.Period[]
function Result:periods(solved_only) end

---The names of all series (endogenous, exogenous, add-factors).
---@return string[]
function Result:variables() end

---@return polsim.Diagnostics
function Result:diagnostics() end

---Write the result under the output folder (`-o`); ".json" or ".csv".
---Returns the path written.
---@param path string
---@return string
function Result:write(path) end

---The same as polsim.table(r, vars, opts).
---@param vars? string[]
---@param opts? polsim.RangeOptions
---@return string
function Result:table(vars, opts) end

---The same as polsim.growth_table(r, vars, opts).
---@param vars? string[]
---@param opts? polsim.RangeOptions
---@return string
function Result:growth_table(vars, opts) end

-- ---------------------------------------------------------------- Compare

---A comparison of results (polsim.compare).
---@class polsim.Compare
local Compare = {}

---Print the comparison table and return its text.
---@param vars? string[] default: every endogenous variable
---@param opts? polsim.RangeOptions
---@return string
function Compare:print(vars, opts) end

---Write the comparison under the output folder; the format follows the
---extension (.csv, .json, .md; anything else a text table).  Returns the path.
---@param path string
---@param vars? string[]
---@param opts? polsim.RangeOptions
---@return string
function Compare:write(path, vars, opts) end

---Levels of `var` in scenario `scenario`.
---@param var string
---@param scenario string
---@return polsim.Series
function Compare:level(var, scenario) end

---x_s - x_base, in the variable's unit.
---@param var string
---@param scenario string
---@return polsim.Series
function Compare:diff(var, scenario) end

---100 * (x_s / x_base - 1), percent.
---@param var string
---@param scenario string
---@return polsim.Series
function Compare:pct(var, scenario) end

---Growth of `var` in `scenario`, percent.
---@param var string
---@param scenario string
---@return polsim.Series
function Compare:growth(var, scenario) end

---growth_s - growth_base, percentage points.
---@param var string
---@param scenario string
---@return polsim.Series
function Compare:growth_pp(var, scenario) end
