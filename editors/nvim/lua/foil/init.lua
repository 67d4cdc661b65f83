-- foil for Neovim: starts `foil lsp` for FOI responses.
--
-- One code path per Neovim generation, because the LSP API moved twice:
--   0.11+     vim.lsp.config / vim.lsp.enable (lsp/foil.lua on the runtimepath)
--   0.8-0.10  vim.lsp.start, which reuses a client per (name, root)
--   0.7       vim.lsp.start_client + vim.lsp.buf_attach_client (Debian 12's version)
local M = {}

local uv = vim.uv or vim.loop

M.name = "foil"

-- `foi` buffers always get the server; plain text and markdown only inside a
-- workspace that has a foil.toml, so unrelated notes stay quiet.
M.filetypes = { "foi", "text", "markdown" }

local defaults = {
  -- Server command; nil means: $FOIL_PATH, else `foil` on PATH.
  cmd = nil,
  -- Sent as initializationOptions and answered to workspace/configuration
  -- (section "foil"): { schema = "nhs-clinical-coding-2024", severity = { exempt = "hint" } }
  settings = {},
  -- Buffer-local keys on Neovim < 0.11 (0.11 maps K, gra, gO itself).
  keymaps = true,
  -- Show inlay hints (the normalised value after each figure) on 0.10+.
  inlay_hints = true,
  -- Show code lenses (the tally, each answer's reading), refreshed on attach,
  -- on entering the buffer and after each change.
  code_lens = true,
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(defaults)

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

--- The command that starts the server: the `cmd` option, then $FOIL_PATH, then PATH.
function M.server_cmd(cmd)
  if type(cmd) == "table" then
    return cmd
  end
  if type(cmd) == "string" and cmd ~= "" then
    return { cmd, "lsp" }
  end
  local from_env = vim.env.FOIL_PATH
  if from_env and from_env ~= "" then
    return { from_env, "lsp" }
  end
  return { "foil", "lsp" }
end

-- Walks up from `dir` to the first folder holding one of `markers`.
local function find_up(dir, markers)
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

--- The workspace root for `bufnr`, or nil when foil should not attach to it.
function M.root_for(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local dir = vim.fn.fnamemodify(name, ":p:h")
  local workspace = find_up(dir, { "foil.toml" })
  if vim.bo[bufnr].filetype == "foi" then
    return workspace or find_up(dir, { ".git" }) or dir
  end
  return workspace
end

local function map_keys(bufnr)
  if not M.options.keymaps or has("0.11") then
    return
  end
  local function map(lhs, rhs, desc)
    vim.keymap.set("n", lhs, rhs, { buffer = bufnr, desc = "foil: " .. desc })
  end
  map("K", vim.lsp.buf.hover, "hover (how a figure was read)")
  map("gra", vim.lsp.buf.code_action, "code actions (verify, set, ignore)")
  map("gO", vim.lsp.buf.document_symbol, "outline (questions and their status)")
  map("gd", vim.lsp.buf.definition, "go to the answer a referral points to")
end

local function enable_inlay_hints(client, bufnr)
  if not (M.options.inlay_hints and has("0.10")) then
    return
  end
  if client.server_capabilities and client.server_capabilities.inlayHintProvider then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
end

-- Code lenses are not refreshed by Neovim itself (before 0.12's
-- vim.lsp.codelens.enable): ask for them on attach and after changes.
local function refresh_code_lenses(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return
  end
  if has("0.10") then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  elseif vim.api.nvim_get_current_buf() == bufnr then
    -- 0.7-0.9 refresh the current buffer only.
    vim.lsp.codelens.refresh()
  end
end

local function enable_code_lenses(client, bufnr)
  if not (M.options.code_lens and client.server_capabilities and client.server_capabilities.codeLensProvider) then
    return
  end
  if vim.lsp.codelens.enable then
    vim.lsp.codelens.enable(true, { bufnr = bufnr })
    return
  end
  refresh_code_lenses(bufnr)
  local group = vim.api.nvim_create_augroup("foil_code_lens_" .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
    group = group,
    buffer = bufnr,
    callback = function()
      refresh_code_lenses(bufnr)
    end,
  })
end

local function on_attach(client, bufnr)
  map_keys(bufnr)
  enable_inlay_hints(client, bufnr)
  enable_code_lenses(client, bufnr)
  if M.options.on_attach then
    M.options.on_attach(client, bufnr)
  end
end

-- An empty Lua table goes out as a JSON array; settings must be an object.
local function settings_object()
  if next(M.options.settings) == nil then
    return vim.empty_dict()
  end
  return M.options.settings
end

-- What Neovim answers to workspace/configuration: section "foil" → options.settings.
local function settings()
  return { foil = settings_object() }
end

--- The configuration for vim.lsp.config (0.11+); lsp/foil.lua returns it.
function M.lsp_config()
  return {
    cmd = M.server_cmd(M.options.cmd),
    filetypes = M.filetypes,
    root_dir = function(bufnr, on_dir)
      local root = M.root_for(bufnr)
      if root then
        on_dir(root)
      end
    end,
    init_options = settings_object(),
    settings = settings(),
    capabilities = M.options.capabilities,
    on_attach = on_attach,
  }
end

local function client_config(root)
  return {
    name = M.name,
    cmd = M.server_cmd(M.options.cmd),
    root_dir = root,
    init_options = settings_object(),
    settings = settings(),
    capabilities = M.options.capabilities,
    on_attach = on_attach,
  }
end

-- 0.7 has no client reuse of its own: one client per root, kept here.
local clients_by_root = {}

local function attach_07(bufnr, root)
  local id = clients_by_root[root]
  -- A client still initializing counts: client_is_stopped() would say it stopped.
  if id and not vim.lsp.get_client_by_id(id) then
    id = nil
  end
  if not id then
    local config = client_config(root)
    config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Starts (or reuses) the foil client for `bufnr` if foil belongs there.
--- Returns the client id, or nil.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local root = M.root_for(bufnr)
  if not root then
    return nil
  end
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  return attach_07(bufnr, root)
end

--- The foil clients attached to `bufnr` (any buffer when nil).
function M.clients(bufnr)
  local found = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(all) do
    if client.name == M.name and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(found, client)
    end
  end
  return found
end

-- 0.11 made client methods take self (`client:request`); older versions do not.
local function request(client, method, params, handler, bufnr)
  if has("0.11") then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function report(what)
  return function(err, result)
    if err then
      vim.notify(("foil: %s failed: %s"):format(what, err.message or vim.inspect(err)), vim.log.levels.ERROR)
    else
      -- foil.exportDataset answers { path = ..., documents = n }.
      local detail = ""
      if type(result) == "string" then
        detail = ": " .. result
      elseif type(result) == "table" and result.path then
        detail = ": " .. tostring(result.path)
      end
      vim.notify(("foil: %s done%s"):format(what, detail), vim.log.levels.INFO)
    end
  end
end

--- Runs a server command (`workspace/executeCommand`) through the buffer's foil client.
function M.execute(command, arguments, bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.clients(bufnr)[1] or M.clients()[1]
  if not client then
    vim.notify("foil: no foil server is running for this buffer", vim.log.levels.WARN)
    return
  end
  request(client, "workspace/executeCommand", { command = command, arguments = arguments }, report(command), bufnr)
end

--- Writes the workspace dataset (`format` "csv" or "json"), server-side.
function M.export(format)
  format = (format == nil or format == "") and "csv" or format
  if format ~= "csv" and format ~= "json" then
    vim.notify("foil: export format is csv or json, not " .. format, vim.log.levels.ERROR)
    return
  end
  M.execute("foil.exportDataset", { { format = format } })
end

--- Asks the server to insert a verify annotation after every answered question.
function M.verify_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  M.execute("foil.verifyAll", { vim.uri_from_bufnr(bufnr) }, bufnr)
end

--- Stops every foil client and starts them again on the buffers they served.
function M.restart()
  local buffers = {}
  local clients = M.clients()
  for _, client in ipairs(clients) do
    for _, bufnr in ipairs(vim.lsp.get_buffers_by_client_id(client.id)) do
      buffers[bufnr] = true
    end
    if has("0.11") then
      client:stop()
    else
      client.stop()
    end
  end
  vim.wait(3000, function()
    for _, client in ipairs(clients) do
      if vim.lsp.get_client_by_id(client.id) ~= nil then
        return false
      end
    end
    return true
  end, 50)
  clients_by_root = {}
  for bufnr in pairs(buffers) do
    M.attach(bufnr)
  end
end

--- Defines :FoilRestart, :FoilExport and :FoilVerifyAll (plugin/foil.lua calls it).
function M.create_commands()
  vim.api.nvim_create_user_command("FoilRestart", M.restart, { desc = "foil: restart the language server" })
  vim.api.nvim_create_user_command("FoilExport", function(args)
    M.export(args.args)
  end, {
    nargs = "?",
    complete = function()
      return { "csv", "json" }
    end,
    desc = "foil: export the workspace dataset (csv or json)",
  })
  vim.api.nvim_create_user_command("FoilVerifyAll", function()
    M.verify_all(0)
  end, { desc = "foil: verify every answer of this response" })
end

--- Configures and enables foil. Safe to call more than once.
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  M.create_commands()

  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(M.name, M.lsp_config())
    vim.lsp.enable(M.name)
    return
  end

  local group = vim.api.nvim_create_augroup("foil", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
