-- large_case.lua: a CT-sized case for memory benchmarks (bench/extract_large.sh).
--   radiomix run bench/large_case.lua OUTDIR [NZ]
-- Writes OUTDIR/ct.nrrd (int16, 512 x 512 x NZ, default 120 slices, spacing 0.7 x 0.7 x 1.5 mm:
-- 62.9 MB in memory) and OUTDIR/ct_label.nrrd (int8, label 1: a cylinder of radius 45 voxels over
-- 40 slices), both gzip. The grey values are a smooth ramp plus deterministic noise, so the file
-- compresses like a real scan (about 2:1) rather than like a constant.
local out, nz = arg[1], tonumber(arg[2] or "120")
assert(out, "usage: radiomix run bench/large_case.lua OUTDIR [NZ]")
os.execute("mkdir -p '" .. out .. "'")
local nx, ny = 512, 512
local geo = {spacing = {0.7, 0.7, 1.5}, origin = {0, 0, 0}}
local img = radiomix.new_volume{dims = {nx, ny, nz}, type = "i16", spacing = geo.spacing, origin = geo.origin}
local lab = radiomix.new_volume{dims = {nx, ny, nz}, type = "i8", like = img}
local seed = 12345
local z0, z1 = nz // 2 - 20, nz // 2 + 19
for z = 1, nz do
  for y = 1, ny do
    local base = (y * 3 + z * 5) % 400 - 200
    for x = 1, nx do
      seed = (seed * 1103515245 + 12345) % 2147483648
      img:set(x, y, z, base + (x * 7 + y * 13 + z * 3) % 50 + seed % 41 - 20)
      if z >= z0 and z <= z1 and (x - 275) ^ 2 + (y - 250) ^ 2 < 45 ^ 2 then lab:set(x, y, z, 1) end
    end
  end
end
assert(img:write(out .. "/ct.nrrd", true))
assert(lab:write(out .. "/ct_label.nrrd", true))
print(string.format("%s/ct.nrrd: %d x %d x %d int16 (%.1f MB in memory)", out, nx, ny, nz, nx * ny * nz * 2 / 1e6))
