-- wrk script: every request GETs a random event of evt-0 … evt-(EVENT_COUNT-1),
-- so almost every view is rendered afresh rather than served from the view
-- cache (4,096 views): the cost of a GET the server has not just answered.
local count = tonumber(os.getenv("EVENT_COUNT") or "")
if not count or count < 1 then error("set EVENT_COUNT to the number of events evt-0 … evt-N") end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

function request()
  return wrk.format("GET", "/api/events/evt-" .. math.random(0, count - 1))
end
