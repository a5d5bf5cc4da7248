-- wrk script for the live scenario of bench/run.py: every request picks a path
-- from a weighted list (one "weight path" pair a line, in the file named by
-- LIVE_PATHS), so readers spread over the site as the weights say.
--
--   LIVE_PATHS=paths.txt wrk -t2 -c8 -d15s -s bench/live.lua http://127.0.0.1:8404

local paths, cumulative, total = {}, {}, 0

local file = os.getenv("LIVE_PATHS")
if not file then
  error("LIVE_PATHS must name the file of weighted paths")
end
for line in io.lines(file) do
  local weight, path = line:match("^(%S+)%s+(%S+)$")
  if weight then
    total = total + tonumber(weight)
    paths[#paths + 1] = path
    cumulative[#cumulative + 1] = total
  end
end

-- Each thread draws its own sequence, the same from run to run.
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

function init(args)
  math.randomseed(1000 + (thread_id or 0))
end

function request()
  local r = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < r then
      low = middle + 1
    else
      high = middle
    end
  end
  return wrk.format("GET", paths[low])
end
