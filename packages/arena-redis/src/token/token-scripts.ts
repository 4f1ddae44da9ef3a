import { LuaScript } from "../connection/lua-script.js";

/**
 * KEYS: lock. ARGV: owner, ttl ms. Returns 1 when the caller holds the lock (now, or already: a retry
 * after a lost reply must not lock its own holder out), 0 when another owner holds it.
 */
export const acquireLockScript = new LuaScript(
  "token-lock-acquire",
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`,
);

/** KEYS: lock. ARGV: owner. Deletes the lock only if the caller still owns it (it may have expired and moved on). */
export const releaseLockScript = new LuaScript(
  "token-lock-release",
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);
