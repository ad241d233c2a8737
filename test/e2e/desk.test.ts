import { describe, expect, it } from 'vitest';
import type { NoteView } from '../../src/notes/model.js';
import type { StatsReport } from '../../src/stats/index.js';
import { logInAndOpen } from '../support/browser.js';
import { signedInHeaders } from '../support/http-api.js';
import { waitFor } from '../support/wait-for.js';
import { exactly, SHOWN_MS, useBrowserCounties } from './browser-fixture.js';
import { NUMBERS, type County } from './county-fixture.js';

/** GET on the engine's JSON API, signed in with the sample secret `<id>-secret`. */
async function apiGet<T>(county: County, path: string, id: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${county.engine.url}${path}`, { headers: await signedInHeaders(county.engine.url, id) });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * The agent desktop (GET /desk) in Debian's headless Chromium against the real stack: the page is
 * signed in through the login form, driven with its buttons, and kept live by server-sent events.
 */
describe('the agent desktop in a headless browser', () => {
  const counties = useBrowserCounties({ label: 'desk test' });

  /** The final outcomes of today's calls, once `ready` holds for them. */
  const outcomesOnceFinal = (c: County, ready: (o: StatsReport['totals']['outcomes']) => boolean) =>
    waitFor(
      async () => {
        const { body } = await apiGet<StatsReport>(c, '/api/stats?interval=total', 'teamlead');
        return ready(body.totals.outcomes) ? body.totals.outcomes : undefined;
      },
      { timeoutMs: 5_000, what: 'GET /api/stats showing the outcome as final' },
    );

  it('an agent signs in, goes ready, gets the screen pop live, talks, and files "resolved" in wrap-up', async () => {
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { wrapUpSec: 30 } });
    await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 1_500, hangUpAfterMs: 2_000 } });
    const { page, problems } = await counties.newPage();
    const state = (label: string) => page.locator('#state', { hasText: exactly(label) }).waitFor({ timeout: SHOWN_MS });

    // Not signed in: the desk sends the browser to the login form, which comes back to it.
    await logInAndOpen(page, county.engine.url, '/desk', 'agent-1');
    await page.getByRole('heading', { name: /Arbeitsplatz Anna Petersen/ }).waitFor();
    // Registered phone, nothing else: the agent is ready. A meeting, then ready again, by the buttons.
    await state('Bereit');
    await page.evaluate('window.__sameDocument = true');
    await page.getByLabel('Pausengrund').selectOption({ label: 'Besprechung' });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await state('Pause (Besprechung)');
    expect((await apiGet<{ status: string; pauseReason: string }>(county, '/api/agents/agent-1', 'teamlead')).body).toMatchObject({ status: 'paused', pauseReason: 'meeting' });
    await page.getByRole('button', { name: 'Bereit', exact: true }).click();
    await state('Bereit');
    expect(await page.locator('#no-call').textContent()).toBe('Kein Anruf.');

    // A 115 call from a Quickborn number: attributed to Quickborn, offered to agent-1.
    const from = '04106555301';
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from });
    await state('Klingelt');
    await page.locator('#pop-town', { hasText: exactly('Stadt Quickborn') }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#pop-entry').textContent()).toBe('115');
    expect(await page.locator('#pop-reason').textContent()).toBe('Direkt über die 115');
    expect(await page.locator('#pop-repeat').textContent()).toBe('Kein Anruf in den letzten 7 Tagen.');
    expect(await page.locator('#pop-waited').textContent()).toMatch(/^\d\d:\d\d$/);

    // The phone answers after 1.5 s: talking. The desktop during the call, kept with the logs.
    await state('Im Gespräch');
    await counties.screenshot(page, county, 'desk-during-call');
    expect(await page.getByRole('button', { name: 'Übergeben (mit Rückfrage) an Bürgerbüro' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Fallabschließend gelöst' }).isEnabled()).toBe(true);

    // The agent's phone hangs up after 2 s of talk: wrap-up (30 s in this county).
    await state('Nachbearbeitung');
    expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    await page.getByRole('button', { name: 'Fallabschließend gelöst' }).click();
    await page.locator('#outcome-state', { hasText: /^Erfasst: Fallabschließend gelöst\./ }).waitFor({ timeout: SHOWN_MS });
    expect(await page.getByRole('button', { name: 'Fallabschließend gelöst' }).getAttribute('aria-pressed')).toBe('true');
    // Filed, not final yet: the statistics count it as pending while the wrap-up lasts.
    const before = await apiGet<StatsReport>(county, '/api/stats?interval=total', 'teamlead');
    expect(before.status).toBe(200);
    expect(before.body.totals.outcomes).toMatchObject({ resolved: 0, pending: 1 });

    // Ready ends the wrap-up early: the outcome is final.
    await page.getByRole('button', { name: 'Bereit', exact: true }).click();
    await state('Bereit');
    await page.locator('#message', { hasText: 'Anruf abgeschlossen. Ergebnis: Fallabschließend gelöst.' }).waitFor({ timeout: SHOWN_MS });
    const stats = await waitFor(
      async () => {
        const { body } = await apiGet<StatsReport>(county, '/api/stats?interval=total', 'teamlead');
        return body.totals.outcomes.resolved === 1 ? body : undefined;
      },
      { timeoutMs: 5_000, what: 'GET /api/stats showing one resolved call today' },
    );
    expect(stats.totals.outcomes).toMatchObject({ resolved: 1, pending: 0, unclassified: 0 });
    expect(stats.byAgent?.find((a) => a.agentId === 'agent-1')?.outcomes.resolved).toBe(1);

    const record = await county.recordOf(from);
    expect(record).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', municipality: 'quickborn', overflowReason: 'direct-115' });
    // All of it live: the document loaded once, and its script never failed.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(problems).toEqual([]);
    await county.assertClean();
  });
  it('only a signed-in agent (or an operator naming the agent) gets the desk', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const get = async (path: string, id?: string) =>
      fetch(`${county.engine.url}${path}`, { redirect: 'manual', headers: id ? await signedInHeaders(county.engine.url, id) : {} });

    const anonymous = await get('/desk');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fdesk');
    expect((await get('/desk?agent=agent-1')).headers.get('location')).toBe('/login?next=%2Fdesk%3Fagent%3Dagent-1');

    const own = await get('/desk', 'agent-1');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await own.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('data-agent="agent-1"');
    const scriptUrl = /<script src="(\/assets\/desk-[0-9a-f]+\.js)" defer><\/script>/.exec(html)?.[1];
    expect(scriptUrl).toBeDefined();
    expect((await get('/desk?agent=agent-2', 'agent-1')).status).toBe(403);
    expect((await get('/desk', 'clerk-quickborn')).status).toBe(403);

    const chooser = await get('/desk', 'teamlead');
    expect(chooser.status).toBe(200);
    expect(await chooser.text()).toContain('href="/desk?agent=agent-1"');
    const operator = await get('/desk?agent=agent-1', 'teamlead');
    expect(operator.status).toBe(200);
    expect(await operator.text()).toContain('Anna Petersen');
    expect((await get('/desk?agent=agent-9', 'teamlead')).status).toBe(404);

    const script = await get(scriptUrl!);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    await county.assertClean();
  });

  it('warm transfer from the desk: consult the Bürgerbüro, hand the caller over, file "transferred"', async () => {
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { wrapUpSec: 30 } });
    await county.sipp.phone({ endpoint: 'quickborn-buergerbuero', behaviour: { kind: 'answer', afterMs: 500 } });
    await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    const { page, problems, state } = await counties.readyDesk(county);

    const from = '04106555302';
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from });
    await state('Im Gespräch');
    await page.getByRole('button', { name: 'Übergeben (mit Rückfrage) an Bürgerbüro' }).click();
    await page.locator('#transfer-state', { hasText: /^Rückfrage mit Bürgerbüro/ }).waitFor({ timeout: SHOWN_MS });
    // While one transfer runs, no other can start.
    expect(await page.getByRole('button', { name: 'Direkt übergeben an Bauamt' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Gespräch übergeben' }).click();

    // The agent is out of the call and in wrap-up; the caller talks with the case worker.
    await state('Nachbearbeitung');
    await page.locator('#transfer-state', { hasText: 'An Bürgerbüro übergeben.' }).waitFor({ timeout: SHOWN_MS });
    await page.getByRole('button', { name: 'An Fachamt übergeben' }).click();
    await page.locator('#outcome-state', { hasText: /^Erfasst: An Fachamt übergeben \(Bürgerbüro\)\./ }).waitFor({ timeout: SHOWN_MS });
    await page.getByRole('button', { name: 'Bereit', exact: true }).click();
    await state('Bereit');

    // The statistics count calls that ended: once the caller and the case worker are done.
    await citizen.hangUp();
    const record = await county.recordOf(from);
    expect(await outcomesOnceFinal(county, (o) => o.transferred === 1)).toMatchObject({ transferred: 1, resolved: 0, pending: 0 });
    expect(record.transfers).toEqual([expect.objectContaining({ department: 'buergerbuero', mode: 'warm', result: 'connected' })]);
    expect(problems).toEqual([]);
    await county.assertClean();
  });

  it('callback note from the desk: a transfer nobody takes is called off, the note reaches the town, outcome "callback-note"', async () => {
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { wrapUpSec: 30 } });
    await county.sipp.phone({ endpoint: 'quickborn-bauamt', behaviour: { kind: 'never-answer' } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    const { page, problems, state } = await counties.readyDesk(county);

    const from = '04106555303';
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from });
    await state('Im Gespräch');
    await page.getByRole('button', { name: 'Direkt übergeben an Bauamt' }).click();
    await page.locator('#transfer-state', { hasText: /^Bauamt wird angerufen \(direkt\)/ }).waitFor({ timeout: SHOWN_MS });
    await page.getByRole('button', { name: 'Übergabe abbrechen (zurück zum Anrufer)' }).click();
    await page.locator('#transfer-state', { hasText: /^Übergabe an Bauamt beendet/ }).waitFor({ timeout: SHOWN_MS });

    // The number field takes input only once the caller agreed.
    expect(await page.getByLabel('Rückrufnummer', { exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Name der Anruferin / des Anrufers').fill('Erika <b>Muster</b>');
    await page.getByLabel('Thema').fill('Bauantrag Carport');
    await page.getByLabel('Anliegen').fill('Fragt, welche Unterlagen für den Bauantrag fehlen.');
    await page.getByLabel('Fachamt (optional)').selectOption({ label: 'Bauamt' });
    await page.getByLabel(/ist einverstanden/).check();
    await page.getByLabel('Rückrufnummer', { exact: true }).fill('04106 123456');
    await page.getByRole('button', { name: 'Rückrufnotiz speichern' }).click();
    await page.locator('#note-state', { hasText: /^Rückrufnotiz gespeichert \(Nr\. / }).waitFor({ timeout: SHOWN_MS });
    await page.locator('#outcome-state', { hasText: /^Erfasst: Rückrufnotiz \(Bauamt\)\./ }).waitFor({ timeout: SHOWN_MS });
    expect(await page.getByRole('button', { name: 'Rückrufnotiz', exact: true }).getAttribute('aria-pressed')).toBe('true');

    // The agent ends the call; ready after the wrap-up makes the outcome final.
    await agent.hangUp();
    await state('Nachbearbeitung');
    await citizen.waitForEnd(5_000);
    await page.getByRole('button', { name: 'Bereit', exact: true }).click();
    await state('Bereit');
    await page.locator('#message', { hasText: 'Anruf abgeschlossen. Ergebnis: Rückrufnotiz.' }).waitFor({ timeout: SHOWN_MS });
    expect(await outcomesOnceFinal(county, (o) => o.callbackNote === 1)).toMatchObject({ callbackNote: 1, resolved: 0, pending: 0 });

    // In Quickborn's inbox, as typed (the name's markup is text, not HTML), with the number agreed to.
    const record = await county.recordOf(from);
    const inbox = await apiGet<{ notes: NoteView[] }>(county, '/api/towns/quickborn/notes', 'clerk-quickborn');
    expect(inbox.body.notes).toEqual([
      expect.objectContaining({ callId: record.id, municipality: 'quickborn', department: 'Bauamt', name: 'Erika <b>Muster</b>', topic: 'Bauantrag Carport', callerNumber: '04106123456', createdBy: 'agent-1' }),
    ]);
    expect(record.transfers).toEqual([expect.objectContaining({ department: 'bauamt', mode: 'blind', result: 'cancelled' })]);
    expect(problems).toEqual([]);
    await county.assertClean();
  });
});
