-- *.foi.txt and *.foi.md are FOI responses (filetype `foi`).
if vim.fn.has("nvim-0.8") == 1 then
  -- A pattern outranks the `txt`/`md` extension rules of vim.filetype.
  vim.filetype.add({
    pattern = {
      [".*%.foi%.txt"] = "foi",
      [".*%.foi%.md"] = "foi",
    },
  })
else
  -- 0.7 detects with filetype.vim, which sources this file after its `*.txt`
  -- rule: `set filetype` (not `setfiletype`) overrides that guess.
  vim.cmd([[autocmd BufNewFile,BufRead *.foi.txt,*.foi.md set filetype=foi]])
end
