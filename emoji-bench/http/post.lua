-- wrk script for the ingest: POSTs reactions with keep-alive, cycling through 256 prepared
-- requests (different users, emoji and rooms), and prints a JSON summary at the end.
--   WRK_MODE=one wrk -t2 -c64 -d15s -s post.lua http://127.0.0.1:8080
--   WRK_MODE=batch WRK_BATCH=1000 wrk -t2 -c16 -d15s -s post.lua http://127.0.0.1:8080
-- Mode "one": POST /emoji with one reaction. Mode "batch": POST /emojis with WRK_BATCH reactions
-- as NDJSON (reactions/s = requests/s x batch). Environment, not script arguments: wrk runs
-- done() in a Lua state that never saw init()'s arguments.
local mode = os.getenv("WRK_MODE") or "one"
local batch = tonumber(os.getenv("WRK_BATCH") or "1")
if mode ~= "batch" then batch = 1 end
local requests = {}
local counter = 0
local emojis = { "😂", "❤️", "👍", "🔥", "😮", "😢", "🎉", "👏" }

local function reaction(i, ts)
  return string.format('{"user_id":"u%d","emoji_type":"%s","timestamp":"%s","room":"r%d"}',
    i % 5000, emojis[(i % #emojis) + 1], ts, i % 3)
end

function init(args)
  -- A timestamp of now (UTC): valid, and not in the future.
  local ts = os.date("!%Y-%m-%dT%H:%M:%S")
  local path = mode == "batch" and "/emojis" or "/emoji"
  local headers = { ["Content-Type"] = mode == "batch" and "application/x-ndjson" or "application/json" }
  for r = 1, 256 do
    local body
    if mode == "batch" then
      local lines = {}
      for k = 1, batch do lines[k] = reaction(r * batch + k, ts) end
      body = table.concat(lines, "\n")
    else
      body = reaction(r, ts)
    end
    requests[r] = wrk.format("POST", path, headers, body)
  end
end

function request()
  counter = counter % 256 + 1
  return requests[counter]
end

function done(summary, latency, requests)
  local s = summary
  local secs = s.duration / 1e6
  io.write(string.format(
    'WRK_JSON {"mode":"%s","batch":%d,"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,' ..
    '"reactions_per_s":%.1f,"non_2xx":%d,"socket_errors":%d,"timeouts":%d,' ..
    '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f}}\n',
    mode, batch, s.requests, secs, s.requests / secs, s.requests * batch / secs, s.errors.status,
    s.errors.connect + s.errors.read + s.errors.write, s.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
