-- search.lua: a TPOT-like evolutionary search over pipelines
--   [scaler] -> [selector, top k] -> classifier with hyperparameters.
-- Fitness is the mean stratified k-fold CV ROC AUC on the training rows,
-- minus a parsimony penalty per step. The search space comes from the
-- plugins: every classifier and selector component with its declared
-- RMX_PARAM_SEARCH parameters, so a new classifier plugin joins the search
-- with no change here. Deterministic for a given seed (all draws come from
-- one generator in a fixed order; pipelines are evaluated in parallel in C).
local M = {}

M.defaults = {
  population = 16,
  generations = 8,
  offspring = nil,        -- default: population
  tournament = 2,
  crossover_rate = 0.2,
  mutation_rate = 0.9,
  parsimony = 0.002,      -- fitness penalty per pipeline step
  patience = 4,           -- generations without improvement before stopping
  time_budget = nil,      -- seconds; a cap (results then depend on machine speed)
  seed = 42,
  scalers = {"none", "zscore", "minmax"},
  selectors = nil,        -- names; default: every selector component except rfe
  classifiers = nil,      -- names; default: every classifier component
  k_range = {2, 30},      -- selector top-k range (clamped to the column count)
  selector_rate = 0.5,    -- chance a random pipeline has a selector
}

