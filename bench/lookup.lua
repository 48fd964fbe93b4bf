-- wrk script of bench/lookup: GET /v1/recommendations for ids drawn uniformly over every person
-- (user ids u-0 .. u-<BENCH_PERSONS - 1>), with the API key. With BENCH_COUNT=1 it also counts
-- every response by status and prints the totals at the end (slower: wrk hands each response
-- to Lua), for the reload-under-load run.
local persons = tonumber(os.getenv("BENCH_PERSONS") or "1000000")
local threads = {}
local seed = 0

wrk.headers["X-Api-Key"] = os.getenv("BENCH_KEY")

function setup(thread)
  seed = seed + 1
  thread:set("seed", seed)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
  ok, bad = 0, 0
end

function request()
  return wrk.format("GET", "/v1/recommendations?id=u-" .. math.random(0, persons - 1))
end

if os.getenv("BENCH_COUNT") == "1" then
  function response(status, headers, body)
    if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
  end

  function done(summary, latency, requests)
    local all_ok, all_bad = 0, 0
    for _, t in ipairs(threads) do
      all_ok = all_ok + t:get("ok")
      all_bad = all_bad + t:get("bad")
    end
    io.write(string.format("statuses: %d 2xx, %d non-2xx; socket errors: connect %d, read %d, write %d, timeout %d\n",
      all_ok, all_bad, summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.timeout))
  end
end
