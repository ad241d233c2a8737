import { pino, type DestinationStream, type Logger } from 'pino';
import { serializeError } from './log-errors.js';

/**
 * Caller numbers are redacted by configuration, not by discipline: whatever field a number could
 * travel in (ARI payloads included) is censored before a line is written.
 */
export const REDACTED_PATHS = [
  'callerNumber',
  '*.callerNumber',
  'caller.number',
  '*.caller.number',
  'connected.number',
  '*.connected.number',
  'channel.caller',
  'channel.connected',
  'number',
  '*.number',
];

/**
 * The root logger. `err` goes through serializeError (src/log-errors.ts): no Redis command
 * arguments, no URL beyond its origin, no phone-like digits. Fastify keeps this serializer when
 * given the logger as its `loggerInstance`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { err: serializeError }, base: { svc: 'overflow-engine' } };
  return destination ? pino(options, destination) : pino(options);
}
