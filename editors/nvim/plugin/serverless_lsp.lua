-- Commands that work however the server was enabled (setup(), vim.lsp.enable, nvim-lspconfig).
if vim.g.loaded_serverless_lsp then
  return
end
vim.g.loaded_serverless_lsp = true

vim.api.nvim_create_user_command('ServerlessCompiled', function()
  require('serverless_lsp').show_compiled()
end, { desc = 'serverless-lsp: show the compiled CloudFormation template of this serverless.yml' })
