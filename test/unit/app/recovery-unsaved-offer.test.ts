/**
 * Recovery after the engine stopped between dialling an offer (dialledWhileSaving) and saving it:
 * the assignment is stored (agent offered, call out of the queue), the record still says queued,
 * and the agent's phone rings for an offer nobody knows. Over the stand-in for Asterisk
 * (FakeTelephony) and a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { agentLegId } from '../../../src/domain/call.js';
import { agentId, type ChannelId } from '../../../src/domain/ids.js';
import { harness } from './engine-harness.js';

describe('recovery of an offer dialled but never saved', () => {
  it("stops the agent's ringing phone, frees the agent and offers the caller again from the head of the queue", async () => {
    const h = await harness(['agent-1']);
    // The agent is on a break while the caller queues.
    expect(await h.engine.agentService.away(agentId('agent-1'), 'paused', null)).toBe(true);
    const id = await h.enter('caller-1', ['115']);
    expect((await h.store.get(id))?.phase).toBe('queued');

    // What the stopped engine left: the assignment made, the phone dialled, the offer not saved.
    h.engine.dispatcher.hold();
    await h.agents.makeReady(agentId('agent-1'), h.clock.now());
    expect(await h.queue.assignNext(h.clock.now())).toMatchObject({ call: id, agent: 'agent-1' });
    const stray = agentLegId(id, 1);
    await h.telephony.dial(stray, 'agent-1' as never, 'caller-1' as ChannelId);
    h.engine.dispatcher.resume();
    h.telephony.actions.length = 0;

    await h.engine.reconcile();
    await h.settle();
    expect(h.telephony.ops('hangup')).toContainEqual({ op: 'hangup', channel: stray });
    const call = await h.store.get(id);
    // Offered again, and the phone rings for the saved offer.
    expect(call?.phase).toBe('offering');
    expect(call?.offers).toHaveLength(1);
    expect(h.telephony.live.get(call!.offer!.leg)?.state).toBe('Ringing');
    expect(await h.agents.get(agentId('agent-1'))).toMatchObject({ status: 'offered', callId: id });
  });
});
