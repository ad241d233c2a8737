import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

describe('logger', () => {
  it('censors caller numbers wherever they travel, including raw ARI channel payloads', () => {
    const { log, lines } = capture();
    log.info({ callerNumber: '04106123456' }, 'a');
    log.info({ channel: { id: 'x', caller: { name: 'Erika', number: '04106123456' }, connected: { number: '04106123456' } } }, 'b');
    log.info({ event: { caller: { number: '04106123456' } } }, 'c');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain('04106123456');
    expect(lines[1]).toContain('"id":"x"');
  });
});

describe('logged errors', () => {
  it('fastify, given the logger as its loggerInstance, logs a failed request’s error through our serializer', async () => {
    const { default: fastify } = await import('fastify');
    const { log, lines } = capture();
    const app = fastify({ loggerInstance: log });
    app.get('/boom', () => {
      // What ioredis attaches to a failed SET of a callback number.
      throw Object.assign(new Error('OOM command not allowed'), { command: { name: 'set', args: ['ovr:callback:c1', '04106123456'] } });
    });
    const res = await app.inject({ url: '/boom' });
    await app.close();
    expect(res.statusCode).toBe(500);
    const logged = lines.join('');
    expect(logged).toContain('OOM command not allowed');
    expect(logged).not.toContain('04106123456');
    expect(logged).not.toContain('ovr:callback');
  });
});
