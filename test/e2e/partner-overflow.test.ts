import { describe, expect, it } from 'vitest';
import type { DeskView } from '../../src/app/desk-feed.js';
import type { Call } from '../../src/domain/call.js';
import { operatorReads } from '../support/operator-reads.js';
import { heardSegments, noticeable } from '../support/announcement-audio.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS } from './county-fixture.js';
import { SEGEBERG_NUMBERS, usePlatform, type Center } from './platform-fixture.js';

/**
 * The 115 network on one platform, on the real stack (Asterisk, Redis, SIPp, an engine per center):
 * Kreis Pinneberg's only agent is busy, so its caller waits; Kreis Segeberg, its partner, takes the
 * caller after the set wait, but only once its own callers are served and only while it answers
 * its own callers within its target.
 */
const PINNEBERG_AGENT = 'agent-1';
const SEGEBERG_AGENT = 'segeberg-agent-1';
const SEGEBERG_AGENTS = [SEGEBERG_AGENT, 'segeberg-agent-2'];
/** Pinneberg's callers may go to Segeberg after 3 s of waiting. */
const AFTER_WAIT_SEC = 3;
/** Pinneberg's waiting caller: a Quickborn number (area code 04106), so the call is about Stadt Quickborn. */
const CITIZEN = '04106555002';
const pinnebergWithPartner = {
  agents: [PINNEBERG_AGENT],
  serviceCenter: { wrapUpSec: 0, partners: [{ center: 'kreis-segeberg', afterWaitSec: AFTER_WAIT_SEC }] },
};

const available = async (center: Center, agent: string): Promise<boolean> => (await center.queue()).agents.some((a) => a.id === agent && a.status === 'available');

