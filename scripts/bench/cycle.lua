-- wrk script: cycles through prepared requests, one per line of the file given after `--`.
-- Without a second argument each line is a POST body (a Kakao SkillPayload); with one, each line
-- is a path to GET with that bearer token (the admin API).
local requests = {}
local next_request = 0

function init(args)
    local token = args[2]
    for line in io.lines(args[1]) do
        if token then
            requests[#requests + 1] = wrk.format("GET", line, { Authorization = "Bearer " .. token })
        else
            requests[#requests + 1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, line)
        end
    end
    -- Threads start at different points so they do not ask for the same rows in lockstep.
    next_request = math.random(#requests) - 1
end

function request()
    next_request = next_request % #requests + 1
    return requests[next_request]
end
