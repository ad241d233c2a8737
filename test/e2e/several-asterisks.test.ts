import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { openClusterCounty, type ClusterCounty } from './cluster-county.js';
import { NUMBERS } from './county-fixture.js';

/**
 * The engine driving two Asterisk servers behind Kamailio, on the real stack: Kamailio spreads the
 * carrier's calls over both, the agents' phones are registered at Kamailio, and each caller talks
 * to an agent from the server their call landed on.
 */
describe('the engine on two Asterisk servers', () => {
  let county: ClusterCounty | undefined;
  afterEach(async () => {
    await county?.close();
    county = undefined;
  });

  const errorsOf = (c: ClusterCounty) => c.engine.logs().filter((l) => typeof l['level'] === 'number' && l['level'] >= 50);

  it("serves callers on both servers, and loses nobody when one server's ARI connection is cut for 10 s", async () => {
    county = await openClusterCounty({ agents: ['agent-1', 'agent-2'], ariProxied: 1 });
    const c = county;
    const [onOther, cut] = c.cluster.asterisks;
    if (!onOther || !cut) throw new Error('two Asterisk servers expected');

    // Eight callers arrive before any agent is there: Kamailio spreads them over both servers.
    const callers = [];
    for (let i = 0; i < 8; i++) callers.push(await c.sipp.call({ to: NUMBERS.n115, from: `0410155${String(1000 + i)}` }));
    await waitFor(() => c.engine.logs().filter((l) => l['msg'] === 'call arrived').length === 8, { timeoutMs: 15_000, what: '8 calls arrived' });
    const spread = await c.callersOn();
    const onCut = spread.get(cut.systemName) ?? [];
    expect(onCut.length).toBeGreaterThan(0);
    expect(spread.get(onOther.systemName)?.length).toBe(8 - onCut.length);

    c.ariProxy?.cut();
    const cutAt = Date.now();
    await waitFor(() => c.engine.logs().some((l) => String(l['msg']).startsWith('asterisk server out of reach') && l['asterisk'] === cut.systemName), {
      timeoutMs: 5_000,
      what: 'the engine noticing the cut',
    });
    // The agents log in during the cut: the other server carries on, its callers talk to them.
    const agents = await Promise.all(['agent-1', 'agent-2'].map((endpoint) => c.sipp.phone({ endpoint, behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 800 } })));
    const servedDuringCut = () => agents.flatMap((a) => a.calls()).filter((call) => call.answeredAt !== undefined).length;
    await waitFor(() => servedDuringCut() === 8 - onCut.length || undefined, { timeoutMs: 9_000, what: "the other server's callers talking to the agents during the cut" });
    const otherDoneMs = Date.now() - cutAt;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - cutAt)))); // the cut lasts 10 s: not a wait for an event
    // Nobody of the cut server was offered meanwhile (no agent could have been connected to them).
    expect(servedDuringCut()).toBe(8 - onCut.length);
    c.ariProxy?.restore();
    const backAt = Date.now();

    const ends = await Promise.all(callers.map((caller) => caller.waitForEnd(60_000)));
    const doneMs = Date.now() - backAt;
    expect(ends.map((e) => e.outcome)).toEqual(ends.map(() => 'remote-hangup'));
    const records = await c.records();
    expect(records.filter((r) => r.outcome === 'answered-by-agent')).toHaveLength(8);
    expect(records.filter((r) => r.lostWith !== undefined)).toEqual([]);
    // Served from both servers: each record's caller channel carries its server's name.
    expect(new Set(records.map((r) => r.callerChannel.split('-')[0]))).toEqual(new Set([onOther.systemName, cut.systemName]));
    expect(c.engine.logs().some((l) => String(l['msg']).startsWith('asterisk server given up'))).toBe(false);
    expect(errorsOf(c)).toEqual([]);
    console.info(
      `ARI of ${cut.systemName} cut 10 s with 8 callers waiting (${onCut.length} on it): the other server's ${8 - onCut.length} served ${otherDoneMs} ms into the cut; ` +
        `all 8 served, 0 lost; the last one done ${doneMs} ms after the link was back`,
    );
  });

  it('gives up a killed server at once: its calls are recorded as lost, its agents serve the other server, and new calls go there', async () => {
    county = await openClusterCounty({ agents: ['agent-1', 'agent-2'] });
    const c = county;
    const agents = new Map(
      await Promise.all(['agent-1', 'agent-2'].map(async (endpoint) => [endpoint, await c.sipp.phone({ endpoint, behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 5_000 } })] as const)),
    );
    await waitFor(async () => (await c.queue()).agents.filter((a) => a.status === 'available').length === 2, { timeoutMs: 10_000, what: 'both agents available' });

    // Four callers: two talk to the agents, two wait; Kamailio put two on each server.
    const numbers = ['04101661201', '04101661202', '04101661203', '04101661204'];
    const callers = new Map<string, Awaited<ReturnType<typeof c.sipp.call>>>();
    for (const from of numbers) callers.set(from, await c.sipp.call({ to: NUMBERS.n115, from }));
    await waitFor(async () => (await c.queue()).agents.every((a) => a.status === 'busy'), { timeoutMs: 10_000, what: 'both agents talking' });
    // The server agent-1 talks on goes down, with whoever talks or waits there.
    const agentsTalkingOn = async (systemName: string) =>
      (await c.channelsOf(systemName)).flatMap((ch) => /^PJSIP\/(agent-\d)-/.exec(ch.name)?.[1] ?? []);
    const [first, second] = c.cluster.asterisks;
    if (!first || !second) throw new Error('two Asterisk servers expected');
    const [victim, survivor] = (await agentsTalkingOn(first.systemName)).includes('agent-1') ? [first, second] : [second, first];
    const talkingOnVictim = await agentsTalkingOn(victim.systemName);
    const onVictim = (await c.callersOn()).get(victim.systemName) ?? [];
    expect(onVictim).toHaveLength(2);
    const offersBefore = new Map(talkingOnVictim.map((a) => [a, agents.get(a)?.counts().offered ?? 0]));

    const killedAt = Date.now();
    await victim.kill();
    // A citizen calling right after the kill: Kamailio tries the dead server, then the survivor.
    const newcomer = await c.sipp.call({ to: NUMBERS.n115, from: '04101661205' });
    const givenUp = (l: Record<string, unknown>) => String(l['msg']).startsWith('asterisk server given up') && l['asterisk'] === victim.systemName;
    await waitFor(() => c.engine.logs().some(givenUp), {
      timeoutMs: 10_000,
      what: `the engine giving ${victim.systemName} up`,
    });
    const givenUpMs = Date.now() - killedAt;
    const newcomerAnsweredMs = (await newcomer.waitForAnswer(10_000)) - killedAt;
    // The agents whose calls died with the server are free again and take the survivor's callers.
    await waitFor(() => [...offersBefore].every(([a, before]) => (agents.get(a)?.counts().offered ?? 0) > before), {
      timeoutMs: 10_000,
      what: `${talkingOnVictim.join(' and ')} offered a call again`,
    });
    const freedMs = Date.now() - killedAt;

    // Everyone on the survivor talks to an agent: the one talking, the one waiting, the newcomer.
    const records = () => c.records();
    const served = (list: Awaited<ReturnType<typeof records>>) => list.filter((r) => r.outcome === 'answered-by-agent' && r.lostWith === undefined);
    await waitFor(async () => served(await records()).length === 3, { timeoutMs: 30_000, what: 'the 3 callers of the survivor served' });
    const all = await records();
    const lost = all.filter((r) => r.lostWith !== undefined);
    // The two calls whose media lived on the dead server: recorded as lost with it, ended by the
    // system; one that was talking keeps its outcome (the citizen did reach an agent).
    const outcomes = [...talkingOnVictim.map(() => 'answered-by-agent'), ...onVictim.slice(talkingOnVictim.length).map(() => 'abandoned')].sort();
    expect(lost.map((r) => ({ lostWith: r.lostWith, endedBy: r.endedBy, server: r.callerChannel.split('-')[0], outcome: r.outcome })).sort((x, y) => x.outcome?.localeCompare(y.outcome ?? '') ?? 0)).toEqual(
      outcomes.map((outcome) => ({ lostWith: victim.systemName, endedBy: 'system', server: victim.systemName, outcome })),
    );
    expect(served(all).every((r) => r.callerChannel.startsWith(`${survivor.systemName}-`))).toBe(true);
    // The one error: the server given up, which an operator must hear of.
    const errors = c.engine.logs().filter((l) => typeof l['level'] === 'number' && l['level'] >= 50);
    expect(errors.filter((l) => !givenUp(l))).toEqual([]);
    expect(errors).toHaveLength(1);
    console.info(
      `${victim.systemName} SIGKILLed with 2 of its callers on it (${talkingOnVictim.length} talking): given up ${givenUpMs} ms after the kill (${String(lost.length)} calls recorded as lost), ` +
        `${talkingOnVictim.join(' and ')} offered a survivor's caller ${freedMs} ms after; a citizen calling right after the kill answered in ${newcomerAnsweredMs} ms`,
    );
  });
});
