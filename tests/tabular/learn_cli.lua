-- learn_cli.lua: 'radiomix learn evaluate/split' on one data/tabular folder against its references.
-- usage: radiomix run learn_cli.lua RADIOMIX_EXE FOLDER
local exe, dir = assert(arg[1], "usage: learn_cli.lua EXE FOLDER"), assert(arg[2], "usage: learn_cli.lua EXE FOLDER")
local pass, fail = 0, 0
local function check(what, ok, detail)
  if ok then pass = pass + 1; print("ok: " .. what)
  else fail = fail + 1; print("FAIL: " .. what .. (detail ~= nil and (": " .. tostring(detail)) or "")) end
end
local function diff(a, b)
  if a ~= a or b ~= b then return (a ~= a and b ~= b) and 0 or math.huge end
  return math.abs(a - b)
end
local tmp = os.tmpname()
local function run(args)
  local ok, _, code = os.execute(exe .. " " .. args .. " 2>" .. tmp .. ".err")
  local f = io.open(tmp .. ".err")
  local err = f and f:read("a") or ""
  if f then f:close() end
  return ok and 0 or code, err
end

-- evaluate with the stored bootstrap draws reproduces eval_metrics.csv.
local code, err = run(string.format("learn evaluate %s/eval_test_predictions.csv --indices %s/bootstrap_indices.csv -o %s",
  dir, dir, tmp))
check("learn evaluate exits 0", code == 0, err)
local got <close> = assert(radiomix.read_table(tmp, {text = "metric"}))
local ref <close> = assert(radiomix.read_table(dir .. "/eval_metrics.csv", {text = "metric"}))
local row = {}
for i, m in ipairs(got:column("metric")) do row[m] = i end
local cols = {value = "value", ci_low = "ci95_low", ci_high = "ci95_high", n_valid_resamples = "n_valid_resamples",
  boot_mean = "boot_mean", boot_sd = "boot_sd"}
local worst, seen = 0, 0
for r, m in ipairs(ref:column("metric")) do
  local i = row[m]
  if not i then worst = math.huge; print("missing metric " .. m) else
    for gc, rc in pairs(cols) do worst = math.max(worst, diff(got:get(i, gc), ref:get(r, rc))) end
    seen = seen + 1
  end
end
check(string.format("%d metrics with CIs and counts vs eval_metrics.csv: max abs diff %.3g", seen, worst), worst <= 1e-9)
local mw = {}
for line in io.lines(dir .. "/eval_mannwhitney.csv") do
  local k, v = line:match("^([^,]+),(.*)$")
  mw[k] = v
end
local dmw = math.max(diff(got:get(row.mannwhitney_u_pos, "value"), tonumber(mw.U_pos)),
  diff(got:get(row.mannwhitney_z, "value"), tonumber(mw.z)) / math.abs(tonumber(mw.z)),
  diff(got:get(row.mannwhitney_p, "value"), tonumber(mw.p_value)) / tonumber(mw.p_value))
check(string.format("Mann-Whitney U, z, p rows vs eval_mannwhitney.csv: max rel diff %.3g", dmw), dmw <= 1e-9)

-- split: same class counts per side as scikit-learn's split, inner folds only on training rows, deterministic.
code, err = run(string.format("--seed 11 learn split %s/data.csv -o %s", dir, tmp))
local a = io.open(tmp):read("a")
local code2 = run(string.format("learn split %s/data.csv --seed 11 -o %s.2", dir, tmp))
local b = io.open(tmp .. ".2"):read("a")
check("learn split exits 0 and the same seed, given globally or locally, gives the same file", code == 0 and code2 == 0 and a == b, err)
local sp <close> = assert(radiomix.read_table(tmp))
local rsp <close> = assert(radiomix.read_table(dir .. "/splits.csv"))
local function counts(t)
  local y, it, tf = t:label(), t:column("is_test"), t:column("train_fold")
  local nt, pt, ok = 0, 0, true
  for i = 1, #y do
    if it[i] == 1 then nt, pt = nt + 1, pt + y[i] end
    ok = ok and ((tf[i] == -1) == (it[i] == 1))
  end
  return nt, pt, ok
end
local n1, p1, ok1 = counts(sp)
local n2, p2 = counts(rsp)
check(string.format("split: %d test rows, %d positive, as scikit-learn's; train_fold -1 exactly on test rows", n1, p1),
  n1 == n2 and p1 == p2 and ok1 and table.concat(sp:ids(), ",") == table.concat(rsp:ids(), ","))

-- --group: rows of one group (here 4 consecutive ids) never straddle train/test or folds.
local d <close> = assert(radiomix.read_table(dir .. "/data.csv"))
local grp = {}
for i = 1, d:nrows() do grp[i] = (i - 1) // 4 end
local dg <close> = d:select("*")
dg:add_column("patient", grp)
local gpath = tmp .. ".grouped.csv"
assert(dg:write(gpath))
code, err = run(string.format("learn split %s --group patient --seed 5 -o %s", gpath, tmp))
local gs <close> = assert(radiomix.read_table(tmp))
local side, fold, ok = {}, {}, code == 0
local it, fo = gs:column("is_test"), gs:column("fold")
for i = 1, gs:nrows() do
  local g = grp[i]
  ok = ok and (side[g] == nil or side[g] == it[i]) and (fold[g] == nil or fold[g] == fo[i])
  side[g], fold[g] = it[i], fo[i]
end
check("split --group: no group on both sides or in two folds", ok, err)
os.remove(gpath)

-- Bad input: one line, exit code 3.
code, err = run(string.format("learn evaluate %s/data.csv", dir))
check("evaluate without a score column: exit 3, one line naming the column", code == 3
  and err:find("no score column 'score'", 1, true) and select(2, err:gsub("\n", "")) == 1, err)
code, err = run("learn split /nonexistent.csv")
check("split of a missing file: exit 3", code == 3 and err:find("/nonexistent.csv", 1, true), err)
code, err = run("learn split x.csv --folds two")
check("bad option value: exit 2", code == 2 and err:find("--folds", 1, true), err)
for _, f in ipairs({tmp, tmp .. ".2", tmp .. ".err"}) do os.remove(f) end
print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
