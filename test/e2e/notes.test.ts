import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { NoteKeys, NOTES_QUEUE, noteJobIds, verifyNoteSignature, type NoteView } from '../../src/notes/index.js';
import type { StatsReport } from '../../src/stats/index.js';
import { api } from '../support/http-api.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait-for.js';
import { useCounties, type County } from './county-fixture.js';

/**
 * Callback notes through the real engine process: filed over the HTTP API by an agent, read and
 * closed by the town's clerk, delivered by the engine's BullMQ worker to a webhook receiver
 * (node:http) that checks the HMAC signature the way a town's receiver would
 * (`verifyNoteSignature`). The service center is open around the clock in these counties, so
 * service time is wall-clock time; `notes.dueServiceSec` makes a note due in seconds.
 */
const SECRETS = { quickborn: 'quickborn-notes-secret-5f2a91c0', escalation: 'escalation-notes-secret-7d3b0e44' } as const;
const ENV = { NOTES_WEBHOOK_SECRET_QUICKBORN: SECRETS.quickborn, NOTES_WEBHOOK_SECRET_ESCALATION: SECRETS.escalation };
const HOUR = 3_600_000;
/** The caller's number as the agent types it, and as the note keeps it. */
const TYPED_NUMBER = '04106 712345';
const NUMBER = '04106712345';

const newNote = (topic: string) => ({
  municipality: 'quickborn',
  department: 'Bauamt',
  name: 'Erika Mustermann',
  topic,
  text: 'Fragt nach dem Stand ihres Bauantrags für ein Gartenhaus; bittet um Rückruf am Vormittag.',
  callerNumber: TYPED_NUMBER,
  callerConsent: true,
});

/** Files a note as the team lead: an agent files notes only about calls they took (the desk test does that). */
async function fileNote(county: County, topic: string): Promise<NoteView> {
  const filed = await api<NoteView>(county.engine.url, 'POST', '/api/notes', 'teamlead', newNote(topic));
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  expect(filed.headers.get('location')).toBe(`/api/notes/${filed.body.id}`);
  return filed.body;
}

const readNote = async (county: County, id: string, who = 'clerk-quickborn'): Promise<NoteView> => {
  const { status, body } = await api<NoteView>(county.engine.url, 'GET', `/api/notes/${id}`, who);
  expect(status).toBe(200);
  return body;
};

