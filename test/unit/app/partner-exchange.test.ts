/**
 * The 115 network on one platform, over the stand-in for Asterisk (FakeTelephony), in-memory stores
 * and a manual clock: a center's waiting caller goes to a partner when the partner's conditions
 * hold, and arrives there keeping the arrival time.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryCenterBoard } from '../../../src/adapters/memory/index.js';
import type { CenterState } from '../../../src/app/center-board.js';
import { PartnerExchange } from '../../../src/app/partner-exchange.js';
import { RecentServiceLevel } from '../../../src/app/recent-service-level.js';
import type { PartnerRule } from '../../../src/domain/partner-overflow.js';
import type { AgentId, ChannelId } from '../../../src/domain/ids.js';
import { harness, policy } from './engine-harness.js';

const WAITED = { partner: 'kreis-segeberg', afterWaitMs: 60_000 } satisfies PartnerRule;

/** Pinneberg's exchange over the harness, as src/main.ts wires it (its estimate from the engine when open). */
function pinnebergExchange(home: Awaited<ReturnType<typeof harness>>, board: MemoryCenterBoard, rule: PartnerRule, open: boolean): PartnerExchange {
  return new PartnerExchange({
    center: 'kreis-pinneberg',
    name: 'Service-Center Kreis Pinneberg',
    app: 'overflow-engine',
    partners: [rule],
    forward: null,
    board,
    queue: home.queue,
    store: home.store,
    agents: home.agents,
    clock: home.clock,
    centerOpen: () => open,
    serviceLevel: new RecentServiceLevel(30_000),
    targetShare: 0.75,
    estimate: (position, all) => home.engine.queueStatus.estimate(position, all),
    townName: (id) => (id === 'quickborn' ? 'Stadt Quickborn' : undefined),
    handle: (id, e) => home.engine.calls.handle(id, e),
    log: pino({ level: 'silent' }),
  });
}

/**
 * Pinneberg with one agent, busy with a first caller (or, `agentOut`, logged out before anyone
 * calls); a Quickborn caller waits in the county's queue.
 */
async function pinneberg(rule: PartnerRule = WAITED, agentOut = false) {
  const home = await harness(['agent-1'], { log: pino({ level: process.env['DEBUG_TEST'] ? 'debug' : 'silent' }) });
  const board = new MemoryCenterBoard(home.clock);
  if (agentOut) {
    await home.engine.agentService.away('agent-1' as AgentId, 'logged-out', null);
  } else {
    const busy = await home.enter('c1', ['115'], '0410111111');
    await home.fact({ type: 'channel.answered', channel: (await home.store.get(busy))!.offer!.leg, at: home.clock.now() });
  }
  const waitingSince = home.clock.now();
  const waiting = await home.enter('c2', ['town', 'quickborn'], '04106555401');
  // The town hall does not answer: the caller overflows to the county's queue.
  await home.advance(20_000);
  const exchange = pinnebergExchange(home, board, rule, true);
  const round = async () => {
    await exchange.round();
    await home.settle();
  };
  return { home, board, waiting, waitingSince, round };
}

const segeberg = (board: MemoryCenterBoard, over: Partial<CenterState> = {}) =>
  board.post({ center: 'kreis-segeberg', app: 'overflow-segeberg', open: true, loggedIn: 2, freeAgents: 1, waiting: 0, window: { calls: 20, withinTarget: 18 }, targetShare: 0.75, at: 0, ...over }, 5_000);

const moves = (h: Awaited<ReturnType<typeof harness>>) => h.telephony.actions.flatMap((a) => (a.op === 'move' ? [a] : []));

