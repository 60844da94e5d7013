-- learn.lua: benchmark of 5-fold fit+predict per classifier and of the 7-selector ensemble vote, against scikit-learn's cv_timings.csv (issue 5).
--
--   radiomix run bench/learn.lua [SHARED] [REPEATS]        (SHARED default: $RADIOMIX_SHARED or ../shared; REPEATS 5)
--
-- For breast_cancer and breast_cancer_wide (data/tabular), with the stored folds (splits.csv `fold`):
--  * sequential: per fold, z-score fitted on the training rows, classifier fit, predict (or decision for
--    the SVMs, as scikit-learn's AUC uses) on the held-out rows; timed as scikit-learn timed it (scaler +
--    fit + predict over the five folds, radiomix.now()), median of REPEATS, with 1 thread and with all
--    cores (tree ensembles spread their trees over the host's workers);
--  * cv_evaluate: the same five folds through radiomix.cv_evaluate (all folds in parallel), all cores;
--  * the ensemble selection of the study (7 selectors, top 100, >= 4 votes) on the z-scored training rows of
--    the wide set, 1 thread and all cores.
-- Prints Markdown tables: ours (wall; with 1 thread also process CPU time, less sensitive to other load),
-- scikit-learn's median (single-threaded), ratio = sklearn / ours.
-- Not run by ctest.
local shared = arg[1] or os.getenv("RADIOMIX_SHARED") or "../shared"
local repeats = math.tointeger(tonumber(arg[2] or "5")) or 5
local ncores = radiomix.threads()

-- ours, scikit-learn's name, our params, scoring member
local models = {
  {"logistic_regression", "logreg", {}, "predict"},
  {"linear_svm", "linear_svm", {probability = false}, "decision"},
  {"rbf_svm", "rbf_svm", {probability = false}, "decision"},
  {"knn", "knn5", {n_neighbors = 5}, "predict"},
  {"gaussian_nb", "gaussian_nb", {}, "predict"},
  {"decision_tree", "decision_tree", {random_state = 0}, "predict"},
  {"random_forest", "random_forest", {random_state = 0}, "predict"},
  {"extra_trees", "extra_trees", {random_state = 0}, "predict"},
  {"gradient_boosting", "gradient_boosting", {random_state = 0}, "predict"},
}

local function median(v)
  table.sort(v)
  local n = #v
  return n % 2 == 1 and v[(n + 1) // 2] or (v[n // 2] + v[n // 2 + 1]) / 2
end

local function load1()
  local f = io.open("/proc/loadavg")
  if not f then return "?" end
  local s = f:read("l"); f:close()
  return s:match("^(%S+)")
end

local function sklearn_times(dir)
  local t <close> = assert(radiomix.read_table(dir .. "/cv_timings.csv", {text = "classifier", label = false}))
  local out = {}
  local names, med = t:column("classifier"), t:column("seconds_median")
  for i = 1, #names do out[names[i]] = med[i] end
  return out
end

local function sub(y, rows)
  local out = {}
  for i, r in ipairs(rows) do out[i] = y[r] end
  return out
end

-- scaler + fit + score over the five folds, sequential; returns wall seconds, the mean fold AUC and
-- process CPU seconds (os.clock: all threads; with 1 thread it is robust to other load on the machine)
local function cv_once(data, y, folds, m)
  local name, _, params, member = table.unpack(m)
  local t0, c0 = radiomix.now(), os.clock()
  local aucs = {}
  for k = 1, #folds do
    local f = folds[k]
    local sc = radiomix.zscore_fit(data, f.train)
    local xtr <close> = radiomix.scale(data:rows(f.train), sc)
    local xte <close> = radiomix.scale(data:rows(f.test), sc)
    local clf = radiomix.classifier(name, params)
    clf:fit(xtr, sub(y, f.train))
    local s = clf[member](clf, xte)
    aucs[k] = radiomix.roc_auc(sub(y, f.test), s)
  end
  local dt, dc = radiomix.now() - t0, os.clock() - c0
  local mean = 0
  for _, a in ipairs(aucs) do mean = mean + a / #aucs end
  return dt, mean, dc
end

-- medians of fn's first and third results over n calls; fn's second result passed through
local function timed(n, fn)
  local v, c, extra = {}, {}, nil
  for i = 1, n do
    v[i], extra, c[i] = fn()
    c[i] = c[i] or 0
  end
  return median(v), extra, median(c)
end

print(string.format("radiomix learn benchmark: %d cores, median of %d repeats, load %s at start", ncores, repeats, load1()))
for _, set in ipairs({"breast_cancer", "breast_cancer_wide"}) do
  local dir = shared .. "/data/tabular/" .. set
  local data <close> = assert(radiomix.read_table(dir .. "/data.csv"))
  local splits <close> = assert(radiomix.read_table(dir .. "/splits.csv", {label = false}))
  local folds, fold_of_row = radiomix.folds_from_column(splits:column("fold"))
  local y = data:label()
  local sk = sklearn_times(dir)
  print()
  print(string.format("### %s (%d rows x %d features)", set, data:nrows(), data:ncols()))
  print()
  print("| classifier | scikit-learn s | ours 1 thread s | ratio | 1 thread CPU s | ratio | ours " .. ncores ..
        " threads s | ratio | cv_evaluate " .. ncores .. " threads s | ratio | mean AUC | load |")
  print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
  for _, m in ipairs(models) do
    local ref = sk[m[2]]
    radiomix.set_threads(1)
    cv_once(data, y, folds, m) -- warm-up
    local t1, auc, c1 = timed(repeats, function() return cv_once(data, y, folds, m) end)
    radiomix.set_threads(ncores)
    local tn = timed(repeats, function() return cv_once(data, y, folds, m) end)
    local spec = {scaler = "zscore", classifier = {name = m[1], params = m[3]}}
    local tc = timed(repeats, function()
      local t0 = radiomix.now()
      local r = radiomix.cv_evaluate(data, {spec}, fold_of_row)
      assert(not r[1].error, r[1].error)
      return radiomix.now() - t0
    end)
    print(string.format("| %s | %.4f | %.4f | %.1fx | %.4f | %.1fx | %.4f | %.1fx | %.4f | %.1fx | %.4f | %s |", m[1], ref,
      t1, ref / t1, c1, ref / c1, tn, ref / tn, tc, ref / tc, auc, load1()))
  end

  if set == "breast_cancer_wide" then
    local train = radiomix.split_from_column(splits:column("is_test"))
    local sc = radiomix.zscore_fit(data, train)
    local xtr <close> = radiomix.scale(data:rows(train), sc)
    local sels = {"chi2", "correlation", {"random_forest", {random_state = 0}}, "linear_regression",
                  "logistic_regression", "rfe", {"gradient_boosting", {random_state = 0}}}
    print()
    print("Ensemble selection, 7 selectors, top 100, >= 4 votes, " .. xtr:nrows() .. " training rows x " .. xtr:ncols() .. " features:")
    print()
    print("| threads | median s | CPU s | selected | load |")
    print("| --- | --- | --- | --- | --- |")
    for _, th in ipairs({1, ncores}) do
      radiomix.set_threads(th)
      local nsel
      local t, _, c = timed(repeats, function()
        local t0, c0 = radiomix.now(), os.clock()
        local r = radiomix.ensemble_select{X = xtr, selectors = sels, k = 100, min_votes = 4}
        nsel = #r.selected
        return radiomix.now() - t0, nil, os.clock() - c0
      end)
      print(string.format("| %d | %.3f | %.3f | %d | %s |", th, t, c, nsel, load1()))
    end
    print()
    print("Per selector (score on the same rows), 1 thread:")
    print()
    print("| selector | median s | CPU s |")
    print("| --- | --- | --- |")
    radiomix.set_threads(1)
    for _, s in ipairs(sels) do
      local name, params = s, nil
      if type(s) == "table" then name, params = s[1], s[2] end
      local sel = radiomix.selector(name, params)
      local t, _, c = timed(repeats, function()
        local t0, c0 = radiomix.now(), os.clock()
        sel:score(xtr, xtr:label())
        return radiomix.now() - t0, nil, os.clock() - c0
      end)
      print(string.format("| %s | %.4f | %.4f |", name, t, c))
    end
  end
end
