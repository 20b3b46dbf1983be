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
---@field lang? "en"|"zh" language of a printed table (default: polsim.lang)

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
---@field lang "en"|"zh" the language of printed tables (`--lang`, default "en")
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

---Monte Carlo over a scenario: draws run in C; see docs/lua-api.md, "Monte Carlo".
---@param s polsim.Scenario a scenario without rules
---@param opts polsim.MonteCarloOptions
---@return polsim.MonteCarlo
function polsim.montecarlo(s, opts) end

---A distribution: `dist` names it, the other fields are its parameters
---(normal: mean, sd; lognormal: mu, sigma; uniform: min, max; triangular: min,
---mode, max; truncnormal: mean, sd, min?, max?; choice: values).  For an
---exogenous series, `rho` makes it a persistent AR(1) shift of the scenario's
---path instead of a level, and `from`/`to` narrow its periods.
---@class polsim.Distribution
---@field dist "normal"|"lognormal"|"uniform"|"triangular"|"truncnormal"|"choice"
---@field mean? number
---@field sd? number
---@field mu? number
---@field sigma? number
---@field min? number
---@field max? number
---@field mode? number
---@field values? number[]
---@field rho? number
---@field from? polsim.Period
---@field to? polsim.Period

---@class polsim.MonteCarloOptions
---@field draws? integer 1 .. 10,000,000 (default 1000)
---@field seed? integer >= 0 (default 1)
---@field threads? integer 1 .. 64 (default 1); results do not depend on it
---@field params? table<string, polsim.Distribution>
---@field exogenous? table<string, polsim.Distribution>
---@field residuals? "bootstrap"|"normal" shocks from the historical residuals
---@field vars? string[] series kept for statistics (default: every endogenous one and the drawn ones)
---@field keep? string[] series whose every draw mc:write writes

---@class polsim.GrowthOption
---@field growth? boolean statistics of the growth over the previous period, percent

---Statistics over the successful draws of a Monte Carlo run.
---@class polsim.MonteCarlo
local MonteCarlo = {}

---The q quantile (0 .. 1), linear interpolation between order statistics (type 7).
---@param var string
---@param p polsim.Period
---@param q number
---@param opts? polsim.GrowthOption
---@return number
function MonteCarlo:quantile(var, p, q, opts) end

---Share of the draws with `var` in `p` `op` `value`.
---@param var string
---@param p polsim.Period
---@param op ">="|"<="|">"|"<"
---@param value number
---@param opts? polsim.GrowthOption
---@return number
function MonteCarlo:prob(var, p, op, value, opts) end

---@param var string
---@param p polsim.Period
---@param opts? polsim.GrowthOption
---@return number
function MonteCarlo:mean(var, p, opts) end

---Sample standard deviation.
---@param var string
---@param p polsim.Period
---@param opts? polsim.GrowthOption
---@return number
function MonteCarlo:sd(var, p, opts) end

---Number of failed draws, and the error of the first one when there is one.
---@return integer
---@return string?
function MonteCarlo:failed() end

---@return integer
function MonteCarlo:draws() end

---History years the residual shocks come from.
---@return polsim.Period[]
function MonteCarlo:residual_years() end

---Write the polsim.montecarlo JSON under the output folder; returns the path.
---@param path string
---@return string
function MonteCarlo:write(path) end

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

---@class polsim.SteadyOptions
---@field set? table<string, number> exogenous values, parameters, starting values
---@field at? integer|string history period whose values are used (default: the last)
---@field tol? number scaled tolerance (default 1e-10)
---@field max_iter? integer Newton iterations (default 50)

---@class polsim.Saddle
---@field checked boolean
---@field ok boolean
---@field explosive integer
---@field required integer
---@field unit_roots integer
---@field note string

---@class polsim.Steady
---@field values table<string, number> steady value of each endogenous variable
---@field residuals table<string, number> residual of the equation determining it
---@field iterations integer
---@field max_residual number
---@field saddle? polsim.Saddle models with leads only

---The steady state of the static model and, for a model with leads, the
---saddle-path count of the model linearised there.
---@param opts? polsim.SteadyOptions
---@return polsim.Steady
function Model:steady(opts) end

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

