-- read_table.lua: reads the CSV named by arg[1]; a malformed table raises its one-line message.
local t, msg = radiomix.read_table(arg[1])
if not t then error(msg, 0) end
print(t:nrows(), t:ncols())
