-- A person in Neovim (0.7 or later, headless): open a record with a wrong sum, see the
-- diagnostic, type the fix, see it clear, hover the amount, break the sum again, apply the
-- acknowledge action, save. What was seen goes to $ESFPROJ_OUT as JSON for the test.
local out = {}
local function diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, { code = lsp.code or d.code, line = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  return found
end
local function wait_for(test)
  return vim.wait(20000, test, 50)
end
local function codes()
  local list = {}
  for _, d in ipairs(diagnostics()) do table.insert(list, d.code .. ":" .. d.severity) end
  return table.concat(list, ",")
end

local client = vim.lsp.start_client({
  name = "esfproj",
  cmd = vim.fn.json_decode(os.getenv("ESFPROJ_LSP")),
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(0, client)

wait_for(function() return #diagnostics() > 0 end)
out.opened = diagnostics()

vim.cmd([[15s/110\.00/100.00/]])  -- the person types the fix
wait_for(function() return #diagnostics() == 0 end)
out.fixed = diagnostics()

vim.api.nvim_win_set_cursor(0, { 15, 12 })
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", vim.lsp.util.make_position_params(), 10000)
out.hover = hover and hover[client] and hover[client].result and hover[client].result.contents.value

vim.cmd([[15s/100\.00/110.00/]])
wait_for(function() return #diagnostics() > 0 end)
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = {} }
local actions = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
out.actions = {}
for _, action in ipairs(actions[client].result or {}) do
  table.insert(out.actions, action.title)
  if action.title == "Acknowledge funding-sum at funding" then
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  end
end
vim.cmd("write")
wait_for(function() return codes() == "funding-sum:4" end)
out.acknowledged = diagnostics()

local file = io.open(os.getenv("ESFPROJ_OUT"), "w")
file:write(vim.fn.json_encode(out))
file:close()
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.tbl_isempty(vim.lsp.get_active_clients()) end, 50)
vim.cmd("qa!")
