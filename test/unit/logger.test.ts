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
