-- The Neovim scenario: what a person sees when opening an FOI response with
-- editors/nvim loaded. Runs on Neovim 0.7 (Debian 12) and later:
--
--   FOIL_PATH=target/debug/foil nvim --headless -u NONE -i NONE \
--     --cmd 'set rtp^=editors/nvim' -c 'luafile editors/tests/nvim_scenario.lua'
--
-- Optional: FOIL_SCENARIO (the scenario JSON; default beside this file).
-- Exit status 0 when every check passes, 1 with a message on stderr otherwise.
-- Every step goes through Neovim's own LSP client and UI paths (vim.diagnostic,
-- vim.lsp.buf.hover's float, vim.lsp.buf.code_action's menu), not raw requests.

local script_dir = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local log = {}

local function say(fmt, ...)
  local line = fmt:format(...)
  table.insert(log, line)
  io.stdout:write(line .. "\n")
end

local function active_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

-- Ids of every client the plugin starts, so that a server that dies at once is
-- reported as such rather than as "not attached".
local started_ids = {}
local function record_starts()
  for _, name in ipairs({ "start_client", "start" }) do
    local original = vim.lsp[name]
    if original then
      vim.lsp[name] = function(...)
        local id = original(...)
        if id then
          table.insert(started_ids, id)
        end
        return id
      end
    end
  end
end

local function finish(code)
  io.stdout:flush()
  io.stderr:flush()
  -- Let the LSP client send shutdown/exit before leaving.
  pcall(function()
    vim.lsp.stop_client(active_clients())
    vim.wait(2000, function()
      return #active_clients() == 0
    end, 50)
  end)
  if code == 0 then
    vim.cmd("qall!")
  end
  pcall(vim.cmd, "cquit " .. code)
  os.exit(code)
end

local Failure = {}

local function fail(fmt, ...)
  error(setmetatable({ message = fmt:format(...) }, Failure), 0)
end

local function read_file(path)
  local file = io.open(path, "rb")
  if not file then
    fail("cannot read %s", path)
  end
  local text = file:read("*a")
  file:close()
  return text
end

local function decode_json(text)
  if vim.json and vim.json.decode then
    return vim.json.decode(text)
  end
  return vim.fn.json_decode(text)
end