local function sorted_names(kind, only, exclude)
  local names = {}
  for _, c in ipairs(radiomix.components(kind)) do
    if (not only or only[c.name]) and not (exclude and exclude[c.name]) then names[#names + 1] = c.name end
  end
  table.sort(names)
  return names
end

local function set_of(list)
  if not list then return nil end
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

-- Search space: per component, its tunable parameters.
local function space(cfg)
  local S = {classifiers = {}, selectors = {}, params = {}}
  S.classifiers = sorted_names("classifier", set_of(cfg.classifiers))
  S.selectors = sorted_names("selector", set_of(cfg.selectors), cfg.selectors == nil and {rfe = true} or nil)
  assert(#S.classifiers > 0, "search: no classifier plugin is loaded")
  for _, kind in ipairs({"classifier", "selector"}) do
    for _, c in ipairs(radiomix.components(kind)) do
      local ps = {}
      for _, p in ipairs(c.params) do
        if p.search and p.type ~= "list" then ps[#ps + 1] = p end
      end
      S.params[kind .. ":" .. c.name] = ps
    end
  end
  return S
end

local function pick(list) return list[math.random(#list)] end

local function choices(p)
  local t = {}
  for c in (p.choices or ""):gmatch("[^|]+") do t[#t + 1] = c end
  return t
end

local function draw_param(p)
  local lo, hi = p.search_min, p.search_max
  if p.type == "bool" then return math.random() < 0.5 end
  if p.type == "string" then
    local c = choices(p)
    return #c > 0 and pick(c) or p.default
  end
  local x
  if p.log and lo > 0 then x = math.exp(math.log(lo) + math.random() * (math.log(hi) - math.log(lo)))
  else x = lo + math.random() * (hi - lo) end
  if p.type == "int" then return math.floor(x + 0.5) end
  return x
end

local function random_params(S, kind, name)
  local params = {}
  for _, p in ipairs(S.params[kind .. ":" .. name] or {}) do params[p.name] = draw_param(p) end
  return params
end

local function random_pipeline(S, cfg, ncols)
  local pl = {scaler = pick(cfg.scalers)}
  if #S.selectors > 0 and ncols > cfg.k_range[1] and math.random() < cfg.selector_rate then
    local name = pick(S.selectors)
    local kmax = math.min(cfg.k_range[2], ncols - 1)
    pl.selector = {name = name, k = math.random(cfg.k_range[1], math.max(cfg.k_range[1], kmax)),
                   params = random_params(S, "selector", name)}
  end
  local name = pick(S.classifiers)
  pl.classifier = {name = name, params = random_params(S, "classifier", name)}
  return pl
end

local function copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = copy(v) end
  return c
end

-- A canonical text of a pipeline: its identity for caching and ties.
local function key_of(pl)
  local function params_text(ps)
    local ks = {}
    for k in pairs(ps or {}) do ks[#ks + 1] = k end
    table.sort(ks)
    local out = {}
    for _, k in ipairs(ks) do
      local v = ps[k]
      out[#out + 1] = k .. "=" .. (type(v) == "number" and string.format("%.6g", v) or tostring(v))
    end
    return table.concat(out, ",")
  end
  local s = pl.scaler
  if pl.selector then s = s .. " | " .. pl.selector.name .. "(k=" .. pl.selector.k .. ";" .. params_text(pl.selector.params) .. ")" end
  return s .. " | " .. pl.classifier.name .. "(" .. params_text(pl.classifier.params) .. ")"
end
M.describe = key_of

local function steps(pl)
  return 1 + (pl.selector and 1 or 0) + (pl.scaler ~= "none" and 1 or 0)
end

local function mutate(S, cfg, pl, ncols)
  local c = copy(pl)
  local op = math.random(5)
  if op == 1 then
    c.scaler = pick(cfg.scalers)
  elseif op == 2 then
    if c.selector then c.selector = nil
    else
      local r = random_pipeline(S, {scalers = cfg.scalers, k_range = cfg.k_range, selector_rate = 1}, ncols)
      c.selector = r.selector
    end
  elseif op == 3 and c.selector then
    local kmax = math.max(cfg.k_range[1], math.min(cfg.k_range[2], ncols - 1))
    c.selector.k = math.max(cfg.k_range[1], math.min(kmax, c.selector.k + math.random(-3, 3)))
  elseif op == 4 then
    local name = pick(S.classifiers)
    c.classifier = {name = name, params = random_params(S, "classifier", name)}
  else
    local ps = S.params["classifier:" .. c.classifier.name]
    if #ps > 0 then
      local p = pick(ps)
      c.classifier.params[p.name] = draw_param(p)
    else
      c.scaler = pick(cfg.scalers)
    end
  end
  return c
end

local function crossover(a, b)
  local c = copy(a)
  if a.classifier.name == b.classifier.name then
    -- In sorted order: pairs() order differs from run to run (Lua's string
    -- hash seed), and each key takes one draw.
    local ks = {}
    for k in pairs(b.classifier.params) do ks[#ks + 1] = k end
    table.sort(ks)
    for _, k in ipairs(ks) do
      if math.random() < 0.5 then c.classifier.params[k] = b.classifier.params[k] end
    end
  else
    c.classifier = copy(b.classifier)
  end
  return c
end

-- Evaluates the pipelines not seen before, in one parallel batch.
local function evaluate(pop, cache, data, folds, cfg)
  local todo, idx = {}, {}
  for _, ind in ipairs(pop) do
    if not cache[ind.key] and not idx[ind.key] then
      todo[#todo + 1] = ind.pipeline
      idx[ind.key] = #todo
    end
  end
  if #todo > 0 then
    local res = radiomix.cv_evaluate(data, todo, folds)
    for k, i in pairs(idx) do cache[k] = res[i] end
  end
  for _, ind in ipairs(pop) do
    local r = cache[ind.key]
    ind.cv_auc = r.auc
    ind.error = r.error
    ind.fitness = (r.auc == r.auc) and (r.auc - cfg.parsimony * steps(ind.pipeline)) or -math.huge
  end
  return #todo
end

local function better(a, b)
  if a.fitness ~= b.fitness then return a.fitness > b.fitness end
  return a.key < b.key
end

-- search.run(data, folds, cfg) -> result
--   data: a radiomix.Table with labels (training rows only)
--   folds: fold number 1..k per row (radiomix.kfold's second result)
--   result: {best = pipeline, cv_auc, fitness, history = {per generation}, evaluated}
function M.run(data, folds, user_cfg)
  local cfg = copy(M.defaults)
  for k, v in pairs(user_cfg or {}) do cfg[k] = v end
  cfg.offspring = cfg.offspring or cfg.population
  math.randomseed(cfg.seed)
  local S = space(cfg)
  local ncols = data:ncols()
  local t0 = radiomix.now()
  local cache, pop, evaluated = {}, {}, 0
  local function individual(pl) return {pipeline = pl, key = key_of(pl)} end
  for i = 1, cfg.population do pop[i] = individual(random_pipeline(S, cfg, ncols)) end
  evaluated = evaluated + evaluate(pop, cache, data, folds, cfg)
  table.sort(pop, better)
  local history = {{generation = 0, best = pop[1].fitness, best_auc = pop[1].cv_auc, key = pop[1].key}}
  local stale, best = 0, pop[1].fitness
  for g = 1, cfg.generations do
    if cfg.time_budget and radiomix.now() - t0 > cfg.time_budget then break end
    local kids = {}
    local function tournament()
      local w = pop[math.random(#pop)]
      for _ = 2, cfg.tournament do
        local c = pop[math.random(#pop)]
        if better(c, w) then w = c end
      end
      return w
    end
    for i = 1, cfg.offspring do
      local a = tournament()
      local pl = a.pipeline
      if math.random() < cfg.crossover_rate then pl = crossover(pl, tournament().pipeline) end
      if math.random() < cfg.mutation_rate then pl = mutate(S, cfg, pl, ncols) end
      kids[i] = individual(pl)
    end
    evaluated = evaluated + evaluate(kids, cache, data, folds, cfg)
    -- (mu + lambda): the best of parents and offspring survive, duplicates once.
    local all, seen = {}, {}
    for _, set in ipairs({pop, kids}) do
      for _, ind in ipairs(set) do
        if not seen[ind.key] then seen[ind.key] = true; all[#all + 1] = ind end
      end
    end
    table.sort(all, better)
    pop = {}
    for i = 1, math.min(cfg.population, #all) do pop[i] = all[i] end
    history[#history + 1] = {generation = g, best = pop[1].fitness, best_auc = pop[1].cv_auc, key = pop[1].key}
    if cfg.on_generation then cfg.on_generation(g, cfg.generations, pop[1]) end
    if pop[1].fitness > best + 1e-12 then best, stale = pop[1].fitness, 0
    else
      stale = stale + 1
      if stale >= cfg.patience then break end
    end
  end
  return {best = pop[1].pipeline, cv_auc = pop[1].cv_auc, fitness = pop[1].fitness,
          description = pop[1].key, history = history, evaluated = evaluated,
          seconds = radiomix.now() - t0}
end

return M
