-- cohort.lua: builds the SYNTHETIC hypoxia cohort: its structure (patients,
-- resections, lesions, scores, sequence availability) from a seed, and its
-- images through radiomix.synth_resection and the adc filter.
local progress = require("progress")
local M = {}

local function deep_copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = deep_copy(v) end
  return c
end

local function merge(dst, src)
  for k, v in pairs(src) do
    if type(v) == "table" and type(dst[k]) == "table" and #v == 0 then merge(dst[k], v)
    else dst[k] = deep_copy(v) end
  end
  return dst
end

-- The parameter table: defaults, then a parameter file, then --quick, then --seed.
function M.params(opts)
  local P = deep_copy(require("cohort_defaults"))
  if opts.params then
    local f, err = loadfile(opts.params, "t", {})
    if not f then error("make-cohort: " .. err, 0) end
    merge(P, f())
  end
  if opts.quick then merge(P, P.quick) end
  if opts.seed then P.seed = opts.seed end
  return P
end

local function normal()
  local u, v = math.random(), math.random()
  return math.sqrt(-2 * math.log(1 - u)) * math.cos(2 * math.pi * v)
end

-- Diameter (cm) whose median and quartiles are exactly those given: a
-- log-normal with different spreads below and above the median.
local function diameter(d)
  local z, q = normal(), 0.6744897501960817
  local s = z < 0 and math.log(d.median / d.q1) / q or math.log(d.q3 / d.median) / q
  return math.min(d.max, math.max(d.min, d.median * math.exp(z * s)))
end

local function draw_score(probs)
  local u, acc = math.random(), 0
  for s = 0, 6 do
    acc = acc + (probs[s] or 0)
    if u < acc then return s end
  end
  return 6
end

-- Patients, resections and lesions, all from the seed.
function M.structure(P)
  math.randomseed(P.seed)
  local res = {}
  for p = 1, P.patients do
    res[#res + 1] = {patient = p}
    if p <= P.twice_resected then res[#res + 1] = {patient = p} end
  end
  -- Which resections have two lesions: exactly lesions - resections of them.
  local extra = P.lesions - #res
  assert(extra >= 0 and extra <= #res, "cohort: lesions must be between resections and twice that")
  local order = {}
  for r = 1, #res do order[r] = r end
  for r = #res, 2, -1 do local j = math.random(r); order[r], order[j] = order[j], order[r] end
  local two = {}
  for r = 1, extra do two[order[r]] = true end
  for r, R in ipairs(res) do
    R.id = string.format("P%03d-R%d", R.patient, (r > 1 and res[r - 1].patient == R.patient) and 2 or 1)
    R.score = draw_score(P.hif_score_probs)
    R.label = R.score >= P.high_from and 1 or 0
    R.lesions = {}
    for l = 1, two[r] and 2 or 1 do
      local h = math.min(1, math.max(0, R.score / 6 + P.hypoxia_jitter * normal()))
      R.lesions[l] = {diameter_cm = diameter(P.diameter), hypoxia = h,
                      necrosis = math.random() * P.necrosis_max}
    end
    R.available = {}
    -- Sorted: pairs() order differs from run to run, the draws must not.
    local names = {}
    for name in pairs(P.availability) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do R.available[name] = math.random() < P.availability[name] end
  end
  return res
end

-- Field of view around the lesions, and lesion placement inside it (mm).
local function layout(P, R)
  local m, x, maxd = P.margin_mm, P.margin_mm, 0
  local specs = {}
  for l, L in ipairs(R.lesions) do
    local d = L.diameter_cm * 10
    local radii = {}
    for a = 1, 3 do radii[a] = d / 2 * (1 + 0.1 * normal()) end
    specs[l] = {center = {x + radii[1], 0, 0}, radii = radii, hypoxia = L.hypoxia,
                necrosis = L.necrosis}
    x = x + 2 * radii[1] + 10
    maxd = math.max(maxd, 2 * radii[2], 2 * radii[3])
  end
  local fov = {x - 10 + m, maxd + 2 * m, maxd + 2 * m}
  for _, s in ipairs(specs) do s.center[2], s.center[3] = fov[2] / 2, fov[3] / 2 end
  return fov, specs
end

local function csv_field(s)
  s = tostring(s)
  assert(not s:find("[,\n\"]"), "cohort: field with a comma or quote: " .. s)
  return s
end

-- Renders and writes every resection; returns counts.
function M.generate(P, out)
  local res = M.structure(P)
  assert(radiomix.mkdir(out .. "/images"))
  assert(radiomix.mkdir(out .. "/masks"))
  local rows = {"patient,resection,lesion,sequence,image,mask,label,hif_score,diameter_mm"}
  local bar = progress.new("cohort", #res)
  for r, R in ipairs(res) do
    local fov, lesions = layout(P, R)
    local spec = {seed = P.seed * 1000003 + r, fov = fov, lesions = lesions, tissue = P.tissue,
                  effect = P.effect, texture_scale_mm = P.texture_scale_mm,
                  mask_radius_sd = P.mask_radius_sd, mask_shift_sd = P.mask_shift_sd,
                  sequences = P.sequences}
    local seqs = radiomix.synth_resection(spec)
    -- ADC from the DWI series with our filter, so it is consistent with them.
    if R.available.ADC then
      local dwi = {}
      for k, name in ipairs(P.adc.from) do dwi[k] = seqs[name].image end
      local adc = radiomix.apply_filter("adc", dwi, {bValues = P.adc.b_values})
      local _, img = next(adc)
      -- Stored as scanners do: integers in 1e-6 mm^2/s (binWidth 25 then means 25e-6 mm^2/s).
      img = img:affine(1e6, 0, "u16")
      -- ADC masks: the radiologist segments the ADC map like a b800 series.
      seqs.ADC = {image = img, masks = radiomix.synth_resection(
        (function() local s = deep_copy(spec); s.sequences = {deep_copy(P.sequences[#P.sequences])}
                    s.sequences[1].name = "ADC"
                    s.sequences[1].stream = 99; return s end)()).ADC.masks}
    end
    local names = {}
    for _, q in ipairs(P.sequences) do names[#names + 1] = q.name end
    names[#names + 1] = "ADC"
    for _, name in ipairs(names) do
      if R.available[name] and seqs[name] then
        local img = string.format("images/%s_%s.nrrd", R.id, name)
        assert(seqs[name].image:write(out .. "/" .. img))
        for l, L in ipairs(R.lesions) do
          local msk = string.format("masks/%s_L%d_%s.nrrd", R.id, l, name)
          assert(seqs[name].masks[l]:write(out .. "/" .. msk))
          rows[#rows + 1] = table.concat({string.format("P%03d", R.patient), csv_field(R.id), l, name,
                                          img, msk, R.label, R.score,
                                          string.format("%.1f", L.diameter_cm * 10)}, ",")
        end
      end
    end
    bar:step(r)
  end
  bar:done()
  assert(radiomix.write_file(out .. "/manifest.csv", table.concat(rows, "\n") .. "\n"))
  return {resections = #res, rows = #rows - 1}
end

return M
