-- model_files.lua: every classifier's saved model survives a round trip, and every truncation or corrupted byte of the file is refused with one error line (never a crash).
-- usage: radiomix run model_files.lua TABULAR_FOLDER
local dir = assert(arg and arg[1], "usage: radiomix run model_files.lua FOLDER")
local pass, fail = 0, 0
local function check(what, ok, detail)
  if ok then pass = pass + 1 else fail = fail + 1; print("FAIL: " .. what .. (detail and (": " .. tostring(detail)) or "")) end
end

local data <close> = assert(radiomix.read_table(dir .. "/data.csv"))
local sc = radiomix.zscore_fit(data)
local x = radiomix.scale(data, sc)
local path = os.tmpname()
local names = {"logistic_regression", "linear_svm", "rbf_svm", "knn", "gaussian_nb", "decision_tree",
  "random_forest", "extra_trees", "gradient_boosting", "mlp"}
local small = {random_forest = {n_estimators = 5}, extra_trees = {n_estimators = 5},
  gradient_boosting = {n_estimators = 5}, mlp = {hidden_layer_sizes = {4}, max_iter = 20}}

local function write(bytes)
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
end

for _, name in ipairs(names) do
  local clf = radiomix.classifier(name, small[name] or {})
  clf:fit(x)
  clf:save(path)
  local f = assert(io.open(path, "rb"))
  local bytes = f:read("a")
  f:close()
  local back = radiomix.load_classifier(path)
  local p1, p2 = clf:predict(x), back:predict(x)
  local same = #p1 == #p2
  for i = 1, #p1 do same = same and p1[i] == p2[i] end
  check(name .. ": round trip", same)
  -- truncations: 60 lengths spread over the file (each write costs ~10 ms here)
  local step = math.max(1, #bytes // 60)
  local refused, oneline = 0, true
  for len = 0, #bytes - 1, step do
    write(bytes:sub(1, len))
    local ok, err = pcall(radiomix.load_classifier, path)
    if not ok then
      refused = refused + 1
      oneline = oneline and not tostring(err):find("\n") and tostring(err):find(path, 1, true) ~= nil
    end
  end
  local tried = (#bytes - 1) // step + 1
  check(string.format("%s: %d of %d truncated files refused with one line naming the file", name, refused, tried),
    refused == tried and oneline)
  -- corrupted bytes inside the plugin's blob: load may succeed or fail, but cleanly
  local start = bytes:find("blob %d+\n") + #bytes:match("blob %d+\n")
  local crashed = false
  for k = 0, 59 do
    local pos = start + (k * 7919) % (#bytes - start + 1)
    local b = bytes:byte(pos)
    write(bytes:sub(1, pos - 1) .. string.char((b + 1 + k) % 256) .. bytes:sub(pos + 1))
    local ok, m = pcall(radiomix.load_classifier, path)
    if ok then
      local okp = pcall(m.predict, m, x) -- a loaded model must predict or fail cleanly
      crashed = crashed or (okp == nil)
    end
  end
  check(name .. ": 60 corrupted blobs loaded or refused without a crash", not crashed)
end
os.remove(path)
print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
