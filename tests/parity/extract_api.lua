-- extract_api.lua: radiomix.extract() with paths, Volumes and table parameters against PyRadiomics' reference.
local shared = os.getenv("RADIOMIX_SHARED") or "../../../shared"
local pyr = shared .. "/data/pyradiomics/"
local cases = pyr .. "cases/"

local installed = {}
for _, c in ipairs(radiomix.components("features")) do installed[c.name] = true end

local function reference(file, case)
  local want = {}
  for line in io.lines(pyr .. file) do
    local c, feat, val, _, class = line:match("^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*)")
    if c == case and installed[class] then want[feat] = tonumber(val) end
  end
  return want
end

local passed, failed = 0, 0
local function check(ok, what)
  if ok then passed = passed + 1 else failed = failed + 1; print("FAIL " .. what) end
end

local function compare(got, want, label)
  check(got ~= nil, label .. ": extract returned nil")
  if not got then return end
  for feat, v in pairs(want) do
    local g = got[feat]
    local d = g and math.abs(g - v)
    check(g ~= nil and (d <= 1e-9 or d <= 1e-6 * math.abs(v)),
          string.format("%s %s: got %s, reference %.17g", label, feat, tostring(g), v))
  end
end

-- file paths and a parameter table (config original2D)
local params2d = {setting = {force2D = true, force2Ddimension = 0, correctMask = true}}
compare(radiomix.extract(cases .. "breast1_image.nrrd", cases .. "breast1_label_2D.nrrd", params2d),
        reference("pyradiomics_reference_original_2D.csv", "breast1_2D"), "breast1_2D (paths)")

-- Volumes (the raw label volume as mask) and defaults
local img = assert(radiomix.read(cases .. "test-image_37x37x37.nrrd"))
local lab = assert(radiomix.read(cases .. "test-mask_37x37x37.nrrd"))
compare(radiomix.extract(img, lab), reference("pyradiomics_reference_original.csv", "test37"), "test37 (volumes)")
-- a Volume and a mask path (the mask file is read straight into the mask of its label)
compare(radiomix.extract(img, cases .. "test-mask_37x37x37.nrrd"),
        reference("pyradiomics_reference_original.csv", "test37"), "test37 (volume, mask path)")

-- bad data: nil, message naming the file
local r, msg = radiomix.extract(img, cases .. "no_such_mask.nrrd")
check(r == nil and tostring(msg):find("no_such_mask", 1, true), "missing mask: got " .. tostring(msg))
-- bad parameters: an error naming the key
local ok, err = pcall(radiomix.extract, img, lab, {setting = {binWidht = 5}})
check(not ok and tostring(err):find("binWidht", 1, true), "unknown setting: got " .. tostring(err))

print(string.format("%d passed, %d failed", passed, failed))
if failed > 0 then error(failed .. " checks failed") end
