-- A plain response in Neovim, with no configuration but editors/nvim on the
-- runtimepath and require("foil").setup(): a `.txt` FOI response (no foil.toml
-- anywhere above it) opens as filetype `foi`, foil attaches and its findings
-- arrive as diagnostics, code lenses appear without a manual refresh and follow
-- an edit, inlay hints are on (0.10+); an ordinary `.txt` stays `text` and gets
-- no client and no diagnostics.
--
--   FOIL_PATH=target/debug/foil FOIL_PLAIN_DIR=... FOIL_PLAIN_RESPONSE=x.txt \
--   FOIL_PLAIN_CODES=exempt,not-held FOIL_PLAIN_OTHER=notes.txt \
--     nvim --headless -u NONE -i NONE --cmd 'set rtp^=editors/nvim' \
--     -c 'luafile editors/tests/nvim_plain.lua'
--
-- tests/it/editors.rs picks the response from ../shared/corpus and the codes the
-- engine finds in it. Exit status 0 when every check passes, 1 otherwise.

local function say(fmt, ...)
  io.stdout:write(fmt:format(...) .. "\n")
end

local Failure = {}
local function fail(fmt, ...)
  error(setmetatable({ message = fmt:format(...) }, Failure), 0)
end

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local function clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

local function foil_client(bufnr)
  for _, client in ipairs(clients()) do
    if client.name == "foil" and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return nil
end

local function foil_codes(bufnr)
  local codes, seen = {}, {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "foil" and not seen[tostring(d.code)] then
      seen[tostring(d.code)] = true
      table.insert(codes, tostring(d.code))
    end
  end
  table.sort(codes)
  return codes
end

local function env(name)
  local value = vim.env[name]
  if not value or value == "" then
    fail("set %s (tests/it/editors.rs does)", name)
  end
  return value
end

-- The highest line a code lens of `bufnr` stands on, or nil without lenses.
local function last_lens_line(bufnr)
  local last
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr) or {}) do
    last = math.max(last or 0, lens.range.start.line)
  end
  return last
end

local function check_response(path, wanted)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= "foi" then
    fail("%s opened with filetype %q: the content detection (ftdetect/foi.lua) did not take it for a response",
      path, vim.bo[bufnr].filetype)
  end
  say("ok: %s has filetype foi", vim.fn.fnamemodify(path, ":t"))

  local client
  vim.wait(15000, function()
    client = foil_client(bufnr)
    return client ~= nil and client.initialized
  end, 50)
  if not client then
    fail("no foil client attached to the response")
  end
  say("ok: foil attached (%s)", table.concat(client.config.cmd, " "))

  local expected = table.concat(wanted, ",")
  local got = {}
  local arrived = vim.wait(15000, function()
    got = foil_codes(bufnr)
    return table.concat(got, ",") == expected
  end, 50)
  if not arrived then
    fail("foil's diagnostics have codes [%s]; the engine finds [%s]", table.concat(got, ","), expected)
  end
  say("ok: foil's diagnostics arrived: %s", expected)

  -- Lenses without calling vim.lsp.codelens.refresh().
  local before
  vim.wait(15000, function()
    before = last_lens_line(bufnr)
    return before ~= nil
  end, 50)
  if not before then
    fail("no code lenses on the response without a manual refresh")
  end
  say("ok: %d code lenses after attach", #vim.lsp.codelens.get(bufnr))
  -- An edit moves them: a line inserted at the top pushes every answer down.
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { "" })
  vim.api.nvim_exec_autocmds("TextChanged", { buffer = bufnr })
  local after
  local moved = vim.wait(15000, function()
    after = last_lens_line(bufnr)
    return after == before + 1
  end, 50)
  if not moved then
    fail("after inserting a line above them, the last code lens is on line %s, not %d", tostring(after), before + 2)
  end
  say("ok: code lenses followed the edit (last one from line %d to %d)", before + 1, after + 1)

  if has("0.10") then
    if not vim.lsp.inlay_hint.is_enabled({ bufnr = bufnr }) then
      fail("inlay hints are not enabled on the response (Neovim 0.10+)")
    end
    say("ok: inlay hints enabled")
  end
end

local function check_other(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= "text" then
    fail("%s opened with filetype %q; an ordinary .txt keeps filetype text", path, vim.bo[bufnr].filetype)
  end
  -- Give a wrong attach the time to happen.
  vim.wait(1500, function()
    return foil_client(bufnr) ~= nil
  end, 50)
  if foil_client(bufnr) then
    fail("foil attached to %s, which is no FOI response", path)
  end
  if #foil_codes(bufnr) > 0 then
    fail("%s got foil diagnostics", path)
  end
  say("ok: %s stays text, with no foil client and no diagnostics", vim.fn.fnamemodify(path, ":t"))
end

local function run()
  if vim.fn.executable(env("FOIL_PATH")) == 0 then
    fail("FOIL_PATH=%s is not an executable", vim.env.FOIL_PATH)
  end
  local dir = env("FOIL_PLAIN_DIR")
  local wanted = vim.split(env("FOIL_PLAIN_CODES"), ",", { plain = true })
  table.sort(wanted)
  vim.lsp.set_log_level("warn")
  vim.cmd("filetype on")
  require("foil").setup({})
  say("neovim %d.%d.%d", vim.version().major, vim.version().minor, vim.version().patch)
  check_response(dir .. "/" .. env("FOIL_PLAIN_RESPONSE"), wanted)
  check_other(dir .. "/" .. env("FOIL_PLAIN_OTHER"))
end

local ok, err = xpcall(run, function(e)
  if getmetatable(e) == Failure then
    return e
  end
  return { message = debug.traceback(tostring(e), 2) }
end)
pcall(function()
  vim.lsp.stop_client(clients())
  vim.wait(2000, function()
    return #clients() == 0
  end, 50)
end)
if ok then
  say("nvim plain response: all checks passed")
  vim.cmd("qall!")
else
  io.stderr:write("nvim plain response FAILED: " .. err.message .. "\n")
  vim.cmd("cquit 1")
end
