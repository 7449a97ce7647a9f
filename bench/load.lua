-- wrk script for bench/run.
--
-- Arguments after "--" are Cookie header values, one per signed-in person; requests
-- rotate over them, so every connection is a signed-in person and the pages are read by
-- several people. response() counts every answer that is not 2xx (wrk itself counts
-- only 4xx/5xx, so a redirect to the sign-in page would pass unnoticed). done() prints
-- one line, "BENCH_WRK {json}", with latencies in microseconds.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  for i, cookie in ipairs(args) do
    prepared[i] = wrk.format(nil, nil, { ["Cookie"] = cookie })
  end
  if #prepared == 0 then
    prepared[1] = wrk.format()
  end
  turn = id % #prepared
  non2xx = 0
end

function request()
  turn = turn % #prepared + 1
  return prepared[turn]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, '
      .. '"mean_us": %.1f, "p50_us": %d, "p75_us": %d, "p90_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, non2xx_total,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency.mean, latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max
  ))
end
