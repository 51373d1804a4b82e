-- The Neovim plugin (editors/nvim) with the real server, in headless Neovim 0.11:
--   nvim --headless --clean -l tests/editors/nvim/serverless_lsp_spec.lua
-- Env: SLSP_SERVER (the binary).

local here = vim.fs.dirname(vim.fs.abspath(debug.getinfo(1, 'S').source:sub(2)))
local repo = vim.fs.normalize(here .. '/../../..')
package.path = here .. '/?.lua;' .. package.path
local H = require('harness')

local server = assert(os.getenv('SLSP_SERVER'), 'SLSP_SERVER is not set (run tests/editors/run)')
local fixtures = repo .. '/tests/editors/fixtures'

-- The plugin as a user installs it: on 'runtimepath', its plugin/ file sourced.
vim.opt.rtp:prepend(repo .. '/editors/nvim')
vim.cmd.runtime('plugin/serverless_lsp.lua')
local plugin = require('serverless_lsp')

-- Every notification, for the assertions on what the user is told.
local notifications = {}
vim.notify = function(msg, level)
  table.insert(notifications, { msg = msg, level = level })
end

-- Each test works on copies in a fresh folder (no .git: the root is the file's folder).
local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp, 'p')
-- `folder` (default: the fixture's) keeps the copies of tests that edit the same fixture apart.
local function copy_fixture(rel, dest_name, folder)
  local dir = tmp .. '/' .. (folder or vim.fs.dirname(rel))
  vim.fn.mkdir(dir, 'p')
  local dest = dir .. '/' .. (dest_name or vim.fs.basename(rel))
  vim.fn.writefile(vim.fn.readfile(fixtures .. '/' .. rel, 'b'), dest, 'b')
  return dest
end

--- Opens `path` and waits until the server has attached to it.
local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  H.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'serverless_lsp' }) > 0
  end, 'serverless_lsp to attach to ' .. vim.fs.basename(path))
  return buf
end

-- The document version of each buffer's last published diagnostics.
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
local published_version = {}
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx)
  default_publish(err, result, ctx)
  local buf = vim.uri_to_bufnr(result.uri)
  published_version[buf] = result.version or -1
end

--- Waits for diagnostics of the buffer's current version, and returns them in a plain form.
local function diagnostics_now(buf, what)
  local version = vim.lsp.util.buf_versions[buf]
  H.wait(10000, function()
    return published_version[buf] == version
  end, 'diagnostics for version ' .. tostring(version) .. (what and (' (' .. what .. ')') or ''))
  return vim.tbl_map(function(d)
    return {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
      code = d.code,
      message = d.message,
    }
  end, vim.diagnostic.get(buf))
end

local UNKNOWN_TRIGGER = "must be equal to one of the allowed values [PreSignUp, PostConfirmation, "
  .. 'PreAuthentication, PostAuthentication, PreTokenGeneration, CustomMessage, DefineAuthChallenge, '
  .. 'CreateAuthChallenge, VerifyAuthChallengeResponse, UserMigration, CustomSMSSender, '
  .. "CustomEmailSender] (did you mean 'PreSignUp'?)"

--- The 0-based byte columns of `needle` on `line` (1-based) of `buf`.
local function columns_of(buf, line, needle)
  local text = vim.api.nvim_buf_get_lines(buf, line - 1, line, true)[1]
  local start = H.truthy(text:find(needle, 1, true), needle .. ' on line ' .. line)
  return start - 1, start - 1 + #needle
end

-- The server as the user configures it with setup(); only the command differs.
plugin.setup({ cmd = { server, '--stdio' }, stage = 'test' })

H.test('a valid seed service gets no diagnostics, over UTF-8 positions', function()
  local buf = open(copy_fixture('service/serverless.yml'))
  H.eq({}, diagnostics_now(buf), 'diagnostics of the valid seed')
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'serverless_lsp' })[1]
  H.eq('utf-8', client.offset_encoding, 'negotiated position encoding')
  H.eq({ stage = 'test' }, client.config.init_options, 'setup() settings as initializationOptions')
end)

H.test('an unknown trigger: one error, exactly on the value', function()
  local buf = open(copy_fixture('invalid-trigger/serverless.yml'))
  local start_col, end_col = columns_of(buf, 13, 'PreSignup')
  H.eq({
    {
      lnum = 12,
      col = start_col,
      end_lnum = 12,
      end_col = end_col,
      severity = vim.diagnostic.severity.ERROR,
      source = 'serverless-lsp',
      code = 'unknown-trigger',
      message = UNKNOWN_TRIGGER,
    },
  }, diagnostics_now(buf), 'diagnostics of the invalid trigger')
end)

