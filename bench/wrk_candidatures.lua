-- wrk script of bench/candidature_load.py: sends each request of a file once
-- (arguments after "--": the file, then the number of wrk threads). A line is
-- "METHOD<TAB>path<TAB>Authorization<TAB>Idempotency-Key<TAB>JSON body" (the
-- key may be empty). Thread i of n sends lines i+1, i+1+n, i+1+2n…, so no
-- two requests carry the same item; once its share is used up, a thread asks
-- for /exhausted, which answers 404 and shows as errors. Prints the run's
-- figures as one JSON line, with the 2xx answers, the statuses of the first
-- other answers, and the requests still in flight when wrk stopped (the
-- server may have completed them).

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  items = {}
  for line in io.lines(args[1]) do
    local method, path, authorization, key, body = line:match("^(%u+)\t([^\t]+)\t([^\t]+)\t([^\t]*)\t(.*)$")
    local headers = { ["Authorization"] = authorization, ["Content-Type"] = "application/json" }
    if key ~= "" then
      headers["Idempotency-Key"] = key
    end
    items[#items + 1] = wrk.format(method, path, headers, body)
  end
  stride = tonumber(args[2]) -- the number of wrk threads
  position = index + 1 - stride
  sent, succeeded, exhausted, refusals = 0, 0, 0, ""
end

function request()
  position = position + stride
  sent = sent + 1
  local item = items[position]
  if item == nil then
    exhausted = exhausted + 1
    return wrk.format("GET", "/exhausted")
  end
  return item
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    succeeded = succeeded + 1
  elseif #refusals < 200 then
    refusals = refusals .. status .. " "
  end
end

function done(summary, latency, requests)
  local totals, statuses = { sent = 0, succeeded = 0, exhausted = 0 }, ""
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
    statuses = statuses .. thread:get("refusals")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"socket_errors": %d, "http_errors": %d, "sent": %d, "succeeded": %d, "exhausted": %d, ' ..
    '"first_refusals": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    totals.sent, totals.succeeded, totals.exhausted, statuses
  ))
end
