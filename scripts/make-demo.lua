-- make-demo.lua: writes the small demo volume and mask in share/demo
-- (an ellipsoid "lesion" with a bright rim in a noisy background).
-- radiomix run scripts/make-demo.lua share/demo
local out = arg[1] or "share/demo"
local nx, ny, nz = 32, 32, 12
local img = radiomix.new_volume{dims = {nx, ny, nz}, type = "i16", spacing = {1, 1, 3}}
local mask = radiomix.new_volume{dims = {nx, ny, nz}, type = "u8", like = img}
local seed = 20231126
local function rand() -- a small LCG: the demo must not depend on Lua's math.random
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
end
for k = 1, nz do for j = 1, ny do for i = 1, nx do
  local x, y, z = (i - 16.5) / 9, (j - 15.5) / 7, (k - 6.5) * 3 / 15
  local r = math.sqrt(x * x + y * y + z * z)
  local v = 400 + 60 * rand()
  if r < 1 then v = 900 - 350 * r * r + 120 * rand(); mask:set(i, j, k, 1) end
  img:set(i, j, k, math.floor(v))
end end end
assert(img:write(out .. "/phantom.nrrd"))
assert(mask:write(out .. "/phantom-label.nrrd"))
print("wrote " .. out .. "/phantom.nrrd and phantom-label.nrrd")
