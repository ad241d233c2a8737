export { RedisAgentStore } from './agent-store.js';
export { DEFAULT_CALL_RETENTION_MS, RedisCallStore, type RedisCallStoreOptions } from './call-store.js';
export { createRedis, type RedisConnectionOptions } from './connection.js';
export { redisOp, translateRedisError } from './errors.js';
export { RedisKeys } from './keys.js';
export { RedisControllerLock } from './controller-lock.js';
export { RedisLiveQueue } from './live-queue.js';
export { RedisRecordSink, type PublishedRecord, type RedisRecordSinkOptions } from './record-sink.js';
