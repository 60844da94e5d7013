-- progress.lua: a one-line progress display (done/total, elapsed, time left)
-- on stderr, shown only when stderr is a terminal.
local M = {}
M.__index = M

function M.new(label, total)
  return setmetatable({label = label, total = total, t0 = radiomix.now(),
                       tty = radiomix.isatty(2), last = -1}, M)
end

function M:step(done, note)
  if not self.tty then return end
  local now = radiomix.now()
  if done < self.total and now - self.last < 0.2 then return end
  self.last = now
  local el = now - self.t0
  local left = done > 0 and el / done * (self.total - done) or 0
  local width = 24
  local fill = math.floor(width * done / math.max(1, self.total))
  io.stderr:write(string.format("\r%-10s [%s%s] %d/%d  %ds elapsed, ~%ds left %s\27[K", self.label,
                  string.rep("#", fill), string.rep(".", width - fill), done, self.total,
                  math.floor(el), math.floor(left + 0.5), note or ""))
end

function M:done()
  if self.tty then io.stderr:write("\r\27[K") end
end

return M
