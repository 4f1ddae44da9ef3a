import { LuaScript } from "../connection/lua-script.js";

/**
 * KEYS: run hash. ARGV: partition, checkpoint JSON, done (1/0), pages, ttl ms (0 = none).
 * Writes the checkpoint unless the stored one is further along: done beats not done, then more pages
 * beat fewer; on a tie the new write wins (it may carry a newer cursor, givenUp or data).
 * Returns 1 when written, 0 when the stored checkpoint was kept.
 */
export const putCheckpointScript = new LuaScript(
  "checkpoint-put",
  `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local ok, old = pcall(cjson.decode, stored)
  if ok and type(old) == 'table' then
    local old_done = (old['done'] == true) and 1 or 0
    local old_pages = tonumber(old['pages']) or 0
    local new_done, new_pages = tonumber(ARGV[3]), tonumber(ARGV[4])
    if old_done > new_done or (old_done == new_done and old_pages > new_pages) then return 0 end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local ttl = tonumber(ARGV[5])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`,
);

/**
 * KEYS: lease key. ARGV: owner, ttl ms.
 * Takes the lease when it is free (or lapsed: Redis expired the key) or already held by `owner`, and
 * (re)sets its expiry to ttl ms from now. Returns 1 when `owner` holds it, 0 when another owner does.
 * Idempotent: sending it again after a lost reply renews the lease it already took.
 */
export const claimLeaseScript = new LuaScript(
  "lease-claim",
  `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
);

/** KEYS: lease key. ARGV: owner. Deletes the lease only if `owner` holds it; returns 1 when deleted. */
export const releaseLeaseScript = new LuaScript(
  "lease-release",
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`,
);
