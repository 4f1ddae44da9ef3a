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
