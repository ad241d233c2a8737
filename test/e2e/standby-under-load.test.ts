import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * The controlling engine killed (SIGKILL: a crashed process, a dead box) while 50 callers wait, on
 * the real stack, with a standby engine on the same Asterisk and Redis. What a citizen experiences:
 * the music on hold goes on (it plays in Asterisk), the wait grows by the takeover, and then an
 * agent answers; nobody is dropped and nobody is put through twice.
 */
const AGENTS = ['agent-1', 'agent-2', 'agent-3', 'agent-4'];
const CALLERS = 50;
/** The lock's lifetime bounds the takeover; the default is 10 s, shortened here as a deployment may. */
const LOCK_TTL_MS = 3_000;

describe('the active engine killed while 50 callers wait', () => {
  const counties = useCounties();

  it('loses nobody: the standby takes over within the lock lifetime and serves every caller once', async () => {
    const county = await counties.open({ agents: AGENTS, extraEnv: { CONTROLLER_LOCK_TTL_MS: String(LOCK_TTL_MS) } });
    const phones = await Promise.all(AGENTS.map((endpoint) => county.sipp.phone({ endpoint, behaviour: { kind: 'answer', afterMs: 100, hangUpAfterMs: 300 } })));
    await waitFor(async () => (await county.queue()).agents.filter((a) => a.status === 'available').length === AGENTS.length, { timeoutMs: 5_000, what: 'the agents available' });
    const active = county.engine;
    const standby = await county.startStandby();

    const numbers = Array.from({ length: CALLERS }, (_, i) => `0410177${String(1000 + i)}`);
    // All at once: the harness must place every call (each caller's INVITE reaches Asterisk).
    const callers = await Promise.all(numbers.map((from) => county.sipp.call({ to: NUMBERS.n115, from })));
    await waitFor(() => active.logs().filter((l) => l['msg'] === 'call arrived').length === CALLERS, { timeoutMs: 20_000, what: `${CALLERS} calls arrived` });
    const answeredBeforeKill = phones.reduce((n, p) => n + p.counts().answered, 0);

    const killedAt = Date.now();
    await active.kill('SIGKILL');
    await waitFor(async () => (await standby.getJson('/readyz')).status === 200, { timeoutMs: LOCK_TTL_MS + 10_000, what: 'the standby taking over' });
    const takeoverMs = Date.now() - killedAt;
    county.useEngine(standby);

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(120_000)));
    const lastDoneMs = Date.now() - killedAt;
    // Every caller was answered at once (music) and ended by the agent's hang-up: talked to a person.
    expect(ends.filter((e) => e.outcome !== 'remote-hangup').map((e) => e.outcome)).toEqual([]);
    const firstOfferAfterKill = Math.min(...phones.flatMap((p) => p.calls().map((c) => c.offeredAt)).filter((at) => at > killedAt));
    const records = await county.records();
    const hashes = new Set(records.filter((r) => r.outcome === 'answered-by-agent').map((r) => r.callerHash));
    expect(hashes.size).toBe(CALLERS);
    expect(records).toHaveLength(CALLERS);
    // An offer ringing when the engine died can be answered into nothing (its leg cannot enter the
    // app with no engine connected) and is made again: at most one per agent.
    const answered = phones.reduce((n, p) => n + p.counts().answered, 0);
    expect(answered).toBeGreaterThanOrEqual(CALLERS);
    expect(answered - CALLERS).toBeLessThanOrEqual(AGENTS.length);
    await county.assertClean();
    console.info(
      `engine killed with ${CALLERS - answeredBeforeKill} of ${CALLERS} callers waiting: standby ready ${takeoverMs} ms after the kill, ` +
        `first offer ${firstOfferAfterKill - killedAt} ms, last caller done ${lastDoneMs} ms; ${answered - CALLERS} offers cut off and made again; 0 callers lost`,
    );
  });
});
