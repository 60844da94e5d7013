-- Drives the good fixture plugin's components from Lua and checks the
-- results, the error paths and the parameter validation.
local pass, fail = 0, 0
local function check(what, cond, detail)
  if cond then pass = pass + 1; print("ok: " .. what)
  else fail = fail + 1; print("FAIL: " .. what .. (detail and (": " .. tostring(detail)) or "")) end
end

local c = radiomix.component("filter", "fx_scale")
check("component lookup", c and c.plugin == "fixture_good")
check("parameter spec visible", c.params[1].name == "factor" and c.params[1].default == "2")
check("case-insensitive lookup", radiomix.component("filter", "FX_SCALE") ~= nil)
check("absent component is nil", radiomix.component("classifier", "nope") == nil)

local v <close> = radiomix.new_volume{dims = {3, 2, 2}, type = "f64", spacing = {0.5, 0.5, 2}}
for k = 1, 2 do for j = 1, 2 do for i = 1, 3 do v:set(i, j, k, i + 10 * j + 100 * k) end end end
local out, order = radiomix.apply_filter("fx_scale", v, {factor = 3})
check("filter emits its image type", order[1] == "fx_scale" and #order == 1)
local s = out.fx_scale
check("filter output value", s:get(2, 1, 2) == 3 * (2 + 10 + 200), s:get(2, 1, 2))
check("output keeps geometry", s:spacing()[3] == 2 and s:dims()[1] == 3)
local out2 = radiomix.apply_filter("fx_scale", v)
check("default parameter applied", out2.fx_scale:get(1, 1, 1) == 2 * 111)

local ok, err = pcall(radiomix.apply_filter, "fx_scale", v, {factor = "big"})
check("wrong type names the key", not ok and err:find("parameter 'factor': expected a number", 1, true), err)
ok, err = pcall(radiomix.apply_filter, "fx_scale", v, {factor = 1e9})
check("out of range names the key", not ok and err:find("'factor'", 1, true) and err:find("1e+06", 1, true), err)
ok, err = pcall(radiomix.apply_filter, "fx_scale", v, {fcator = 2})
check("unknown key is an error", not ok and err:find("unknown parameter 'fcator'", 1, true), err)
local u8 <close> = radiomix.new_volume{dims = {2, 2, 2}, type = "u8"}
ok, err = pcall(radiomix.apply_filter, "fx_scale", u8)
check("plugin error names the component", not ok and err:find("fx_scale: fixture handles int16", 1, true), err)
ok, err = pcall(radiomix.apply_filter, "fx_scale", {v, v})
check("input count checked", not ok and err:find("takes 1 to 1 input volumes, got 2", 1, true), err)

local cls = radiomix.component("classifier", "fx_prior")
check("search space declared", cls.params[1].search and cls.params[1].search_max == 10)
local fam = radiomix.component("features", "fx_count")
check("family features listed", fam.features[1] == "Voxels" and fam.features[2] == "Levels")
local names = {}
for _, p in ipairs(radiomix.plugins()) do names[p.name] = p end
check("plugin descriptor visible", names.fixture_good and names.fixture_good.version == "1.2.3"
      and names.fixture_good.abi == "1.1" and names.fixture_good.license == "MIT")
check("refused plugins listed", #radiomix.refused() >= 7)
check("closed volume rejected", (function() v:close(); return not pcall(v.get, v, 1, 1, 1) end)())

print(string.format("%d passed, %d failed", pass, fail))
if fail > 0 then os.exit(1) end