H.test('typing a wrong trigger and fixing it updates the diagnostics', function()
  local path = copy_fixture('service/serverless.yml', 'serverless.yaml')
  local buf = open(path)
  H.eq({}, diagnostics_now(buf, 'before the edit'), 'diagnostics before the edit')
  local start_col, end_col = columns_of(buf, 13, 'PreSignUp')
  -- "PreSignUp" -> "PreSignup", as typed: one character replaced.
  vim.api.nvim_buf_set_text(buf, 12, end_col - 2, 12, end_col - 1, { 'u' })
  local after = diagnostics_now(buf, 'after typing')
  H.eq(1, #after, 'one diagnostic after the edit')
  H.eq({ 12, start_col, 12, end_col, 'unknown-trigger' }, { after[1].lnum, after[1].col, after[1].end_lnum, after[1].end_col, after[1].code }, 'its place and code')
  vim.api.nvim_buf_set_text(buf, 12, end_col - 2, 12, end_col - 1, { 'U' })
  H.eq({}, diagnostics_now(buf, 'after the fix'), 'diagnostics after the fix')
end)

H.test('columns after multi-byte text (é, 🙂) in serverless.<stage>.yml', function()
  local buf = open(copy_fixture('unicode/serverless.dev.yml'))
  local start_col, end_col = columns_of(buf, 12, 'é🙂PreSignUp')
  local got = diagnostics_now(buf)
  H.eq(1, #got, 'one diagnostic')
  H.eq({ 11, start_col, 11, end_col, 'unknown-trigger' }, { got[1].lnum, got[1].col, got[1].end_lnum, got[1].end_col, got[1].code }, 'byte columns of the value')
end)

H.test('other YAML files get no server', function()
  local path = tmp .. '/docker-compose.yml'
  vim.fn.writefile({ 'services:', '  web:', '    image: nginx' }, path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  H.eq('yaml', vim.bo[buf].filetype, 'filetype')
  vim.wait(300)
  H.eq(0, #vim.lsp.get_clients({ bufnr = buf, name = 'serverless_lsp' }), 'clients attached to docker-compose.yml')
end)

--- Sends `method` for `buf` at the 0-based (line, byte col) and returns the server's result.
local function request_at(buf, method, line, col, extra)
  local params = vim.tbl_extend('force', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = { line = line, character = col },
  }, extra or {})
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000)
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'serverless_lsp' })[1]
  local answer = H.truthy(answers and answers[client.id], method .. ': no answer from serverless_lsp')
  H.eq(nil, answer.err, method .. ': error')
  return answer.result
end

