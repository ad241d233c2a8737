import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { refusesConnections } from '../../../src/adapters/ari/refusal-probe.js';
import { freeTcpPort } from '../../support/free-port.js';

/** The probe that tells a dead Asterisk (its port refuses) from one merely out of reach. */
describe('refusesConnections', () => {
  it('says yes for a port nothing listens on, and no for one that accepts, even if it closes at once (a cut link, not a dead server)', async () => {
    const closed = await freeTcpPort();
    expect(await refusesConnections(`http://127.0.0.1:${closed}`)).toBe(true);
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await refusesConnections(`http://127.0.0.1:${port}`)).toBe(false);
    } finally {
      server.close();
    }
  });
});
