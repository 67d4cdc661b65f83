-- :FoilRestart, :FoilExport [csv|json], :FoilVerifyAll. The module loads on
-- first use, so this costs nothing at startup.
if vim.g.loaded_foil then
  return
end
vim.g.loaded_foil = true
require("foil").create_commands()