-- 0-based line of the first line containing `anchor`, and the byte column.
local function locate(lines, anchor)
  for i, line in ipairs(lines) do
    local col = line:find(anchor, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
  fail("the fixture has no line containing %q", anchor)
end

local function server_log_tail()
  local ok, path = pcall(vim.lsp.get_log_path)
  if not ok or vim.fn.filereadable(path) == 0 then
    return ""
  end
  local lines = vim.fn.readfile(path)
  local from = math.max(1, #lines - 30)
  return table.concat(vim.list_slice(lines, from, #lines), "\n")
end

local function foil_client(bufnr)
  for _, client in ipairs(active_clients()) do
    if client.name == "foil" and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return nil
end

local function all_started_clients_stopped()
  if #started_ids == 0 then
    return false
  end
  for _, id in ipairs(started_ids) do
    if vim.lsp.get_client_by_id(id) ~= nil then
      return false
    end
  end
  return true
end

local function wait_for_client(bufnr)
  local client
  local started = vim.wait(15000, function()
    client = foil_client(bufnr)
    return (client ~= nil and client.initialized == true) or all_started_clients_stopped()
  end, 50)
  if started and client ~= nil and client.initialized then
    return client
  end
  if all_started_clients_stopped() then
    fail("`%s lsp` exited before answering initialize (is `foil lsp` implemented in this build?)", vim.env.FOIL_PATH)
  end
  if client == nil then
    fail("no foil client attached to %s (filetype %q): is editors/nvim on the runtimepath?",
      vim.api.nvim_buf_get_name(bufnr), vim.bo[bufnr].filetype)
  end
  fail("`%s` did not finish initialize within 15 s (server exited or does not answer: is `foil lsp` implemented?)",
    table.concat(client.config.cmd, " "))
end

local function check_diagnostics(bufnr, lines, scenario)
  local wanted = {}
  for _, finding in ipairs(scenario.findings) do
    wanted[finding.code] = true
  end
  local function foil_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == "foil" then
        table.insert(found, d)
      end
    end
    return found
  end
  local diagnostics = {}
  local complete = vim.wait(15000, function()
    diagnostics = foil_diagnostics()
    local seen = {}
    for _, d in ipairs(diagnostics) do
      seen[d.code] = true
    end
    for code in pairs(wanted) do
      if not seen[code] then
        return false
      end
    end
    return true
  end, 50)

  for _, d in ipairs(diagnostics) do
    say("  diagnostic line %d: [%s] %s", d.lnum + 1, tostring(d.code), (d.message:gsub("\n", " ")))
  end
  if not complete then
    local codes = {}
    for _, d in ipairs(diagnostics) do
      table.insert(codes, tostring(d.code))
    end
    fail("after 15 s foil's diagnostics are [%s]; expected at least %s",
      table.concat(codes, ", "), table.concat(vim.tbl_keys(wanted), ", "))
  end

  for _, finding in ipairs(scenario.findings) do
    local line = locate(lines, finding.anchor)
    local matching = vim.tbl_filter(function(d)
      return d.code == finding.code
    end, diagnostics)
    if #matching ~= 1 then
      fail("expected exactly one %q diagnostic, got %d", finding.code, #matching)
    end
    local d = matching[1]
    local last = d.end_lnum or d.lnum
    if not (d.lnum <= line and line <= last) then
      fail("the %q diagnostic covers lines %d-%d; it should cover line %d (%q)",
        finding.code, d.lnum + 1, last + 1, line + 1, lines[line + 1])
    end
    say("ok: %s on line %d", finding.code, line + 1)
  end
end

local function floating_windows()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      table.insert(found, win)
    end
  end
  return found
end

local function check_hover(bufnr, lines, scenario)
  local line, col = locate(lines, scenario.hover.anchor)
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  vim.lsp.buf.hover()
  local float
  vim.wait(10000, function()
    float = floating_windows()[1]
    return float ~= nil
  end, 50)
  if not float then
    fail("no hover window opened on %q (line %d)", scenario.hover.anchor, line + 1)
  end
  local shown = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
  local text = table.concat(shown, "\n")
  for _, l in ipairs(shown) do
    say("  hover: %s", l)
  end
  vim.api.nvim_win_close(float, true)
  if not text:find(scenario.hover.expect, 1, true) then
    fail("the hover on %q does not show %q", scenario.hover.anchor, scenario.hover.expect)
  end
  say("ok: hover on %s shows %s", scenario.hover.anchor, scenario.hover.expect)
  vim.api.nvim_set_current_buf(bufnr)
end

-- `gd` on a referral lands on the answer it points to.
local function check_definition(bufnr, lines, scenario)
  local spec = scenario.definition
  local line, col = locate(lines, spec.anchor)
  local target = locate(lines, spec.target_anchor)
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  vim.lsp.buf.definition()
  local moved = vim.wait(10000, function()
    return vim.api.nvim_win_get_cursor(0)[1] ~= line + 1
  end, 50)
  local now = vim.api.nvim_win_get_cursor(0)[1]
  if not moved or vim.api.nvim_get_current_buf() ~= bufnr then
    fail("go to definition on the referral (line %d) did not move to its target", line + 1)
  end
  if now ~= target + 1 then
    fail("go to definition on the referral (line %d) went to line %d, not the answer on line %d", line + 1, now,
      target + 1)
  end
  say("ok: go to definition from line %d to the answer on line %d", line + 1, now)
end

local function check_code_action(bufnr, lines, scenario)
  local spec = scenario.code_action
  local line, col = locate(lines, spec.anchor)
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })

  -- A person picks from the code action menu: stand in for them there.
  local offered, picked = {}, nil
  vim.ui.select = function(items, opts, on_choice)
    local format = opts and opts.format_item or tostring
    for i, item in ipairs(items) do
      local title = format(item)
      table.insert(offered, title)
      if not picked and title:sub(1, #spec.title_prefix) == spec.title_prefix then
        picked = title
        vim.schedule(function()
          on_choice(item, i)
        end)
      end
    end
    if not picked then
      vim.schedule(function()
        on_choice(nil, nil)
      end)
    end
  end

  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.buf.code_action()
  vim.wait(10000, function()
    return #offered > 0 and (picked == nil or vim.api.nvim_buf_line_count(bufnr) ~= #before)
  end, 50)
  for _, title in ipairs(offered) do
    say("  code action: %s", title)
  end
  if #offered == 0 then
    fail("no code actions offered on line %d", line + 1)
  end
  if not picked then
    fail("no code action titled %q... among %d offered", spec.title_prefix, #offered)
  end
  -- Give a second edit (a bug) the chance to arrive before judging.
  vim.wait(300, function()
    return false
  end, 50)

  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  if #after ~= #before + 1 then
    fail("%q changed the line count from %d to %d; it should add exactly one line", picked, #before, #after)
  end
  local inserted
  for i = 1, #after do
    if after[i] ~= before[i] then
      inserted = i
      break
    end
  end
  inserted = inserted or #after
  local new_line = after[inserted]
  local trimmed = vim.trim(new_line)
  if trimmed:sub(1, #spec.inserted_prefix) ~= spec.inserted_prefix or trimmed:sub(-#spec.inserted_suffix) ~= spec.inserted_suffix then
    fail("%q inserted %q on line %d, which is not a `%s ... %s` annotation", picked, new_line, inserted,
      spec.inserted_prefix, spec.inserted_suffix)
  end
  local rest = vim.list_extend(vim.list_slice(after, 1, inserted - 1), vim.list_slice(after, inserted + 1, #after))
  if not vim.deep_equal(rest, before) then
    fail("%q changed the response's own text besides inserting %q", picked, new_line)
  end
  if inserted ~= line + 2 then
    fail("the annotation went to line %d; it belongs right after the answer on line %d", inserted, line + 1)
  end
  say("ok: %q inserted line %d: %s", picked, inserted, new_line)
end

-- :FoilExport goes through the plugin to the server's foil.exportDataset.
local function check_export(workdir)
  local messages = {}
  vim.notify = function(message, level)
    table.insert(messages, { message = message, level = level })
  end
  vim.cmd("FoilExport csv")
  local done = vim.wait(15000, function()
    return #messages > 0
  end, 50)
  if not done then
    fail(":FoilExport csv got no answer from the server within 15 s")
  end
  local reply = messages[1]
  say("  :FoilExport csv -> %s", reply.message)
  if reply.level == vim.log.levels.ERROR or reply.level == vim.log.levels.WARN then
    fail(":FoilExport csv failed: %s", reply.message)
  end
  local written = vim.fn.globpath(workdir, "**/*.csv", false, true)
  if #written == 0 then
    fail(":FoilExport csv reported success but wrote no .csv file inside the workspace %s", workdir)
  end
  say("ok: :FoilExport csv wrote %s", table.concat(written, ", "))
end

-- :FoilVerifyAll: the server answers with workspace/applyEdit; the buffer gains
-- verify lines and nothing else.
local function check_verify_all(bufnr, spec)
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.cmd("FoilVerifyAll")
  vim.wait(15000, function()
    return vim.api.nvim_buf_line_count(bufnr) > #before
  end, 50)
  vim.wait(300, function()
    return false
  end, 50)
  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  if #after <= #before then
    fail(":FoilVerifyAll added no line")
  end
  local kept, added = {}, 0
  for _, line in ipairs(after) do
    local trimmed = vim.trim(line)
    local is_new = #kept < #before and line ~= before[#kept + 1] or #kept >= #before
    if is_new then
      if trimmed:sub(1, #spec.inserted_prefix) ~= spec.inserted_prefix then
        fail(":FoilVerifyAll inserted %q, which is not a verify annotation", line)
      end
      added = added + 1
    else
      table.insert(kept, line)
    end
  end
  if not vim.deep_equal(kept, before) then
    fail(":FoilVerifyAll changed the response's own text")
  end
  say("ok: :FoilVerifyAll added %d verify lines", added)
end

local function run()
  local foil_path = vim.env.FOIL_PATH
  if not foil_path or foil_path == "" then
    fail("set FOIL_PATH to the foil binary")
  end
  if vim.fn.executable(foil_path) == 0 then
    fail("FOIL_PATH=%s is not an executable", foil_path)
  end
  local scenario_path = vim.env.FOIL_SCENARIO or (script_dir .. "/fixtures/northwick.scenario.json")
  local scenario = decode_json(read_file(scenario_path))
  local fixture = vim.fn.fnamemodify(scenario_path, ":h") .. "/" .. scenario.fixture

  -- Work on a copy: the scenario edits the buffer, and may save it.
  local workdir = vim.fn.tempname()
  vim.fn.mkdir(workdir, "p")
  local copy = workdir .. "/" .. scenario.fixture
  vim.fn.writefile(vim.fn.readfile(fixture, "b"), copy, "b")

  vim.lsp.set_log_level("warn")
  vim.cmd("filetype on")
  record_starts()
  require("foil").setup({})
  vim.cmd("edit " .. vim.fn.fnameescape(copy))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= "foi" then
    fail("%s has filetype %q, expected foi (ftdetect/foi.lua not loaded?)", scenario.fixture, vim.bo[bufnr].filetype)
  end
  say("neovim %s, file %s, filetype foi", tostring(vim.version().major .. "." .. vim.version().minor .. "." .. vim.version().patch), copy)

  local client = wait_for_client(bufnr)
  say("ok: foil attached (%s), position encoding %s", table.concat(client.config.cmd, " "),
    tostring(client.offset_encoding))

  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  check_diagnostics(bufnr, lines, scenario)
  check_hover(bufnr, lines, scenario)
  check_definition(bufnr, lines, scenario)
  check_code_action(bufnr, lines, scenario)
  check_export(workdir)
  check_verify_all(bufnr, scenario.code_action)
  if foil_client(bufnr) == nil then
    fail("the foil client stopped during the scenario")
  end
end

local ok, err = xpcall(run, function(e)
  if getmetatable(e) == Failure then
    return e
  end
  return { message = debug.traceback(tostring(e), 2) }
end)
if ok then
  say("nvim scenario: all checks passed")
  finish(0)
else
  io.stderr:write("nvim scenario FAILED: " .. err.message .. "\n")
  local tail = server_log_tail()
  if tail ~= "" then
    io.stderr:write("--- end of the Neovim LSP log ---\n" .. tail .. "\n")
  end
  finish(1)
end
