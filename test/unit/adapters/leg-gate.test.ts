import { describe, expect, it } from 'vitest';
import { LegGate } from '../../../src/adapters/ari/leg-gate.js';

describe('LegGate: dial only once the created leg is in the app', () => {
  it('opens when StasisStart arrives after the create reply', async () => {
    const gate = new LegGate();
    const { entered } = gate.expect('c1~agent~1', 1_000);
    gate.entered('c1~agent~1');
    await expect(entered).resolves.toBeUndefined();
    expect(gate.pending).toBe(0);
  });

  it('does not miss a StasisStart that arrives before the create reply', async () => {
    const gate = new LegGate();
    const { entered } = gate.expect('c1~town~0', 1_000);
    // Asterisk's event beat the HTTP reply: the waiter exists already, so the event is kept.
    gate.entered('c1~town~0');
    await entered;
    expect(gate.pending).toBe(0);
  });

  it('fails with a coded error when the leg never enters, and forgets cancelled legs', async () => {
    const gate = new LegGate();
    await expect(gate.expect('c1~agent~2', 10).entered).rejects.toMatchObject({ code: 'ARI_REQUEST_FAILED' });
    gate.expect('c1~agent~3', 1_000).cancel();
    expect(gate.pending).toBe(0);
  });
});
