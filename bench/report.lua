-- wrk script: print one JSON line with the numbers the bench reads.
-- No per-response callback: one would make wrk copy every response body into Lua, which
-- costs CPU in proportion to page size on the cores the server shares. wrk counts 4xx/5xx
-- answers itself (errors.status); the harness checks for 200 before and after each load.

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "responses": %d, "non2xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, summary.requests, e.status,
    e.connect + e.read + e.write, e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
    math.floor(latency:percentile(99)), math.floor(latency.max)))
end
