-- demo.lua: the placeholder main job until the hypoxia study lands: reads the
-- demo volume and mask, applies the example filter and prints statistics.
-- radiomix run scripts/demo.lua [DEMO_FOLDER]
local dir = arg[1] or "share/demo"
local img <close> = assert(radiomix.read(dir .. "/phantom.nrrd"))
local mask <close> = assert(radiomix.read_mask(dir .. "/phantom-label.nrrd", img, 1))
local d, s = img:dims(), img:spacing()
print(string.format("image %s: %dx%dx%d voxels of %.3gx%.3gx%.3g mm", img:type(),
                    d[1], d[2], d[3], s[1], s[2], s[3]))
local before = img:stats(mask)
local out = radiomix.apply_filter("clip", img, {lower = 500, upper = 800}).clip
local after = out:stats(mask)
print(string.format("ROI: %d voxels, mean %.2f (range %g..%g); clipped to [500, 800]: mean %.2f (range %g..%g)",
                    before.n, before.mean, before.min, before.max, after.mean, after.min, after.max))
