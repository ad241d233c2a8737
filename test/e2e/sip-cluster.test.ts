import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSipCluster, type ClusterAsterisk, type SipCluster } from '../support/sip-cluster.js';
import { freeUdpPort } from '../support/free-port.js';
import { register } from '../support/sipp-register.js';
import { createSippFleet, type Caller, type SippFleet } from '../support/sipp.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS } from './county-fixture.js';

/**
 * Two Asterisk servers behind Kamailio, no engine: a town call takes the dialplan's fallback and
 * rings the town hall's phones directly, through Kamailio, where the phones are registered.
 * The carrier is 127.0.0.1 (kamailio.cfg CARRIER_SUBNET); every Asterisk qualifies each phone at
 * Kamailio every 2 s.
 */
const CITIZEN = '04106612345';
const CARRIER_SUBNET = '127.0.0.1/32';

describe('several Asterisk servers behind Kamailio', () => {
  let cluster: SipCluster;
  let sipp: SippFleet;

  beforeAll(async () => {
    const startedAt = Date.now();
    cluster = await startSipCluster({ carrierSubnet: CARRIER_SUBNET });
    sipp = createSippFleet(cluster);
    console.info(`kamailio and ${cluster.asterisks.length} Asterisk servers up in ${Date.now() - startedAt} ms`);
  }, 60_000);

  afterEach(async () => {
    await sipp.stop();
  });

  afterAll(async () => {
    await sipp?.stop();
    await cluster?.stop();
  });

  it('lets a phone register at Kamailio with its password, and refuses a wrong one', async () => {
    const target = { sipPort: cluster.sipPort, logDir: cluster.logs.dir };
    const contactPort = await freeUdpPort();
    await expect(register(target, 'agent-2', 'agent-2-secret', contactPort, 60)).resolves.toBeUndefined();
    await expect(register(target, 'agent-3', 'not-the-password', contactPort, 60)).rejects.toThrow(/REGISTER agent-3/);
    await expect(register(target, 'nobody-9', 'nobody-9-secret', contactPort, 60)).rejects.toThrow(/REGISTER nobody-9/);
    expect(await cluster.kamailio.kamcmd('ul.dump', 'brief')).toContain('AoR: agent-2');
    await register(target, 'agent-2', 'agent-2-secret', contactPort, 0);
  });

  it("shows an agent online on every Asterisk while the phone is registered at Kamailio, offline once it is not", async () => {
    expect(await Promise.all(cluster.asterisks.map((a) => endpointState(a, 'agent-1')))).toEqual(['offline', 'offline']);

    const registeredAt = Date.now();
    const phone = await sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'busy' } });
    const onlineMs = await Promise.all(cluster.asterisks.map((a) => untilState(a, 'agent-1', 'online', registeredAt)));

    const unregisteredAt = Date.now();
    await phone.unregister();
    const offlineMs = await Promise.all(cluster.asterisks.map((a) => untilState(a, 'agent-1', 'offline', unregisteredAt)));

    console.info(`agent-1 online after REGISTER: ${onlineMs.join(' ms, ')} ms; offline after unREGISTER: ${offlineMs.join(' ms, ')} ms (ast1, ast2; qualify every 2 s)`);
    // At most a qualify round (2 s) plus its answer, with room for a busy machine; the phone's
    // start and REGISTER are part of the first figure.
    for (const ms of [...onlineMs, ...offlineMs]) expect(ms).toBeLessThan(5_000);
  });

  it("spreads the carrier's calls over both Asterisk servers; each reaches the town hall phone registered at Kamailio", async () => {
    const townHall = await sipp.phone({ endpoint: 'quickborn-1', behaviour: { kind: 'answer', afterMs: 100 } });
    await Promise.all(cluster.asterisks.map((a) => untilState(a, 'quickborn-1', 'online', Date.now())));
    const before = await Promise.all(cluster.asterisks.map(callsProcessed));

    const calls = 4;
    const channelIds: string[] = [];
    for (let n = 0; n < calls; n++) {
      const citizen = await sipp.call({ to: NUMBERS.quickborn, from: CITIZEN });
      await citizen.waitForAnswer(10_000);
      // While the call is up, each Asterisk lists its channels under its own systemname.
      channelIds.push(...(await Promise.all(cluster.asterisks.map(channelIdsOf))).flat());
      if (n < calls - 1) {
        await citizen.hangUp();
      } else {
        // The town hall hangs up the last one: its BYE finds the way back through Kamailio.
        await townHall.hangUp();
        expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
      }
    }

    const after = await Promise.all(cluster.asterisks.map(callsProcessed));
    const perAsterisk = after.map((count, index) => count - (before[index] ?? 0));
    console.info(`${calls} carrier calls taken by ast1, ast2: ${perAsterisk.join(', ')}; channel ids e.g. ${channelIds.slice(0, 4).join(', ')}`);
    expect(perAsterisk).toEqual([calls / 2, calls / 2]);
    expect(townHall.counts().answered).toBe(calls);
    // The phone was called through Kamailio by its endpoint name: Asterisk dialled sip:quickborn-1@kamailio.
    expect(new Set(townHall.calls().map((call) => call.requestUser))).toEqual(new Set(['quickborn-1']));
    // <systemname>-<epoch seconds>.<sequence>: ids stay unique across the servers.
    expect(channelIds.length).toBeGreaterThanOrEqual(calls * 2);
    for (const id of channelIds) expect(id).toMatch(/^ast[12]-\d{10}\.\d+$/);
  });

  it('refuses a call from outside the carrier subnet', async () => {
    const stranger = await sipp.call({ to: NUMBERS.quickborn, from: CITIZEN, localIp: '127.0.0.3' });
    const report = await stranger.waitForEnd(5_000);
    expect(report.outcome).toBe('rejected');
    expect(report.rejectedStatus).toBe(403);
  });

  it('puts every new call through the other Asterisk once one is killed', async () => {
    const townHall = await sipp.phone({ endpoint: 'quickborn-1', behaviour: { kind: 'answer', afterMs: 0 } });
    await Promise.all(cluster.asterisks.map((a) => untilState(a, 'quickborn-1', 'online', Date.now())));
    // Round robin: the server that did not take the last call takes the next one. Kill that one,
    // so that the first call after the kill is sent to the dead server.
    const before = await Promise.all(cluster.asterisks.map(callsProcessed));
    const probe = await sipp.call({ to: NUMBERS.quickborn, from: CITIZEN, hangUpAfterAnswerMs: 0 });
    await probe.waitForEnd(10_000);
    const tookProbe = (await Promise.all(cluster.asterisks.map(callsProcessed))).findIndex((count, index) => count > (before[index] ?? 0));
    const victim = cluster.asterisks[1 - tookProbe] as ClusterAsterisk;
    const survivor = cluster.asterisks[tookProbe] as ClusterAsterisk;
    const survivorBefore = await callsProcessed(survivor);

    const killedAt = Date.now();
    await victim.kill();
    const first = await sipp.call({ to: NUMBERS.quickborn, from: CITIZEN });
    const firstAnsweredAt = await first.waitForAnswer(10_000);
    await first.hangUp();

    const later: Caller[] = [];
    for (let n = 0; n < 3; n++) {
      const citizen = await sipp.call({ to: NUMBERS.quickborn, from: CITIZEN });
      await citizen.waitForAnswer(10_000);
      await citizen.hangUp();
      later.push(citizen);
    }
    const answerMs = (caller: Caller): number => (caller.report().answeredAt ?? Infinity) - caller.report().startedAt;
    console.info(
      `${victim.systemName} SIGKILLed: first call put through by ${survivor.systemName} ${firstAnsweredAt - killedAt} ms after the kill; `
      + `that call (placed right after the kill) answered ${answerMs(first)} ms after its INVITE; `
      + `the next calls answered after ${later.map(answerMs).join(' ms, ')} ms`,
    );
    expect(await callsProcessed(survivor)).toBe(survivorBefore + 1 + later.length);
    expect(townHall.counts().answered).toBe(2 + later.length);
    // Kamailio gives a silent Asterisk 1.5 s before it fails over; later calls skip the dead one.
    expect(answerMs(first)).toBeLessThan(3_000);
    for (const caller of later) expect(answerMs(caller)).toBeLessThan(1_000);
    expect(await cluster.kamailio.kamcmd('dispatcher.list')).toMatch(new RegExp(`sip:127\\.0\\.0\\.1:${victim.sipPort}\\s+FLAGS: I`));
  });
});

