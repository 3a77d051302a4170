-- wrk script: POSTs the same signed payload with a distinct X-GitHub-Delivery id per request, as
-- GitHub would (the signature covers the body only).
--   WEBHOOK_BODY=file WEBHOOK_SIGNATURE=sha256=... wrk -s post.lua URL
local body_file = assert(io.open(os.getenv("WEBHOOK_BODY"), "rb"))
local body = body_file:read("*a")
body_file:close()
local signature = os.getenv("WEBHOOK_SIGNATURE")
local run = tostring(os.time())
local threads = 0
local counter = 0

-- Runs in the main Lua state once per thread: give each thread its own number for the ids.
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

request = function()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "issues",
    ["X-GitHub-Hook-ID"] = "4242",
    ["X-GitHub-Delivery"] = string.format("%s-%d-%d", run, thread_number, counter),
    ["X-Hub-Signature-256"] = signature,
    ["User-Agent"] = "GitHub-Hookshot/bench",
  }
  return wrk.format("POST", nil, headers, body)
end
