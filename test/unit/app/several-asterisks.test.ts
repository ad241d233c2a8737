/**
 * The engine over two Asterisk servers (each the FakeTelephony stand-in, joined by MultiTelephony):
 * a caller whose server is out of reach keeps their call but is not offered to an agent; when the
 * server is back they are served; when it is given up, their call is recorded as lost with it.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MultiTelephony } from '../../../src/adapters/ari/multi-telephony.js';
import { FakeTelephony } from '../../../src/adapters/memory/fake-telephony.js';
import type { AgentId, ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const onA = 'ast-a-1796600000.1' as ChannelId;
const onB = 'ast-b-1796600000.1' as ChannelId;

async function twoServers() {
  const a = new FakeTelephony();
  const b = new FakeTelephony();
  a.online = new Set(['agent-1']);
  b.online = new Set(['agent-1']);
  const multi = new MultiTelephony(2, pino({ level: 'silent' }));
  multi.connected({ name: 'ast-a', telephony: a });
  multi.connected({ name: 'ast-b', telephony: b });
  const h = await harness(['agent-1'], { telephony: multi });
  const enter = async (server: FakeTelephony, channel: ChannelId) => {
    server.addCaller(channel, ['115'], '0410112345', h.clock.now());
    await h.engine.onCallerEntered({ type: 'caller.entered', channel, args: ['115'], callerNumber: '0410112345', at: h.clock.now() });
    await h.settle();
    const id = await h.store.findByCallerChannel(channel);
    if (!id) throw new Error('call not created');
    return id;
  };
  // The agent talks with a caller on A; a caller on B waits.
  const first = await enter(a, onA);
  const leg = (await h.store.get(first))!.offer!.leg;
  a.markAnswered(leg);
  await h.engine.onChannelFact({ type: 'channel.answered', channel: leg, at: h.clock.now() });
  await h.settle();
  const waiting = await enter(b, onB);
  expect((await h.store.get(waiting))?.phase).toBe('queued');
  /** The agent hangs up on the caller on A: free for the next. */
  const agentHangsUp = async () => {
    a.live.delete(leg);
    await h.engine.onChannelFact({ type: 'channel.ended', channel: leg, cause: 16, at: h.clock.now() });
    await h.settle();
  };
  return { a, b, multi, h, waiting, agentHangsUp };
}

describe('the engine over two Asterisk servers', () => {
  it('does not offer the caller of a server out of reach, and serves them on that server once it is back', async () => {
    const { b, multi, h, waiting, agentHangsUp } = await twoServers();
    multi.away('ast-b');
    expect(await h.engine.parkOutOfReach()).toBe(1);
    await agentHangsUp();
    expect(b.ops('dial')).toEqual([]);
    expect((await h.store.get(waiting))?.phase).toBe('queued');
    // The agent's free time is not spent on an offer that could not connect, and they are not paused.
    expect((await h.agents.get('agent-1' as AgentId))?.status).toBe('available');

    multi.connected({ name: 'ast-b', telephony: b });
    const report = await h.engine.reconcile();
    await h.settle();
    expect(report.requeued).toBe(1);
    expect(b.ops('dial').map((x) => x.op === 'dial' && x.endpoint)).toEqual(['agent-1']);
    expect((await h.store.get(waiting))?.phase).toBe('offering');
  });

  it('leaves the calls of a server out of reach as they are in a reconcile, and records them as lost with it once it is given up', async () => {
    const { multi, h, waiting } = await twoServers();
    multi.away('ast-b');
    const unknown = await h.engine.reconcile();
    expect(unknown.unknown).toBe(1);
    expect(unknown.ended).toBe(0);
    expect((await h.store.get(waiting))?.phase).toBe('queued');

    multi.lose('ast-b');
    const lost = await h.engine.reconcile();
    await h.settle();
    expect(lost.ended).toBe(1);
    const record = await h.store.get(waiting);
    expect(record).toMatchObject({ phase: 'ended', endedBy: 'system', lostWith: 'ast-b' });
  });
});
