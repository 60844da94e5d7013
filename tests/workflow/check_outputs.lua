-- check_outputs.lua OUT_DIR [SEQUENCE...]: checks the hypoxia workflow's
-- outputs: the files and their structure, and that every Table 2 number
-- obeys its metric's definition when recomputed here, independently, from
-- predictions.csv (confusion counts at 0.5, AUC by counting pairs).
-- With --synthetic first, the report must say the cohort is synthetic.
local synthetic = arg[1] == "--synthetic"
if synthetic then table.remove(arg, 1) end
local dir = assert(arg[1], "usage: check_outputs.lua [--synthetic] OUT_DIR [SEQUENCE...]")
local pass, fail = 0, 0
local function check(what, cond, detail)
  if cond then pass = pass + 1 else fail = fail + 1; print("FAIL: " .. what .. (detail and (": " .. tostring(detail)) or "")) end
end

local function read_csv(name)
  local text = radiomix.read_file(dir .. "/" .. name)
  check(name .. " exists", text ~= nil)
  if not text then return {}, {} end
  local rows, header = {}, nil
  for line in text:gmatch("[^\n]+") do
    local f = {}
    for x in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = x end
    if not header then header = f
    else
      check(name .. ": row width", #f == #header, line)
      local r = {}
      for i, h in ipairs(header) do r[h] = f[i] end
      rows[#rows + 1] = r
    end
  end
  return rows, header
end

for _, f in ipairs({"report.md", "report.html", "roc_all.png", "roc_all.svg"}) do
  check(f .. " exists", radiomix.exists(dir .. "/" .. f))
end
local md = radiomix.read_file(dir .. "/report.md") or ""
for _, s in ipairs({"## Table 2", "## Chosen pipelines (S4)", "## Selected features (S2)", synthetic and "SYNTHETIC" or "#"}) do
  check("report.md has '" .. s .. "'", md:find(s, 1, true) ~= nil)
end
local html = radiomix.read_file(dir .. "/report.html") or ""
check("report.html is self-contained (inline SVG, no image links)", html:find("<svg", 1, true) and not html:find("<img", 1, true))

local t2, header = read_csv("table2.csv")
local metrics = {"roc_auc", "pr_auc", "accuracy", "sensitivity", "specificity", "npv", "ppv", "f1"}
for _, m in ipairs(metrics) do
  for _, suffix in ipairs({"", "_lo", "_hi"}) do
    local found = false
    for _, h in ipairs(header or {}) do found = found or h == m .. suffix end
    check("table2.csv has column " .. m .. suffix, found)
  end
end
local preds = read_csv("predictions.csv")
local want = {}
for k = 2, #arg do want[arg[k]] = true end
local seen = {}
for _, r in ipairs(t2) do
  seen[r.sequence] = true
  local y, s = {}, {}
  for _, p in ipairs(preds) do
    if p.sequence == r.sequence then y[#y + 1] = tonumber(p.label); s[#s + 1] = tonumber(p.score) end
  end
  check(r.sequence .. ": test size matches predictions", #y == tonumber(r.n_test))
  local tp, tn, fp, fn, P, N, pairs = 0, 0, 0, 0, 0, 0, 0
  for i = 1, #y do
    local pos = s[i] >= 0.5
    if y[i] == 1 then P = P + 1; if pos then tp = tp + 1 else fn = fn + 1 end
    else N = N + 1; if pos then fp = fp + 1 else tn = tn + 1 end end
  end
  for i = 1, #y do for j = 1, #y do
    if y[i] == 1 and y[j] == 0 then pairs = pairs + (s[i] > s[j] and 1 or s[i] == s[j] and 0.5 or 0) end
  end end
  local function close(name, expect)
    local got = tonumber(r[name])
    if expect ~= expect then check(r.sequence .. " " .. name .. " undefined (nan)", r[name] == "nan", r[name])
    else check(r.sequence .. " " .. name .. " = definition", got and math.abs(got - expect) < 1e-5, string.format("%s vs %s", got, expect)) end
  end
  close("roc_auc", pairs / (P * N))
  close("accuracy", (tp + tn) / #y)
  close("sensitivity", tp / (tp + fn))
  close("specificity", tn / (tn + fp))
  close("ppv", tp / (tp + fp))
  close("npv", tn / (tn + fn))
  close("f1", 2 * tp / (2 * tp + fp + fn))
  for _, m in ipairs(metrics) do
    local v, lo, hi = tonumber(r[m]), tonumber(r[m .. "_lo"]), tonumber(r[m .. "_hi"])
    if v and lo and hi then
      check(r.sequence .. " " .. m .. " within [0, 1]", v >= 0 and v <= 1 and lo >= 0 and hi <= 1)
      check(r.sequence .. " " .. m .. " CI ordered", lo <= hi, lo .. " > " .. hi)
    end
  end
  local p = tonumber(r.mannwhitney_p)
  check(r.sequence .. " Mann-Whitney p in (0, 1]", p and p > 0 and p <= 1, p)
  check(r.sequence .. " ROC figure", radiomix.exists(dir .. "/roc_" .. r.sequence .. ".png") and radiomix.exists(dir .. "/roc_" .. r.sequence .. ".svg"))
  check(r.sequence .. " SHAP figure", radiomix.exists(dir .. "/shap_" .. r.sequence .. ".png") and radiomix.exists(dir .. "/shap_" .. r.sequence .. ".svg"))
end
for s in pairs(want) do check("table2.csv has a row for " .. s, seen[s]) end
local sel = read_csv("selected_features.csv")
check("selected features listed", #sel > 0)
for _, r in ipairs(sel) do
  if not seen[r.sequence] then check("selected feature of a reported sequence", false, r.sequence) end
end
local pipes = read_csv("pipelines.csv")
check("one pipeline per sequence", #pipes == #t2)
print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
