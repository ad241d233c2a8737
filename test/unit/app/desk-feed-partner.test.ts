import { describe, expect, it } from 'vitest';
import { MemoryCallerHistory } from '../../../src/adapters/memory/index.js';
import { DeskFeed } from '../../../src/app/desk-feed.js';
import { handoverArgs } from '../../../src/app/partner-handover.js';
import { readQueue } from '../../../src/app/queue-view.js';
import type { PartnerHandover } from '../../../src/domain/call.js';
import type { AgentId, CallId, ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

/**
 * The desk's view of a caller a partner center handed over (Kreis Segeberg's engine, over fakes):
 * which center and which of its towns the caller belongs to, why they were handed over, and the
 * whole wait since they called there; and the operators' queue view (the dashboard's waiting list).
 */
const AGENT = 'agent-1' as AgentId;
const WAITED_THERE_MS = 75_000;
/** The number the caller dialled at the partner, for engines whose handover carries it. */
const DIALLED_THERE = { entry: 'town' as const };

async function segeberg(partnerNames: ReadonlyMap<string, string> = new Map([['kreis-pinneberg', 'Service-Center Kreis Pinneberg']])) {
  const h = await harness(['agent-1']);
  const feed = new DeskFeed({
    agents: h.agents,
    calls: h.store,
    clock: h.clock,
    history: new MemoryCallerHistory(),
    unknownCallerHashes: [],
    agentNames: new Map([['agent-1', 'Frauke Behrens']]),
    townNames: new Map([['quickborn', 'Stadt Quickborn (hier)']]),
    departments: new Map([['quickborn', [{ id: 'bauamt', name: 'Bauamt' }]]]),
    serviceOf: () => null,
    partnerNames,
  });
  const handedOver = (over: Partial<PartnerHandover> = {}) =>
    h.enter('c1', handoverArgs({ ...DIALLED_THERE, center: 'kreis-pinneberg', trigger: 'waited', arrivedAt: h.clock.now() - WAITED_THERE_MS, overflowReason: 'town-no-answer', municipality: { id: 'quickborn', name: 'Stadt Quickborn' }, ...over }), '04106555401');
  const queueView = () => readQueue({ store: h.store, queue: h.queue, agents: h.agents, clock: h.clock, estimate: () => null }, new Map());
  return { h, feed, handedOver, queueView };
}

describe("the desk's screen pop of a caller a partner center handed over", () => {
  it('names the center and its town, the reason, and counts the wait from the arrival there', async () => {
    const { h, feed, handedOver } = await segeberg();
    const arrivedAt = h.clock.now() - WAITED_THERE_MS;
    await handedOver();
    const ringing = (await feed.view(AGENT))?.call;
    expect(ringing).toMatchObject({
      phase: 'offering',
      entry: '115',
      overflowReason: 'partner',
      // The town is the partner's: none of this center's towns, departments or knowledge.
      municipality: null,
      municipalityName: null,
      departments: [],
      waitedMs: WAITED_THERE_MS,
      fromPartner: {
        center: 'kreis-pinneberg',
        centerName: 'Service-Center Kreis Pinneberg',
        municipality: { id: 'quickborn', name: 'Stadt Quickborn' },
        trigger: 'waited',
        arrivedAt,
        overflowReason: 'town-no-answer',
      },
    });
    // Answered 4 s later: the wait stops there, still counted from the arrival at the partner.
    await h.advance(4_000);
    const leg = (await h.store.get(ringing?.callId as CallId))?.offer?.leg;
    expect(leg).toBeDefined();
    await h.fact({ type: 'channel.answered', channel: leg as ChannelId, at: h.clock.now() });
    await h.advance(30_000);
    expect((await feed.view(AGENT))?.call).toMatchObject({ phase: 'connected', waitedMs: WAITED_THERE_MS + 4_000, fromPartner: { centerName: 'Service-Center Kreis Pinneberg' } });
  });

  it('a partner this center does not name: its id; a call about the partner center itself: no municipality', async () => {
    const { feed, handedOver } = await segeberg(new Map());
    await handedOver({ municipality: null, trigger: 'nobody-logged-in', overflowReason: 'direct-115' });
    expect((await feed.view(AGENT))?.call?.fromPartner).toMatchObject({ center: 'kreis-pinneberg', centerName: 'kreis-pinneberg', municipality: null, trigger: 'nobody-logged-in', overflowReason: 'direct-115' });
  });

  it("this center's own caller has no partner", async () => {
    const { h, feed } = await segeberg();
    await h.enter('c1', ['115'], '04106555402');
    expect((await feed.view(AGENT))?.call).toMatchObject({ municipality: 'quickborn', municipalityName: 'Stadt Quickborn (hier)', fromPartner: null });
  });
});

describe("the operators' queue view of a caller a partner center handed over", () => {
  it('names the partner and its town; this center has none for the call', async () => {
    const { queueView, handedOver } = await segeberg();
    await handedOver();
    expect((await queueView()).waiting).toMatchObject([
      { municipality: null, overflowReason: 'partner', waitedMs: WAITED_THERE_MS, fromPartner: { center: 'kreis-pinneberg', municipalityName: 'Stadt Quickborn' } },
    ]);
  });

  it("this center's own caller has none", async () => {
    const { h, queueView } = await segeberg();
    await h.enter('c1', ['115'], '04106555402');
    const [own] = (await queueView()).waiting;
    expect(own).toBeDefined();
    expect(own && 'fromPartner' in own).toBe(false);
  });
});
