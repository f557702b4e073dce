-- wrk script of bench/national_search.py: requests the paths of a file (one
-- per line, the first argument after "--") in turn, each thread from its own
-- offset, with the Authorization header given as the second argument if any,
-- and prints the run's figures as one JSON line.

local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  position = offset % #paths
  if args[2] then
    wrk.headers["Authorization"] = args[2]
  end
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"socket_errors": %d, "http_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status
  ))
end
