-- Counts answers by class for run.py (a plain GET of the URL given to wrk).
local ok, bad = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status < 400 then ok = ok + 1 else bad = bad + 1 end
  wrk.thread:set("ok", ok)
  wrk.thread:set("bad", bad)
end
function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do
    o = o + (t:get("ok") or 0)
    b = b + (t:get("bad") or 0)
  end
  io.write(string.format("COUNT ok=%d bad=%d\n", o, b))
end
