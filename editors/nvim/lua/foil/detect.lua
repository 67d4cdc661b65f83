-- Whether a text reads as an FOI response: the cues of foil's own test
-- (src/engine/detect.rs, `looks_like_response`), so that a plain `.txt`
-- response opens as filetype `foi` and the server takes it for one too.
-- Change the two together: tests/it/editors.rs checks that they agree.
local M = {}

-- The cues are looked for in the first HEAD_BYTES bytes.
M.HEAD_BYTES = 8192

-- Any one of these (ASCII case ignored, anywhere) names the text as a response.
M.NAMED = {
  "freedom of information",
  "environmental information regulations",
  "information request",
  "you asked",
  "our response",
  "we responded",
  "requested information",
  "information requested",
  "information you requested",
  "information you have requested",
}

-- The abbreviations of the Acts, as whole words (case kept).
M.ABBREVIATIONS = { "FOI", "FoI", "FOIA", "FOISA", "FOIR" }

-- Two different ones of these (ASCII case ignored, not right after a letter).
M.REQUEST = {
  "your request",
  "please provide",
  "please supply",
  "please state",
  "please confirm",
  "please enter",
  "i would like",
  "i am requesting",
  "request date",
  "date requested",
  "request received",
  "details of the request",
  "reference number",
  "our ref",
  "your ref",
  "case number",
  "do not hold",
  "does not hold",
  "not held",
  "information you hold",
  "withheld",
  "exemption",
}

-- `word` occurs in `text` neither right after nor (when `whole`) right before an
-- ASCII letter. Plain finds: the phrases hold no pattern characters.
local function occurs(text, word, whole)
  local from = 1
  while true do
    local at, last = text:find(word, from, true)
    if not at then
      return false
    end
    local before = at > 1 and text:sub(at - 1, at - 1) or ""
    local after = text:sub(last + 1, last + 1)
    if not before:match("^%a$") and not (whole and after:match("^%a$")) then
      return true
    end
    from = at + 1
  end
end

local function is_numbered(line)
  return line:match("^[ \t>]*%(?%d%d?%l?[%.%):]") ~= nil
end

-- Numbers a form may spell in its question labels ("Question Three").
local NUMBER_WORDS = {}
for _, w in ipairs({
  "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
  "twenty",
}) do
  NUMBER_WORDS[w] = true
end

local function is_question_label(label)
  local word = label:match("^question[ \t]+(%a+)")
  if word and NUMBER_WORDS[word] then
    return true
  end
  local rest = label:match("^question(.*)") or label:match("^q(.*)")
  if not rest then
    return false
  end
  rest = rest:gsub("^[ \t]*", "")
  rest = (rest:match("^number[ \t]*(.*)") or rest)
  return rest:match("^%d") ~= nil
end

local function is_answer_label(label)
  return label:match("^answer") ~= nil
    or label:match("^response") ~= nil
    or label:match("^a%)") ~= nil
    or label:match("^a:") ~= nil
    or label:match("^a[ \t]*%d") ~= nil
end

local function has_request_layout(lower)
  local numbered_questions, question_labels, answer_labels, asking = 0, 0, 0, 0
  -- A numbered line whose question mark is still to come (a question wrapped
  -- over lines ends it on a later line of its paragraph).
  local open_question = false
  for line in (lower .. "\n"):gmatch("([^\n]*)\n") do
    local label = line:gsub("^[^%w]+", "")
    local numbered = is_numbered(line) or is_question_label(label)
    if line:find("?", 1, true) and (numbered or open_question) then
      numbered_questions = numbered_questions + 1
      open_question = false
    elseif numbered then
      open_question = true
    elseif line:match("^%s*$") then
      open_question = false
    end
    if is_question_label(label) then
      question_labels = question_labels + 1
    end
    if is_answer_label(label) then
      answer_labels = answer_labels + 1
    end
    if line:match("%?[ \t\r%*]*$") then
      asking = asking + 1
    end
  end
  return numbered_questions >= 4
    or (question_labels >= 2 and answer_labels >= 1)
    or (asking >= 2 and answer_labels >= 2)
end

--- Whether `text` reads as an FOI response (the cues of src/engine/detect.rs).
function M.looks_like_response(text)
  -- No-break spaces (text pasted from letters) count as spaces.
  local head = text:sub(1, M.HEAD_BYTES):gsub("\194\160", " ")
  local lower = head:lower()
  for _, name in ipairs(M.NAMED) do
    if lower:find(name, 1, true) then
      return true
    end
  end
  for _, abbreviation in ipairs(M.ABBREVIATIONS) do
    if occurs(head, abbreviation, true) then
      return true
    end
  end
  local phrases = 0
  for _, phrase in ipairs(M.REQUEST) do
    if occurs(lower, phrase, false) then
      phrases = phrases + 1
      if phrases == 2 then
        return true
      end
    end
  end
  return has_request_layout(lower)
end

--- The first HEAD_BYTES bytes of buffer `bufnr`, lines joined with "\n".
function M.buffer_head(bufnr)
  local parts, size = {}, 0
  local count = vim.api.nvim_buf_line_count(bufnr)
  local chunk = 64
  local first = 0
  while size < M.HEAD_BYTES and first < count do
    for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, first, math.min(first + chunk, count), false)) do
      table.insert(parts, line)
      size = size + #line + 1
      if size >= M.HEAD_BYTES then
        break
      end
    end
    first = first + chunk
  end
  return table.concat(parts, "\n"):sub(1, M.HEAD_BYTES)
end

--- Whether buffer `bufnr` holds an FOI response.
function M.buffer(bufnr)
  return M.looks_like_response(M.buffer_head(bufnr))
end

--- Sets filetype `foi` on buffer `bufnr` when it holds an FOI response
--- (Neovim 0.7's filetype.vim path; later versions use vim.filetype.add).
function M.set_filetype(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].filetype ~= "foi" and M.buffer(bufnr) then
    vim.bo[bufnr].filetype = "foi"
  end
end

return M
