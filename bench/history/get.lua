-- wrk script for bench/history.sh: GET requests read from the file named by BENCH_PATHS_FILE,
-- one "token path" per line (the bearer token of a prepared user, then the path and query),
-- each connection taking lines at random. Counts answers that are not 200.
local lines = {}
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
    local token, path = line:match("^(%S+) (%S+)$")
    if token then
      table.insert(lines, { token = token, path = path })
    end
  end
  math.randomseed(tid * 7919 + os.time())
  non_200 = 0
end

function request()
  local l = lines[math.random(#lines)]
  return wrk.format("GET", l.path, { ["Authorization"] = "Bearer " .. l.token })
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
    if non_200 <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non_200") or 0)
  end
  io.write(string.format("bench-wrk non_200=%d requests=%d p99_us=%d p50_us=%d\n", bad,
      summary.requests, latency:percentile(99), latency:percentile(50)))
end
