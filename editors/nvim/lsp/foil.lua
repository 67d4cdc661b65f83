-- foil for Neovim 0.11+: `vim.lsp.enable("foil")` picks this file up from the
-- runtimepath. The configuration lives in lua/foil so that setup() on older
-- versions and this file start the server the same way.
return require("foil").lsp_config()
