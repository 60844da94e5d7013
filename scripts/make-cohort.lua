-- make-cohort.lua: writes the SYNTHETIC hypoxia cohort (NRRD images, masks and
-- a manifest) from one parameter table and one seed.
-- radiomix run scripts/make-cohort.lua [--quick] [--out DIR] [--seed N] [--params FILE.lua]
local cohort = require("cohort")
local opts = {out = "cohort", quick = false}
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--quick" then opts.quick = true
  elseif a == "--out" then i = i + 1; opts.out = arg[i]
  elseif a == "--seed" then i = i + 1; opts.seed = math.tointeger(tonumber(arg[i]))
  elseif a == "--params" then i = i + 1; opts.params = arg[i]
  elseif a == "--help" then
    print("usage: radiomix run scripts/make-cohort.lua [--quick] [--out DIR] [--seed N] [--params FILE.lua]")
    return
  else error("make-cohort: unknown option '" .. tostring(a) .. "'", 0) end
  i = i + 1
end
local P = cohort.params(opts)
local t0 = os.clock()
local n = cohort.generate(P, opts.out)
io.stderr:write(string.format("make-cohort: %d resections, %d manifest rows in %s (%.1f s CPU)\n",
                              n.resections, n.rows, opts.out, os.clock() - t0))
