import { LuaScript } from "../connection/lua-script.js";

/*
 * The ledger's Lua scripts. One hash per credential × pool holds the day's counters:
 *   day        "YYYY-MM-DD" the counters belong to (days only move forward)
 *   requests   requests reserved (granted and not released)
 *   records    records counted
 *   exhausted  "1" after markExhausted (the platform said 429)
 *   r:<id>     a granted reservation: its request count, or "x" once released
 *   a:<op>     an addRecords operation already applied
 * The r:/a: fields make every call idempotent, so a call retried after a lost reply counts once.
 */

const PRELUDE = `
local function set_expiry(key, midnight, clock_now)
  local t = redis.call('TIME')
  local server_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if midnight > server_now then
    redis.call('PEXPIREAT', key, midnight)
  else
    -- The injected clock is behind the server's (a test clock): keep the key for the rest of its day.
    redis.call('PEXPIRE', key, math.max(1, midnight - clock_now))
  end
end

-- The counters' day, rolled over to 'day' when that is newer. Days never go back: a caller whose
-- clock is still on yesterday counts on the newer day.
local function current_day(key, day, midnight, clock_now)
  local stored = redis.call('HGET', key, 'day')
  if stored and stored >= day then return stored end
  redis.call('DEL', key)
  redis.call('HSET', key, 'day', day, 'requests', 0, 'records', 0, 'exhausted', 0)
  set_expiry(key, midnight, clock_now)
  return day
end
`;

/**
 * KEYS: counters, epoch, lost.
 * ARGV: reservation id, requests, day, midnight (ms), clock now (ms), request limit, record limit,
 *       known epoch ('' if none yet), candidate epoch, pause on loss ('1'/'0').
 * Returns { status (1 granted, 0 spent, -1 counters lost today), day, requests, records, exhausted, epoch }.
 */
export const reserveScript = new LuaScript(
  "quota-reserve",
  `${PRELUDE}
local id, n, day = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local midnight, clock_now = tonumber(ARGV[4]), tonumber(ARGV[5])
local request_limit, record_limit = tonumber(ARGV[6]), tonumber(ARGV[7])
local known, candidate = ARGV[8], ARGV[9]

local epoch = redis.call('GET', KEYS[2])
local lost_now = false
if not epoch then
  redis.call('SET', KEYS[2], candidate)
  epoch = candidate
  lost_now = known ~= ''
elseif known ~= '' and known ~= epoch then
  lost_now = true
end

day = current_day(KEYS[1], day, midnight, clock_now)
if lost_now and ARGV[10] == '1' then
  redis.call('SET', KEYS[3], day)
  set_expiry(KEYS[3], midnight, clock_now)
end

local h = redis.call('HMGET', KEYS[1], 'requests', 'records', 'exhausted')
local requests, records, exhausted = tonumber(h[1]), tonumber(h[2]), tonumber(h[3])
local field = 'r:' .. id
if redis.call('HEXISTS', KEYS[1], field) == 1 then
  return {1, day, requests, records, exhausted, epoch}
end
if redis.call('GET', KEYS[3]) == day then
  return {-1, day, requests, records, exhausted, epoch}
end
if exhausted == 1 or requests + n > request_limit or records >= record_limit then
  return {0, day, requests, records, exhausted, epoch}
end
requests = redis.call('HINCRBY', KEYS[1], 'requests', n)
redis.call('HSET', KEYS[1], field, n)
return {1, day, requests, records, exhausted, epoch}
`,
);

/**
 * KEYS: counters. ARGV: reservation id ('' for a reservation made elsewhere), requests, day.
 * Returns 1 when given back, 0 when there was nothing to give back (another day, already released).
 */
export const releaseScript = new LuaScript(
  "quota-release",
  `
local id, n, day = ARGV[1], tonumber(ARGV[2]), ARGV[3]
if redis.call('HGET', KEYS[1], 'day') ~= day then return 0 end
if id ~= '' then
  local field = 'r:' .. id
  local held = redis.call('HGET', KEYS[1], field)
  if not held or held == 'x' then return 0 end
  n = tonumber(held)
  redis.call('HSET', KEYS[1], field, 'x')
end
local requests = tonumber(redis.call('HGET', KEYS[1], 'requests'))
redis.call('HSET', KEYS[1], 'requests', math.max(0, requests - n))
return 1
`,
);

/** KEYS: counters. ARGV: operation id, records, day. Returns 1 when counted, 0 otherwise. */
export const addRecordsScript = new LuaScript(
  "quota-add-records",
  `
local op, n, day = ARGV[1], tonumber(ARGV[2]), ARGV[3]
if redis.call('HGET', KEYS[1], 'day') ~= day then return 0 end
if redis.call('HSETNX', KEYS[1], 'a:' .. op, n) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'records', n)
return 1
`,
);

/** KEYS: counters. ARGV: day, midnight, clock now. Returns the day marked. */
export const markExhaustedScript = new LuaScript(
  "quota-mark-exhausted",
  `${PRELUDE}
local day = current_day(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], 'exhausted', 1)
return day
`,
);

/**
 * KEYS: counters, lost. ARGV: day. Read-only.
 * Returns { day, requests, records, exhausted, lost (1/0) } for the newer of 'day' and the stored day.
 */
export const stateScript = new LuaScript(
  "quota-state",
  `
local h = redis.call('HMGET', KEYS[1], 'day', 'requests', 'records', 'exhausted')
local day, requests, records, exhausted = ARGV[1], 0, 0, 0
if h[1] and h[1] >= day then
  day, requests, records, exhausted = h[1], tonumber(h[2]), tonumber(h[3]), tonumber(h[4])
end
local lost = 0
if redis.call('GET', KEYS[2]) == day then lost = 1 end
return {day, requests, records, exhausted, lost}
`,
);