/** A webhook request as the receiver sees it: event, delivery id, parsed body, and whether the signature checks out with `secret`. */
interface Delivery {
  readonly at: number;
  readonly path: string;
  readonly status: number;
  readonly event: string;
  readonly deliveryId: string;
  readonly signed: boolean;
  readonly payload: { event: string; deliveryId: string; sentAt: number; municipality: { id: string; name: string }; note: Record<string, unknown> & { id: string } };
}
const header = (r: ReceivedRequest, name: string): string | undefined => {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const deliveries = (receiver: WebhookReceiver, secrets: Readonly<Record<string, string>>): Delivery[] =>
  receiver.requests.map((r) => ({
    at: r.at,
    path: r.path,
    status: r.status,
    event: header(r, 'x-notes-event') ?? '',
    deliveryId: header(r, 'x-notes-delivery') ?? '',
    signed: verifyNoteSignature(secrets[r.path] ?? '', { timestamp: header(r, 'x-notes-timestamp'), signature: header(r, 'x-notes-signature'), body: r.body }, { nowMs: r.at }),
    payload: JSON.parse(r.body) as Delivery['payload'],
  }));

/** The state and result of one of the notes' BullMQ jobs, as the engine's worker left it. */
async function job(county: County, id: string): Promise<{ state: string; returnvalue: unknown } | null> {
  const queue = new Queue(NOTES_QUEUE, { connection: county.redis, prefix: new NoteKeys(county.prefix).bullPrefix });
  try {
    const found = await queue.getJob(id);
    return found ? { state: await found.getState(), returnvalue: found.returnvalue as unknown } : null;
  } finally {
    await queue.close();
  }
}

const assertNumberNeverLogged = (county: County, ...outputs: (readonly string[])[]): void => {
  for (const output of [county.engine.output, ...outputs]) {
    expect(output.filter((line) => line.includes(NUMBER) || line.includes('712345'))).toEqual([]);
  }
};

describe('callback notes', () => {
  const counties = useCounties();
  const receivers: WebhookReceiver[] = [];
  const receiver = async (): Promise<WebhookReceiver> => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });

  it('an agent files a note: it is in the Quickborn inbox and reaches the town webhook, signed', async () => {
    const hook = await receiver();
    const county = await counties.open({ agents: ['agent-1'], towns: { quickborn: { webhook: { url: `${hook.url}/quickborn` } } }, extraEnv: ENV });

    const note = await fileNote(county, 'Bauantrag Gartenhaus');
    expect(note).toMatchObject({ municipality: 'quickborn', department: 'Bauamt', callerNumber: NUMBER, status: 'open', createdBy: 'teamlead', overdue: false, deliveries: [] });
    expect(note).not.toHaveProperty('callerConsent');
    // 24 service hours; the center never closes here, so 24 hours (reminder at 18).
    expect(note.dueAt - note.createdAt).toBe(24 * HOUR);
    expect(note.remindAt - note.createdAt).toBe(18 * HOUR);

    // The town's inbox: JSON and the page.
    const inbox = await api<{ municipality: { id: string; name: string }; status: string; notes: NoteView[] }>(county.engine.url, 'GET', '/api/towns/quickborn/notes', 'clerk-quickborn');
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('cache-control')).toBe('no-store');
    expect(inbox.body).toMatchObject({ municipality: { id: 'quickborn', name: 'Stadt Quickborn' }, status: 'open' });
    expect(inbox.body.notes.map((n) => n.id)).toEqual([note.id]);
    expect(inbox.body.notes[0]).toMatchObject({ topic: 'Bauantrag Gartenhaus', name: 'Erika Mustermann', callerNumber: NUMBER, overdue: false });
    const page = await api<string>(county.engine.url, 'GET', '/towns/quickborn/inbox', 'clerk-quickborn');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('Bauantrag Gartenhaus');

    // The webhook: one POST, signed with the town's secret, with the note and the number.
    const [created] = await waitFor(() => hook.requests.length >= 1 && deliveries(hook, { '/quickborn': SECRETS.quickborn }), { timeoutMs: 5_000, what: 'the note at the webhook' });
    expect(created).toMatchObject({ path: '/quickborn', status: 200, event: 'note.created', deliveryId: noteJobIds.deliver(note.id, 'created', 'town'), signed: true });
    expect(created!.payload).toMatchObject({ event: 'note.created', deliveryId: created!.deliveryId, municipality: { id: 'quickborn', name: 'Stadt Quickborn' } });
    expect(created!.payload.note).toMatchObject({ id: note.id, topic: 'Bauantrag Gartenhaus', callerNumber: NUMBER, dueAt: note.dueAt, status: 'open' });
    expect(created!.payload.note).not.toHaveProperty('deliveries');
    expect(created!.payload.sentAt).toBeGreaterThanOrEqual(note.createdAt);
    // The signature is over the exact body with that secret: another secret does not verify it.
    const raw = hook.requests[0]!;
    expect(verifyNoteSignature('another-secret-0123456789', { timestamp: header(raw, 'x-notes-timestamp'), signature: header(raw, 'x-notes-signature'), body: raw.body }, { nowMs: raw.at })).toBe(false);

    // The note records the delivery; nothing is sent twice.
    const after = await waitFor(async () => {
      const n = await readNote(county, note.id);
      return n.deliveries.length > 0 && n;
    }, { timeoutMs: 3_000, what: 'the delivery recorded on the note' });
    expect(after.deliveries).toMatchObject([{ event: 'created', target: 'town', attempts: 1, lastStatus: 200, lastError: null, failedAt: null }]);
    expect(after.deliveries[0]!.deliveredAt).toBeGreaterThanOrEqual(note.createdAt);
    expect(hook.requests).toHaveLength(1);
    assertNumberNeverLogged(county);
    await county.assertClean();
  });

  it('access: a Hasloh clerk may neither read nor close a Quickborn note (404: not even that it exists), nobody signed in gets 401', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const note = await fileNote(county, 'Anwohnerparkausweis');
    const url = county.engine.url;
    const refusals: [string, 'GET' | 'POST', string, Parameters<typeof api>[3], number][] = [
      ['Hasloh clerk reads the note', 'GET', `/api/notes/${note.id}`, 'clerk-hasloh', 404],
      ['Hasloh clerk closes the note', 'POST', `/api/notes/${note.id}/done`, 'clerk-hasloh', 404],
      ['an agent files a note about no call of theirs', 'POST', '/api/notes', 'agent-1', 400],
      ["Hasloh clerk reads Quickborn's notes", 'GET', '/api/towns/quickborn/notes', 'clerk-hasloh', 403],
      ["Hasloh clerk opens Quickborn's inbox page", 'GET', '/towns/quickborn/inbox', 'clerk-hasloh', 403],
      ['an agent reads the note (agents file notes, they do not read them)', 'GET', `/api/notes/${note.id}`, 'agent-1', 403],
      ['nobody reads the note', 'GET', `/api/notes/${note.id}`, null, 401],
      ['nobody closes the note', 'POST', `/api/notes/${note.id}/done`, null, 401],
      ["nobody reads Quickborn's notes", 'GET', '/api/towns/quickborn/notes', null, 401],
      ['nobody files a note', 'POST', '/api/notes', null, 401],
    ];
    for (const [what, method, path, who, status] of refusals) {
      const answer = await api<{ error: { code: string; message: string } }>(url, method, path, who, path === '/api/notes' ? newNote('Ohne Anmeldung') : undefined);
      const code = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[status];
      expect({ what, status: answer.status, code: answer.body.error?.code }).toEqual({ what, status, code });
      // A refusal gives nothing of the note away.
      expect(JSON.stringify(answer.body)).not.toContain(NUMBER);
    }
    // A wrong secret gets no session, and so nothing of the note.
    const wrong = await api<{ error: { code: string } }>(url, 'POST', '/login', null, { id: 'clerk-quickborn', secret: 'not-the-secret' });
    expect({ status: wrong.status, code: wrong.body.error?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // Hasloh's own inbox is open to its clerk, and the Quickborn note is not in it.
    const hasloh = await api<{ notes: NoteView[] }>(url, 'GET', '/api/towns/hasloh/notes', 'clerk-hasloh');
    expect(hasloh.status).toBe(200);
    expect(hasloh.body.notes).toEqual([]);
    // The refused close changed nothing: still open, with the number.
    expect(await readNote(county, note.id)).toMatchObject({ status: 'open', callerNumber: NUMBER });
    expect((await readNote(county, note.id, 'teamlead')).id).toBe(note.id);
    await county.assertClean();
  });

  it('survives an engine restart: the webhook fails at first, the engine is killed, the restarted engine delivers the note', async () => {
    const hook = await receiver();
    hook.answerWith(() => 503);
    const county = await counties.open({
      agents: ['agent-1'],
      towns: { quickborn: { webhook: { url: `${hook.url}/quickborn` } } },
      notes: { webhookBackoffSec: 2 },
      extraEnv: ENV,
    });
    const note = await fileNote(county, 'Sperrmüll');
    const jobId = noteJobIds.deliver(note.id, 'created', 'town');

    // The first attempt is refused; the job waits for its retry in Redis.
    await waitFor(() => hook.requests.length >= 1, { timeoutMs: 5_000, what: 'the first attempt at the webhook' });
    await waitFor(async () => (await job(county, jobId))?.state === 'delayed', { timeoutMs: 3_000, what: 'the delivery waiting for its retry' });
    expect((await readNote(county, note.id)).deliveries).toMatchObject([{ event: 'created', target: 'town', attempts: 1, lastStatus: 503, lastError: 'HTTP 503', deliveredAt: null, failedAt: null }]);

    // The engine (and its notes worker) dies; the receiver recovers; a new engine starts.
    const before = county.engine;
    await before.kill('SIGKILL');
    const failedAttempts = hook.requests.length;
    hook.answerWith(() => 200);
    const restartedAt = Date.now();
    await county.restartEngine();
    expect(county.engine).not.toBe(before);

    const all = await waitFor(() => hook.requests.some((r) => r.status === 200) && deliveries(hook, { '/quickborn': SECRETS.quickborn }), {
      timeoutMs: 10_000,
      what: 'the note delivered after the restart',
    });
    const delivered = all.find((d) => d.status === 200)!;
    expect(delivered.at).toBeGreaterThanOrEqual(restartedAt);
    // The same delivery as the refused attempts (receivers deduplicate by its id), signed anew.
    expect(all.every((d) => d.deliveryId === jobId && d.event === 'note.created' && d.signed)).toBe(true);
    expect(delivered.payload.note).toMatchObject({ id: note.id, callerNumber: NUMBER });

    const after = await waitFor(async () => {
      const n = await readNote(county, note.id);
      return n.deliveries[0]?.deliveredAt ? n : null;
    }, { timeoutMs: 3_000, what: 'the delivery recorded on the note' });
    expect(after).toMatchObject({ status: 'open', callerNumber: NUMBER });
    expect(after.deliveries).toMatchObject([{ event: 'created', target: 'town', attempts: failedAttempts + 1, lastStatus: 200, lastError: null, failedAt: null }]);
    const inbox = await api<{ notes: NoteView[] }>(county.engine.url, 'GET', '/api/towns/quickborn/notes', 'clerk-quickborn');
    expect(inbox.body.notes.map((n) => n.id)).toEqual([note.id]);
    expect(await job(county, jobId)).toMatchObject({ state: 'completed', returnvalue: 'delivered' });
    expect(hook.requests.filter((r) => r.status === 200)).toHaveLength(1);
    // The killed engine's worker tried; the new one's delivered.
    const said = (engine: County['engine'], msg: string) => engine.logs().some((l) => l['msg'] === msg && l['noteId'] === note.id);
    expect(said(before, 'callback note delivery failed, will retry')).toBe(true);
    expect(said(before, 'callback note delivered')).toBe(false);
    expect(said(county.engine, 'callback note delivered')).toBe(true);
    assertNumberNeverLogged(county, before.output);
    await county.assertClean();
  });


  it('overdue: reminded at 75 %, escalated to the town and the service center at the due instant; a closed note loses its number and is never escalated', async () => {
    const hook = await receiver();
    const secrets = { '/quickborn': SECRETS.quickborn, '/escalation': SECRETS.escalation };
    const county = await counties.open({
      agents: ['agent-1'],
      towns: { quickborn: { webhook: { url: `${hook.url}/quickborn` } } },
      notes: { dueServiceSec: 4, escalationWebhook: { url: `${hook.url}/escalation` } },
      extraEnv: ENV,
    });
    const settled = await fileNote(county, 'Hundesteuer');
    const open = await fileNote(county, 'Wohngeld');
    expect(open.dueAt - open.createdAt).toBe(4_000);
    expect(open.remindAt - open.createdAt).toBe(3_000);

    // The clerk closes one note at once: its number is gone.
    const closed = await api<NoteView>(county.engine.url, 'POST', `/api/notes/${settled.id}/done`, 'clerk-quickborn');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'done', doneBy: 'clerk-quickborn', overdue: false });
    expect(closed.body).not.toHaveProperty('callerNumber');
    const reread = await readNote(county, settled.id);
    expect(reread).toMatchObject({ status: 'done' });
    expect(reread).not.toHaveProperty('callerNumber');

    // The other stays open: reminder at 3 s, escalation at 4 s, to the town and to the service center.
    const byEvent = (all: Delivery[], path: string, event: string) => all.find((d) => d.path === path && d.event === event && d.payload.note.id === open.id);
    const all = await waitFor(() => {
      const now = deliveries(hook, secrets);
      return byEvent(now, '/quickborn', 'note.escalation') && byEvent(now, '/escalation', 'note.escalation') && now;
    }, { timeoutMs: 8_000, what: 'the escalation at both webhooks' });
    expect(all.every((d) => d.signed && d.status === 200)).toBe(true);
    const reminder = byEvent(all, '/quickborn', 'note.reminder')!;
    const townEscalation = byEvent(all, '/quickborn', 'note.escalation')!;
    const centerEscalation = byEvent(all, '/escalation', 'note.escalation')!;
    expect(reminder.at).toBeGreaterThanOrEqual(open.remindAt);
    expect(reminder.at - open.remindAt).toBeLessThan(1_500);
    for (const escalation of [townEscalation, centerEscalation]) {
      expect(escalation.at).toBeGreaterThanOrEqual(open.dueAt);
      expect(escalation.at - open.dueAt).toBeLessThan(1_500);
      expect(escalation.payload.municipality).toEqual({ id: 'quickborn', name: 'Stadt Quickborn' });
    }
    // The town gets the number to call back; the service center's escalation webhook never does.
    expect(townEscalation.payload.note).toMatchObject({ id: open.id, callerNumber: NUMBER });
    expect(centerEscalation.payload.note).toMatchObject({ id: open.id, status: 'open' });
    expect(centerEscalation.payload.note).not.toHaveProperty('callerNumber');
    expect(hook.requests.filter((r) => r.path === '/escalation').every((r) => !r.body.includes(NUMBER))).toBe(true);

    const overdue = await waitFor(async () => {
      const n = await readNote(county, open.id);
      return n.deliveries.filter((d) => d.deliveredAt !== null).length === 4 && n;
    }, { timeoutMs: 3_000, what: 'the four deliveries recorded on the note' });
    expect(overdue).toMatchObject({ status: 'open', overdue: true, callerNumber: NUMBER });
    expect(overdue.remindedAt).toBeGreaterThanOrEqual(open.remindAt);
    expect(overdue.escalatedAt).toBeGreaterThanOrEqual(open.dueAt);
    expect(overdue.deliveries.map((d) => `${d.event}/${d.target}`).sort()).toEqual(['created/town', 'escalation/escalation', 'escalation/town', 'reminder/town']);

    // The closed note: its reminder and escalation came and did nothing.
    for (const id of [noteJobIds.remind(settled.id), noteJobIds.escalate(settled.id)]) {
      await waitFor(async () => (await job(county, id))?.state === 'completed', { timeoutMs: 3_000, what: `${id} run` });
      expect(await job(county, id)).toMatchObject({ returnvalue: 'skipped: note done' });
    }
    expect(deliveries(hook, secrets).filter((d) => d.payload.note.id === settled.id).map((d) => d.event)).toEqual(['note.created']);
    const stillClosed = await readNote(county, settled.id);
    expect(stillClosed).not.toHaveProperty('remindedAt');
    expect(stillClosed).not.toHaveProperty('escalatedAt');
    expect(stillClosed.overdue).toBe(false);

    // Closed late, the escalated note loses its number too.
    const late = await api<NoteView>(county.engine.url, 'POST', `/api/notes/${open.id}/done`, 'clerk-quickborn');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'done', overdue: false });
    expect(late.body.doneAt).toBeGreaterThan(open.dueAt);
    expect(await readNote(county, open.id)).not.toHaveProperty('callerNumber');
    const inbox = await api<{ notes: NoteView[] }>(county.engine.url, 'GET', '/api/towns/quickborn/notes?status=done', 'clerk-quickborn');
    expect(inbox.body.notes.map((n) => n.id).sort()).toEqual([open.id, settled.id].sort());
    // The team lead's statistics count them: both filed today, both closed, one of them late.
    const { body: stats } = await api<StatsReport>(county.engine.url, 'GET', '/api/stats?interval=total&municipality=quickborn', 'teamlead');
    expect(stats.callbackNotes).toMatchObject({ available: true, filed: 2, open: 0, closed: 2, closedInTime: 1, compliance: 0.5 });
    expect(inbox.body.notes.every((n) => n.callerNumber === undefined)).toBe(true);
    assertNumberNeverLogged(county);
    await county.assertClean();
  });
});
