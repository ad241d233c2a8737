export { RedisAgentStore } from './agent-store.js';
export { RedisCallRecords } from './call-records.js';
export { DEFAULT_CALL_RETENTION_MS, DEFAULT_RECORDS_MAX_LEN, RedisCallStore, type RedisCallStoreOptions } from './call-store.js';
export { createRedis, type RedisConnectionOptions } from './connection.js';
export { redisOp, translateRedisError } from './errors.js';
export { RedisKeys } from './keys.js';
export { RedisControllerLock } from './controller-lock.js';
export { RedisLiveQueue } from './live-queue.js';
export { RedisCallbackNumbers } from './callback-numbers.js';