describe('a waiting caller and a partner center (engine over fakes)', () => {
  it('after the set wait, with a free partner agent: handed over, and queued there with the arrival time, the town and the reason', async () => {
    const { home, board, waiting, waitingSince, round } = await pinneberg();
    await segeberg(board, { at: home.clock.now() });
    await round();
    expect(moves(home)).toEqual([]);
    // Its own post, with its name for the platform overview.
    expect(await board.read('kreis-pinneberg')).toMatchObject({ center: 'kreis-pinneberg', name: 'Service-Center Kreis Pinneberg', app: 'overflow-engine', waiting: 1, at: home.clock.now() });
    // 60 s after arriving (20 s of it ringing the town hall).
    await home.advance(40_000);
    await segeberg(board, { at: home.clock.now() });
    await round();
    const record = await home.store.get(waiting);
    expect(record).toMatchObject({ phase: 'ended', outcome: 'handed-over', endedBy: 'system', handedOver: { center: 'kreis-segeberg', trigger: 'waited' } });
    expect(await home.queue.waiting()).toEqual([]);
    const [move] = moves(home);
    expect(move).toMatchObject({ channel: 'c2', app: 'overflow-segeberg' });
    // Pinneberg's own caller is not hung up: the caller left for the partner's application.
    expect(home.telephony.actions.some((a) => a.op === 'hangup' && a.channel === 'c2')).toBe(false);

    // Segeberg's engine receives the caller with the handover as its arguments.
    const partner = await harness(['agent-1']);
    const there = await partner.enter('c2', [...(move?.args ?? [])], '04106555401');
    expect(await partner.store.get(there)).toMatchObject({
      overflowReason: 'partner',
      municipality: null,
      times: { arrivedAt: waitingSince },
      fromPartner: { center: 'kreis-pinneberg', trigger: 'waited', arrivedAt: waitingSince, overflowReason: 'town-no-answer', municipality: { id: 'quickborn', name: 'Stadt Quickborn' } },
    });
    // Its free agent's phone rings for the caller.
    expect(await partner.store.get(there)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
  });

  it.each<[string, Partial<CenterState>]>([
    ['is below its service level target', { window: { calls: 20, withinTarget: 10 } }],
    ['has callers of its own waiting', { waiting: 1 }],
    ['has no free agent', { freeAgents: 0 }],
    ['is closed', { open: false }],
  ])('a partner that %s takes nobody', async (_what, over) => {
    const { home, board, waiting, round } = await pinneberg();
    await home.advance(60_000);
    await segeberg(board, { at: home.clock.now(), ...over });
    await round();
    expect(moves(home)).toEqual([]);
    expect((await home.store.get(waiting))?.phase).toBe('queued');
  });

  it('a partner whose engine has not posted lately (stopped) takes nobody', async () => {
    const { home, board, waiting, round } = await pinneberg();
    await segeberg(board, { at: home.clock.now() });
    await home.advance(60_000);
    await round();
    expect(moves(home)).toEqual([]);
    expect((await home.store.get(waiting))?.phase).toBe('queued');
  });

  it('estimatedWaitOverSec: handed over once the estimated wait at home reaches it, not before', async () => {
    // One agent, a default talk time of 3 minutes: the first waiting caller's estimate is 3 minutes.
    const over = await pinneberg({ partner: 'kreis-segeberg', estimatedWaitOverMs: 180_000 });
    await segeberg(over.board, { at: over.home.clock.now() });
    await over.round();
    expect(await over.home.store.get(over.waiting)).toMatchObject({ outcome: 'handed-over', handedOver: { trigger: 'estimated-wait' } });
    const under = await pinneberg({ partner: 'kreis-segeberg', estimatedWaitOverMs: 181_000 });
    await segeberg(under.board, { at: under.home.clock.now() });
    await under.round();
    expect((await under.home.store.get(under.waiting))?.phase).toBe('queued');
  });

  it('nobody logged in at home: handed over at once, before the set wait', async () => {
    const { home, board, waiting, round } = await pinneberg({ partner: 'kreis-segeberg', whenNobodyLoggedIn: true }, true);
    // The Quickborn caller has waited 20 s (ringing the town hall), far from any set wait.
    await segeberg(board, { at: home.clock.now() });
    await round();
    expect(await home.store.get(waiting)).toMatchObject({ outcome: 'handed-over', handedOver: { trigger: 'nobody-logged-in' } });
  });

  it('a failed move (the partner’s application is gone) takes the caller in again, keeping the place', async () => {
    const { home, board, waiting, waitingSince, round } = await pinneberg();
    home.telephony.unknownApps.add('overflow-segeberg');
    await home.advance(40_000);
    await segeberg(board, { at: home.clock.now() });
    await round();
    expect((await home.store.get(waiting))?.outcome).toBe('handed-over');
    const again = await home.store.findByCallerChannel('c2' as ChannelId);
    expect(again).not.toBe(waiting);
    expect(await home.store.get(again!)).toMatchObject({ phase: 'queued', municipality: 'quickborn', resumedFrom: { call: waiting, arrivedAt: waitingSince } });
    expect((await home.queue.waiting()).map((w) => w.call)).toEqual([again]);
    expect(home.telephony.actions.some((a) => a.op === 'hangup' && a.channel === 'c2')).toBe(false);
  });
});

describe('a caller while the center is closed, and a partner open (engine over fakes)', () => {
  /** Pinneberg closed, its policy asking the exchange (as src/main.ts wires it). */
  async function closedPinneberg(rule: PartnerRule) {
    let exchange: PartnerExchange | null = null;
    const home = await harness(['agent-1'], { policy: { ...policy, centerOpen: () => false, partnerWhenClosed: (at, m) => exchange?.closedTaker(at, m) ?? null } });
    const board = new MemoryCenterBoard(home.clock);
    exchange = pinnebergExchange(home, board, rule, false);
    return { home, board, exchange };
  }

  it('whenClosed: a 115 caller goes to the open partner at once, without the closed message', async () => {
    const { home, board, exchange } = await closedPinneberg({ partner: 'kreis-segeberg', whenClosed: true });
    await segeberg(board, { at: home.clock.now(), freeAgents: 1 });
    await exchange.round();
    await home.enter('c9', ['115'], '04106555409');
    // Ended at once: found among the records, not by its channel (which is the partner's now).
    const records = (await home.store.read()).map((r) => r.call);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ callerChannel: 'c9', outcome: 'handed-over', overflowReason: 'direct-115', handedOver: { center: 'kreis-segeberg', trigger: 'closed' } });
    expect(moves(home)).toEqual([expect.objectContaining({ channel: 'c9', app: 'overflow-segeberg' })]);
    expect(home.telephony.actions.some((a) => a.op === 'play')).toBe(false);
    // Its one free agent is spoken for: the next caller in the same second hears the closed message.
    const next = await home.enter('c10', ['115'], '04106555410');
    expect((await home.store.get(next))?.phase).toBe('final-message');
  });

  it('a Quickborn caller whose town hall does not answer goes over when the ring ends, the town phones stop ringing', async () => {
    const { home, board, exchange } = await closedPinneberg({ partner: 'kreis-segeberg', whenClosed: true });
    const id = await home.enter('c11', ['town', 'quickborn'], '04106555411');
    expect((await home.store.get(id))?.phase).toBe('town-ringing');
    await home.advance(19_000);
    await segeberg(board, { at: home.clock.now(), freeAgents: 1 });
    await exchange.round();
    await home.advance(1_000);
    expect(await home.store.get(id)).toMatchObject({ outcome: 'handed-over', overflowReason: 'town-no-answer', handedOver: { trigger: 'closed' } });
    const [move] = moves(home);
    expect(move?.args.slice(0, 3)).toEqual(['partner', 'kreis-pinneberg', 'closed']);
    expect(move?.args.slice(5)).toEqual(['town', 'quickborn', encodeURIComponent('Stadt Quickborn')]);
    const townLegs = home.telephony.actions.flatMap((a) => (a.op === 'dial' ? [a.channel] : []));
    expect(townLegs.length).toBeGreaterThan(0);
    for (const leg of townLegs) expect(home.telephony.actions).toContainEqual({ op: 'hangup', channel: leg });
  });

  it('without whenClosed, or with the partner closed too: the closed message as before', async () => {
    for (const [rule, over] of [
      [{ partner: 'kreis-segeberg', afterWaitMs: 60_000 }, {}],
      [{ partner: 'kreis-segeberg', whenClosed: true }, { open: false }],
    ] as const) {
      const { home, board, exchange } = await closedPinneberg(rule);
      await segeberg(board, { at: home.clock.now(), ...over });
      await exchange.round();
      const id = await home.enter('c12', ['115'], '04106555412');
      expect((await home.store.get(id))?.phase).toBe('final-message');
      expect(moves(home)).toEqual([]);
    }
  });
});
