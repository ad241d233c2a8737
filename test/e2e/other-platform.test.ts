import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import type { Call } from '../../src/domain/call.js';
import { startEngine, type EngineProcess } from '../support/engine-process.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { SAMPLE_FILES, writeTestCounty } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';
import { hashOf, NUMBERS, openCounty, type County } from './county-fixture.js';

/**
 * Overflow to a 115 center on another platform (issue 16, item 3): two platforms, each its own
 * Asterisk, Redis and engine, joined by a SIP trunk. Kreis Pinneberg's waiting caller is forwarded
 * to Kreis Segeberg's intake number on the other platform with the handover in X-Overflow-* SIP
 * headers; Segeberg's engine queues the caller keeping the arrival time, municipality and reason.
 */
const SEGEBERG_AGENT = 'segeberg-agent-1';
const SALT = 'test-salt-0123456789abcdef';

/** Kreis Segeberg's engine on the other platform, with readers for its records. */
interface OtherCenter {
  readonly engine: EngineProcess;
  readonly sipp: SippFleet;
  recordOf(from: string): Promise<Call>;
  records(): Promise<Call[]>;
  close(): Promise<void>;
}

async function openOtherCenter(stack: Stack): Promise<OtherCenter> {
  const prefix = `e2e-other-${Date.now().toString(36)}:`;
  const configPath = writeTestCounty({ agents: [SEGEBERG_AGENT], serviceCenter: { wrapUpSec: 0 } }, SAMPLE_FILES.segeberg);
  // On its own Asterisk the dialplan's [entry-partner] hands forwarded callers to ENGINE_APP: this engine.
  const engine = await startEngine(stack, { configPath, keyPrefix: prefix, extraEnv: { CALLER_HASH_SALT: SALT } });
  const redis = new Redis(stack.redisUrl);
  const sink = new RedisCallRecords(redis, new RedisKeys(prefix, 'kreis-segeberg'));
  const records = async () => (await sink.read(undefined, 10_000)).map((r) => r.call);
  const sipp = createSippFleet(stack);
  return {
    engine,
    sipp,
    records,
    async recordOf(from) {
      let found: Call | undefined;
      await waitFor(async () => (found = (await records()).find((c) => c.callerHash === hashOf(from))) !== undefined, { timeoutMs: 10_000, what: `Segeberg's record of ${from}` });
      return found as Call;
    },
    async close() {
      await sipp.stop();
      await engine.kill('SIGTERM');
      redis.disconnect();
    },
  };
}

describe('a caller forwarded to a center on another platform', () => {
  let here: Stack | undefined;
  let there: Stack | undefined;
  let pinneberg: County | undefined;
  let segeberg: OtherCenter | undefined;
  beforeAll(async () => {
    [here, there] = await Promise.all([startStack(), startStack()]);
  });
  afterEach(async () => {
    try {
      await pinneberg?.assertClean();
    } finally {
      await pinneberg?.close();
      await segeberg?.close();
      pinneberg = undefined;
      segeberg = undefined;
    }
  });
  afterAll(async () => {
    await Promise.all([here?.stop(), there?.stop()]);
  });

  /** Pinneberg on this platform, its only agent busy with a first 115 caller; forwarding after 2 s to `intake` over there. */
  async function busyPinneberg(intake: string) {
    if (!here || !there) throw new Error('the stacks did not start');
    pinneberg = await openCounty(here, {
      agents: ['agent-1'],
      // Kreis Segeberg is on the other platform here, not a partner on this one.
      serviceCenter: { wrapUpSec: 0, partners: [], forward: { center: 'kreis-segeberg', name: 'Service-Center Kreis Segeberg', dial: `PJSIP/trunk/sip:${intake}@127.0.0.1:${there.sipPort}`, afterWaitSec: 2 } },
    });
    const agent = await pinneberg.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    await waitFor(async () => (await pinneberg!.queue()).agents.some((a) => a.status === 'available'), { timeoutMs: 5_000, what: "Pinneberg's agent available" });
    const first = await pinneberg.sipp.call({ to: NUMBERS.n115, from: '04101555021' });
    await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Pinneberg's agent talking" });
    return { county: pinneberg, agent, first };
  }

  it("Pinneberg's waiting caller goes to Segeberg's intake over the trunk and is answered there, keeping arrival time, town and reason", async () => {
    segeberg = await openOtherCenter(there!);
    const theirs = await segeberg.sipp.phone({ endpoint: SEGEBERG_AGENT, behaviour: { kind: 'answer', afterMs: 300, hangUpAfterMs: 1_500 } });
    const { county, agent, first } = await busyPinneberg('11590');
    // A Quickborn caller: the town hall does not answer (no phone registered), Pinneberg's agent is busy.
    const citizen = await county.sipp.call({ to: NUMBERS.quickborn, from: '04106555022' });
    expect((await citizen.waitForEnd(20_000)).outcome).toBe('remote-hangup');

    const atHome = await county.recordOf('04106555022');
    const over = await segeberg.recordOf('04106555022');
    expect(atHome).toMatchObject({ outcome: 'handed-over', overflowReason: 'town-unregistered', handedOver: { center: 'kreis-segeberg', trigger: 'waited' } });
    expect((atHome.handedOver?.at ?? 0) - atHome.times.arrivedAt).toBeGreaterThanOrEqual(2_000);
    expect(over).toMatchObject({
      outcome: 'answered-by-agent',
      agentId: SEGEBERG_AGENT,
      overflowReason: 'partner',
      times: { arrivedAt: atHome.times.arrivedAt },
      fromPartner: { center: 'kreis-pinneberg', entry: 'town', trigger: 'waited', arrivedAt: atHome.times.arrivedAt, overflowReason: 'town-unregistered', municipality: { id: 'quickborn', name: 'Stadt Quickborn' } },
    });
    expect(theirs.counts()).toMatchObject({ offered: 1, answered: 1 });
    await agent.hangUp();
    expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
  });

  it('a forward the other platform does not take (an unknown number there) brings the caller back to their place in the queue', async () => {
    segeberg = await openOtherCenter(there!);
    const { county, agent, first } = await busyPinneberg('11591');
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555023' });
    // Refused over there: back in Pinneberg's queue, as a new call keeping the first one's arrival.
    await waitFor(async () => (await county.records()).some((r) => r.callerHash === hashOf('04101555023') && r.outcome === 'handed-over'), { timeoutMs: 10_000, what: 'the forward tried' });
    const handed = await county.recordOf('04101555023');
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 10_000, what: 'the caller back in the queue' });
    // Pinneberg's agent is free again: the caller is served at home.
    agent.setBehaviour({ kind: 'answer', afterMs: 300, hangUpAfterMs: 500 });
    await agent.hangUp();
    expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect((await citizen.waitForEnd(15_000)).outcome).toBe('remote-hangup');
    const served = (await county.records()).filter((r) => r.callerHash === hashOf('04101555023') && r.outcome === 'answered-by-agent');
    expect(served).toEqual([expect.objectContaining({ resumedFrom: { call: handed.id, arrivedAt: handed.times.arrivedAt }, agentId: 'agent-1' })]);
    expect(await segeberg.records()).toEqual([]);
  });
});