async function ari<T>(asterisk: ClusterAsterisk, path: string): Promise<T> {
  const auth = Buffer.from(`${asterisk.ari.username}:${asterisk.ari.password}`).toString('base64');
  const response = await fetch(`${asterisk.ari.url}/ari${path}`, { headers: { authorization: `Basic ${auth}` } });
  if (!response.ok) throw new Error(`ARI ${path} on ${asterisk.systemName}: ${response.status}`);
  return (await response.json()) as T;
}

const endpointState = async (asterisk: ClusterAsterisk, endpoint: string): Promise<string> =>
  (await ari<{ state: string }>(asterisk, `/endpoints/PJSIP/${endpoint}`)).state;

/** Milliseconds from `since` until the endpoint's ARI state is `state` on this Asterisk. */
async function untilState(asterisk: ClusterAsterisk, endpoint: string, state: 'online' | 'offline', since: number): Promise<number> {
  await waitFor(async () => (await endpointState(asterisk, endpoint)) === state, {
    timeoutMs: 8_000, what: `${endpoint} ${state} on ${asterisk.systemName}`, intervalMs: 25,
  });
  return Date.now() - since;
}

const channelIdsOf = async (asterisk: ClusterAsterisk): Promise<string[]> =>
  (await ari<{ id: string }[]>(asterisk, '/channels')).map((channel) => channel.id);

/** Asterisk's count of calls since it started (`core show channels count`: "N calls processed"). */
async function callsProcessed(asterisk: ClusterAsterisk): Promise<number> {
  const match = /(\d+) calls? processed/.exec(await asterisk.cli('core show channels count'));
  if (!match) throw new Error(`${asterisk.systemName}: no "calls processed" in core show channels count`);
  return Number(match[1]);
}
