import { describe, expect, it, vi } from 'vitest';
import { bridgeIdFor } from '../../../src/domain/call.js';
import { agentId, bridgeId, type ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;

describe('engine over fakes and a manual clock', () => {
  it('rings the town, overflows after its timeout, and connects the longest-idle agent', async () => {
    const h = await harness();
    const id = await h.enter('caller-1', ['town', 'quickborn']);
    expect(h.telephony.ops('dial').map((a) => (a.op === 'dial' ? a.endpoint : ''))).toEqual(['quickborn-1', 'quickborn-2']);
    expect(h.telephony.ops('ring')).toHaveLength(1);

    await h.advance(19_999);
    expect((await h.store.get(id))?.phase).toBe('town-ringing');
    await h.advance(1);
    const offered = await h.store.get(id);
    expect(offered?.phase).toBe('offering');
    expect(offered?.overflowReason).toBe('town-no-answer');
    expect(h.telephony.ops('moh-start')).toHaveLength(1);
    // agent-1 was registered first, so it has been idle longest.
    expect(offered?.offer?.agentId).toBe('agent-1');

    await h.fact({ type: 'channel.answered', channel: offered!.offer!.leg, at: h.clock.now() });
    const talking = await h.store.get(id);
    expect(talking?.phase).toBe('connected');
    expect(h.telephony.ops('bridge')).toHaveLength(1);
    expect((await h.agents.get(talking!.agentId!))?.status).toBe('busy');

    await h.advance(60_000);
    await h.fact({ type: 'channel.ended', channel: ch('caller-1'), cause: 16, at: h.clock.now() });
    const ended = await h.store.get(id);
    expect(ended?.outcome).toBe('answered-by-agent');
    expect(ended!.times.queuedAt! - ended!.times.arrivedAt).toBe(20_000);
    expect(h.store.ended.map((c) => c.id)).toEqual([id]);
    expect((await h.agents.get(talking!.agentId!))?.status).toBe('available');
    expect(h.telephony.liveBridges.size).toBe(0);
  });

  it('pauses an agent who does not answer and offers the call to the next one', async () => {
    const h = await harness();
    const id = await h.enter('caller-1', ['115']);
    const first = await h.store.get(id);
    expect(first?.offer?.agentId).toBe('agent-1');
    await h.advance(15_000);
    const second = await h.store.get(id);
    expect(second?.offer?.agentId).toBe('agent-2');
    expect(second?.offer?.attempt).toBe(2);
    const silent = await h.agents.get(first!.offer!.agentId);
    expect(silent).toMatchObject({ status: 'paused', pauseReason: 'no-answer' });
  });

  it('serves waiting callers in order of arrival as agents free up', async () => {
    const h = await harness(['agent-1']);
    const a = await h.enter('caller-a', ['115']);
    await h.advance(1_000);
    const b = await h.enter('caller-b', ['115']);
    const offerA = (await h.store.get(a))!.offer!;
    await h.fact({ type: 'channel.answered', channel: offerA.leg, at: h.clock.now() });
    expect((await h.store.get(b))?.phase).toBe('queued');
    await h.fact({ type: 'channel.ended', channel: offerA.leg, cause: 16, at: h.clock.now() });
    expect((await h.store.get(a))?.endedBy).toBe('agent');
    expect(h.telephony.ops('hangup').some((x) => x.op === 'hangup' && x.channel === ch('caller-a'))).toBe(true);
    expect((await h.store.get(b))?.phase).toBe('offering');
  });

  it('recovers after a restart: re-arms timers and ends calls whose caller left meanwhile', async () => {
    const h = await harness(['agent-1']);
    const ringing = await h.enter('caller-ring', ['town', 'quickborn']);
    const gone = await h.enter('caller-gone', ['town', 'quickborn']);
    h.telephony.live.delete(ch('caller-gone'));
    // A new engine over the same stores: the old one's in-process timers are lost with it.
    h.engine.timers.cancelAll();
    const report = await h.engine.reconcile();
    await h.settle();
    expect(report.ended).toBe(1);
    expect((await h.store.get(gone))?.outcome).toBe('abandoned');
    await h.advance(20_000);
    expect((await h.store.get(ringing))?.phase).toBe('offering');
  });

  it('recovery: destroys the bridge of a call that ended just before the engine stopped, and no other bridge', async () => {
    const h = await harness(['agent-1', 'agent-2']);
    const over = await h.enter('caller-over', ['115']);
    const talking = await h.enter('caller-talking', ['115']);
    for (const id of [over, talking]) await h.fact({ type: 'channel.answered', channel: (await h.store.get(id))!.offer!.leg, at: h.clock.now() });
    await h.fact({ type: 'channel.ended', channel: ch('caller-over'), cause: 16, at: h.clock.now() });
    // Stopped after hanging up the legs, before the bridge's destroy reached Asterisk.
    h.telephony.liveBridges.set(bridgeIdFor(over), new Set());
    h.telephony.liveBridges.set(bridgeId('another-application'), new Set());
    h.engine.timers.cancelAll();
    await h.engine.reconcile();
    await h.settle();
    expect([...h.telephony.liveBridges.keys()].sort()).toEqual([bridgeIdFor(talking), 'another-application'].sort());
    expect((await h.store.get(talking))?.phase).toBe('connected');
  });

  it('recovery: a queued caller the engine saved but had not answered when it stopped is answered, then hears music', async () => {
    const h = await harness([]);
    const queued = await h.enter('caller-q', ['115']);
    const ringing = await h.enter('caller-town', ['town', 'quickborn']);
    // Killed between saving the queued call and its answer reaching Asterisk.
    h.telephony.live.get(ch('caller-q'))!.state = 'Ringing';
    h.telephony.live.get(ch('caller-town'))!.state = 'Ringing';
    h.telephony.playing.clear();
    h.telephony.actions.length = 0;
    h.engine.timers.cancelAll();
    await h.engine.reconcile();
    await h.settle();
    const ops = h.telephony.actions.filter((a) => 'channel' in a && a.channel === ch('caller-q')).map((a) => a.op);
    expect(ops.slice(0, 2)).toEqual(['answer', 'moh-start']);
    // A town call still ringing at the town hall is left ringing, unanswered.
    expect(h.telephony.actions.some((a) => a.op === 'answer' && a.channel === ch('caller-town'))).toBe(false);
    expect((await h.store.get(queued))?.phase).toBe('queued');
    expect((await h.store.get(ringing))?.phase).toBe('town-ringing');
  });

  it('recovery: a phone that registers while the registrations are read stays ready; the list counts where nothing newer came', async () => {
    const h = await harness(['agent-1']);
    h.telephony.online = new Set();
    const read = h.telephony.onlineEndpoints.bind(h.telephony);
    // Asterisk answers GET /endpoints (agent-1 offline), then reports agent-1 registering before that answer is applied.
    h.telephony.onlineEndpoints = async () => {
      const list = await read();
      h.engine.accept({ type: 'endpoint.changed', endpoint: 'agent-1', online: true, at: h.clock.now() });
      return list;
    };
    await h.engine.reconcile();
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'available' });

    // The next reconnect reads the same list and no event comes meanwhile: the phone is taken as gone.
    h.telephony.onlineEndpoints = read;
    await h.engine.reconcile();
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'paused', pauseReason: 'unregistered' });
  });

  it('a caller queued while every agent talks starts no dispatch run; the agent freed offers them at once', async () => {
    const h = await harness(['agent-1']);
    const first = await h.enter('caller-1', ['115']);
    const leg = (await h.store.get(first))!.offer!.leg;
    await h.fact({ type: 'channel.answered', channel: leg, at: h.clock.now() });
    const assign = vi.spyOn(h.queue, 'assignNext');
    const second = await h.enter('caller-2', ['115']);
    expect((await h.store.get(second))?.phase).toBe('queued');
    expect(assign).not.toHaveBeenCalled();
    await h.fact({ type: 'channel.ended', channel: leg, cause: 16, at: h.clock.now() });
    expect((await h.store.get(second))?.phase).toBe('offering');
  });

  it("a registered phone's state, reported again with every call on it, touches no agent; a new registration readies the agent paused for it", async () => {
    const h = await harness(['agent-1']);
    const endpoint = (online: boolean) => h.engine.agentService.endpointChanged('agent-1', online);
    await endpoint(false);
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'paused', pauseReason: 'unregistered' });
    await endpoint(true);
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'available' });

    const makeReady = vi.spyOn(h.agents, 'makeReady');
    const get = vi.spyOn(h.agents, 'get');
    for (let i = 0; i < 3; i++) await endpoint(true);
    expect(makeReady).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();

    // Unregistered and registered again: paused and ready as before.
    await endpoint(false);
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'paused', pauseReason: 'unregistered' });
    await endpoint(true);
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'available' });
  });

  it('overflows at once when every town phone is busy', async () => {
    const h = await harness();
    const id = await h.enter('caller-1', ['town', 'quickborn']);
    const call = (await h.store.get(id))!;
    for (const leg of call.townRing!.legs) await h.fact({ type: 'channel.failed', channel: leg, reason: 'busy', at: h.clock.now() });
    expect((await h.store.get(id))?.overflowReason).toBe('town-busy');
  });

  it('treats an unknown town in the dialplan as a county call instead of dropping it', async () => {
    const h = await harness();
    const id = await h.enter('caller-1', ['town', 'atlantis']);
    expect((await h.store.get(id))?.entry).toEqual({ kind: '115', townId: null });
  });

  it('recovery: an agent who answered while the engine was away is connected; a leg that vanished frees its agent', async () => {
    const h = await harness();
    const answered = await h.enter('caller-a', ['115']);
    const vanished = await h.enter('caller-b', ['115']);
    const legA = (await h.store.get(answered))!.offer!;
    const legB = (await h.store.get(vanished))!.offer!;
    h.engine.timers.cancelAll();
    h.telephony.markAnswered(legA.leg);
    h.telephony.live.delete(legB.leg);
    await h.engine.reconcile();
    await h.settle();
    expect((await h.store.get(answered))?.phase).toBe('connected');
    expect(h.telephony.ops('bridge').some((b) => b.op === 'bridge' && b.channels.includes(legA.leg))).toBe(true);
    // Nobody knows why agent B's leg ended, so agent B is not blamed with a pause: the call is offered to B again.
    expect((await h.agents.get(legB.agentId))?.status).toBe('offered');
    expect((await h.store.get(vanished))?.offer?.attempt).toBe(2);
  });

  it('recovery: an offer leg created but never dialled (the engine stopped in between) is dropped and the call re-offered', async () => {
    const h = await harness(['agent-1']);
    const id = await h.enter('caller-a', ['115']);
    const first = (await h.store.get(id))!.offer!;
    h.engine.timers.cancelAll();
    h.telephony.live.get(first.leg)!.state = 'Down';
    await h.engine.reconcile();
    await h.settle();
    expect(h.telephony.ops('hangup').some((a) => a.op === 'hangup' && a.channel === first.leg)).toBe(true);
    expect((await h.store.get(id))?.offer?.attempt).toBe(2);
  });

  it('recovery: an agent phone still ringing keeps ringing under the re-armed timer', async () => {
    const h = await harness(['agent-1']);
    const id = await h.enter('caller-a', ['115']);
    h.engine.timers.cancelAll();
    await h.engine.reconcile();
    await h.settle();
    expect((await h.store.get(id))?.offer?.attempt).toBe(1);
    await h.advance(15_000);
    expect(await h.agents.get((await h.store.get(id))!.offers[0]!.agentId)).toMatchObject({ status: 'paused', pauseReason: 'no-answer' });
  });
});
