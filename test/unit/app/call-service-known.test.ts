import { describe, expect, it, vi } from 'vitest';
import { MemoryCallStore } from '../../../src/adapters/memory/index.js';
import { dialledWhileSaving, freedWhileSaving } from '../../../src/app/call-service.js';
import { EngineError } from '../../../src/errors.js';
import type { Call } from '../../../src/domain/call.js';
import type { Command } from '../../../src/domain/commands.js';
import { agentId, callId, type ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;

/** The in-memory store, counting reads, and holding ended saves until told (a slow store). */
class WatchedStore extends MemoryCallStore {
  reads = 0;
  private hold: Promise<void> | null = null;
  private letGo: () => void = () => undefined;
  endedSaves = 0;

  channelLookups = 0;

  override findByCallerChannel(channel: ChannelId) {
    this.channelLookups++;
    return super.findByCallerChannel(channel);
  }

  override get(id: Parameters<MemoryCallStore['get']>[0]) {
    this.reads++;
    return super.get(id);
  }

  holdEndedSaves(): void {
    this.holdSavesOf('ended');
  }

  releaseEndedSaves(): void {
    this.letGo();
    this.hold = null;
  }

  /** The phase whose saves are held (holdEndedSaves: 'ended'). */
  private held: Call['phase'] = 'ended';

  holdSavesOf(phase: Call['phase']): void {
    this.held = phase;
    this.hold = new Promise((resolve) => (this.letGo = resolve));
  }

  /** Saves of this phase fail as when Redis is unreachable. */
  failing: Call['phase'] | null = null;

  override async save(call: Call) {
    if (call.phase === this.failing) throw new EngineError('REDIS_UNAVAILABLE', 'redis unavailable during call.save');
    if (call.phase === this.held && this.hold) await this.hold;
    const saved = await super.save(call);
    if (saved.phase === 'ended') this.endedSaves++;
    return saved;
  }
}

describe('the call service keeps what it saved', () => {
  it('decides a call from arrival to its end without reading its record back', async () => {
    const store = new WatchedStore();
    const h = await harness(['agent-1'], { store });
    await h.enter('caller-1', ['115']);
    const id = (await store.findByCallerChannel(ch('caller-1')))!;
    const offer = (await store.get(id))!.offer!;
    const readsBefore = store.reads;
    await h.fact({ type: 'channel.answered', channel: offer.leg, at: h.clock.now() });
    await h.advance(30_000);
    await h.fact({ type: 'channel.ended', channel: offer.leg, cause: 16, at: h.clock.now() });
    const ended = await store.get(id);
    expect(ended).toMatchObject({ phase: 'ended', outcome: 'answered-by-agent', endedBy: 'agent' });
    // The test's own two reads above; the engine read nothing.
    expect(store.reads - readsBefore).toBe(1);
  });

  it("matches the caller's keys and hang-up to the call without looking the channel up in the store", async () => {
    const store = new WatchedStore();
    const h = await harness(['agent-1'], { store });
    await h.enter('caller-1', ['115']);
    const id = (await store.findByCallerChannel(ch('caller-1')))!;
    const lookups = store.channelLookups;
    await h.engine.onKeyPressed({ type: 'key.pressed', channel: ch('caller-1'), digit: '5', at: h.clock.now() });
    await h.fact({ type: 'channel.ended', channel: ch('caller-1'), cause: 16, at: h.clock.now() });
    expect(await store.get(id)).toMatchObject({ phase: 'ended', outcome: 'abandoned', endedBy: 'caller' });
    expect(store.channelLookups).toBe(lookups);
  });

  it('reads the record again when someone else changed it, and decides on what is stored', async () => {
    const h = await harness(['agent-1']);
    const id = await h.enter('caller-1', ['115']);
    const offering = (await h.store.get(id))!;
    // Another engine (after a takeover) ended the call meanwhile.
    await h.store.save({ ...offering, phase: 'ended', outcome: 'abandoned', endedBy: 'caller', times: { ...offering.times, endedAt: h.clock.now() } });
    await h.fact({ type: 'channel.answered', channel: offering.offer!.leg, at: h.clock.now() });
    expect(await h.store.get(id)).toMatchObject({ phase: 'ended', outcome: 'abandoned' });
    expect(h.telephony.ops('bridge')).toHaveLength(0);
  });

  it('offers the next caller while the ended call of the agent who hung up is still being saved', async () => {
    const store = new WatchedStore();
    const h = await harness(['agent-1'], { store });
    await h.enter('caller-1', ['115']);
    await h.enter('caller-2', ['115']);
    const first = (await store.findByCallerChannel(ch('caller-1')))!;
    const second = (await store.findByCallerChannel(ch('caller-2')))!;
    const offer = (await store.get(first))!.offer!;
    await h.fact({ type: 'channel.answered', channel: offer.leg, at: h.clock.now() });
    expect((await store.get(second))?.phase).toBe('queued');

    store.holdEndedSaves();
    h.telephony.live.delete(offer.leg);
    const ending = h.engine.onChannelFact({ type: 'channel.ended', channel: offer.leg, cause: 16, at: h.clock.now() });
    await vi.waitFor(async () => expect((await store.get(second))?.phase).toBe('offering'));
    expect(h.telephony.ops('dial').filter((d) => d.op === 'dial' && d.endpoint === 'agent-1')).toHaveLength(2);
    expect(store.endedSaves).toBe(0);
    expect((await store.get(first))?.phase).toBe('connected');

    store.releaseEndedSaves();
    await ending;
    await h.settle();
    expect(await store.get(first)).toMatchObject({ phase: 'ended', endedBy: 'agent', outcome: 'answered-by-agent' });
    expect(h.telephony.ops('hangup').some((x) => x.op === 'hangup' && x.channel === ch('caller-1'))).toBe(true);
  });
});

describe('the next offer rings while it is saved', () => {
  it("dials the agent's phone before the offer's save is done; the offer's timer follows the save", async () => {
    const store = new WatchedStore();
    const h = await harness(['agent-1'], { store });
    store.holdSavesOf('offering');
    h.telephony.addCaller(ch('caller-1'), ['115'], '04106123456', h.clock.now());
    const entering = h.engine.onCallerEntered({ type: 'caller.entered', channel: ch('caller-1'), args: ['115'], callerNumber: '04106123456', at: h.clock.now() });
    await vi.waitFor(() => expect(h.telephony.ops('dial').filter((d) => d.op === 'dial' && d.endpoint === 'agent-1')).toHaveLength(1));
    const id = (await store.findByCallerChannel(ch('caller-1')))!;
    expect((await store.get(id))?.phase).toBe('queued');

    store.releaseEndedSaves();
    await entering;
    await h.settle();
    const offering = await store.get(id);
    expect(offering?.phase).toBe('offering');
    expect(h.telephony.live.get(offering!.offer!.leg)?.state).toBe('Ringing');
    // Unanswered, the offer still times out: the agent is paused, the caller waits for the next one.
    await h.advance(16_000);
    expect((await store.get(id))?.offers.map((o) => o.result)).toEqual(['no-answer']);
    expect(h.telephony.live.has(offering!.offer!.leg)).toBe(false);
  });

  it('hangs the dialled phone up again when the offer cannot be saved', async () => {
    const store = new WatchedStore();
    const h = await harness(['agent-1'], { store });
    store.failing = 'offering';
    await h.enter('caller-1', ['115']);
    const id = (await store.findByCallerChannel(ch('caller-1')))!;
    const [dial] = h.telephony.ops('dial');
    expect(dial).toMatchObject({ op: 'dial', endpoint: 'agent-1' });
    const leg = dial?.op === 'dial' ? dial.channel : undefined;
    expect(h.telephony.ops('hangup')).toContainEqual({ op: 'hangup', channel: leg });
    expect(h.telephony.live.has(leg!)).toBe(false);
    expect((await store.get(id))?.phase).toBe('queued');
  });
});

describe('dialledWhileSaving', () => {
  const leg = ch('call-1~agent~1');
  const dial: Command = { type: 'telephony.dial', role: 'agent', leg, endpoint: 'agent-1' as never, callerChannel: ch('caller') };
  const cancel: Command = { type: 'timer.cancel', token: 't' };
  const start: Command = { type: 'timer.start', name: 'offer', dueAt: 1, token: 'u' };
  const stop: Command = { type: 'telephony.stop-playback', playback: 'p' };
  const queued = { phase: 'queued' } as Call;
  const offering = { phase: 'offering', offer: { agentId: agentId('agent-1'), leg, attempt: 1 } } as Call;

  it("dials a new offer's leg early; the timers and the announcement's stop follow the save in their order", () => {
    expect(dialledWhileSaving(queued, offering, [cancel, stop, dial, start])).toEqual({ early: [dial], rest: [cancel, stop, start] });
  });

  it('runs everything after the save when the offer is not new, or the call is not being offered', () => {
    expect(dialledWhileSaving(offering, offering, [dial, start])).toEqual({ early: [], rest: [dial, start] });
    expect(dialledWhileSaving(queued, queued, [cancel, stop])).toEqual({ early: [], rest: [cancel, stop] });
    const worker: Command = { type: 'telephony.dial', role: 'worker', leg: ch('call-1~worker~1'), endpoint: 'x' as never, callerChannel: null };
    expect(dialledWhileSaving(queued, offering, [worker])).toEqual({ early: [], rest: [worker] });
  });
});

describe('freedWhileSaving', () => {
  const A = agentId('agent-1');
  const C = callId('call-1');
  const ended = { phase: 'ended' } as Call;
  const release: Command = { type: 'agent.release', agent: A, call: C, at: 1 };
  const dispatch: Command = { type: 'dispatch.request' };
  const cancel: Command = { type: 'timer.cancel', token: 't' };
  const hangupAgent: Command = { type: 'telephony.hangup', channel: ch('agent-leg') };
  const hangupCaller: Command = { type: 'telephony.hangup', channel: ch('caller') };

  it('frees early an agent whose own leg ended the call; the rest keeps its order', () => {
    expect(freedWhileSaving(ended, [cancel, release, dispatch, hangupCaller])).toEqual({ early: [release, dispatch], rest: [cancel, hangupCaller] });
  });

  it('hangs up the agent first when the caller ended the call: nothing early', () => {
    const commands = [cancel, hangupAgent, release, dispatch, hangupCaller];
    expect(freedWhileSaving(ended, commands)).toEqual({ early: [], rest: commands });
  });

  it('runs everything after the save for a call that goes on, or ends without an agent', () => {
    expect(freedWhileSaving({ phase: 'queued' } as Call, [release, dispatch])).toEqual({ early: [], rest: [release, dispatch] });
    expect(freedWhileSaving(ended, [cancel, dispatch, hangupCaller])).toEqual({ early: [], rest: [cancel, dispatch, hangupCaller] });
  });
});
