import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { hashOf, NUMBERS } from './county-fixture.js';
import type { PlatformView } from '../../src/platform/view.js';
import { SEGEBERG_NUMBERS, usePlatform, type Center } from './platform-fixture.js';

/**
 * Two service centers on one platform (docs/configuration.md#several-service-centers-on-one-platform):
 * Kreis Pinneberg and Kreis Segeberg, one engine each, on one Asterisk and one Redis. Without a
 * partner taking anyone's caller (their triggers do not fire here: both centers are open, staffed
 * and answer within seconds), each center serves its own callers with its own agents, records
 * only its own calls and lets in only its own people.
 */
const PINNEBERG_AGENTS = ['agent-1', 'agent-2'];
const SEGEBERG_AGENTS = ['segeberg-agent-1', 'segeberg-agent-2'];
const QUICKBORN_CITIZEN = '04106555301';
const KALTENKIRCHEN_CITIZEN = '04191555302';

describe('two service centers on one platform', () => {
  const platforms = usePlatform();

  it('a Quickborn caller and a Kaltenkirchen caller at the same time: each overflows to an agent of their own center, recorded there only', async () => {
    const { sipp, pinneberg, segeberg } = await platforms.open({
      pinneberg: { agents: PINNEBERG_AGENTS, overflowTimeoutSec: 2 },
      segeberg: { agents: SEGEBERG_AGENTS, overflowTimeoutSec: 2 },
    });
    // Each town hall has one phone registered that nobody answers; every agent's phone answers.
    await Promise.all(['quickborn-1', 'kaltenkirchen-1'].map((endpoint) => sipp.phone({ endpoint, behaviour: { kind: 'never-answer' } })));
    const agentPhones = new Map(
      await Promise.all(
        [...PINNEBERG_AGENTS, ...SEGEBERG_AGENTS].map(async (endpoint) => [endpoint, await sipp.phone({ endpoint, behaviour: { kind: 'answer', afterMs: 1_000, hangUpAfterMs: 1_500 } })] as const),
      ),
    );
    const allAvailable = async (center: Center, agents: readonly string[]) => {
      const view = await center.queue();
      return view.agents.length === agents.length && view.agents.every((a) => a.status === 'available');
    };
    await waitFor(async () => (await allAvailable(pinneberg, PINNEBERG_AGENTS)) && (await allAvailable(segeberg, SEGEBERG_AGENTS)), {
      timeoutMs: 5_000,
      what: "every agent available at their own center's engine",
    });
    // Each center's queue shows its own agents, and only those.
    expect((await pinneberg.queue()).agents.map((a) => a.id).sort()).toEqual(PINNEBERG_AGENTS);
    expect((await segeberg.queue()).agents.map((a) => a.id).sort()).toEqual(SEGEBERG_AGENTS);

    const [quickborn, kaltenkirchen] = await Promise.all([
      sipp.call({ to: NUMBERS.quickborn, from: QUICKBORN_CITIZEN }),
      sipp.call({ to: SEGEBERG_NUMBERS.kaltenkirchen, from: KALTENKIRCHEN_CITIZEN }),
    ]);
    // While an agent's phone rings for each, each center's queue holds its own caller only.
    const waitingTowns = async (center: Center) => (await center.queue()).waiting.map((w) => w.townId);
    await waitFor(async () => (await waitingTowns(pinneberg)).join() === 'quickborn' && (await waitingTowns(segeberg)).join() === 'kaltenkirchen', {
      timeoutMs: 8_000,
      what: "each caller offered at their own center's queue",
    });

    const [quickbornEnd, kaltenkirchenEnd] = await Promise.all([quickborn.waitForEnd(15_000), kaltenkirchen.waitForEnd(15_000)]);
    for (const end of [quickbornEnd, kaltenkirchenEnd]) {
      // Ringback while the town hall rang, then an agent answered and hung up.
      expect(end.outcome).toBe('remote-hangup');
      expect(end.ringingAt).toBeDefined();
    }

    const fromQuickborn = await pinneberg.recordOf(QUICKBORN_CITIZEN);
    const fromKaltenkirchen = await segeberg.recordOf(KALTENKIRCHEN_CITIZEN);
    expect(fromQuickborn).toMatchObject({ outcome: 'answered-by-agent', overflowReason: 'town-no-answer', entry: { kind: 'town', townId: 'quickborn' } });
    expect(fromKaltenkirchen).toMatchObject({ outcome: 'answered-by-agent', overflowReason: 'town-no-answer', entry: { kind: 'town', townId: 'kaltenkirchen' } });
    expect(PINNEBERG_AGENTS).toContain(fromQuickborn.agentId);
    expect(SEGEBERG_AGENTS).toContain(fromKaltenkirchen.agentId);
    // At the same time: both citizens talked to their agents at once.
    const answered = [fromQuickborn, fromKaltenkirchen].map((r) => r.times.answeredAt ?? Infinity);
    const ended = [fromQuickborn, fromKaltenkirchen].map((r) => r.times.endedAt ?? -Infinity);
    expect(Math.max(...answered)).toBeLessThan(Math.min(...ended));
    // Each center recorded its own call and nothing of the other's.
    expect((await pinneberg.records()).map((r) => r.callerHash)).toEqual([hashOf(QUICKBORN_CITIZEN)]);
    expect((await segeberg.records()).map((r) => r.callerHash)).toEqual([hashOf(KALTENKIRCHEN_CITIZEN)]);
    // And only its own agents' phones rang, once in all.
    const offered = (agents: readonly string[]) => agents.reduce((n, a) => n + (agentPhones.get(a)?.counts().offered ?? 0), 0);
    expect(offered(PINNEBERG_AGENTS)).toBe(1);
    expect(offered(SEGEBERG_AGENTS)).toBe(1);
  });

  // On a shared Asterisk, a leg or bridge an engine's store does not know belongs to another center's
  // engine: recovery (on start, after every ARI reconnect) must leave it alone.
  it("restarting one center's engine leaves the other center's talking call alone", async () => {
    const { sipp, pinneberg, segeberg } = await platforms.open({ pinneberg: { agents: ['agent-1'] }, segeberg: { agents: ['segeberg-agent-1'] } });
    const agent = await sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    const citizen = await sipp.call({ to: NUMBERS.n115, from: '04101555303' });
    const talk = await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Pinneberg's agent answering" });
    await citizen.waitForAnswer(5_000);

    await segeberg.engine.kill('SIGKILL');
    await segeberg.restartEngine();
    // The restarted engine has reconciled with Asterisk (it is ready): the call still flows both ways.
    const heardBefore = citizen.rtp.heard(agent.rtp.signature);
    await waitFor(() => citizen.rtp.heard(agent.rtp.signature) >= heardBefore + 25 && citizen.report().endedAt === undefined, {
      timeoutMs: 5_000,
      what: 'the Pinneberg citizen still hearing the agent after Segeberg restarted',
    });
    await agent.hangUp(talk.callId);
    expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect(await pinneberg.recordOf('04101555303')).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', endedBy: 'agent' });
  });

  it("each engine lets in only its own center's people: Segeberg's team lead is refused at Pinneberg's engine, Pinneberg's is let in, and the other way round; the platform operator is let in at both and sees both centers", async () => {
    const { pinneberg, segeberg } = await platforms.open({ pinneberg: { agents: ['agent-1'] }, segeberg: { agents: ['segeberg-agent-1'] } });
    const signIn = async (center: Center, id: string) => {
      const res = await fetch(`${center.engine.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ id, secret: `${id}-secret` }),
      });
      return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
    };
    expect((await signIn(pinneberg, 'teamlead-segeberg')).status).toBe(401);
    expect((await signIn(segeberg, 'teamlead')).status).toBe(401);
    const atPinneberg = await signIn(pinneberg, 'teamlead');
    const atSegeberg = await signIn(segeberg, 'teamlead-segeberg');
    expect([atPinneberg.status, atSegeberg.status]).toEqual([200, 200]);

    // A session of one center's engine opens nothing at the other's: each keeps its sessions under its own prefix.
    const queueWith = (center: Center, cookie: string) => fetch(`${center.engine.url}/api/queue`, { headers: { cookie } }).then((r) => r.status);
    expect(await queueWith(pinneberg, atPinneberg.cookie)).toBe(200);
    expect(await queueWith(segeberg, atPinneberg.cookie)).toBe(401);
    expect(await queueWith(pinneberg, atSegeberg.cookie)).toBe(401);

    // The platform operator, listed in both files, signs in at either engine and sees both centers there; a team lead sees only their own.
    const platformAt = (center: Center, cookie: string) => fetch(`${center.engine.url}/api/platform`, { headers: { cookie } });
    expect((await platformAt(pinneberg, atPinneberg.cookie)).status).toBe(403);
    for (const center of [pinneberg, segeberg]) {
      const platformOperator = await signIn(center, 'plattform');
      expect(platformOperator.status, center.id).toBe(200);
      let seen: PlatformView | undefined;
      await waitFor(
        async () => {
          const res = await platformAt(center, platformOperator.cookie);
          seen = res.status === 200 ? ((await res.json()) as PlatformView) : undefined;
          return seen !== undefined && seen.centers.filter((c) => c.reported).length === 2;
        },
        { timeoutMs: 5_000, what: `both centers on the board, read at ${center.id}'s engine` },
      );
      expect(seen?.center).toBe(center.id);
      expect(seen?.centers.map((c) => [c.center, c.name, c.self])).toEqual([
        ['kreis-pinneberg', 'Service-Center Kreis Pinneberg', center === pinneberg],
        ['kreis-segeberg', 'Service-Center Kreis Segeberg', center === segeberg],
      ]);
      expect(seen?.centers.map((c) => (c.reported ? [c.open, c.waiting] : null))).toEqual([
        [true, 0],
        [true, 0],
      ]);
    }
  });
});
