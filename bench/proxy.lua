-- A GET with the header BENCH_AUTH names (e.g. "Bearer nohk_…"), counted like count.lua: the proxy
-- path of run.py (the same script, without the header, measures the stand-in answered directly).
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
wrk.headers["Notion-Version"] = "2022-06-28"
local ok, bad = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
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
