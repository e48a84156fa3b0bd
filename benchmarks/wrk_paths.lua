-- wrk script for throughput_benchmark.py: GET the paths of a file in order, and count what was not a 200.
--
--   wrk -t 1 -c 2 -d 5s -s benchmarks/wrk_paths.lua http://127.0.0.1:8000 -- paths.txt 1
--
-- Thread i of n sends paths i+1, i+1+n, i+1+2n, ...: threads never send the same line, so a file
-- of paths never asked before stays never asked before. At the end of the file a thread starts
-- again and counts a wrap (throughput_benchmark.py flags a run of new paths that wrapped).
-- done() prints one line, "wrk-result {json}", with the latency percentiles in microseconds.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  step = tonumber(args[2]) or 1 -- the thread count: each thread's script has its own, empty `threads`
  position = id
  wrapped = 0
  not_ok = 0
  last_status = 0
end

function request()
  if position >= #paths then
    position = position % #paths
    wrapped = wrapped + 1
  end
  local path = paths[position + 1]
  position = position + step
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    last_status = status
  end
end

function done(summary, latency, requests)
  local not_ok, wrapped, last_status = 0, 0, 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_ok")
    wrapped = wrapped + thread:get("wrapped")
    if thread:get("last_status") ~= 0 then
      last_status = thread:get("last_status")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"not_ok": %d, "last_status": %d, "wrapped": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, not_ok, last_status, wrapped, e.connect, e.read, e.write, e.timeout
  ))
end
