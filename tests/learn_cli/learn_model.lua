-- learn_model.lua RADIOMIX FOLDER: 'radiomix learn cv|fit|predict' against a
-- tabular reference folder: CV fold AUCs of logistic regression on the
-- stored folds (cv_auc_folds.csv), and the fixed-split model's test scores
-- after a fit/save/load/predict round trip (eval_test_predictions.csv).
local exe, dir = arg[1], arg[2]
assert(exe and dir, "usage: learn_model.lua RADIOMIX FOLDER")
local tmp = os.tmpname()
os.remove(tmp)
assert(radiomix.mkdir(tmp))
local pass, fail = 0, 0
local function check(what, ok, detail)
  if ok then pass = pass + 1; print("ok: " .. what)
  else fail = fail + 1; print("FAIL: " .. what .. (detail and (": " .. detail) or "")) end
end
local function lines(path)
  local t = {}
  for l in assert(radiomix.read_file(path)):gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end
local function run(cmd)
  local p = io.popen(cmd .. " 2>&1")
  local out = p:read("a")
  local ok = p:close()
  return ok, out
end

-- data.csv joined with the fold and is_test columns of splits.csv (same row order).
local data, splits = lines(dir .. "/data.csv"), lines(dir .. "/splits.csv")
local all, train, test = {data[1] .. ",fold"}, {data[1]}, {data[1]}
for i = 2, #data do
  local f = {}
  for x in (splits[i] .. ","):gmatch("([^,]*),") do f[#f + 1] = x end -- id,label,fold,is_test,train_fold
  all[#all + 1] = data[i] .. "," .. f[3]
  if f[4] == "1" then test[#test + 1] = data[i] else train[#train + 1] = data[i] end
end
assert(radiomix.write_file(tmp .. "/all.csv", table.concat(all, "\n") .. "\n"))
assert(radiomix.write_file(tmp .. "/train.csv", table.concat(train, "\n") .. "\n"))
assert(radiomix.write_file(tmp .. "/test.csv", table.concat(test, "\n") .. "\n"))

-- 1. CV on the stored folds vs scikit-learn's fold AUCs (issue tolerance 0.005).
local ok, out = run(string.format("%s learn cv %s/all.csv --classifier logistic_regression --fold-column fold -o %s/cv.csv", exe, tmp, tmp))
check("learn cv runs", ok, out)
if ok then
  local ours = {}
  for _, l in ipairs(lines(tmp .. "/cv.csv")) do
    local f, a = l:match("^(%d+),%d+,%d+,(.+)$")
    if f then ours[tonumber(f)] = tonumber(a) end
  end
  for _, l in ipairs(lines(dir .. "/cv_auc_folds.csv")) do
    local f, a = l:match("^logreg,(%d+),%d+,%d+,(.+)$")
    if f then
      local d = math.abs((ours[tonumber(f)] or 0 / 0) - tonumber(a))
      check(string.format("fold %s AUC within 0.005 of scikit-learn (diff %.2g)", f, d), d <= 0.005)
    end
  end
end

-- 2. fit on the training rows, save, load, predict the test rows.
ok, out = run(string.format("%s learn fit %s/train.csv --classifier logistic_regression --param C=1 -o %s/m.rmxp", exe, tmp, tmp))
check("learn fit writes a model", ok and radiomix.exists(tmp .. "/m.rmxp"), out)
ok, out = run(string.format("%s learn predict %s/m.rmxp %s/test.csv -o %s/pred.csv", exe, tmp, tmp, tmp))
check("learn predict runs", ok, out)
if ok then
  local ref = lines(dir .. "/eval_test_predictions.csv")
  local got = lines(tmp .. "/pred.csv")
  check("one prediction per test row", #got == #ref, #got .. " vs " .. #ref)
  local worst = 0
  for i = 2, math.min(#got, #ref) do
    local s = tonumber(got[i]:match(",([^,]+)$"))
    local r = tonumber(ref[i]:match("^[^,]*,[^,]*,[^,]*,([^,]+)"))
    worst = math.max(worst, math.abs(s - r))
  end
  check(string.format("test scores equal the reference model's (max diff %.2g)", worst), worst < 1e-6)
end

-- 3. Bad input: one clear line and a non-zero exit.
ok, out = run(string.format("%s learn predict %s/m.rmxp %s/splits.csv", exe, tmp, dir))
check("missing model column is refused by name", not ok and out:find("which the model was fitted on", 1, true), out)
ok, out = run(string.format("%s learn cv %s/all.csv --classifier no_such_model", exe, tmp))
check("unknown classifier is refused", not ok and out:find("no classifier named 'no_such_model'", 1, true), out)
ok, out = run(string.format("%s learn fit %s/all.csv --classifier logistic_regression --param C=-1 -o %s/x.rmxp", exe, tmp, tmp))
check("bad hyperparameter names the parameter", not ok and out:find("'C'", 1, true) and not radiomix.exists(tmp .. "/x.rmxp"), out)
for _, f in ipairs({"all.csv", "train.csv", "test.csv", "cv.csv", "m.rmxp", "pred.csv"}) do radiomix.remove(tmp .. "/" .. f) end
radiomix.remove(tmp)
print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
