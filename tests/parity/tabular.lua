-- tabular.lua: parity of the Lua ML API (tables, splits, scaling, metrics, bootstrap, Mann-Whitney) with one data/tabular folder.
-- usage: radiomix run tests/parity/tabular.lua FOLDER
-- Prints one line per check, then "N passed, M failed"; exits 1 on any failure.
-- Lua rows are 1-based; positions stored in the files (bootstrap draws, pos) are 0-based.
local dir = assert(arg and arg[1], "usage: radiomix run tabular.lua FOLDER")
local here = (arg[0] or ""):match("^(.*)/[^/]*$") or "."

-- Shared helpers and counters, also handed to tabular_models.lua.
local T = {dir = dir, pass = 0, fail = 0}

function T.check(what, ok, detail)
  if ok then
    T.pass = T.pass + 1
    print("ok: " .. what)
  else
    T.fail = T.fail + 1
    print("FAIL: " .. what .. (detail ~= nil and (": " .. tostring(detail)) or ""))
  end
end

-- Difference of two numbers for tolerance checks; NaN == NaN counts as 0, NaN vs number as inf.
function T.diff(a, b, relative)
  if a ~= a or b ~= b then return (a ~= a and b ~= b) and 0 or math.huge end
  if a == b then return 0 end
  local d = math.abs(a - b)
  if relative and b ~= 0 then d = d / math.abs(b) end
  return d
end

-- Largest difference over two arrays (inf when the lengths differ).
function T.maxdiff(a, b, relative)
  if #a ~= #b then return math.huge end
  local m = 0
  for i = 1, #a do m = math.max(m, T.diff(a[i], b[i], relative)) end
  return m
end

function T.read(name, opts) return assert(radiomix.read_table(dir .. "/" .. name, opts)) end

-- A key,value file as a Lua table of strings.
function T.keyvalue(name)
  local t <close> = T.read(name, {text = {"key", "value"}})
  local out, k, v = {}, t:column("key"), t:column("value")
  for i = 1, #k do out[k[i]] = v[i] end
  return out
end

-- Row number (1-based) of each value of a text column.
function T.index(t, column)
  local out = {}
  for i, v in ipairs(t:column(column)) do out[v] = i end
  return out
end

local TOL = 1e-9

-- Everything below reads these once.
local data <close> = T.read("data.csv")
local splits <close> = T.read("splits.csv")
T.data, T.splits = data, splits

