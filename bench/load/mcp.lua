-- wrk script for the Switchboard load harness (bench/load/run.sh). Configured by environment:
--   BENCH_BODY         request body (the request is always a POST)
--   BENCH_HEADERS      request headers, one "Name: value" per line
--   BENCH_SESSION_IDS  optional: comma-separated Mcp-Session-Id values; wrk thread i sends the
--                      i-th (round robin), for session-era servers
--   BENCH_EXPECT       text that every good response body contains (default: hello)
-- A response counts as an error when its status is not 2xx (non2xx), or when it is 2xx but its body
-- holds no "result", holds "isError":true, or lacks BENCH_EXPECT (rpc_errors: JSON-RPC errors and
-- wrong answers). JSON and SSE bodies alike: the checks are substring searches.
-- done() prints one machine-readable line that starts with "RESULT ".

local body = os.getenv("BENCH_BODY")
if body == nil or body == "" then
  error("BENCH_BODY is not set")
end
wrk.method = "POST"
wrk.body = body
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\r\n]+") do
  local name, value = line:match("^%s*([^:]+):%s*(.-)%s*$")
  if name then
    wrk.headers[name] = value
  end
end
local expect = os.getenv("BENCH_EXPECT") or "hello"

local sessions = {}
for sid in (os.getenv("BENCH_SESSION_IDS") or ""):gmatch("[^,%s]+") do
  sessions[#sessions + 1] = sid
end

-- setup() and done() run in one Lua state; each wrk thread has its own state for init/response.
local threads = {}

function setup(thread)
  local i = #threads + 1
  threads[i] = thread
  if #sessions > 0 then
    thread:set("session_id", sessions[(i - 1) % #sessions + 1])
  end
end

function init(args)
  -- wrk formats its (static) request after init(), so headers set here are sent on every request
  if session_id then
    wrk.headers["Mcp-Session-Id"] = session_id
  end
  non2xx = 0
  rpc_errors = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif body == nil
      or not body:find('"result"', 1, true)
      or body:find('"isError":true', 1, true)
      or not body:find(expect, 1, true) then
    rpc_errors = rpc_errors + 1
  end
end

function done(summary, latency, requests)
  local n2, rpc = 0, 0
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    rpc = rpc + (t:get("rpc_errors") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  local rps = 0
  if secs > 0 then
    rps = summary.requests / secs
  end
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f "
      .. "non2xx=%d rpc_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, secs, rps,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    n2, rpc, e.connect, e.read, e.write, e.timeout))
end
