/**
 * Prometheus metrics at `GET /metrics` (prom-client). Names, labels and how they are fed: README,
 * "Metrics", and engine-metrics.ts.
 *
 * Wiring (main.ts):
 * ```ts
 * const metrics = new EngineMetrics({ records: redisRecordTail(redis, keys), towns: deployment.towns.map((t) => t.id),
 *   activeCalls: () => store.active(), agents: () => agents.all(), ariConnected: () => ari.isConnected,
 *   redisConnected: () => redis.status === 'ready', log });
 * await metrics.start(5_000);               // notes where the records stream ends; counts what ends from then on
 * routes: [..., (app) => metricsRoutes(app, { metrics })]
 * metrics.stop();                           // on shutdown
 * ```
 */
export {
  AGENT_STATE_LABELS,
  COUNTY,
  EngineMetrics,
  OTHER,
  OUTCOME_LABELS,
  QUEUE_WAIT_BUCKETS,
  REASON_LABELS,
  WAITING_PHASES,
  type EngineMetricsOptions,
  type MetricsLog,
  type RecordTail,
} from './engine-metrics.js';
export { redisRecordTail } from './redis-record-tail.js';
export { metricsRoutes } from './routes.js';
