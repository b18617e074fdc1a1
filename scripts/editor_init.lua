-- Neovim for docs/editor.png (scripts/screenshot_editor.py): esfproj lsp on YAML files, its
-- diagnostics as virtual text, and its inlay hints (Neovim 0.10+ shows them itself; before,
-- this draws them as virtual text at the end of their line).
vim.opt.termguicolors = false
vim.opt.number = true
vim.cmd("syntax on")
vim.diagnostic.config({ virtual_text = { prefix = "●" }, signs = true, underline = true })

local hints = vim.api.nvim_create_namespace("esfproj-inlay-hints")
local function show_hints(client, buffer)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buffer),
    range = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(buffer), character = 0 } },
  }
  client.request("textDocument/inlayHint", params, function(_, result)
    vim.api.nvim_buf_clear_namespace(buffer, hints, 0, -1)
    for _, hint in ipairs(result or {}) do
      vim.api.nvim_buf_set_extmark(buffer, hints, hint.position.line, hint.position.character, {
        virt_text = { { " " .. hint.label, "Comment" } },
        virt_text_pos = "eol",
      })
    end
  end, buffer)
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(event)
    local id = vim.lsp.start_client({ name = "esfproj", cmd = { "esfproj", "lsp" }, root_dir = vim.fn.getcwd() })
    vim.lsp.buf_attach_client(event.buf, id)
    vim.api.nvim_create_autocmd("DiagnosticChanged", {
      buffer = event.buf,
      callback = function()
        local client = vim.lsp.get_client_by_id(id)
        if client then show_hints(client, event.buf) end
      end,
    })
  end,
})
