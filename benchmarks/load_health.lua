-- wrk script for benchmarks/load.py: GET /healthz, reporting like load_chat.lua.
function done(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %.1f %.1f %.1f %.1f\n", summary.requests, summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
