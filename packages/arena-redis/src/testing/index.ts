export { findRedisServer, REDIS_SERVER_MISSING, redisSkipReason } from "./find-redis-server.js";
export { freeLoopbackPort } from "./free-port.js";
export { pingRedis, redisProcessId } from "./ping.js";
export { type RedisServer, type RedisServerOptions, startRedisServer } from "./redis-server.js";
