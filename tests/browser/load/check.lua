-- wrk script: POST a 280-character draft to /api/v1/check, and report checks per second and
-- any answer that was not 200. Used by `scripts/browser-test --load`.

local draft = "Proud to vote Labour tomorrow! What an idiot the referee was. Ring me on 07700 900123 or "
  .. "email jo.bloggs@example.com. Lovely lunch with the team at the office today, and a long walk "
  .. "by the river after. Can't wait for the weekend: the match, the garden, and far too much cake. "
draft = string.sub(draft .. string.rep("x", 280), 1, 280)

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "' .. draft .. '", "context": {"account": "professional", '
  .. '"role": "politically-restricted", "platform": "x"}}'

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "checks: %d in %.2f s = %.0f checks/s; latency p50 %.3f ms, p99 %.3f ms; "
      .. "errors: %d connect, %d read, %d write, %d timeout, %d not 200\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
