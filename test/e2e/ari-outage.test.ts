import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * The engine's connection to Asterisk's REST interface cut for 10 s (a network failure between the
 * two boxes, Asterisk's HTTP server stalled) while callers wait, on the real stack: the callers keep
 * their music in Asterisk, and when the connection is back the engine reconciles and serves them all.
 */
describe('the ARI connection cut while callers wait', () => {
  const counties = useCounties();
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('loses nobody: every waiting caller talks to the agent after the connection is back', async () => {
    const ari = new URL(counties.ariUrl());
    proxy = await startTcpProxy({ host: ari.hostname, port: Number(ari.port) });
    const county = await counties.open({ agents: ['agent-1'], extraEnv: { ARI_URL: proxy.url } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 1_500 } });
    await waitFor(async () => (await county.queue()).agents.some((a) => a.status === 'available'), { timeoutMs: 5_000, what: 'the agent available' });

    const callers = [];
    for (let i = 0; i < 6; i++) callers.push(await county.sipp.call({ to: NUMBERS.n115, from: `0410166${String(1000 + i)}` }));
    await waitFor(() => county.engine.logs().filter((l) => l.msg === 'call arrived').length === 6, { timeoutMs: 10_000, what: '6 calls arrived' });
    // Talking means bridged in Asterisk: an offer cut off before its bridge would, rightly, be made
    // again after the outage (the agent answered into silence), and the agent would answer 7 calls.
    await waitFor(async () => (await county.ari<{ channels: string[] }[]>('/bridges')).some((b) => b.channels.length === 2), { timeoutMs: 10_000, what: 'the agent talking to the first caller' });

    proxy.cut();
    await waitFor(() => county.engine.logs().some((l) => l.msg === 'asterisk websocket lost, reconnecting'), { timeoutMs: 5_000, what: 'the engine noticing the cut' });
    await new Promise((resolve) => setTimeout(resolve, 10_000)); // the outage itself: 10 s without ARI, not a wait for an event
    const recoveredBefore = county.engine.logs().filter((l) => l.msg === 'recovered').length;
    const backAt = Date.now();
    proxy.restore();

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(120_000)));
    const servedAfterMs = Date.now() - backAt;
    // Every caller was answered (by the engine, with music) and ended by the agent's hang-up: talked to a person.
    expect(ends.map((e) => e.outcome)).toEqual(ends.map(() => 'remote-hangup'));
    expect(agent.counts().answered).toBe(6);
    const records = await county.records();
    expect(records.filter((r) => r.outcome === 'answered-by-agent')).toHaveLength(6);
    const recovered = county.engine.logs().filter((l) => l.msg === 'recovered').slice(recoveredBefore);
    expect(recovered.length).toBeGreaterThan(0);
    const reconciledAfterMs = Number(recovered[0]?.['time']) - backAt;
    // The last caller hears the BYE while the engine still destroys that call's bridge: the proxy
    // (closed after the test) must carry that request too.
    await county.assertClean();
    console.info(`ARI cut 10 s under load: 6 callers, all served; reconciled ${reconciledAfterMs} ms and the last caller done ${servedAfterMs} ms after the connection was back`);
  });
});