--- The completion items at the end of line `line` (1-based), by label.
local function completion_at_end(buf, line)
  local text = vim.api.nvim_buf_get_lines(buf, line - 1, line, true)[1]
  local result = request_at(buf, 'textDocument/completion', line - 1, #text)
  local items = H.truthy(result, 'completion items (got null)')
  items = items.items or items
  local by_label = {}
  for _, item in ipairs(items) do
    by_label[item.label] = item
  end
  return by_label, items
end

local function doc_text(doc)
  return type(doc) == 'table' and doc.value or doc or ''
end

H.test('completion after `trigger: Pre` offers the Pre* triggers, each explained', function()
  local buf = open(copy_fixture('service/serverless.yml', nil, 'complete-trigger'))
  diagnostics_now(buf, 'before the edit')
  local _, end_col = columns_of(buf, 13, 'PreSignUp')
  vim.api.nvim_buf_set_text(buf, 12, end_col - #'SignUp', 12, end_col, {}) -- `trigger: Pre|`
  local items, all = completion_at_end(buf, 13)
  for _, trigger in ipairs({ 'PreSignUp', 'PreAuthentication', 'PreTokenGeneration' }) do
    local item = H.truthy(items[trigger], trigger .. ' among ' .. vim.inspect(vim.tbl_keys(items)))
    local text = (item.detail or '') .. '\n' .. doc_text(item.documentation)
    H.match('triggerSource', text, trigger .. "'s detail/documentation")
  end
  H.eq(nil, items.MyUserPool, 'no pool names among the triggers')
  H.truthy(#all <= 12, 'at most the 12 triggers, got ' .. #all)
end)

H.test('completion after `!Ref ` in resources offers the generated logical IDs', function()
  local buf = open(copy_fixture('service/serverless.yml', nil, 'complete-ref'))
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, true, {
    'resources:',
    '  Outputs:',
    '    PoolId:',
    '      Value: !Ref ',
  })
  diagnostics_now(buf, 'after adding resources')
  local items = completion_at_end(buf, last + 4)
  H.truthy(items.CognitoUserPoolMyUserPool, 'CognitoUserPoolMyUserPool among ' .. vim.inspect(vim.tbl_keys(items)))
  H.truthy(items.PreSignUpLambdaFunction, 'PreSignUpLambdaFunction among ' .. vim.inspect(vim.tbl_keys(items)))
  H.truthy(items.CustomMessageLambdaFunction, 'CustomMessageLambdaFunction')
  H.eq(nil, items.PreSignUp, 'no trigger names after !Ref')
end)

--- The hover's markdown at the first `needle` on `line` (1-based).
local function hover_text(buf, line, needle)
  local col = columns_of(buf, line, needle)
  local result = H.truthy(request_at(buf, 'textDocument/hover', line - 1, col + 1), 'a hover on ' .. needle)
  local contents = result.contents
  return type(contents) == 'table' and (contents.value or table.concat(vim.tbl_map(doc_text, contents), '\n'))
    or contents
end

H.test('hover on a cognitoUserPool event and on a function key shows the generated resources', function()
  local buf = open(copy_fixture('service/serverless.yml', nil, 'hover'))
  diagnostics_now(buf)
  local event = hover_text(buf, 11, 'cognitoUserPool')
  H.match('CognitoUserPoolMyUserPool', event, 'the event hover')
  H.match('AWS::Cognito::UserPool', event, 'the event hover')
  local fn = hover_text(buf, 8, 'preSignUp')
  H.match('PreSignUpLambdaFunction', fn, 'the function hover')
  H.match('AWS::Lambda::Function', fn, 'the function hover')
end)

H.test(':ServerlessCompiled shows exactly what `serverless-lsp compile` prints, and follows edits', function()
  local path = copy_fixture('service/serverless.yml', nil, 'compiled')
  local buf = open(path)
  notifications = {}
  vim.cmd('ServerlessCompiled')
  local name = 'serverless-compiled://' .. vim.api.nvim_buf_get_name(buf)
  local compiled = H.wait(10000, function()
    local b = vim.fn.bufnr(name)
    return b ~= -1 and vim.api.nvim_buf_line_count(b) > 1 and b
  end, 'the compiled buffer')
  H.eq({}, notifications, 'notifications')
  H.eq('json', vim.bo[compiled].filetype, 'filetype of the compiled buffer')
  H.eq(false, vim.bo[compiled].modifiable, 'the compiled buffer is read-only')
  local shown = table.concat(vim.api.nvim_buf_get_lines(compiled, 0, -1, true), '\n')
  local template = vim.json.decode(shown)
  H.eq('2010-09-09', template.AWSTemplateFormatVersion, 'AWSTemplateFormatVersion')
  H.eq('AWS::Cognito::UserPool', template.Resources.CognitoUserPoolMyUserPool.Type, 'the pool resource')
  -- The CLI with the stage the plugin was set up with: the same compiler, byte for byte.
  local cli = vim.system({ server, 'compile', '--stage', 'test', path }, { text = true }):wait()
  H.eq(0, cli.code, 'serverless-lsp compile exit code (' .. (cli.stderr or '') .. ')')
  -- The one thing allowed to differ: the artifact folder's timestamp (the CLI stamps the current
  -- time, as `serverless package` does; the editor a fixed one, so the view does not churn).
  local function unstamped(text)
    local out, n = text:gsub('/%d+%-%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d%d%dZ/', '/<STAMP>/')
    return out, n
  end
  local cli_text, cli_stamps = unstamped(vim.trim(cli.stdout))
  local shown_text, shown_stamps = unstamped(shown)
  H.eq(2, cli_stamps, 'artifact stamps in the CLI output (one per function)')
  H.eq(2, shown_stamps, 'artifact stamps in the buffer (one per function)')
  H.eq(cli_text, shown_text, 'the buffer against `serverless-lsp compile`, byte for byte')

  -- Rename the pool in the source: the buffer follows.
  local start_col, end_col = columns_of(buf, 12, 'MyUserPool')
  vim.api.nvim_buf_set_text(buf, 11, start_col, 11, end_col, { 'OtherPool' })
  vim.api.nvim_exec_autocmds('TextChanged', { buffer = buf })
  local after = H.wait(10000, function()
    local text = table.concat(vim.api.nvim_buf_get_lines(compiled, 0, -1, true), '\n')
    return text:find('CognitoUserPoolOtherPool', 1, true) and text
  end, 'the compiled buffer to show CognitoUserPoolOtherPool')
  local resources = vim.json.decode(after).Resources
  H.truthy(resources.CognitoUserPoolMyUserPool, 'the second event still uses MyUserPool')
  H.eq('AWS::Cognito::UserPool', resources.CognitoUserPoolOtherPool.Type, 'the new pool')
end)

vim.fn.delete(tmp, 'rf')
H.finish()
