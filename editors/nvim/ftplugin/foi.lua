-- FOI responses are prose: wrap long answers, and write annotations as HTML
-- comments (gc in 0.10+, or any commenting plugin).
vim.opt_local.commentstring = "<!-- %s -->"
vim.opt_local.wrap = true
vim.opt_local.linebreak = true
vim.b.undo_ftplugin = "setlocal commentstring< wrap< linebreak<"
