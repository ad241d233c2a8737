import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSippFleet, type Phone, type SippFleet } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The engine is NOT running. The dialplan's promise (DESIGN.md): a citizen is never worse off
 * than without the engine. Numbers from config/county.yaml.
 */
const QUICKBORN = '041066110';
const BOENNINGSTEDT = '040556870';
const HASLOH = '041066030';
/** A town of the second sample center, Kreis Segeberg (config/kreis-segeberg.yaml), whose engine has an ARI app of its own. */
const HENSTEDT_ULZBURG = '041937770';
const CITIZEN = '04106123456';
/** 0.5 s of 20 ms packets: enough to know audio flows, short enough to keep the test quick. */
const HALF_A_SECOND = 25;

describe('engine not running: the dialplan falls back on its own', () => {
  let stack: Stack;
  let sipp: SippFleet;
  let phones: Phone[] = [];

  beforeAll(async () => {
    stack = await startStack();
    sipp = createSippFleet(stack);
  });

  afterEach(async () => {
    await sipp.stop();
    phones = [];
    // Whatever a test did, Asterisk must be left without calls.
    await waitFor(async () => (await stack.asteriskCli('core show channels count')).includes('0 active channels'), {
      timeoutMs: 5_000, what: 'no channel left in Asterisk',
    });
  });

  afterAll(async () => {
    await sipp?.stop();
    await stack?.stop();
  });

  it('rings all of Quickborn\'s town-hall phones; the one answering talks with the citizen', async () => {
    phones = [
      await sipp.phone({ endpoint: 'quickborn-1', behaviour: { kind: 'never-answer' } }),
      await sipp.phone({ endpoint: 'quickborn-2', behaviour: { kind: 'answer', afterMs: 400 } }),
    ];
    const [silent, answering] = phones as [Phone, Phone];
    const citizen = await sipp.call({ to: QUICKBORN, from: CITIZEN });

    const answeredAt = await citizen.waitForAnswer(5_000);
    const report = citizen.report();
    // The citizen heard ringing while both phones rang, then the town hall picked up.
    expect(report.ringingAt).toBeDefined();
    expect(answeredAt - (report.ringingAt ?? answeredAt)).toBeGreaterThanOrEqual(300);
    const [ringing] = silent.calls();
    expect(ringing).toBeDefined();
    const talk = await answering.waitForCall((call) => call.answeredAt !== undefined, { timeoutMs: 2_000, what: 'answered' });
    // The other phone stops ringing once quickborn-2 has the call.
    await silent.waitForCall((call) => call.outcome === 'cancelled', { timeoutMs: 2_000, what: 'offer cancelled' });

    // Both hear each other: each one's own audio arrives at the other end.
    await waitFor(() => citizen.rtp.heard(answering.rtp.signature) >= HALF_A_SECOND && answering.rtp.heard(citizen.rtp.signature) >= HALF_A_SECOND, {
      timeoutMs: 3_000, what: 'citizen and town hall hearing each other',
    });

    const ended = await citizen.hangUp();
    expect(ended.outcome).toBe('local-hangup');
    const hungUp = await answering.waitForCall((call) => call.callId === talk.callId && call.endedAt !== undefined, {
      timeoutMs: 2_000, what: 'town hall call ended',
    });
    expect(hungUp.outcome).toBe('remote-hangup');
    expect(answering.counts()).toMatchObject({ offered: 1, answered: 1, maxActive: 1 });
    expect(silent.counts()).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });
  });

  it('lets the town hall hang up first: the citizen gets a BYE', async () => {
    const phone = await sipp.phone({ endpoint: 'hasloh-1', behaviour: { kind: 'answer', afterMs: 100, hangUpAfterMs: 700 } });
    const citizen = await sipp.call({ to: HASLOH, from: CITIZEN });
    await citizen.waitForAnswer(5_000);
    const ended = await citizen.waitForEnd(5_000);
    expect(ended.outcome).toBe('remote-hangup');
    expect(phone.calls()[0]?.outcome).toBe('local-hangup');
  });

  it('tells the citizen "busy" when the town hall\'s phone is busy, "unavailable" when none is registered', async () => {
    await sipp.phone({ endpoint: 'hasloh-1', behaviour: { kind: 'busy' } });
    const busy = await sipp.call({ to: HASLOH, from: CITIZEN });
    expect(await busy.waitForEnd(5_000)).toMatchObject({ outcome: 'rejected', rejectedStatus: 486 });

    const nobody = await sipp.call({ to: BOENNINGSTEDT, from: CITIZEN });
    expect(await nobody.waitForEnd(5_000)).toMatchObject({ outcome: 'rejected', rejectedStatus: 480 });
  });

  it('lets a citizen give up while the town hall rings: the phones stop ringing', async () => {
    const phone = await sipp.phone({ endpoint: 'boenningstedt-1', behaviour: { kind: 'never-answer' } });
    const citizen = await sipp.call({ to: BOENNINGSTEDT, from: CITIZEN });
    await phone.waitForCall(() => true, { timeoutMs: 5_000, what: 'ringing' });
    const ended = await citizen.hangUp();
    expect(ended).toMatchObject({ outcome: 'cancelled' });
    await phone.waitForCall((call) => call.outcome === 'cancelled', { timeoutMs: 2_000, what: 'offer cancelled' });
  });

  it('answers a 115 call with the German "not reachable" announcement, then hangs up', async () => {
    const citizen = await sipp.call({ to: '115', from: CITIZEN });
    const answeredAt = await citizen.waitForAnswer(5_000);
    const ended = await citizen.waitForEnd(15_000);
    expect(ended.outcome).toBe('remote-hangup');
    // The announcement is about 6 s of speech (config/county.yaml (announcements)).
    const heardMs = (ended.gotByeAt ?? 0) - answeredAt;
    expect(heardMs).toBeGreaterThan(4_000);
    expect(heardMs).toBeLessThan(10_000);
    const audio = citizen.rtp.stats();
    expect(audio.audio).toBeGreaterThanOrEqual(200);
    expect(audio.firstReceivedAt).toBeLessThan(answeredAt + 500);
  });

  it("does the same for Kreis Segeberg's towns when its engine (ENGINE_APP_SEGEBERG) is down: Henstedt-Ulzburg's town hall rings directly", async () => {
    const townHall = await sipp.phone({ endpoint: 'henstedt-ulzburg-1', behaviour: { kind: 'answer', afterMs: 300, hangUpAfterMs: 500 } });
    const citizen = await sipp.call({ to: HENSTEDT_ULZBURG, from: CITIZEN });
    await citizen.waitForAnswer(5_000);
    expect(await citizen.waitForEnd(5_000)).toMatchObject({ outcome: 'remote-hangup' });
    expect(townHall.counts()).toMatchObject({ offered: 1, answered: 1 });
  });

  it('rejects a call to a number that is not one of ours with 404', async () => {
    const citizen = await sipp.call({ to: '040999999', from: CITIZEN });
    expect(await citizen.waitForEnd(5_000)).toMatchObject({ outcome: 'rejected', rejectedStatus: 404 });
  });
});
