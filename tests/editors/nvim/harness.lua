-- A tiny test harness for headless Neovim: `test(name, fn)`, assertions that name what they
-- compared, and a closing "N passed, N failed" line; the process exits 1 on any failure.

local H = { passed = 0, failed = 0 }

local function fmt(v)
  return vim.inspect(v, { newline = ' ', indent = '' })
end

function H.eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(string.format('%s:\n  expected %s\n  got      %s', what or 'values differ', fmt(expected), fmt(actual)), 2)
  end
end

function H.truthy(value, what)
  if not value then
    error(what or 'expected a true value', 2)
  end
  return value
end

function H.match(pattern, text, what)
  if type(text) ~= 'string' or not text:find(pattern) then
    error(string.format('%s: %s does not match %s', what or 'no match', fmt(text), fmt(pattern)), 2)
  end
end

--- Waits up to `ms` for `fn()` to return a truthy value; errors with `what` otherwise.
function H.wait(ms, fn, what)
  local value
  local ok = vim.wait(ms, function()
    value = fn()
    return value
  end, 20)
  if not ok then
    error('timed out after ' .. ms .. ' ms waiting for ' .. (what or 'a condition'), 2)
  end
  return value
end

function H.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    H.passed = H.passed + 1
    io.stdout:write('ok - ' .. name .. '\n')
  else
    H.failed = H.failed + 1
    io.stdout:write('not ok - ' .. name .. '\n')
    for line in tostring(err):gmatch('[^\n]+') do
      io.stdout:write('#   ' .. line .. '\n')
    end
  end
end

function H.finish()
  io.stdout:write(string.format('%d passed, %d failed\n', H.passed, H.failed))
  io.stdout:flush()
  vim.cmd((H.failed > 0 or H.passed == 0) and 'cquit 1' or 'qall!')
end

return H
