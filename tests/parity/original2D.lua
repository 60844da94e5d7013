-- original2D.lua: the Lua form of original2D.yaml (a parameter file may be a Lua chunk returning the table).
return {
  setting = {force2D = true, force2Ddimension = 0, correctMask = true},
  imageType = {Original = {}},
}
