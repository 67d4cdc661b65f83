-- FOI responses get filetype `foi`: *.foi.txt and *.foi.md by name, and any
-- other *.txt whose first 8 KB read as a response (the cues of foil's own test,
-- lua/foil/detect.lua). Other .txt files keep filetype `text`.
local function response_or_nil(_, bufnr)
  if bufnr and require("foil.detect").buffer(bufnr) then
    return "foi"
  end
  return nil
end

if vim.fn.has("nvim-0.8") == 1 then
  -- Patterns of priority 0 are tried before the `txt`/`md` extension rules of
  -- vim.filetype; a function that returns nil lets those rules go on.
  vim.filetype.add({
    pattern = {
      [".*%.foi%.txt"] = "foi",
      [".*%.foi%.md"] = "foi",
      [".*%.[tT][xX][tT]"] = response_or_nil,
    },
  })
else
  -- 0.7 detects with filetype.vim, which sources this file after its `*.txt`
  -- rule: `set filetype` (not `setfiletype`) overrides that guess.
  vim.cmd([[autocmd BufNewFile,BufRead *.foi.txt,*.foi.md set filetype=foi]])
  vim.cmd([[autocmd BufRead *.txt lua require("foil.detect").set_filetype(0)]])
end
