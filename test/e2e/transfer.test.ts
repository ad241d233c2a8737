import { describe, expect, it } from 'vitest';
import type { AgentState } from '../../src/domain/agent.js';
import type { Call } from '../../src/domain/call.js';
import type { StatsReport } from '../../src/stats/index.js';
import { api } from '../support/http-api.js';
import type { Caller, Phone, RtpEndpoint } from '../support/sipp.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties, type County } from './county-fixture.js';

/**
 * Transfer to a town's case worker on the real stack (Asterisk, Redis, SIPp), from what the people
 * involved hear: every RTP endpoint sends its own signature byte, so "the caller heard the case
 * worker" means packets carrying the case worker's signature reached the caller through Asterisk,
 * and music on hold is audio that is nobody's signature.
 *
 * The caller dials 115 from a Quickborn number (area code 04106): the call is about Quickborn, so
 * the agent transfers to one of Quickborn's departments (config/county.yaml, towns[].departments).
 */
const HALF_A_SECOND = 25;

/** How many packets `listener` has heard from `speaker` from now on. */
const heardFrom = (listener: RtpEndpoint, speaker: RtpEndpoint): (() => number) => {
  const before = listener.heard(speaker.signature);
  return () => listener.heard(speaker.signature) - before;
};
/** How many packets of audio that is nobody's signature (music on hold) `listener` has heard from now on. */
const musicHeard = (listener: RtpEndpoint): (() => number) => {
  const before = listener.stats().audio;
  return () => listener.stats().audio - before;
};

async function hearEachOther(a: { rtp: RtpEndpoint }, b: { rtp: RtpEndpoint }, what: string): Promise<void> {
  const aHeard = heardFrom(a.rtp, b.rtp);
  const bHeard = heardFrom(b.rtp, a.rtp);
  await waitFor(() => aHeard() >= HALF_A_SECOND && bHeard() >= HALF_A_SECOND, { timeoutMs: 5_000, what });
}

/** The call the agent is on, as the agent's own view says (GET /api/agents/:id, signed in as the agent). */
async function callOfAgent(county: County, agentId: string): Promise<string> {
  const { status, body } = await api<AgentState>(county.engine.url, 'GET', `/api/agents/${agentId}`, agentId);
  expect(status).toBe(200);
  expect(body.callId).toBeTruthy();
  return body.callId!;
}

const liveCall = async (county: County, callId: string): Promise<Call> => (await county.engine.getJson<Call>(`/api/calls/${callId}`)).body;

/** A caller on 115 from a Quickborn number, talking with agent-1. */
async function talkingWithAgent(county: County, from: string): Promise<{ citizen: Caller; agent: Phone; agentCallId: string; callId: string }> {
  const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
  const citizen = await county.sipp.call({ to: NUMBERS.n115, from });
  await citizen.waitForAnswer(5_000);
  const talk = await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent answered' });
  await hearEachOther(citizen, agent, 'caller and agent hearing each other');
  const callId = await callOfAgent(county, 'agent-1');
  expect(await liveCall(county, callId)).toMatchObject({ phase: 'connected', municipality: 'quickborn', peer: { kind: 'agent', agentId: 'agent-1' } });
  return { citizen, agent, agentCallId: talk.callId, callId };
}

