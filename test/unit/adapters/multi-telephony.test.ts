import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MultiTelephony } from '../../../src/adapters/ari/multi-telephony.js';
import { FakeTelephony } from '../../../src/adapters/memory/fake-telephony.js';
import { agentLegId, bridgeIdFor, citizenLegId } from '../../../src/domain/call.js';
import type { CallId, ChannelId, EndpointName } from '../../../src/domain/ids.js';
import { isEngineError } from '../../../src/errors.js';

/**
 * Several Asterisk servers behind one SIP proxy, each a stand-in for Asterisk (FakeTelephony): which
 * server each operation reaches, and what a listing says while one of them is away or lost.
 */
const log = pino({ level: 'silent' });
const callA = 'c-a' as CallId;
const callB = 'c-b' as CallId;
const callerOnA = 'ast-a-1796600000.11' as ChannelId;
const callerOnB = 'ast-b-1796600000.42' as ChannelId;

function twoServers() {
  const a = new FakeTelephony();
  const b = new FakeTelephony();
  a.addCaller(callerOnA, ['115'], '0410111');
  b.addCaller(callerOnB, ['115'], '0410222');
  const multi = new MultiTelephony(2, log);
  multi.connected({ name: 'ast-a', telephony: a });
  multi.connected({ name: 'ast-b', telephony: b });
  return { a, b, multi };
}

describe('MultiTelephony', () => {
  it("dials an agent and bridges on the caller's own server, found from the caller's channel id", async () => {
    const { a, b, multi } = twoServers();
    await multi.answer(callerOnB);
    await multi.dial(agentLegId(callB, 1), 'agent-1' as EndpointName, callerOnB);
    b.markAnswered(agentLegId(callB, 1));
    await multi.bridge(bridgeIdFor(callB), [callerOnB, agentLegId(callB, 1)]);
    // Operations naming only the engine's own ids follow the call to its server.
    await multi.hangup(agentLegId(callB, 1));
    await multi.destroyBridge(bridgeIdFor(callB));
    expect(a.actions).toEqual([]);
    expect(b.actions.map((x) => x.op)).toEqual(['answer', 'dial', 'bridge', 'hangup', 'destroy-bridge']);
  });

  it("places a callback's legs together on a connected server, taking turns between calls", async () => {
    const { a, b, multi } = twoServers();
    await multi.dial(agentLegId(callA, 1), 'agent-1' as EndpointName, null);
    await multi.dialNumber(citizenLegId(callA, 1), '0410999');
    await multi.dial(agentLegId(callB, 1), 'agent-2' as EndpointName, null);
    await multi.dialNumber(citizenLegId(callB, 1), '0410888');
    const legsOf = (t: FakeTelephony) => t.actions.map((x) => ('channel' in x ? x.channel : ''));
    const [first, second] = legsOf(a).includes(agentLegId(callA, 1)) ? [a, b] : [b, a];
    expect(legsOf(first)).toEqual([agentLegId(callA, 1), citizenLegId(callA, 1)]);
    expect(legsOf(second)).toEqual([agentLegId(callB, 1), citizenLegId(callB, 1)]);
  });

  it('lists the channels of every server; one that does not answer leaves its calls unknown, not gone', async () => {
    const { b, multi } = twoServers();
    b.channels = () => Promise.reject(new Error('socket hang up'));
    const listed = await multi.channels();
    expect(listed.map((c) => c.id)).toEqual([callerOnA]);
    expect(multi.outOfReach(callerOnB)).toBe(true);
    expect(multi.outOfReach(callerOnA)).toBe(false);
    // Once it answers again, its channels are known again.
    b.channels = FakeTelephony.prototype.channels.bind(b);
    expect((await multi.channels()).map((c) => c.id).sort()).toEqual([callerOnA, callerOnB].sort());
    expect(multi.outOfReach(callerOnB)).toBe(false);
  });

  it('keeps the calls of a server that is away, and counts them as gone (lost with it) once it is given up', async () => {
    const { a, multi } = twoServers();
    await multi.dial(agentLegId(callB, 1), 'agent-1' as EndpointName, callerOnB);
    multi.away('ast-b');
    expect(multi.outOfReach(callerOnB)).toBe(true);
    expect(multi.outOfReach(agentLegId(callB, 1))).toBe(true);
    expect((await multi.channels()).map((c) => c.id)).toEqual([callerOnA]);
    // Nothing can be done on it meanwhile: the operation fails as an outage, not as a missing channel.
    await expect(multi.hangup(callerOnB)).rejects.toSatisfy((err) => isEngineError(err, 'ARI_UNAVAILABLE'));
    multi.lose('ast-b');
    expect(multi.outOfReach(callerOnB)).toBe(false);
    expect(multi.lostWith(callerOnB)).toBe('ast-b');
    expect(multi.lostWith(callerOnA)).toBeUndefined();
    await expect(multi.hangup(callerOnB)).rejects.toSatisfy((err) => isEngineError(err, 'ARI_CHANNEL_GONE'));
    // A callback is placed only on the server that is left.
    for (let i = 1; i <= 3; i++) await multi.dialNumber(citizenLegId(`c-cb${i}` as CallId, 1), '0410777');
    expect(a.dialledNumbers.size).toBe(3);
  });

  it('treats a channel of a server that has not connected yet as unknown, until every configured server has', () => {
    const a = new FakeTelephony();
    const multi = new MultiTelephony(2, log);
    multi.connected({ name: 'ast-a', telephony: a });
    expect(multi.outOfReach('ast-b-1796600000.7' as ChannelId)).toBe(true);
    expect(multi.outOfReach(callerOnA)).toBe(false);
    multi.connected({ name: 'ast-b', telephony: new FakeTelephony() });
    expect(multi.outOfReach('ast-c-1796600000.7' as ChannelId)).toBe(false);
  });

  it('counts a phone online while every connected server sees it registered (each may be asked to ring it)', async () => {
    const { a, b, multi } = twoServers();
    a.online = new Set(['agent-1']);
    b.online = new Set(['agent-1', 'agent-2']);
    expect([...(await multi.onlineEndpoints())]).toEqual(['agent-1']);
    // agent-2 shows up on ast-a too: now every server can ring it.
    expect(multi.endpointReport('ast-a', 'agent-2', true)).toBe(true);
    expect(multi.endpointReport('ast-b', 'agent-1', false)).toBe(false);
    expect(multi.endpointReport('ast-b', 'agent-1', true)).toBe(true);
    // A server that goes away has no say: what ast-b alone saw is what counts.
    expect(multi.endpointReport('ast-a', 'agent-1', false)).toBe(false);
    expect([...multi.away('ast-a')]).toEqual([['agent-1', true]]);
    expect([...multi.lose('ast-b')].sort()).toEqual([['agent-1', false], ['agent-2', false]]);
  });

  it('asks every connected server for a playback or a channel whose server nothing tells', async () => {
    const { b, multi } = twoServers();
    b.playing.add('c-x~play~1');
    expect(await multi.playbackActive('c-x~play~1')).toBe(true);
    expect(await multi.playbackActive('c-y~play~1')).toBe(false);
    b.live.set('c-x~agent~1' as ChannelId, { createdAt: 0, stasisArgs: null, callerNumber: '', state: 'Up' });
    await multi.hangup('c-x~agent~1' as ChannelId);
    expect(b.live.has('c-x~agent~1' as ChannelId)).toBe(false);
  });
});
