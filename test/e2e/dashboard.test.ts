import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInAndOpen } from '../support/browser.js';
import { startStack, type Stack } from '../support/stack.js';
import { NUMBERS, openCounty, type County } from './county-fixture.js';
import { signedInHeaders } from '../support/http-api.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** How long the page may take to show what the engine did (events arrive within a second). */
const SHOWN_MS = 5_000;

const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The operators' dashboard (GET /dashboard) in Debian's headless Chromium against the real stack:
 * signed in through the login form as the team lead, kept live by server-sent events while SIPp
 * callers wait.
 */
describe('the operator dashboard in a headless browser', () => {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let county: County | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    // agent-1's phone rings and rings (60 s before the engine gives up); agent-2 has no phone.
    county = await openCounty(stack, { agents: ['agent-1', 'agent-2'], agentRingTimeoutSec: 60 });
    process.stdout.write(`dashboard test: stack logs and screenshots in ${stack.logs.dir}\n`);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await county?.close();
    await browser?.close();
    await stack?.stop();
  });

  const post = async (path: string, id: string, body: object) =>
    fetch(`${county!.engine.url}${path}`, { method: 'POST', headers: { ...(await signedInHeaders(county!.engine.url, id)), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('only operators get the dashboard: a town clerk and an agent 403, nobody signed in the login page', async () => {
    const get = async (path: string, id?: string) =>
      fetch(`${county!.engine.url}${path}`, { redirect: 'manual', headers: id ? await signedInHeaders(county!.engine.url, id) : {} });
    const anonymous = await get('/dashboard');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fdashboard');
    const clerk = await get('/dashboard', 'clerk-quickborn');
    expect(clerk.status).toBe(403);
    expect(await clerk.text()).toContain('Kein Zugang');
    expect((await get('/dashboard', 'agent-1')).status).toBe(403);
    expect((await get('/api/dashboard/events', 'clerk-quickborn')).status).toBe(403);
    const lead = await get('/dashboard', 'teamlead');
    expect(lead.status).toBe(200);
    expect(lead.headers.get('content-security-policy')).toContain("script-src 'self'");
    // uPlot comes bundled in the page's script.
    const scriptUrl = /<script src="(\/assets\/dashboard-[0-9a-f]+\.js)" defer><\/script>/.exec(await lead.text())?.[1];
    const uplot = await get(scriptUrl!);
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toContain('text/javascript');
  });

  it('shows callers waiting and agents changing state live, without reload, and keeps a screenshot', async () => {
    const c = county!;
    await c.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'never-answer' } });
    context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1920, height: 1080 } });
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
    });

    await logInAndOpen(page, c.engine.url, '/dashboard', 'teamlead');
    await page.getByRole('heading', { name: /^Lagebild Service-Center Kreis Pinneberg$/ }).waitFor();
    await page.evaluate('window.__sameDocument = true');
    const waitingCount = page.locator('#waiting-count');
    const agentIn = (status: string, agent: string) => page.locator(`#agent-groups [data-group="${status}"] li[data-agent="${agent}"]`);
    await waitingCount.filter({ hasText: exactly('0') }).waitFor({ timeout: SHOWN_MS });
    await agentIn('available', 'agent-1').waitFor({ timeout: SHOWN_MS });
    await page.locator('#conn', { hasText: 'Live' }).waitFor({ timeout: SHOWN_MS });
    // agent-2 has no phone: paused by the engine, with the reason.
    await agentIn('paused', 'agent-2').filter({ hasText: 'Pause (Telefon nicht angemeldet)' }).waitFor({ timeout: SHOWN_MS });

    // A 115 caller from Quickborn: offered to agent-1, whose phone rings.
    const first = await c.sipp.call({ to: NUMBERS.n115, from: '04106555601' });
    await agentIn('offered', 'agent-1').filter({ hasText: 'Anna Petersen' }).waitFor({ timeout: SHOWN_MS });
    await waitingCount.filter({ hasText: exactly('1') }).waitFor({ timeout: SHOWN_MS });
    // A caller of Bönningstedt's town hall, where no phone is registered: straight to the queue.
    const second = await c.sipp.call({ to: NUMBERS.boenningstedt, from: '040555602' });
    const placedAt = Date.now();
    await waitingCount.filter({ hasText: exactly('2') }).waitFor({ timeout: SHOWN_MS });
    const rows = page.locator('#waiting-rows tr');
    await rows.nth(1).locator('td.municipality', { hasText: exactly('Gemeinde Bönningstedt') }).waitFor({ timeout: SHOWN_MS });
    expect(await rows.nth(0).locator('td.entry').textContent()).toBe('115');
    expect(await rows.nth(0).locator('td.municipality').textContent()).toBe('Stadt Quickborn');
    expect(await rows.nth(0).locator('td.phase').textContent()).toBe('klingelt bei Anna Petersen');
    expect(await rows.nth(1).locator('td.entry').textContent()).toBe('Gemeinde');
    expect(await rows.nth(1).locator('td.phase').textContent()).toBe('wartet');
    await page.locator('#town-rows tr[data-town="boenningstedt"] td:nth-child(2)', { hasText: exactly('1') }).waitFor({ timeout: SHOWN_MS });

    // The waits count up by themselves, once a second.
    const longest = page.locator('#longest-wait');
    const shown = (await longest.textContent()) ?? '';
    expect(shown).toMatch(/^\d\d:\d\d$/);
    await longest.filter({ hasText: /^\d\d:\d\d$/ }).filter({ hasNotText: exactly(shown) }).waitFor({ timeout: 2_500 });
    await page.locator('#tile-longest .level').filter({ hasText: '✓ im Ziel' }).waitFor({ timeout: SHOWN_MS });

    // The team lead logs agent-2 out: the page follows.
    expect((await post('/api/agents/agent-2/logout', 'teamlead', {})).status).toBe(200);
    await agentIn('logged-out', 'agent-2').filter({ hasText: 'Jonas Hansen' }).waitFor({ timeout: SHOWN_MS });

    // Staffing advice: shown when GET /api/staffing answers 200, left out otherwise.
    const staffing = await fetch(`${c.engine.url}/api/staffing`, { headers: await signedInHeaders(c.engine.url, 'teamlead') });
    if (staffing.status === 200) await page.locator('#staffing').waitFor({ state: 'visible', timeout: SHOWN_MS });
    else expect(await page.locator('#staffing').isHidden()).toBe(true);
    await page.locator('#chart canvas').first().waitFor({ timeout: SHOWN_MS });

    const screenshot = join(stack!.logs.dir, `dashboard-${c.prefix.replace(/:$/, '')}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`dashboard test: screenshot of the dashboard with two callers waiting (wall screen 1920×1080; -laptop.png beside it): ${screenshot}\n`);
    expect(readFileSync(screenshot).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The same on a laptop's screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-laptop.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });

    // Both give up after more than 5 s: abandoned. The queue empties, agent-1 is ready again, and
    // today's abandonment rate turns red.
    await sleep(Math.max(0, placedAt + 5_500 - Date.now()));
    await Promise.all([first.hangUp(), second.hangUp()]);
    await waitingCount.filter({ hasText: exactly('0') }).waitFor({ timeout: SHOWN_MS });
    await agentIn('available', 'agent-1').waitFor({ timeout: SHOWN_MS });
    // Both records in today's figures (the two ends may come in separate updates).
    await page.locator('#town-total td:nth-child(5)', { hasText: exactly('2') }).waitFor({ timeout: SHOWN_MS });
    await page.locator('#town-rows tr[data-town="boenningstedt"] td:nth-child(5)', { hasText: exactly('1') }).waitFor({ timeout: SHOWN_MS });
    const abandon = page.locator('[data-kpi="abandon"]');
    expect(await abandon.locator('.value').textContent()).toMatch(/^100\s%$/);
    expect(await abandon.getAttribute('data-level')).toBe('bad');
    expect(await abandon.locator('.level').textContent()).toBe('✗ verfehlt');
    // The configured targets show: the county's on the tile, Hasloh's own (config/county.yaml) in its row.
    expect(await page.locator('[data-kpi="service-level"] .target').textContent()).toBe('Ziel: 75\u00a0% in 30\u00a0s');
    expect(await page.locator('#town-rows tr[data-town="hasloh"] .own-target').textContent()).toBe('Eigenes Ziel: 80\u00a0% in 20\u00a0s');
    expect(await page.locator('#town-rows tr[data-town="quickborn"] .own-target').count()).toBe(0);

    // All of it live: the document loaded once, and its script never failed.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(problems).toEqual([]);
    expect((await c.recordOf('040555602')).outcome).toBe('abandoned');
    await c.assertClean();
  });
});