describe('a partner center takes a waiting caller (two engines, one Asterisk)', () => {
  const platforms = usePlatform();

  it("Pinneberg's caller waits past the set time and is answered by Segeberg's agent, after Segeberg's own caller, keeping the arrival time; the agent's desk names Pinneberg and the caller's town", async () => {
    const { sipp, pinneberg, segeberg } = await platforms.open({
      pinneberg: pinnebergWithPartner,
      segeberg: { agents: [SEGEBERG_AGENT], serviceCenter: { wrapUpSec: 0 } },
    });
    // Pinneberg's agent talks for as long as the test needs; Segeberg's first call too (hung up below), then 3 s per call.
    const pinnebergPhone = await sipp.phone({ endpoint: PINNEBERG_AGENT, behaviour: { kind: 'answer', afterMs: 300 } });
    const segebergPhone = await sipp.phone({ endpoint: SEGEBERG_AGENT, behaviour: { kind: 'answer', afterMs: 300 } });
    await waitFor(async () => (await available(pinneberg, PINNEBERG_AGENT)) && (await available(segeberg, SEGEBERG_AGENT)), { timeoutMs: 5_000, what: 'both agents available' });
    // Segeberg's agent signs in to the desk API now: the one password check is done before any call.
    const asSegebergAgent = operatorReads(segeberg.engine.url, { id: SEGEBERG_AGENT, secret: `${SEGEBERG_AGENT}-secret` });
    const segebergDesk = async (): Promise<DeskView> => (await asSegebergAgent<DeskView>(`/api/agents/${SEGEBERG_AGENT}/desk`)).body;
    expect((await segebergDesk()).call).toBeNull();

    // A 115 caller keeps Pinneberg's only agent busy.
    const first = await sipp.call({ to: NUMBERS.n115, from: '04101555001' });
    await pinnebergPhone.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Pinneberg's agent talking" });
    // Segeberg's agent talks with a Kaltenkirchen caller (no town-hall phone registered: straight to Segeberg's queue);
    // a second Segeberg caller waits for them.
    const segebergFirst = await sipp.call({ to: SEGEBERG_NUMBERS.kaltenkirchen, from: '04191555011' });
    await segebergPhone.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Segeberg's agent talking" });
    const segebergSecond = await sipp.call({ to: SEGEBERG_NUMBERS.henstedtUlzburg, from: '04193555012' });
    await waitFor(async () => (await segeberg.queue()).waiting.length === 1, { timeoutMs: 5_000, what: "Segeberg's second caller waiting" });
    // On the shared Asterisk the waiting Segeberg caller hears Segeberg's own greeting, not Pinneberg's.
    const greetings = ['overflow-segeberg/greeting', 'overflow/greeting'];
    const heardGreetings = () => noticeable(heardSegments(segebergSecond.rtp.received(), greetings)).flatMap((s) => (greetings.includes(s.what) ? [s.what] : []));
    await waitFor(() => Promise.resolve(heardGreetings().length > 0), { timeoutMs: 12_000, what: 'a greeting heard in full', intervalMs: 250 });
    expect(heardGreetings()).toEqual(['overflow-segeberg/greeting']);
    segebergPhone.setBehaviour({ kind: 'answer', afterMs: 300, hangUpAfterMs: 3_000 });
    await segebergPhone.hangUp();
    // Now a Pinneberg caller from Quickborn: nobody free at home, the partner has its own caller waiting.
    const citizen = await sipp.call({ to: NUMBERS.n115, from: CITIZEN });
    // Segeberg's agent's desk (what the page reads, as that agent) names Pinneberg's center and town.
    const pop = await waitFor(
      async () => {
        const call = (await segebergDesk()).call;
        return call?.fromPartner ? call : null;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: "the handed-over caller on Segeberg's agent's desk" },
    );
    expect(pop).toMatchObject({
      overflowReason: 'partner',
      municipality: null,
      fromPartner: { center: 'kreis-pinneberg', centerName: 'Service-Center Kreis Pinneberg', municipality: { id: 'quickborn', name: 'Stadt Quickborn' }, trigger: 'waited', overflowReason: 'direct-115' },
    });
    // And answers from Pinneberg's knowledge of Quickborn: its passport article, Quickborn's section first.
    const search = await asSegebergAgent<{ hits: { id: string; localSection?: string }[] }>('/api/knowledge/search?center=kreis-pinneberg&municipality=quickborn&q=reisepass');
    expect(search.status).toBe(200);
    expect(search.body.hits[0]).toMatchObject({ id: 'reisepass', localSection: 'quickborn' });
    // Segeberg's own knowledge base has no such article.
    expect((await asSegebergAgent<{ hits: { id: string }[] }>('/api/knowledge/search?q=reisepass')).body.hits.map((h) => h.id)).not.toContain('reisepass');

    // Segeberg's agent serves both of its own callers first, then Pinneberg's.
    const served = await Promise.all([segebergFirst.waitForEnd(20_000), segebergSecond.waitForEnd(20_000), citizen.waitForEnd(25_000)]);
    for (const end of served) expect(end.outcome).toBe('remote-hangup');
    const atHome = await pinneberg.recordOf(CITIZEN);
    const atPartner = await segeberg.recordOf(CITIZEN);
    const second = await segeberg.recordOf('04193555012');
    expect(atHome).toMatchObject({ outcome: 'handed-over', endedBy: 'system', handedOver: { center: 'kreis-segeberg', trigger: 'waited' } });
    expect(atPartner).toMatchObject({
      outcome: 'answered-by-agent',
      agentId: SEGEBERG_AGENT,
      overflowReason: 'partner',
      fromPartner: { center: 'kreis-pinneberg', trigger: 'waited', overflowReason: 'direct-115', arrivedAt: atHome.times.arrivedAt, municipality: { id: 'quickborn', name: 'Stadt Quickborn' } },
      times: { arrivedAt: atHome.times.arrivedAt },
    });
    // Handed over only after the set wait, and only once Segeberg's own waiting caller had its agent.
    const handedAt = atHome.handedOver?.at ?? 0;
    expect(handedAt - atHome.times.arrivedAt).toBeGreaterThanOrEqual(AFTER_WAIT_SEC * 1000);
    expect(handedAt).toBeGreaterThanOrEqual(second.times.answeredAt ?? Infinity);
    expect(segebergPhone.counts()).toMatchObject({ offered: 3, answered: 3 });
    expect(pinnebergPhone.counts().offered).toBe(1);

    await pinnebergPhone.hangUp();
    expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
  });

  it('a partner below its service level target lends nobody: the caller waits for their own center', async () => {
    const { sipp, pinneberg, segeberg } = await platforms.open({
      pinneberg: pinnebergWithPartner,
      // Segeberg's target: 75 % answered within 1 s, which its two slow agents miss.
      segeberg: { agents: SEGEBERG_AGENTS, serviceCenter: { wrapUpSec: 0, targets: { serviceLevel: { withinSec: 1 } } } },
    });
    const pinnebergPhone = await sipp.phone({ endpoint: PINNEBERG_AGENT, behaviour: { kind: 'answer', afterMs: 300 } });
    const segebergPhones = await sipp.phones(SEGEBERG_AGENTS, { kind: 'answer', afterMs: 1_200, hangUpAfterMs: 100 });
    await waitFor(async () => (await available(pinneberg, PINNEBERG_AGENT)) && (await available(segeberg, SEGEBERG_AGENT)) && (await available(segeberg, SEGEBERG_AGENTS[1] ?? '')), {
      timeoutMs: 5_000,
      what: 'every agent available',
    });
    // Ten Segeberg callers at once, each answered after more than a second: its service level is far below target.
    const own = await Promise.all(Array.from({ length: 10 }, (_, i) => sipp.call({ to: SEGEBERG_NUMBERS.kaltenkirchen, from: `0419155510${i}` })));
    for (const end of await Promise.all(own.map((c) => c.waitForEnd(40_000)))) expect(end.outcome).toBe('remote-hangup');
    const slow = (await segeberg.records()).filter((r: Call) => (r.times.answeredAt ?? Infinity) - r.times.arrivedAt > 1_000);
    expect(slow.length).toBeGreaterThan(2);

    const first = await sipp.call({ to: NUMBERS.n115, from: '04101555003' });
    await pinnebergPhone.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Pinneberg's agent talking" });
    const citizen = await sipp.call({ to: NUMBERS.n115, from: '04101555004' });
    // Segeberg's agents are free and nobody waits there; once the set wait is over, Pinneberg's engine
    // asks, is told Segeberg is below target, and keeps the caller (three rounds, two seconds apart).
    const refusals = () => pinneberg.engine.logs().filter((l) => l['msg'] === 'the partner center cannot take the caller now' && l['why'] === 'partner-below-target');
    await waitFor(() => Promise.resolve(refusals().length >= 3), { timeoutMs: (AFTER_WAIT_SEC + 10) * 1000, what: 'Pinneberg told three times that Segeberg is below its target' });
    expect((await pinneberg.queue()).waiting).toHaveLength(1);
    expect(segebergPhones.reduce((n, p) => n + p.counts().offered, 0)).toBe(10);
    // Pinneberg's agent is free again: the caller is served at home.
    pinnebergPhone.setBehaviour({ kind: 'answer', afterMs: 300, hangUpAfterMs: 500 });
    await pinnebergPhone.hangUp();
    expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect((await citizen.waitForEnd(10_000)).outcome).toBe('remote-hangup');
    expect(await pinneberg.recordOf('04101555004')).toMatchObject({ outcome: 'answered-by-agent', agentId: PINNEBERG_AGENT });
    expect((await segeberg.records()).some((r) => r.fromPartner)).toBe(false);
  });
});
