import { pino, type DestinationStream, type Logger } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { svc: 'overflow-engine' } };
  return destination ? pino(options, destination) : pino(options);
}
