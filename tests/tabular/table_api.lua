-- table_api.lua: the radiomix.Table methods, new_table, scaling and CSV round trips from Lua.
-- usage: radiomix run table_api.lua
local pass, fail = 0, 0
local function check(what, ok, detail)
  if ok then pass = pass + 1; print("ok: " .. what)
  else fail = fail + 1; print("FAIL: " .. what .. (detail ~= nil and (": " .. tostring(detail)) or "")) end
end

local t <close> = radiomix.new_table{names = {"age", "size", "grade"}, columns = {{61, 45, 70, 52}, {1.5, 2.25, 0.1, 3},
  {1, 2, 3, 2}}, label = {1, 0, 1, 0}, ids = {"p1", "p2", "p3", "p4"}, id_name = "patient"}
check("shape and names", t:nrows() == 4 and #t == 4 and t:ncols() == 3 and table.concat(t:columns(), ",") == "age,size,grade")
local lname, iname = t:names()
check("label and id", lname == "label" and iname == "patient" and t:ids()[3] == "p3" and t:label()[1] == 1)
check("get by index and name", t:get(2, 2) == 2.25 and t:get(2, "size") == 2.25 and t:get(4, "grade") == 2)
t:set(1, "age", 62)
check("set", t:column("age")[1] == 62)
check("has", t:has("size") and t:has("label") and t:has("patient") and not t:has("weight"))
local m = t:matrix()
check("matrix is row-major arrays", #m == 4 and #m[1] == 3 and m[3][2] == 0.1)
local s <close> = t:select({"grade", "a*"})
check("select keeps pattern order, label and ids", table.concat(s:columns(), ",") == "grade,age" and s:label()[3] == 1
  and s:ids()[2] == "p2")
local r <close> = t:rows({4, 4, 1})
check("rows with repeats", r:nrows() == 3 and r:get(1, "age") == 52 and r:get(3, "age") == 62 and r:ids()[3] == "p1")
local c <close> = t:copy()
c:set(1, 1, 0)
check("copy is deep", t:get(1, 1) == 62)
c:add_column("score", {0.9, 0.2, 0.8, 0.4})
check("add_column", c:ncols() == 4 and c:get(3, "score") == 0.8)
check("tostring", tostring(t):find("4 rows, 3 features, label", 1, true) ~= nil, tostring(t))

-- Write and read back: same values bit for bit, id first, label last.
local path = os.tmpname()
assert(c:write(path))
local f = io.open(path)
local header = f:read("l")
f:close()
check("written header: id, features, label", header == "patient,age,size,grade,score,label", header)
local back <close> = assert(radiomix.read_table(path))
local same = back:nrows() == c:nrows() and back:ncols() == c:ncols()
for j = 1, c:ncols() do
  for i = 1, c:nrows() do same = same and back:get(i, j) == c:get(i, j) end
end
check("read back equal", same and back:ids()[4] == "p4" and back:label()[2] == 0)
os.remove(path)

-- Scaling: fit on rows 1..3, apply to all; population std, by column name.
local sc = radiomix.zscore_fit(t, {1, 2, 3})
local mean = (62 + 45 + 70) / 3
local sd = math.sqrt(((62 - mean) ^ 2 + (45 - mean) ^ 2 + (70 - mean) ^ 2) / 3)
check("zscore_fit: mean and population std of the given rows", math.abs(sc.center[1] - mean) < 1e-12
  and math.abs(sc.scale[1] - sd) < 1e-12 and sc.columns[1] == "age" and sc.kind == "zscore")
local z <close> = radiomix.scale(t:select("age"), sc) -- a subset of the fitted columns is fine
check("scale applies by name", math.abs(z:get(4, 1) - (52 - mean) / sd) < 1e-12)
local ok, err = pcall(radiomix.scale, c, sc)
check("scale refuses a column it did not fit", not ok and tostring(err):find("'score' was not fitted", 1, true), err)

-- Closed tables are refused.
local tmp = radiomix.new_table{names = {"x"}, columns = {{1, 2}}}
tmp:close()
ok, err = pcall(tmp.nrows, tmp)
check("closed table refused", not ok and tostring(err):find("table is closed", 1, true), err)
do
  local scoped <close> = radiomix.new_table{names = {"x"}, columns = {{1}}}
  tmp = scoped
end
ok = pcall(tmp.nrows, tmp)
check("<close> frees at scope end", not ok)

-- Wide tables: thousands of columns through new_table and select (no Lua stack growth per column).
do
  local names, cols = {}, {}
  for c = 1, 3000 do names[c] = ("f%04d"):format(c); cols[c] = {c, -c, 0.5 * c} end
  local w <close> = radiomix.new_table{names = names, columns = cols, label = {0, 1, 0}}
  local pick = {}
  for i = 1, 1500 do pick[i] = names[3001 - 2 * i] end
  local s2 <close> = w:select(pick)
  check("3000-column new_table and a 1500-name select", w:ncols() == 3000 and s2:ncols() == 1500
    and s2:columns()[1] == "f2999" and s2:get(2, 1) == -2999 and s2:label()[2] == 1)
  local g <close> = w:select("f29??")
  check("glob select", g:ncols() == 100 and g:columns()[1] == "f2900")
  local ok2, err2 = pcall(radiomix.new_table, {names = {"a", "b", "a"}, columns = {{1}, {2}, {3}}})
  check("new_table refuses a repeated name", not ok2 and tostring(err2):find("duplicate column name 'a'", 1, true), err2)
end

-- Folds from a column, splits from flags.
local folds, assign = radiomix.folds_from_column({0, 1, 2, -1, 1, 0})
check("folds_from_column: 3 folds, -1 in none", #folds == 3 and assign[4] == 0 and assign[2] == 2
  and table.concat(folds[2].test, ",") == "2,5" and table.concat(folds[2].train, ",") == "1,3,6")
local train, test = radiomix.split_from_column({0, 1, 0, 1})
check("split_from_column", table.concat(train, ",") == "1,3" and table.concat(test, ",") == "2,4")
local mw = radiomix.mannwhitneyu({1, 2, 3}, {4, 5, 6})
check("mannwhitneyu on separated samples: U1 = 0, exact p = 0.1", mw.U1 == 0 and mw.U2 == 9 and mw.method == "exact"
  and math.abs(mw.p - 0.1) < 1e-15, mw.p)

print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