describe('transfer to the case worker', () => {
  const counties = useCounties();

  it('warm: the caller hears music while the agent talks with the Bauamt; on complete the caller talks with the case worker, the agent gets BYE and the outcome transferred', async () => {
    const FROM = '04106712001';
    const county = await counties.open({ agents: ['agent-1'] });
    // The case worker picks up after ringing for most of a second.
    const worker = await county.sipp.phone({ endpoint: 'quickborn-bauamt', behaviour: { kind: 'answer', afterMs: 800 } });
    const { citizen, agent, agentCallId, callId } = await talkingWithAgent(county, FROM);

    // Only the call's agent (or an operator) transfers it, and only to a department of the call's town.
    const transferPath = `/api/calls/${callId}/transfer`;
    expect((await api(county.engine.url, 'POST', transferPath, null, { department: 'bauamt', mode: 'warm' })).status).toBe(401);
    expect((await api(county.engine.url, 'POST', transferPath, 'clerk-quickborn', { department: 'bauamt', mode: 'warm' })).status).toBe(403);
    expect((await api(county.engine.url, 'POST', transferPath, 'agent-1', { department: 'bauamt', mode: 'sideways' })).status).toBe(400);
    expect((await api(county.engine.url, 'POST', transferPath, 'agent-1', { department: 'hafenamt', mode: 'warm' })).status).toBe(404);

    const requested = await api<Call['transfer']>(county.engine.url, 'POST', transferPath, 'agent-1', { department: 'bauamt', mode: 'warm' });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ department: 'bauamt', townId: 'quickborn', mode: 'warm', stage: 'ringing' });
    expect((await api(county.engine.url, 'POST', transferPath, 'agent-1', { department: 'sozialamt', mode: 'warm' })).status).toBe(409);

    // The caller is out of the conversation, on hold with music.
    const music = musicHeard(citizen.rtp);
    await waitFor(() => music() >= 10, { timeoutMs: 3_000, what: 'caller hearing music on hold' });
    const callerHearsAgent = heardFrom(citizen.rtp, agent.rtp);
    const agentHearsCaller = heardFrom(agent.rtp, citizen.rtp);

    // The Bauamt's phone rings, the case worker answers and talks with the agent.
    const workerCall = await worker.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'case worker answered' });
    await waitFor(async () => (await liveCall(county, callId)).transfer?.stage === 'consulting', { timeoutMs: 3_000, what: 'transfer in consultation' });
    await hearEachOther(agent, worker, 'agent and case worker hearing each other');
    const callerHearsWorker = heardFrom(citizen.rtp, worker.rtp);
    const workerHearsCaller = heardFrom(worker.rtp, citizen.rtp);
    await waitFor(() => music() >= 2 * HALF_A_SECOND, { timeoutMs: 3_000, what: 'caller still hearing music' });
    // Meanwhile nobody hears the caller, and the caller hears neither of them: music only.
    expect(callerHearsAgent()).toBe(0);
    expect(agentHearsCaller()).toBe(0);
    expect(citizen.rtp.heard(worker.rtp.signature)).toBe(0);
    expect(worker.rtp.heard(citizen.rtp.signature)).toBe(0);

    const completed = await api<Pick<Call, 'peer' | 'transfer' | 'transfers'>>(county.engine.url, 'POST', `/api/calls/${callId}/transfer/complete`, 'agent-1');
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ peer: { kind: 'case-worker', department: 'bauamt', townId: 'quickborn' }, transfer: null });
    expect(completed.body.transfers).toMatchObject([{ department: 'bauamt', townId: 'quickborn', mode: 'warm', result: 'connected' }]);

    // The agent is out: BYE on the agent's phone, and free again (no wrap-up in this county).
    const agentEnd = await agent.waitForCall((c) => c.callId === agentCallId && c.endedAt !== undefined, { timeoutMs: 5_000, what: 'BYE for the agent' });
    expect(agentEnd.outcome).toBe('remote-hangup');
    await waitFor(async () => (await api<AgentState>(county.engine.url, 'GET', '/api/agents/agent-1', 'agent-1')).body.status === 'available', {
      timeoutMs: 3_000,
      what: 'agent-1 available',
    });

    // The caller and the case worker talk; the music has stopped.
    await waitFor(() => callerHearsWorker() >= HALF_A_SECOND && workerHearsCaller() >= HALF_A_SECOND, { timeoutMs: 5_000, what: 'caller and case worker hearing each other' });
    const musicWhileTalking = musicHeard(citizen.rtp);
    const talking = heardFrom(citizen.rtp, worker.rtp);
    await waitFor(() => talking() >= HALF_A_SECOND, { timeoutMs: 3_000, what: 'caller hearing the case worker on' });
    expect(musicWhileTalking()).toBeLessThanOrEqual(2);
    expect(callerHearsAgent()).toBe(0);

    await citizen.hangUp();
    const workerEnd = await worker.waitForCall((c) => c.callId === workerCall.callId && c.endedAt !== undefined, { timeoutMs: 5_000, what: 'BYE for the case worker' });
    expect(workerEnd.outcome).toBe('remote-hangup');
    expect(worker.counts()).toMatchObject({ offered: 1, answered: 1 });
    expect(agent.counts()).toMatchObject({ offered: 1, answered: 1 });

    const record = await county.recordOf(FROM);
    expect(record).toMatchObject({
      outcome: 'answered-by-agent',
      agentId: 'agent-1',
      endedBy: 'caller',
      municipality: 'quickborn',
      peer: { kind: 'case-worker', department: 'bauamt', townId: 'quickborn' },
    });
    expect(record.transfers).toMatchObject([{ department: 'bauamt', townId: 'quickborn', mode: 'warm', result: 'connected' }]);
    expect(record.transfer).toBeUndefined();

    // The agent's outcome, filed by the engine on completion: transferred (the team lead's statistics).
    const stats = await waitFor(
      async () => {
        const { status, body } = await api<StatsReport>(county.engine.url, 'GET', '/api/stats?interval=total', 'teamlead');
        return status === 200 && body.byAgent?.find((a) => a.agentId === 'agent-1')?.outcomes.transferred === 1 && body;
      },
      { timeoutMs: 3_000, what: "agent-1's outcome transferred in the statistics" },
    );
    expect(stats.totals.outcomes).toMatchObject({ transferred: 1, resolved: 0, callbackNote: 0, unclassified: 0, pending: 0 });
    // The agent talked until the hand-over, consultation with the case worker included.
    const handOver = record.transfers?.[0]?.completedAt;
    expect(handOver).toBeGreaterThan(record.transfers![0]!.at);
    expect(stats.byAgent?.find((a) => a.agentId === 'agent-1')?.handle.talkMs).toBe(handOver! - record.times.answeredAt!);
    await county.assertClean();
  });

  it('blind: the caller hears music until the Bürgerbüro answers, then talks with the case worker; the agent never hears them, gets BYE and is offered the next caller; the record says the transfer connected', async () => {
    const FROM = '04106712003';
    const NEXT = '04106712004';
    const county = await counties.open({ agents: ['agent-1'] });
    const worker = await county.sipp.phone({ endpoint: 'quickborn-buergerbuero', behaviour: { kind: 'answer', afterMs: 800 } });
    const { citizen, agent, agentCallId, callId } = await talkingWithAgent(county, FROM);
    // Another citizen calls meanwhile and waits for agent-1, the county's only agent.
    const next = await county.sipp.call({ to: NUMBERS.n115, from: NEXT });
    await waitFor(async () => (await county.queue()).waiting.some((w) => w.phase === 'queued'), { timeoutMs: 5_000, what: 'next caller queued' });

    // What the desk's "Direkt übergeben" sends.
    const requested = await api<Call['transfer']>(county.engine.url, 'POST', `/api/calls/${callId}/transfer`, 'agent-1', { department: 'buergerbuero', mode: 'blind' });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ department: 'buergerbuero', townId: 'quickborn', mode: 'blind', stage: 'ringing' });
    const music = musicHeard(citizen.rtp);
    await waitFor(() => music() >= 10, { timeoutMs: 3_000, what: 'caller hearing music on hold' });

    // The case worker answers: no consultation, the agent is out at once (BYE) and never heard them.
    const workerCall = await worker.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'case worker answered' });
    const agentEnd = await agent.waitForCall((c) => c.callId === agentCallId && c.endedAt !== undefined, { timeoutMs: 5_000, what: 'BYE for the agent' });
    expect(agentEnd.outcome).toBe('remote-hangup');
    expect(agentEnd.rtp?.bySignature.get(citizen.rtp.signature) ?? 0, 'the agent heard the caller before the transfer').toBeGreaterThan(0);
    expect(agentEnd.rtp?.bySignature.get(worker.rtp.signature) ?? 0, 'the agent never heard the case worker').toBe(0);

    // The caller and the case worker talk.
    await hearEachOther(citizen, worker, 'caller and case worker hearing each other');
    // agent-1 is free again: the waiting caller rings their phone, and they talk.
    const nextTalk = await agent.waitForCall((c) => c.callId !== agentCallId && c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-1 answering the next caller' });
    await hearEachOther(next, agent, 'next caller and agent-1 hearing each other');
    expect(agent.counts()).toMatchObject({ offered: 2, answered: 2, maxActive: 1 });
    expect(citizen.rtp.heard(next.rtp.signature)).toBe(0);

    await citizen.hangUp();
    const workerEnd = await worker.waitForCall((c) => c.callId === workerCall.callId && c.endedAt !== undefined, { timeoutMs: 5_000, what: 'BYE for the case worker' });
    expect(workerEnd.outcome).toBe('remote-hangup');
    expect(worker.counts()).toMatchObject({ offered: 1, answered: 1 });
    await next.hangUp();
    await agent.waitForCall((c) => c.callId === nextTalk.callId && c.endedAt !== undefined, { timeoutMs: 5_000, what: 'BYE for the agent on the next call' });

    const record = await county.recordOf(FROM);
    expect(record).toMatchObject({
      outcome: 'answered-by-agent',
      agentId: 'agent-1',
      endedBy: 'caller',
      peer: { kind: 'case-worker', department: 'buergerbuero', townId: 'quickborn' },
    });
    expect(record.transfers).toMatchObject([{ department: 'buergerbuero', townId: 'quickborn', mode: 'blind', result: 'connected' }]);
    expect(record.transfer).toBeUndefined();
    // Handed over when the case worker answered (after ringing 0.8 s); the next caller was offered to agent-1 only then.
    const transfer = record.transfers![0]!;
    expect(transfer.completedAt! - transfer.at).toBeGreaterThanOrEqual(700);
    const nextRecord = await county.recordOf(NEXT);
    expect(nextRecord).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', offers: [{ agentId: 'agent-1', result: 'accepted' }] });
    expect(nextRecord.offers[0]!.at).toBeGreaterThanOrEqual(transfer.completedAt!);
    await waitFor(
      async () => {
        const { status, body } = await api<StatsReport>(county.engine.url, 'GET', '/api/stats?interval=total', 'teamlead');
        return status === 200 && body.byAgent?.find((a) => a.agentId === 'agent-1')?.outcomes.transferred === 1;
      },
      { timeoutMs: 3_000, what: "agent-1's outcome transferred in the statistics" },
    );
    await county.assertClean();
  });

  it('no answer: the case worker phone rings transferRingSec, then the caller is back with the agent, who leaves a callback note instead; the record says no-answer', async () => {
    const FROM = '04106712002';
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { transferRingSec: 3 } });
    const worker = await county.sipp.phone({ endpoint: 'quickborn-ordnungsamt', behaviour: { kind: 'never-answer' } });
    const { citizen, agent, agentCallId, callId } = await talkingWithAgent(county, FROM);

    const requestedAt = Date.now();
    const requested = await api<Call['transfer']>(county.engine.url, 'POST', `/api/calls/${callId}/transfer`, 'agent-1', { department: 'ordnungsamt', mode: 'warm' });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ department: 'ordnungsamt', townId: 'quickborn', mode: 'warm', stage: 'ringing' });
    const music = musicHeard(citizen.rtp);
    await worker.waitForCall(() => true, { timeoutMs: 3_000, what: 'case worker phone ringing' });
    await waitFor(() => music() >= 10, { timeoutMs: 3_000, what: 'caller hearing music on hold' });
    const onHoldAt = Date.now();

    // Nobody answers in 3 s: the case worker's phone stops ringing, the caller is back with the agent.
    const cancelled = await worker.waitForCall((c) => c.endedAt !== undefined, { timeoutMs: 6_000, what: 'case worker phone no longer ringing' });
    expect(cancelled.outcome).toBe('cancelled');
    expect(cancelled.endedAt! - requestedAt).toBeGreaterThanOrEqual(2_900);
    expect(cancelled.endedAt! - requestedAt).toBeLessThan(4_500);
    await hearEachOther(citizen, agent, 'caller and agent hearing each other again');
    // On hold the caller heard music, and the agent again only once the ring time was over.
    const agentAgainAt = citizen.rtp.received().find((p) => p.at >= onHoldAt && p.payload.every((b) => b === agent.rtp.signature))?.at;
    expect(agentAgainAt! - requestedAt).toBeGreaterThanOrEqual(2_900);
    expect(music()).toBeGreaterThanOrEqual(2 * HALF_A_SECOND);
    const back = await liveCall(county, callId);
    expect(back).toMatchObject({ phase: 'connected', peer: { kind: 'agent', agentId: 'agent-1' } });
    expect(back.transfer).toBeUndefined();
    expect(back.transfers).toMatchObject([{ department: 'ordnungsamt', townId: 'quickborn', mode: 'warm', result: 'no-answer' }]);

    // The agent leaves a callback note for the Ordnungsamt instead, files that outcome, and ends the call.
    const note = await api<{ id: string }>(county.engine.url, 'POST', '/api/notes', 'agent-1', {
      callId,
      municipality: 'quickborn',
      department: 'Ordnungsamt',
      name: 'Jan Petersen',
      topic: 'Sondernutzung Gehweg',
      text: 'Möchte einen Container vor dem Haus aufstellen; Sachbearbeitung war nicht erreichbar.',
      callerNumber: FROM,
      callerConsent: true,
    });
    expect(note.status).toBe(201);
    const outcome = await api(county.engine.url, 'POST', `/api/calls/${callId}/outcome`, 'agent-1', { outcome: 'callback-note', noteId: note.body.id });
    expect(outcome.status).toBe(200);
    await agent.hangUp(agentCallId);
    expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect(worker.counts()).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });

    const record = await county.recordOf(FROM);
    expect(record).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', endedBy: 'agent', peer: { kind: 'agent', agentId: 'agent-1' } });
    expect(record.transfers).toMatchObject([{ department: 'ordnungsamt', townId: 'quickborn', mode: 'warm', result: 'no-answer' }]);
    const stats = await waitFor(
      async () => {
        const { status, body } = await api<StatsReport>(county.engine.url, 'GET', '/api/stats?interval=total', 'teamlead');
        return status === 200 && body.totals.outcomes.callbackNote === 1 && body;
      },
      { timeoutMs: 3_000, what: 'the outcome callback-note in the statistics' },
    );
    expect(stats.totals.outcomes).toMatchObject({ transferred: 0, callbackNote: 1, unclassified: 0 });
    await county.assertClean();
  });
});
