-- wrk script for bench/api.sh: P2P payments over the public API, closed loop.
-- Each request: a random payer (bearer token) pays USD 0.01 to another prepared user, with a
-- unique Idempotency-Key. Users come from the file named by BENCH_USERS_FILE:
--   token,email,transactionId,cardId   (a header line, then one line per user)
local users = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_USERS_FILE")) do
    local token, email = line:match("^([^,]+),([^,]+),")
    if token ~= "token" then -- the header line
      table.insert(users, { token = token, email = email })
    end
  end
  math.randomseed(tid * 7919 + os.time())
  run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
  non_201 = 0
end

function request()
  counter = counter + 1
  local n = #users
  local payer = math.random(n)
  local payee = (payer + math.random(n - 1) - 1) % n + 1
  local body = '{"recipientEmail":"' .. users[payee].email ..
      '","amountMinor":1,"currency":"USD"}'
  return wrk.format("POST", "/api/v1/me/transfers", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. users[payer].token,
    ["Idempotency-Key"] = run_id .. "-" .. tid .. "-" .. counter,
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    non_201 = non_201 + 1
    if non_201 <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non_201") or 0)
  end
  io.write(string.format("bench-wrk non_201=%d requests=%d p99_us=%d p50_us=%d\n", bad,
      summary.requests, latency:percentile(99), latency:percentile(50)))
end
