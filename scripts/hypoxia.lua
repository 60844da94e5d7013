-- hypoxia.lua: the study's workflow (hypoxia in colorectal liver metastases
-- from multi-sequence MRI), per sequence: cached feature extraction, one
-- sample per resection, z-score, 75/25 split without patient overlap,
-- ensemble feature selection (7 selectors, top 100, >= 4 votes), a TPOT-like
-- pipeline search, and test-set evaluation with bootstrap CIs, the
-- Mann-Whitney p, ROC curves and Shapley values.
-- By default it runs on the built-in SYNTHETIC cohort (generated if absent).
--
-- radiomix run scripts/hypoxia.lua [--quick] [--manifest M.csv] [--out DIR]
--     [--seed N] [--sequences A,B] [--params FILE.yaml] [--generations N]
--     [--population N] [--budget SECONDS] [--threads N] [--cohort DIR]
local study = require("study")
local report = require("report")
local cohort = require("cohort")

local root = (arg[0]:match("^(.*)/scripts/[^/]*$") or ".")
local function usage()
  print([[usage: radiomix run scripts/hypoxia.lua [options]
  --quick             small cohort, 386 features, small search: about a minute
  --manifest FILE     a real cohort: CSV with patient,resection,lesion,sequence,image,mask,label
  --cohort DIR        where the synthetic cohort is (generated there if absent)
  --out DIR           output folder (default out/hypoxia, out/hypoxia-quick with --quick)
  --seed N            seed of the split, folds, search and bootstrap (default 42)
  --sequences A,B     only these sequences (default: all in the manifest)
  --params FILE       PyRadiomics parameter file (default share/params/hypoxia-study.yaml)
  --generations N, --population N, --budget SECONDS   search size
  --classifiers A,B   search only these classifier components (default: all loaded)
  --threads N         worker threads (default: all cores)]])
end

local o = {seed = 42}
local i = 1
while i <= #arg do
  local a = arg[i]
  local function val()
    i = i + 1
    if not arg[i] then error("hypoxia: option " .. a .. " needs a value", 0) end
    return arg[i]
  end
  local function num()
    local s = val()
    local v = math.tointeger(tonumber(s))
    if not v or v < 0 then error("hypoxia: option " .. a .. ": '" .. s .. "' is not a non-negative integer", 0) end
    return v
  end
  if a == "--quick" then o.quick = true
  elseif a == "--manifest" then o.manifest = val()
  elseif a == "--cohort" then o.cohort = val()
  elseif a == "--out" then o.out = val()
  elseif a == "--seed" then o.seed = num()
  elseif a == "--sequences" then o.sequences = val()
  elseif a == "--params" then o.params = val()
  elseif a == "--generations" then o.generations = num()
  elseif a == "--population" then o.population = num()
  elseif a == "--budget" then o.budget = num()
  elseif a == "--classifiers" then
    o.classifiers = {}
    for c in val():gmatch("[^,]+") do
      if not radiomix.component("classifier", c) then error("hypoxia: no classifier named '" .. c .. "' (see radiomix plugins)", 0) end
      o.classifiers[#o.classifiers + 1] = c
    end
  elseif a == "--threads" then radiomix.set_threads(num())
  elseif a == "--help" or a == "-h" then usage(); return
  else error("hypoxia: unknown option '" .. a .. "' (see --help)", 0) end
  i = i + 1
end

local cfg = {
  seed = o.seed, test_size = 0.25, k = 100, min_votes = 4, bootstrap = 1000,
  shap_permutations = 32,
  search = {population = o.population or (o.quick and 8 or 16),
            generations = o.generations or (o.quick and 3 or 10),
            time_budget = o.budget, classifiers = o.classifiers},
}
local params = o.params or (root .. "/share/params/" .. (o.quick and "hypoxia-quick.yaml" or "hypoxia-study.yaml"))
local out = o.out or (o.quick and "out/hypoxia-quick" or "out/hypoxia")
assert(radiomix.mkdir(out))

local t_start = radiomix.now()
local tty = radiomix.isatty(2)
local function say(fmt, ...)
  io.stderr:write(string.format("[%5.1fs] " .. fmt, radiomix.now() - t_start, ...) .. "\n")
end

-- 1. The cohort: a manifest, or the synthetic cohort (made if absent).
local manifest = o.manifest
local synthetic = not manifest
if synthetic then
  local dir = o.cohort or (o.quick and "cohort-quick" or "cohort")
  manifest = dir .. "/manifest.csv"
  if not radiomix.exists(manifest) then
    say("generating the synthetic cohort in %s", dir)
    local P = cohort.params({quick = o.quick})
    cohort.generate(P, dir)
  end
end
local rows = study.read_manifest(manifest)
local seqs = study.sequences(rows)
if o.sequences then
  local want, known = {}, {}
  for _, s in ipairs(seqs) do known[s] = true end
  for s in o.sequences:gmatch("[^,]+") do
    if not known[s] then error("hypoxia: sequence '" .. s .. "' is not in " .. manifest, 0) end
    want[#want + 1] = s
  end
  seqs = want
end
say("%s: %d rows, sequences %s", manifest, #rows, table.concat(seqs, ", "))

-- 2. Per sequence: extract (cached), form samples, analyse.
local results, failures_all, timings = {}, {}, {}
for si, seq in ipairs(seqs) do
  local srows = {}
  for _, r in ipairs(rows) do if r.sequence == seq then srows[#srows + 1] = r end end
  local t0 = radiomix.now()
  say("%s (%d/%d): extracting %d lesions", seq, si, #seqs, #srows)
  local res, extracted = study.extract(srows, params, out .. "/cache")
  local t1 = radiomix.now()
  local samples, failures = study.samples(srows, res)
  for _, f in ipairs(failures) do
    failures_all[#failures_all + 1] = {sequence = seq, id = f.row.resection .. "/L" .. f.row.lesion, error = f.error}
    io.stderr:write(string.format("radiomix: warning: %s %s lesion %d: %s\n", seq, f.row.resection, f.row.lesion, f.error))
  end
  if #samples < 8 then
    say("%s: only %d usable resections, skipped", seq, #samples)
  else
    local tab, groups, dropped = study.table(samples)
    say("%s: %d resections x %d features (%d undefined dropped, %d extracted now, %d cached)",
        seq, tab:nrows(), tab:ncols(), dropped, extracted, #srows - extracted)
    local r = study.analyse(tab, groups, cfg, function(stage)
      if tty then say("%s: %s", seq, stage) end
    end)
    r.sequence, r.n_samples, r.dropped = seq, tab:nrows(), dropped
    r.n_extracted, r.n_cached = extracted, #srows - extracted
    results[#results + 1] = r
    say("%s: test ROC AUC %.3f [%.3f, %.3f], best pipeline %s", seq, r.metrics.roc_auc,
        r.ci.roc_auc.low, r.ci.roc_auc.high, r.search.description)
    tab:close()
  end
  timings[#timings + 1] = {sequence = seq, extract = t1 - t0, analyse = radiomix.now() - t1}
end

-- 3. Outputs: CSV tables, figures and the report.
report.write(out, {results = results, failures = failures_all, timings = timings,
                   synthetic = synthetic, manifest = manifest, params = params, cfg = cfg,
                   seconds = radiomix.now() - t_start})
say("wrote %s/table2.csv, %s/report.md and %s/report.html", out, out, out)
io.stdout:write(report.table2_text(results, synthetic))
