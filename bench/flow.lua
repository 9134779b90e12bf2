-- Our callback doing the real work: each callback carries a fresh state from /notion/install and
-- its binding cookie. A thread sends an install when it holds no unused state, else a callback.
-- Counts callbacks (303) and failures; done() prints them as one line for run.py.
local queue = {}
local callbacks, installs, bad = 0, 0, 0
local n = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  local item = table.remove(queue)
  if item then
    n = n + 1
    return wrk.format("GET", "/notion/callback?code=bench-" .. n .. "&state=" .. item.state, { ["Cookie"] = item.cookie })
  end
  return wrk.format("GET", "/notion/install")
end

function response(status, headers, body)
  if status == 302 then
    installs = installs + 1
    local location = headers["Location"] or headers["location"] or ""
    local state = string.match(location, "[?&]state=([^&]+)")
    local cookie = string.match(headers["Set-Cookie"] or headers["set-cookie"] or "", "^([^;]+)")
    if state and cookie then
      table.insert(queue, { state = state, cookie = cookie })
    end
  elseif status == 303 then
    callbacks = callbacks + 1
  else
    bad = bad + 1
    wrk.thread:set("last_bad", status)
  end
  wrk.thread:set("callbacks", callbacks)
  wrk.thread:set("installs", installs)
  wrk.thread:set("bad", bad)
end

function done(summary, latency, requests)
  local c, i, b = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + (t:get("callbacks") or 0)
    i = i + (t:get("installs") or 0)
    b = b + (t:get("bad") or 0)
  end
  local last = ""
  for _, t in ipairs(threads) do
    if t:get("last_bad") then last = last .. " " .. t:get("last_bad") end
  end
  io.write(string.format("FLOW callbacks=%d installs=%d bad=%d last_bad_status=%s\n", c, i, b, last))
end