local function check_tables_and_splits()
  local ids, sids = data:ids(), splits:ids()
  local same = #ids == #sids and data:nrows() == #ids
  for i = 1, #ids do same = same and ids[i] == sids[i] end
  T.check(string.format("data.csv: %d rows, %d features; ids match splits.csv", data:nrows(), data:ncols()), same)
  T.check("labels of data.csv and splits.csv agree", T.maxdiff(data:label(), splits:label()) == 0)

  local train, test = radiomix.split_from_column(splits:column("is_test"))
  T.train, T.test = train, test
  local flags, ok = splits:column("is_test"), #train + #test == data:nrows()
  for _, r in ipairs(test) do ok = ok and flags[r] == 1 end
  for i = 2, #test do ok = ok and test[i] > test[i - 1] end
  T.check(string.format("is_test read back: %d train, %d test rows in ascending order", #train, #test), ok)

  local folds, assign = radiomix.folds_from_column(splits:column("fold"))
  local fcol, fok = splits:column("fold"), #folds == 5
  for i = 1, #fcol do fok = fok and assign[i] == fcol[i] + 1 end
  for k = 1, #folds do fok = fok and #folds[k].train + #folds[k].test == data:nrows() end
  T.check("fold read back: 5 folds covering every row (fold k in the file is folds[k+1])", fok)
  T.folds = folds

  local tfolds, tassign = radiomix.folds_from_column(splits:column("train_fold"))
  local tcol, tok = splits:column("train_fold"), #tfolds == 5
  for i = 1, #tcol do tok = tok and ((tcol[i] < 0) == (flags[i] == 1)) and tassign[i] == tcol[i] + 1 end
  for k = 1, #tfolds do tok = tok and #tfolds[k].train + #tfolds[k].test == #train end
  T.check("train_fold read back: 5 folds over the training rows only", tok)

  -- Our own seeded split: class counts per side equal scikit-learn's (rows differ: other RNG).
  local y = data:label()
  local mtrain, mtest = radiomix.split(data, {test_size = 0.25, seed = 42})
  local function pos(rows) local n = 0 for _, r in ipairs(rows) do n = n + y[r] end return n end
  T.check(string.format("split(0.25): %d test rows, %d positive, as scikit-learn's split", #mtest, pos(mtest)),
    #mtest == #test and pos(mtest) == pos(test) and #mtrain == #train)
  local again_train, again_test = radiomix.split(data, {test_size = 0.25, seed = 42})
  local _, other_test = radiomix.split(data, {test_size = 0.25, seed = 43})
  T.check("split is deterministic for a seed and changes with it",
    T.maxdiff(again_test, mtest) == 0 and T.maxdiff(again_train, mtrain) == 0 and T.maxdiff(other_test, mtest) ~= 0)

  -- Our k-fold: fold sizes and positives per fold, as multisets, equal scikit-learn's.
  local mfolds = radiomix.kfold(data, {k = 5, seed = 42})
  local function profile(fs)
    local sizes, poss = {}, {}
    for k = 1, #fs do sizes[k], poss[k] = #fs[k].test, math.floor(pos(fs[k].test)) end
    table.sort(sizes); table.sort(poss)
    return table.concat(sizes, ","), table.concat(poss, ",")
  end
  local s1, p1 = profile(mfolds)
  local s2, p2 = profile(folds)
  T.check("kfold(5): fold sizes " .. s1 .. " and positives " .. p1 .. " as scikit-learn's", s1 == s2 and p1 == p2,
    s2 .. " / " .. p2)

  -- Grouped split and folds: groups of 3 consecutive rows never straddle.
  local groups = {}
  for i = 1, data:nrows() do groups[i] = "g" .. ((i - 1) // 3) end
  local gtrain, gtest = radiomix.split(data, {test_size = 0.25, seed = 7, groups = groups})
  local side, gok = {}, true
  for _, r in ipairs(gtrain) do side[groups[r]] = "train" end
  for _, r in ipairs(gtest) do gok = gok and side[groups[r]] ~= "train" end
  local gfolds, gassign = radiomix.kfold(data, {k = 5, seed = 7, groups = groups})
  local gfold = {}
  for i = 1, #gassign do
    gok = gok and (gfold[groups[i]] == nil or gfold[groups[i]] == gassign[i])
    gfold[groups[i]] = gassign[i]
  end
  T.check(string.format("grouped split (%d/%d) and grouped 5-fold keep each group on one side", #gtrain, #gtest),
    gok and #gtrain + #gtest == data:nrows() and #gfolds == 5)
end

local function check_scaler()
  local ref <close> = T.read("scaler_train.csv", {text = "feature"})
  local sc = radiomix.zscore_fit(data, T.train)
  local names = table.concat(ref:column("feature"), ",") == table.concat(sc.columns, ",")
  local d = math.max(T.maxdiff(sc.center, ref:column("mean"), true), T.maxdiff(sc.scale, ref:column("scale"), true),
    T.maxdiff(sc.var, ref:column("var"), true))
  T.check(string.format("z-score fitted on %d training rows vs scaler_train.csv: max rel diff %.3g", #T.train, d),
    names and d <= 1e-12)
  -- Scaled test rows through the exact logistic model give the stored margins.
  local model <close> = T.read("logreg_model.csv", {text = "term"})
  local terms, coef = model:column("term"), model:column("coef_z")
  local scaled <close> = radiomix.scale(data:rows(T.test), sc)
  local pred <close> = T.read("eval_test_predictions.csv")
  local ref_margin, worst = pred:column("margin"), 0
  local b0, w = 0, {}
  for i, term in ipairs(terms) do if term == "intercept" then b0 = coef[i] else w[term] = coef[i] end end
  local cols = scaled:columns()
  for r = 1, scaled:nrows() do
    local m = b0
    for c, name in ipairs(cols) do m = m + w[name] * scaled:get(r, c) end
    worst = math.max(worst, T.diff(m, ref_margin[r]))
  end
  T.check(string.format("scaled test rows x coef_z reproduce the stored margins: max abs diff %.3g", worst), worst <= 1e-9)
  local mm = radiomix.minmax_fit(data, T.train)
  local tr <close> = radiomix.scale(data:rows(T.train), mm)
  local lo, hi = math.huge, -math.huge
  for c = 1, tr:ncols() do
    for _, v in ipairs(tr:column(tr:columns()[c])) do lo, hi = math.min(lo, v), math.max(hi, v) end
  end
  T.check("min-max fitted on training rows maps them onto [0, 1]", lo == 0 and hi == 1, lo .. ".." .. hi)
end

local metric_names = {"roc_auc", "pr_auc_ap", "pr_auc_trapz", "accuracy", "sensitivity", "specificity", "ppv", "npv", "f1"}

local function check_metrics_and_bootstrap()
  local pred <close> = T.read("eval_test_predictions.csv")
  local ref <close> = T.read("eval_metrics.csv", {text = "metric"})
  local row = T.index(ref, "metric")
  local value = ref:column("value")
  local y, s = pred:label(), pred:column("score")
  local m = radiomix.metrics(y, s, 0.5)
  local worst, counts = 0, true
  for _, k in ipairs(metric_names) do worst = math.max(worst, T.diff(m[k], value[row[k]])) end
  for _, k in ipairs({"tp", "tn", "fp", "fn"}) do counts = counts and m[k] == value[row[k]] end
  T.check(string.format("9 metrics at threshold 0.5 vs eval_metrics.csv: max abs diff %.3g", worst), worst <= TOL)
  T.check(string.format("confusion counts tp=%d tn=%d fp=%d fn=%d", m.tp, m.tn, m.fp, m.fn), counts)
  T.check("roc_auc() and average_precision() agree with metrics()",
    radiomix.roc_auc(y, s) == m.roc_auc and radiomix.average_precision(y, s) == m.pr_auc_ap)

  local bi <close> = T.read("bootstrap_indices.csv")
  local draws <close> = bi:select("d*")
  local ci, per = radiomix.bootstrap_ci(y, s, {indices = draws, index_base = 0, per_resample = true})
  local cw, valid = 0, true
  local lo, hi, bm, bsd, nv = ref:column("ci95_low"), ref:column("ci95_high"), ref:column("boot_mean"),
    ref:column("boot_sd"), ref:column("n_valid_resamples")
  for _, k in ipairs(metric_names) do
    local r = row[k]
    cw = math.max(cw, T.diff(ci[k].low, lo[r]), T.diff(ci[k].high, hi[r]), T.diff(ci[k].mean, bm[r]),
      T.diff(ci[k].sd, bsd[r]))
    valid = valid and ci[k].n_valid == nv[r]
  end
  T.check(string.format("bootstrap CI bounds, mean, sd over %d stored resamples: max abs diff %.3g", draws:nrows(), cw),
    cw <= TOL)
  T.check("bootstrap valid-resample counts", valid)
  local bmet <close> = T.read("bootstrap_metrics.csv")
  local pw = 0
  for _, k in ipairs(metric_names) do pw = math.max(pw, T.maxdiff(per[k], bmet:column(k))) end
  T.check(string.format("per-resample metrics vs bootstrap_metrics.csv: max abs diff %.3g", pw), pw <= TOL)
  -- The same positions given 1-based as Lua arrays.
  local arrays = {}
  for b = 1, draws:nrows() do
    local a = {}
    for j = 1, draws:ncols() do a[j] = draws:get(b, j) + 1 end
    arrays[b] = a
  end
  local ci1 = radiomix.bootstrap_ci(y, s, {indices = arrays})
  T.check("1-based Lua arrays of draws give the same CIs",
    ci1.roc_auc.low == ci.roc_auc.low and ci1.f1.high == ci.f1.high)
  local r1 = radiomix.bootstrap_ci(y, s, {n = 200, seed = 5})
  local r2 = radiomix.bootstrap_ci(y, s, {n = 200, seed = 5})
  T.check("seeded bootstrap is deterministic", r1.roc_auc.low == r2.roc_auc.low and r1.ppv.high == r2.ppv.high)

  local roc <close> = T.read("eval_roc_curve.csv")
  local c = radiomix.roc_curve(y, s)
  local rw = math.max(T.maxdiff(c.threshold, roc:column("threshold")), T.maxdiff(c.fpr, roc:column("fpr")),
    T.maxdiff(c.tpr, roc:column("tpr")))
  T.check(string.format("ROC curve (%d points) vs eval_roc_curve.csv: max abs diff %.3g", #c.fpr, rw), rw <= TOL)
  local pr <close> = T.read("eval_pr_curve.csv")
  local p = radiomix.pr_curve(y, s)
  local prw = math.max(T.maxdiff(p.threshold, pr:column("threshold")), T.maxdiff(p.precision, pr:column("precision")),
    T.maxdiff(p.recall, pr:column("recall")))
  T.check(string.format("PR curve (%d points) vs eval_pr_curve.csv: max abs diff %.3g", #p.recall, prw), prw <= TOL)
end

local function split_by_label(y, s)
  local pos, neg = {}, {}
  for i = 1, #y do
    if y[i] == 1 then pos[#pos + 1] = s[i] else neg[#neg + 1] = s[i] end
  end
  return pos, neg
end

local function check_mannwhitney()
  local pred <close> = T.read("eval_test_predictions.csv")
  local ref = T.keyvalue("eval_mannwhitney.csv")
  local pos, neg = split_by_label(pred:label(), pred:column("score"))
  local r = radiomix.mannwhitneyu(pos, neg, "auto")
  local w = math.max(T.diff(r.U1, tonumber(ref.U_pos), true), T.diff(r.U2, tonumber(ref.U_neg), true),
    T.diff(r.R1, tonumber(ref.R_pos), true), T.diff(r.tie_term, tonumber(ref.tie_term), true),
    T.diff(r.sigma, tonumber(ref.sigma), true), T.diff(r.z, tonumber(ref.z), true),
    T.diff(r.p, tonumber(ref.p_value), true))
  T.check(string.format("Mann-Whitney on test scores (%s) U, R, ties, sigma, z, p: max rel diff %.3g", r.method, w),
    w <= TOL and r.method == ref.method_used)
  local e = radiomix.mannwhitneyu(pos, neg, "exact")
  local pe = tonumber(ref.p_value_exact)
  if pe == pe then
    T.check(string.format("Mann-Whitney exact p %.6g vs SciPy %.6g", e.p, pe), T.diff(e.p, pe, true) <= TOL)
  end

  local oof <close> = T.read("cv_oof_scores.csv")
  local cv <close> = T.read("cv_oof_mannwhitney.csv", {text = {"classifier", "method_used"}})
  local names, method = cv:column("classifier"), cv:column("method_used")
  local cols = {}
  for _, k in ipairs({"U_pos", "U_neg", "R_pos", "tie_term", "sigma", "z", "p_value"}) do cols[k] = cv:column(k) end
  local worst, ok, tied = 0, true, 0
  for i, name in ipairs(names) do
    local p1, n1 = split_by_label(oof:label(), oof:column("score_" .. name))
    local t = radiomix.mannwhitneyu(p1, n1)
    worst = math.max(worst, T.diff(t.U1, cols.U_pos[i], true), T.diff(t.U2, cols.U_neg[i], true),
      T.diff(t.R1, cols.R_pos[i], true), T.diff(t.tie_term, cols.tie_term[i], true),
      T.diff(t.sigma, cols.sigma[i], true), T.diff(t.z, cols.z[i], true), T.diff(t.p, cols.p_value[i], true))
    ok = ok and t.method == method[i]
    if t.tie_term > 0 then tied = tied + 1 end
  end
  T.check(string.format("Mann-Whitney on pooled OOF scores, %d classifiers (%d with ties): max rel diff %.3g",
    #names, tied, worst), ok and worst <= TOL)
end

local function check_cv_auc()
  local oof <close> = T.read("cv_oof_scores.csv")
  local folds <close> = T.read("cv_auc_folds.csv", {text = "classifier"})
  local summary <close> = T.read("cv_auc_summary.csv", {text = "classifier"})
  local fold, y = oof:column("fold"), oof:label()
  local sub = radiomix.folds_from_column(fold)
  local function fold_auc(name, k)
    local s, yy, ss = oof:column("score_" .. name), {}, {}
    for _, r in ipairs(sub[k + 1].test) do yy[#yy + 1], ss[#ss + 1] = y[r], s[r] end
    return radiomix.roc_auc(yy, ss), #yy
  end
  local cls, fk, auc, nt = folds:column("classifier"), folds:column("fold"), folds:column("roc_auc"), folds:column("n_test")
  local worst, sizes = 0, true
  for i = 1, #cls do
    local a, n = fold_auc(cls[i], fk[i])
    worst = math.max(worst, T.diff(a, auc[i]))
    sizes = sizes and n == nt[i]
  end
  T.check(string.format("%d fold AUCs from cv_oof_scores vs cv_auc_folds.csv: max abs diff %.3g", #cls, worst),
    sizes and worst <= TOL)
  local names, sw = summary:column("classifier"), 0
  local mean, sd0, sd1, pooled = summary:column("mean_fold_auc"), summary:column("std_fold_auc_ddof0"),
    summary:column("std_fold_auc_ddof1"), summary:column("pooled_oof_auc")
  for i, name in ipairs(names) do
    local a, m = {}, 0
    for k = 0, 4 do a[k + 1] = fold_auc(name, k); m = m + a[k + 1] / 5 end
    local ss = 0
    for k = 1, 5 do ss = ss + (a[k] - m) ^ 2 end
    sw = math.max(sw, T.diff(m, mean[i]), T.diff(math.sqrt(ss / 5), sd0[i]), T.diff(math.sqrt(ss / 4), sd1[i]),
      T.diff(radiomix.roc_auc(y, oof:column("score_" .. name)), pooled[i]))
  end
  T.check(string.format("%d pooled OOF AUCs, fold means and stds vs cv_auc_summary.csv: max abs diff %.3g", #names, sw),
    sw <= TOL)
end

-- Bad input gives one clear error line naming the file, line and column.
local function check_errors()
  local path = os.tmpname()
  local function expect(content, pattern, what)
    local f = assert(io.open(path, "w"))
    f:write(content)
    f:close()
    local t, err = radiomix.read_table(path)
    T.check("bad CSV gives nil and one line: " .. what, t == nil and tostring(err):find(pattern, 1, true) ~= nil
      and not tostring(err):find("\n"), err)
  end
  expect("id,a,label\n1,2,0\n2,3\n", path .. ":3: 2 fields, but the header has 3", "ragged row")
  expect("id,a,label\n1,2,0\n2,x3,1\n", path .. ":3: column 'a': 'x3' is not a number", "non-numeric cell")
  expect("id,a,a\n1,2,0\n", "duplicate column name 'a'", "duplicate header")
  local f = assert(io.open(path, "w"))
  f:write("id,a,b,label\n1,nan,,0\n2,1.5,2,1\n")
  f:close()
  local t <close> = assert(radiomix.read_table(path))
  T.check("'nan' and empty cells are missing values", t:missing() == 2 and t:get(1, "a") ~= t:get(1, "a"))
  os.remove(path)
  local ok, err = pcall(radiomix.metrics, {0, 2}, {0.1, 0.2})
  T.check("labels other than 0/1 rejected", not ok and tostring(err):find("labels must be 0 or 1", 1, true), err)
  ok, err = pcall(data.select, data, {"no_such_feature*"})
  T.check("select with an unmatched pattern rejected", not ok and tostring(err):find("matches no column", 1, true), err)
end

-- A check group that raises counts as one failure; the others still run.
function T.run(name, f, ...)
  local ok, err = pcall(f, ...)
  if not ok then T.check(name .. " ran to the end", false, err) end
end

T.run("tables and splits", check_tables_and_splits)
T.run("scaler", check_scaler)
T.run("metrics and bootstrap", check_metrics_and_bootstrap)
T.run("Mann-Whitney", check_mannwhitney)
T.run("CV AUCs", check_cv_auc)
T.run("bad input", check_errors)

-- ===== Classifier, selector and Shapley checks (TAG=mlplug) =====
-- They live in tabular_models.lua beside this file, which returns a function
-- taking T (check, diff, maxdiff, read, keyvalue, index, run, dir, data,
-- splits, train, test, folds); it is run here when the file exists, and an
-- error inside it counts as one failure.
local models = here .. "/tabular_models.lua"
local mf = io.open(models)
if mf then
  mf:close()
  T.run("tabular_models.lua", function()
    local run = dofile(models)
    if type(run) == "function" then run(T) end
  end)
end
-- ===== end of the mlplug section =====

print(string.format("%d passed, %d failed", T.pass, T.fail))
if T.fail > 0 then os.exit(1) end
