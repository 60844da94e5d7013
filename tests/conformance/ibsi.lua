-- ibsi.lua FOLDER CONFIGURATION [--2d] [--pyradiomics]
-- Checks radiomix against IBSI reference values: FOLDER holds image.nrrd,
-- mask.nrrd and reference_values.csv in the shared layout; CONFIGURATION
-- selects its rows (e.g. digital_phantom). Every row with a PyRadiomics
-- counterpart is compared after rounding our value to the reference's
-- significant digits, within its tolerance. One line per feature, then
-- "N passed, M failed, K not implemented". --2d checks the in-plane
-- aggregations (force2D); --pyradiomics uses PyRadiomics' definitions
-- instead of the ibsiCompat setting (the differences are then expected).
local folder, config = arg[1], arg[2]
if not folder or not config then
  io.stderr:write("usage: radiomix run tests/conformance/ibsi.lua FOLDER CONFIGURATION [--2d] [--pyradiomics]\n")
  os.exit(2)
end
local two_d, pyrad = false, false
for k = 3, #arg do
  if arg[k] == "--2d" then two_d = true
  elseif arg[k] == "--pyradiomics" then pyrad = true
  else error("ibsi.lua: unknown option " .. arg[k], 0) end
end

-- Settings per configuration. The digital phantom's intensities are its
-- grey levels (1..6): bin width 1 reproduces them exactly.
local configurations = {
  digital_phantom = {binWidth = 1, label = 1},
}
local setting = configurations[config]
if not setting then error("ibsi.lua: configuration '" .. config .. "' is not supported yet", 0) end
setting.ibsiCompat = not pyrad
if two_d then setting.force2D = true; setting.force2Ddimension = 0 end

-- The IBSI aggregations that correspond to our extraction.
local aggregations = two_d and {DHQ4 = true, JJUI = true, ["62GR"] = true}
                           or {DHQ4 = true, ITBB = true, KOBO = true}

-- CSV with double-quoted fields.
local function parse_line(line)
  local out, i, n = {}, 1, #line
  while i <= n + 1 do
    if line:sub(i, i) == '"' then
      local j, buf = i + 1, {}
      while true do
        local c = line:sub(j, j)
        if c == '"' and line:sub(j + 1, j + 1) == '"' then buf[#buf + 1] = '"'; j = j + 2
        elseif c == '"' or c == "" then break
        else buf[#buf + 1] = c; j = j + 1 end
      end
      out[#out + 1] = table.concat(buf)
      i = j + 2
    else
      local j = line:find(",", i, true) or (n + 1)
      out[#out + 1] = line:sub(i, j - 1)
      i = j + 1
    end
  end
  return out
end

local text = assert(radiomix.read_file(folder .. "/reference_values.csv"))
local header, rows = nil, {}
for line in text:gmatch("[^\n]+") do
  local f = parse_line(line)
  if not header then header = f
  else
    local r = {}
    for i, h in ipairs(header) do r[h] = f[i] end
    if r.configuration == config then rows[#rows + 1] = r end
  end
end
if #rows == 0 then error("ibsi.lua: no rows for configuration '" .. config .. "'", 0) end

-- Ask for exactly the features the references name (deprecated ones too).
local classes = {}
for _, r in ipairs(rows) do
  local fam, feat = (r.pyradiomics_name or ""):match("^original_([^_]+)_(.+)$")
  if fam and aggregations[r.aggregation_code] then
    classes[fam] = classes[fam] or {}
    classes[fam][#classes[fam] + 1] = feat
  end
end
if two_d and classes.shape then classes.shape2D = nil end
local values = radiomix.extract(folder .. "/image.nrrd", folder .. "/mask.nrrd",
                                {setting = setting, imageType = {Original = {}}, featureClass = classes})

-- Significant digits written in the reference ("0.519" 3, "3.58e5" 3, "556" 3).
local function sig_digits(s)
  local mant = s:lower():match("^[-+]?([%d.]+)") or s
  local digits = mant:gsub("%.", ""):gsub("^0+", "")
  if not mant:find("%.") then digits = digits:gsub("0+$", "") end
  return math.max(1, #digits)
end

local function round_sig(x, d)
  if x == 0 or x ~= x then return x end
  local e = math.floor(math.log(math.abs(x), 10)) - d + 1
  local r = x / 10 ^ e
  r = r >= 0 and math.floor(r + 0.5) or -math.floor(-r + 0.5)
  return r * 10 ^ e
end

local pass, fail, missing = 0, 0, 0
for _, r in ipairs(rows) do
  if aggregations[r.aggregation_code] then
    local ref, tol = tonumber(r.value), tonumber(r.tolerance) or 0
    local ours = r.pyradiomics_name ~= "" and values[r.pyradiomics_name] or nil
    if not ours or not ref then
      missing = missing + 1
      print(string.format("n/i   %-28s %-12s (%s) no counterpart", r.ibsi_tag, r.aggregation, r.ibsi_feature_name))
    else
      local rounded = round_sig(ours, sig_digits(r.value))
      local ok = math.abs(rounded - ref) <= tol + 1e-9 * math.abs(ref)
      if ok then pass = pass + 1 else fail = fail + 1 end
      print(string.format("%-5s %-28s %-40s ours %.6g (rounded %.6g), reference %s +/- %s",
                          ok and "pass" or "FAIL", r.ibsi_tag, r.pyradiomics_name, ours, rounded, r.value, r.tolerance))
    end
  end
end
print(string.format("%d passed, %d failed, %d not implemented", pass, fail, missing))
if fail > 0 then os.exit(1) end
