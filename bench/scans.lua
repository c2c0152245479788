-- wrk script for POST /v1/scans with a pool of requests preformatted in init() (formatting per
-- request in request() halves wrk's own rate on this box, see PERF-NOTES).
-- The codes come from the file named by $SCANGATE_CODES, one code a line, as served by
-- GET /admin/batches/{id}/codes. Requests rotate through the codes in file order: the first pass
-- scans each code for the first time, later passes repeat them. Devices rotate over 1024 names,
-- regions over 4.
-- done() runs in wrk's main Lua state, which never saw init(): it prints one machine-readable
-- "RESULT ..." line (latencies in microseconds).

local pool = {}
local n = 0
local i = 0

function init(args)
  local path = os.getenv("SCANGATE_CODES")
  if path == nil or path == "" then
    error("set SCANGATE_CODES to a file of codes, one a line")
  end
  local limit = tonumber(os.getenv("SCANGATE_POOL_MAX") or "1000000")
  local regions = { "CN-31", "CN-11", "CN-44", "HK" }
  local headers = { ["Content-Type"] = "application/json" }
  local f = assert(io.open(path, "r"))
  for code in f:lines() do
    if code ~= "" then
      local body = string.format('{"code":"%s","device":"bench-device-%d","region":"%s"}',
          code, n % 1024, regions[(math.floor(n / 1024) % 4) + 1])
      n = n + 1
      pool[n] = wrk.format("POST", "/v1/scans", headers, body)
      if n >= limit then break end
    end
  end
  f:close()
  if n == 0 then
    error("no codes in " .. path)
  end
  io.write(string.format("POOL requests=%d\n", n))
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return pool[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      "RESULT requests=%d duration_us=%d rps=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.0f"
      .. " non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
