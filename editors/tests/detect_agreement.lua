-- Runs editors/nvim's content detector (lua/foil/detect.lua) on every file named
-- in $FOIL_DETECT_LIST (one path a line) and writes "1<TAB>path" or
-- "0<TAB>path" lines to $FOIL_DETECT_OUT; tests/it/editors.rs compares them with
-- the engine's own test.
local ok, err = pcall(function()
  local detect = require("foil.detect")
  local out = assert(io.open(vim.env.FOIL_DETECT_OUT, "wb"))
  for path in io.lines(vim.env.FOIL_DETECT_LIST) do
    local file = assert(io.open(path, "rb"))
    local text = file:read(detect.HEAD_BYTES) or ""
    file:close()
    out:write((detect.looks_like_response(text) and "1" or "0") .. "\t" .. path .. "\n")
  end
  out:close()
end)
if not ok then
  io.stderr:write("detect_agreement.lua: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
