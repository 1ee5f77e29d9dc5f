-- wrk script for POST /v1/registers/NAME/match (issue #17's bar): each request sends the next JSON body
-- of a file (one body per line, made by scripts/server-match-bench.sh), and the run ends with the
-- latency percentiles and every kind of error on one line each.
--   BODIES=match-bodies.jsonl wrk -t2 -c32 -d60s --latency -s scripts/wrk-match.lua \
--       http://127.0.0.1:8080/v1/registers/bench/match
local bodies = {}
for line in io.lines(os.getenv("BODIES") or "match-bodies.jsonl") do bodies[#bodies + 1] = line end
local headers = {["Content-Type"] = "application/json"}
local token = os.getenv("TOKEN")
if token then headers["Authorization"] = "Bearer " .. token end
local i = 0

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  i = (id or 0) % #bodies
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end

function done(summary, latency, requests)
  io.write(string.format("latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("requests %d in %.1f s = %.0f req/s; errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
