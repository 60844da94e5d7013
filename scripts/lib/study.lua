-- study.lua: the steps of the hypoxia workflow (manifest, cached extraction,
-- samples per resection, split, ensemble selection, search, evaluation).
local search = require("search")
local progress = require("progress")
local M = {}

M.required = {"patient", "resection", "lesion", "sequence", "image", "mask", "label"}

local function dirname(p) return p:match("^(.*)/[^/]*$") or "." end

local function split_csv_line(line)
  local out = {}
  for field in (line .. ","):gmatch("([^,]*),") do out[#out + 1] = field end
  return out
end

-- Reads a manifest CSV (no quoting): one row per lesion and sequence. Paths
-- are relative to the manifest's folder unless absolute.
function M.read_manifest(path)
  local text, err = radiomix.read_file(path)
  if not text then error("manifest: " .. err, 0) end
  local base = dirname(path)
  local rows, header, col = {}, nil, {}
  local n = 0
  for line in text:gmatch("[^\n]+") do
    n = n + 1
    line = line:gsub("\r$", "")
    local f = split_csv_line(line)
    if not header then
      header = f
      for i, h in ipairs(f) do col[h] = i end
      for _, r in ipairs(M.required) do
        if not col[r] then error(string.format("%s: missing column '%s'", path, r), 0) end
      end
    elseif line ~= "" then
      if #f ~= #header then
        error(string.format("%s:%d: %d fields, but the header has %d", path, n, #f, #header), 0)
      end
      local r = {}
      for name, i in pairs(col) do r[name] = f[i] end
      r.lesion = math.tointeger(tonumber(r.lesion))
      r.label = math.tointeger(tonumber(r.label))
      if not r.lesion then error(string.format("%s:%d: lesion '%s' is not an integer", path, n, f[col.lesion]), 0) end
      if r.label ~= 0 and r.label ~= 1 then error(string.format("%s:%d: label must be 0 or 1", path, n), 0) end
      for _, k in ipairs({"image", "mask"}) do
        if r[k]:sub(1, 1) ~= "/" then r[k] = base .. "/" .. r[k] end
      end
      r.line = n
      rows[#rows + 1] = r
    end
  end
  if #rows == 0 then error(path .. ": no rows", 0) end
  return rows
end

-- Sequences in order of first appearance.
function M.sequences(rows)
  local seen, out = {}, {}
  for _, r in ipairs(rows) do
    if not seen[r.sequence] then seen[r.sequence] = true; out[#out + 1] = r.sequence end
  end
  return out
end

-- nil when the case is not cached yet (radiomix.read_features reads it in C).
local function read_cache(path)
  return (radiomix.read_features(path))
end

local function write_cache(path, res)
  local out = {"feature,value"}
  for i, n in ipairs(res.names) do out[#out + 1] = n .. "," .. string.format("%.17g", res.values[i]) end
  assert(radiomix.write_file(path, table.concat(out, "\n") .. "\n"))
end

-- Features of every row, from the cache when its key (image and mask
-- content, parameters, version) is there. Returns results aligned with rows
-- and the number extracted now.
function M.extract(rows, params_path, cache_dir, label)
  assert(radiomix.mkdir(cache_dir))
  local ptext = assert(radiomix.read_file(params_path))
  local stem = radiomix.sha256(radiomix.version .. "\0" .. ptext)
  local file_hash = {}
  local function fh(p)
    if not file_hash[p] then
      local h, err = radiomix.sha256_file(p)
      file_hash[p] = h or ("missing:" .. tostring(err))
    end
    return file_hash[p]
  end
  local results, todo, todo_idx = {}, {}, {}
  for i, r in ipairs(rows) do
    local key = radiomix.sha256(stem .. fh(r.image) .. fh(r.mask))
    r.cache = cache_dir .. "/" .. key .. ".csv"
    results[i] = read_cache(r.cache)
    if not results[i] then
      todo[#todo + 1] = {image = r.image, mask = r.mask, label = label or 1}
      todo_idx[#todo] = i
    end
  end
  -- In chunks, each cached as soon as it is done: a run killed midway
  -- resumes where it stopped and loses at most one chunk.
  local chunk = 4 * math.max(1, radiomix.threads())
  local bar = progress.new("extract", #todo)
  local first = 1
  while first <= #todo do
    local part = {}
    local j = first
    -- A chunk never splits the masks of one image, so each image is read once.
    while j <= #todo and (#part < chunk or todo[j].image == todo[j - 1].image) do
      part[#part + 1] = todo[j]
      j = j + 1
    end
    local res = radiomix.extract_many(part, params_path, {progress = false})
    for j, out in ipairs(res) do
      local i = todo_idx[first + j - 1]
      if out.error then
        results[i] = {error = out.error}
      else
        write_cache(rows[i].cache, out)
        results[i] = out
      end
    end
    bar:step(first + #part - 1)
    first = j
  end
  bar:done()
  return results, #todo
end

-- One sample per resection: its largest lesion (by ROI volume), so a
-- two-lesion resection is represented by the lesion that dominates the
-- specimen's staining. Returns samples and the failures.
function M.samples(rows, results)
  local by_res, order, failures = {}, {}, {}
  for i, r in ipairs(rows) do
    local res = results[i]
    if res.error then
      failures[#failures + 1] = {row = r, error = res.error}
    else
      local vol = 0
      for j, n in ipairs(res.names) do
        if n == "original_shape_VoxelVolume" or n == "original_shape_MeshVolume" then vol = res.values[j]; break end
      end
      local cur = by_res[r.resection]
      if not cur then order[#order + 1] = r.resection end
      if not cur or vol > cur.volume or (vol == cur.volume and r.lesion < cur.row.lesion) then
        by_res[r.resection] = {row = r, result = res, volume = vol}
      end
    end
  end
  local samples = {}
  for _, id in ipairs(order) do samples[#samples + 1] = by_res[id] end
  return samples, failures
end

-- A radiomix.Table of the samples; features undefined (NaN or inf) in any
-- sample are dropped, since no model can use them.
function M.table(samples)
  local names = samples[1].result.names
  -- each sample's arrays and math.huge looked up once, not per value (4013 x ~110 per sequence)
  local vals, nms, huge = {}, {}, math.huge
  for i, s in ipairs(samples) do vals[i], nms[i] = s.result.values, s.result.names end
  local cols, keep = {}, {}
  for j = 1, #names do
    local col, ok, name = {}, true, names[j]
    for i = 1, #vals do
      local v = vals[i][j]
      if nms[i][j] ~= name then error("feature order differs between cases", 0) end
      if v ~= v or v == huge or v == -huge then ok = false; break end
      col[i] = v
    end
    if ok then keep[#keep + 1] = names[j]; cols[#cols + 1] = col end
  end
  local label, ids, groups = {}, {}, {}
  for i, s in ipairs(samples) do
    label[i] = s.row.label
    ids[i] = s.row.resection
    groups[i] = s.row.patient
  end
  return radiomix.new_table{names = keep, columns = cols, label = label, ids = ids, id_name = "resection"},
         groups, #names - #keep
end

M.selectors = {"chi2", "correlation", "random_forest", "linear_regression",
               "logistic_regression", "rfe", "gradient_boosting"}

local function subset(t, idx)
  local out = {}
  for i, v in ipairs(idx) do out[i] = t[v] end
  return out
end

-- The whole analysis of one sequence's table. cfg: seed, test_size, k, min_votes,
-- search (search.lua options), bootstrap, shap_background.
function M.analyse(tab, groups, cfg, log)
  local y = tab:label()
  local train, test = radiomix.split(y, {test_size = cfg.test_size, seed = cfg.seed, groups = groups})
  local sc = radiomix.zscore_fit(tab, train)
  local ztr <close> = radiomix.scale(tab:rows(train), sc)
  local zte <close> = radiomix.scale(tab:rows(test), sc)
  log("selection")
  local k = math.min(cfg.k, ztr:ncols())
  local ens = radiomix.ensemble_select{X = ztr, selectors = cfg.selectors or M.selectors, k = k,
                                       min_votes = cfg.min_votes}
  local all_names = ztr:columns()
  local chosen = {}
  for _, c in ipairs(ens.selected) do chosen[#chosen + 1] = {name = all_names[c], votes = ens.votes[c]} end
  local fallback = false
  if #chosen < 2 then
    -- Too few features reached the vote: keep the most-voted ones (documented).
    fallback = true
    chosen = {}
    local order = {}
    for c = 1, #ens.votes do order[c] = c end
    table.sort(order, function(a, b)
      if ens.votes[a] ~= ens.votes[b] then return ens.votes[a] > ens.votes[b] end
      return a < b
    end)
    for i = 1, math.min(10, #order) do chosen[i] = {name = all_names[order[i]], votes = ens.votes[order[i]]} end
  end
  local names = {}
  for i, c in ipairs(chosen) do names[i] = c.name end
  local xtr <close> = ztr:select(names)
  local xte <close> = zte:select(names)
  log("search")
  local gtr = subset(groups, train)
  local _, fold_of_row = radiomix.kfold(xtr:label(), {k = 5, seed = cfg.seed, groups = gtr})
  local scfg = {}
  for kk, v in pairs(cfg.search) do scfg[kk] = v end
  scfg.seed = cfg.seed
  local found = search.run(xtr, fold_of_row, scfg)
  log("evaluation")
  local pipe <close> = radiomix.fit_pipeline(xtr, found.best)
  local score = pipe:predict(xte)
  local yte = xte:label()
  local metrics = radiomix.metrics(yte, score, 0.5)
  local ci = radiomix.bootstrap_ci(yte, score, {n = cfg.bootstrap, seed = cfg.seed})
  local pos, neg = {}, {}
  for i, v in ipairs(yte) do
    if v == 1 then pos[#pos + 1] = score[i] else neg[#neg + 1] = score[i] end
  end
  local mwu = (#pos > 0 and #neg > 0) and radiomix.mannwhitneyu(pos, neg) or {p = 0 / 0}
  local roc = radiomix.roc_curve(yte, score)
  -- Shapley values on the test set; the training set is the background.
  local ok, shap = pcall(pipe.shap, pipe, xte, xtr, {seed = cfg.seed, permutations = cfg.shap_permutations})
  if not ok then shap = {error = tostring(shap)} end
  return {train = train, test = test, ids = subset(tab:ids(), test), y = yte, score = score,
          metrics = metrics, ci = ci, mwu = mwu, roc = roc, selected = chosen, fallback = fallback,
          tops = ens.tops, selector_names = ens.selectors, search = found, shap = shap,
          n_features = tab:ncols()}
end

return M
