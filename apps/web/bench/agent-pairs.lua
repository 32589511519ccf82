-- wrk script of pnpm bench:agent (agent-bench.ts): every connection loops acquire -> release of the lease the
-- acquire answered. wrk asks for a connection's next request right after handing its answer to response(), so a
-- lease id queued there is what that same connection releases next.
--   wrk -t1 -c8 -d15s -s agent-pairs.lua http://127.0.0.1:3001 -- <token> <acquire body as JSON>
-- Prints one line, BENCH_JSON {...}: pairs, failures and the first failure, request latency percentiles (µs).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local token, body = args[1], args[2]
  acquire = wrk.format("POST", "/api/agent/v1/acquire", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
  release_headers = { ["Authorization"] = "Bearer " .. token }
  leases = {}
  pairs_done = 0
  failures = 0
  first_failure = ""
end

function request()
  local lease = table.remove(leases)
  if lease then
    return wrk.format("POST", "/api/agent/v1/leases/" .. lease .. "/release", release_headers, "")
  end
  return acquire
end

local function fail(what)
  failures = failures + 1
  if first_failure == "" then first_failure = what end
end

function response(status, headers, body)
  if status ~= 200 then
    fail("answered " .. status .. ": " .. string.sub(body, 1, 200))
    return
  end
  local lease = string.match(body, '"leaseId":"([^"]+)","location"')
  if lease then
    table.insert(leases, lease)
  elseif string.find(body, '"released":true', 1, true) then
    pairs_done = pairs_done + 1
  else
    fail("unexpected answer: " .. string.sub(body, 1, 200))
  end
end

function done(summary, latency, requests)
  local total, failed, first = 0, 0, ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("pairs_done")
    failed = failed + thread:get("failures")
    if first == "" then first = thread:get("first_failure") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"pairs":%d,"failures":%d,"firstFailure":"%s","requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"socketErrors":%d}\n',
    total, failed, (string.gsub(first, '[%c"\\]', " ")), summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout))
end
