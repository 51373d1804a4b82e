-- serverless-lsp for Neovim 0.11+ (`vim.lsp.enable('serverless_lsp')`), also picked up by
-- nvim-lspconfig when this plugin is on 'runtimepath'. Attaches to serverless.yml,
-- serverless.yaml and serverless.<anything>.yml only, never to other YAML.

---@type vim.lsp.Config
return {
  cmd = { 'serverless-lsp', '--stdio' },
  filetypes = { 'yaml' },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if require('serverless_lsp').is_service_file(name) then
      on_dir(require('serverless_lsp').root(name))
    end
  end,
  -- Answers the server's `workspace/configuration` request for section `serverless`.
  settings = { serverless = vim.empty_dict() },
}
