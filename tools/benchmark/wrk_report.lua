-- wrk's summary as one line of JSON (tools/benchmark/http.py reads the last line of wrk's output):
-- wrk prints only the 50/75/90/99th percentiles, and the benchmark reports the 95th.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p95_us": %d, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(95), e.status,
    e.connect + e.read + e.write + e.timeout))
end
