-- wrk script for benchmarks/load.py. Without MESSAGES_FILE: wrk's own request (GET /healthz).
-- With it: POST /api/chat with a message that no other request carries. MESSAGES_FILE holds one JSON
-- string (a message) per line; thread i of n takes lines i, i+n, i+2n … and every request is a new
-- conversation, so neither a per-text cache nor a session's state helps. done() prints one line.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  if os.getenv("MESSAGES_FILE") == nil then return end
  local n = tonumber(os.getenv("WRK_THREADS") or "1")
  messages = {}
  local i = 0
  for line in io.lines(os.getenv("MESSAGES_FILE")) do
    if i % n == id - 1 then table.insert(messages, line) end
    i = i + 1
  end
  next_message = 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if messages == nil then return wrk.format() end
  local text = messages[next_message]
  next_message = next_message + 1
  if next_message > #messages then next_message = 1 end  -- load.py makes more than a run needs
  local body = '{"session_id":"load-' .. id .. '-' .. next_message .. '","text":' .. text .. '}'
  return wrk.format(nil, "/api/chat", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %.1f %.1f %.1f %.1f\n", summary.requests, summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
