/**
 * Recovery of a call the engine saved as connected (the agent answered) but stopped before bridging
 * the caller with the agent: over the stand-in for Asterisk (FakeTelephony) and a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { bridgeIdFor } from '../../../src/domain/call.js';
import type { ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

const ch = (s: string) => s as ChannelId;

/** One caller whose agent answered; the bridge as Asterisk holds it is what the test makes of it. */
async function answeredCall() {
  const h = await harness(['agent-1']);
  const id = await h.enter('caller-1', ['115']);
  const leg = (await h.store.get(id))!.offer!.leg;
  await h.fact({ type: 'channel.answered', channel: leg, at: h.clock.now() });
  expect((await h.store.get(id))?.phase).toBe('connected');
  h.engine.timers.cancelAll();
  h.telephony.actions.length = 0;
  return { h, id, leg };
}

describe('recovery of a connected call that was never bridged', () => {
  it('bridges caller and agent when both are still there', async () => {
    const { h, id, leg } = await answeredCall();
    h.telephony.liveBridges.delete(bridgeIdFor(id));
    await h.engine.reconcile();
    await h.settle();
    expect(h.telephony.ops('bridge')).toEqual([{ op: 'bridge', bridge: bridgeIdFor(id), channels: [ch('caller-1'), leg] }]);
    expect([...h.telephony.liveBridges.get(bridgeIdFor(id))!].sort()).toEqual([ch('caller-1'), leg].sort());
    expect((await h.store.get(id))?.phase).toBe('connected');
  });

  it('adds the caller to a bridge that was created but never joined', async () => {
    const { h, id, leg } = await answeredCall();
    h.telephony.liveBridges.set(bridgeIdFor(id), new Set([leg]));
    await h.engine.reconcile();
    await h.settle();
    expect(h.telephony.ops('bridge-add')).toEqual([{ op: 'bridge-add', bridge: bridgeIdFor(id), channel: ch('caller-1') }]);
    expect((await h.store.get(id))?.phase).toBe('connected');
  });

  it('puts the caller back at the head of the queue when the agent left before they ever talked, and offers them again', async () => {
    const { h, id, leg } = await answeredCall();
    h.telephony.liveBridges.delete(bridgeIdFor(id));
    h.telephony.live.delete(leg);
    await h.engine.reconcile();
    await h.settle();
    const call = await h.store.get(id);
    expect(call?.outcome).toBeUndefined();
    expect(call?.phase).toBe('offering');
    expect(call?.times.answeredAt).toBeUndefined();
    // The first offer is recorded as failed; the agent, freed, is offered the caller again.
    expect(call?.offers.map((o) => [o.agentId, o.result])).toEqual([['agent-1', 'failed'], ['agent-1', expect.any(String)]]);
    expect(h.telephony.ops('moh-start').some((a) => a.op === 'moh-start' && a.channel === ch('caller-1'))).toBe(true);
  });

  it('ends the call as answered when the caller is still in the bridge the agent left (they talked)', async () => {
    const { h, id, leg } = await answeredCall();
    h.telephony.liveBridges.get(bridgeIdFor(id))!.delete(leg);
    h.telephony.live.delete(leg);
    await h.engine.reconcile();
    await h.settle();
    expect(await h.store.get(id)).toMatchObject({ phase: 'ended', outcome: 'answered-by-agent', endedBy: 'agent' });
  });
});