---Ask that an endogenous variable reach a value (a level, or percent growth with
---`growth = true`) in a period, a range of periods, or {[period] = value}.
---@param var string
---@param period polsim.Period|table<polsim.Period, number>
---@param ... any value | last, value | last, {values}; then optional {growth =, weight =}
---@return polsim.Scenario
function Scenario:target(var, period, ...) end

---Let the run solve for an exogenous variable or add-factor in a period or range,
---optionally within {min =, max =} (weight: in the smallest-change objective).
---@param lever string
---@param period polsim.Period
---@param ... any last? and optional {min =, max =, weight =}
---@return polsim.Scenario
function Scenario:instrument(lever, period, ...) end

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

---The run's targets: {var, period, growth, value, reached, gap, met, method, note,
---binding} per target and period (empty without targets).
---@return table[]
function Result:targets() end

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

---@class polsim.AttributeOptions
---@field groups table<string, string|string[]> group name -> inputs (exogenous series, add-factors, parameters)
---@field method? "auto"|"exact"|"sampled" exact up to 12 groups under "auto"
---@field samples? integer sampled: random orderings (default 1000)
---@field seed? integer sampled: seed of the orderings (default 1)
---@field strict? boolean inputs that differ but no group names are an error (default: group "other")

---@class polsim.GrowthOption
---@field growth? boolean percentage points of growth instead of levels

---@class polsim.Attribution
---@field method "exact"|"sampled"
---@field runs integer model solves done
---@field samples integer orderings of a sampled estimate (0 when exact)
---@field base string
---@field alt string
local Attribution = {}

---Shapley decomposition of alt - base over groups of input changes.
---@param base polsim.Scenario
---@param alt polsim.Scenario
---@param opts polsim.AttributeOptions
---@return polsim.Attribution
function polsim.attribute(base, alt, opts) end

---@param group string
---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return number
function Attribution:contribution(group, var, period, opts) end

---alt - base (or the growth difference in pp).
---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return number
function Attribution:total(var, period, opts) end

---Standard error of a sampled contribution; nil when exact.
---@param group string
---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return number|nil
function Attribution:se(group, var, period, opts) end

---@return string[]
function Attribution:groups() end

---Print the contributions of `var` by period; returns the text.
---@param var string
---@param opts? polsim.GrowthOption
---@return string
function Attribution:print(var, opts) end

---Write the attribution as JSON under the output folder; returns the path.
---@param path string
---@return string
function Attribution:write(path) end

---@class polsim.SweepOptions
---@field design? "grid"|"lhs"|"sobol"
---@field points? integer lhs and sobol: number of points
---@field seed? integer lhs: seed (default 1)
---@field outputs? string[] series kept (default: all)

---@class polsim.Sweep
---@field points integer
---@field nfailed integer
---@field first_error? string
local Sweep = {}

---Run `s` at the points of a design over inputs {NAME = {from, to [, n]}}.
---@param s polsim.Scenario
---@param dims table<string, number[]>
---@param opts? polsim.SweepOptions
---@return polsim.Sweep
function polsim.sweep(s, dims, opts) end

---@param i integer
---@return table<string, number>
function Sweep:inputs(i) end

---@param i integer
---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return number|nil
function Sweep:value(i, var, period, opts) end

---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return table[]
function Sweep:rows(var, period, opts) end

---@return integer[]
function Sweep:failed() end

---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return string
function Sweep:print(var, period, opts) end

---@param path string
---@return string
function Sweep:write(path) end

---@class polsim.TornadoBar
---@field name string
---@field low number
---@field high number
---@field value_low number
---@field value_high number
---@field swing number

---@class polsim.Tornado
---@field base number
---@field variable string
---@field period polsim.Period
local Tornado = {}

---Each input at its low and high value, the others at the scenario's.
---@param s polsim.Scenario
---@param ranges table<string, number[]>
---@param var string
---@param period polsim.Period
---@param opts? polsim.GrowthOption
---@return polsim.Tornado
function polsim.tornado(s, ranges, var, period, opts) end

---@return polsim.TornadoBar[]
function Tornado:bars() end

---@return string
function Tornado:print() end

---@param path string
---@return string
function Tornado:write(path) end
