-- serverless-lsp in Neovim: `require('serverless_lsp').setup({ stage = 'prod' })`, or
-- `vim.lsp.enable('serverless_lsp')` with the config in lsp/serverless_lsp.lua.

local M = {}

M.name = 'serverless_lsp'
local COMPILED_METHOD = 'serverless/compiledTemplate'
local METHOD_NOT_FOUND = -32601
local REFRESH_DELAY_MS = 300

--- serverless.yml, serverless.yaml, serverless.<anything>.yml / .yaml (as the server decides).
function M.is_service_file(path)
  local name = vim.fs.basename(path or '')
  return name:match('^serverless%.ya?ml$') ~= nil or name:match('^serverless%..+%.ya?ml$') ~= nil
end

--- One server for a repository: its git root, else the service's folder.
function M.root(path)
  return vim.fs.root(path, { '.git' }) or vim.fs.dirname(path)
end

--- Enables the server. `opts`: `cmd` (default { 'serverless-lsp', '--stdio' }), `stage`,
--- `region`, `params` (the `serverless` settings), and any other `vim.lsp.Config` field.
function M.setup(opts)
  opts = vim.deepcopy(opts or {})
  local section = {
    stage = opts.stage,
    region = opts.region,
    params = opts.params,
  }
  opts.stage, opts.region, opts.params = nil, nil, nil
  if next(section) == nil then
    section = vim.empty_dict()
  end
  local config = vim.tbl_deep_extend('force', {
    settings = { serverless = section },
    init_options = section,
  }, opts)
  vim.lsp.config(M.name, config)
  vim.lsp.enable(M.name)
end

local function notify(message, level)
  vim.notify('serverless-lsp: ' .. message, level or vim.log.levels.ERROR)
end

local function client_for(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = M.name })[1]
end

--- The scratch buffer showing `source`'s template (created once, reused).
local function compiled_buffer(source)
  local name = 'serverless-compiled://' .. vim.api.nvim_buf_get_name(source)
  local existing = vim.fn.bufnr(name)
  if existing ~= -1 then
    return existing, false
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, name)
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'hide'
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = 'json'
  vim.bo[buf].modifiable = false
  return buf, true
end

local function set_text(buf, text)
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, '\n', { plain = true, trimempty = true }))
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
end

--- Asks the server for `source`'s template; `done(err_message_or_nil, text_or_nil, unsupported)`.
function M.request_compiled(source, done)
  local client = client_for(source)
  if not client then
    done('the server is not attached to this buffer (is it a serverless.yml?)', nil, false)
    return
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(source) }
  client:request(COMPILED_METHOD, params, function(err, result)
    if err then
      if err.code == METHOD_NOT_FOUND then
        done(
          'this server cannot show compiled templates yet (it does not know the request '
            .. COMPILED_METHOD
            .. '). Update serverless-lsp.',
          nil,
          true
        )
      else
        done('`serverless package` would fail:\n' .. (err.message or vim.inspect(err)), nil, false)
      end
      return
    end
    done(nil, result, false)
  end, source)
end

--- :ServerlessCompiled: the template in a read-only json scratch buffer beside the source,
--- refreshed while the source changes.
function M.show_compiled(source)
  source = source or vim.api.nvim_get_current_buf()
  M.request_compiled(source, function(err, text, unsupported)
    if unsupported or (err and not text and not client_for(source)) then
      notify(err)
      return
    end
    local buf, created = compiled_buffer(source)
    set_text(buf, text or ('// ' .. err:gsub('\n', '\n// ')))
    if vim.fn.bufwinid(buf) == -1 then
      vim.cmd('vertical sbuffer ' .. buf)
    end
    if created then
      M._watch(source, buf)
    end
  end)
end

function M._watch(source, buf)
  local timer = assert(vim.uv.new_timer())
  local group = vim.api.nvim_create_augroup('serverless_lsp_compiled_' .. buf, { clear = true })
  vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI', 'BufWritePost' }, {
    group = group,
    buffer = source,
    callback = function()
      timer:stop()
      timer:start(REFRESH_DELAY_MS, 0, vim.schedule_wrap(function()
        if not vim.api.nvim_buf_is_valid(buf) then
          return
        end
        M.request_compiled(source, function(err, text)
          if vim.api.nvim_buf_is_valid(buf) then
            set_text(buf, text or ('// ' .. (err or ''):gsub('\n', '\n// ')))
          end
        end)
      end))
    end,
  })
  vim.api.nvim_create_autocmd('BufWipeout', {
    group = group,
    buffer = buf,
    callback = function()
      timer:stop()
      timer:close()
      vim.api.nvim_del_augroup_by_id(group)
    end,
  })
end

return M
