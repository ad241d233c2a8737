import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RedisDispositions, RedisKeys } from '../../src/adapters/redis/index.js';
import type { CallId } from '../../src/domain/ids.js';
import type { Article } from '../../src/knowledge/article.js';
import type { Suggestions } from '../../src/knowledge/suggestions.js';
import { signedInHeaders } from '../support/http-api.js';
import { SAMPLE_CENTER } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';
import { SHOWN_MS, useBrowserCounties } from './browser-fixture.js';
import { NUMBERS, type County } from './county-fixture.js';
import { LONG_AGO, saveCheckedOn } from './stale-article.js';

const KNOWLEDGE_DIR = new URL('../../config/knowledge/', import.meta.url);
const articleFile = (path: string): Article => parse(readFileSync(new URL(path, KNOWLEDGE_DIR), 'utf8')) as Article;

/** The month (YYYY-MM) an instant falls in on the service center's clock: a report's month. */
const berlinMonthOf = (ms: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(new Date(ms)).slice(0, 7);

async function apiGet<T>(county: County, path: string, id: string): Promise<T> {
  const res = await fetch(`${county.engine.url}${path}`, { headers: await signedInHeaders(county.engine.url, id) });
  expect(res.status, `${path} as ${id}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * The knowledge base in the agent desktop during a real call (Chromium, Asterisk, SIPp): the
 * screen pop shows the caller's town facts and suggestions, the agent searches as they type, opens
 * the article, consults the department it names in one click, answers from it and files the outcome
 * with it as the call's topic; an article overdue for its check says so.
 */
describe('the knowledge base in the agent desktop', () => {
  const counties = useBrowserCounties({ label: 'desk knowledge test' });

  it('a Quickborn caller: town facts and suggestions pop up, the agent finds "reisepass", answers from it and files "resolved" with it as the topic', async () => {
    const reisepass = articleFile('articles/reisepass.yaml');
    const quickborn = articleFile('towns/quickborn.yaml');
    const hours = quickborn.sections['quickborn']?.hours ?? '';
    expect(hours).not.toBe('');

    const county = await counties.open({ agents: ['agent-1'], overflowTimeoutSec: 2, serviceCenter: { wrapUpSec: 30 } });
    await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'never-answer' });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    const caseWorker = await county.sipp.phone({ endpoint: 'quickborn-buergerbuero', behaviour: { kind: 'answer', afterMs: 500 } });
    const { page, problems, state } = await counties.readyDesk(county);
    // Nothing asked yet in this county: general suggestions, the passport not first.
    const before = await apiGet<Suggestions>(county, '/api/knowledge/suggestions?municipality=quickborn', 'agent-1');
    expect(before.articles.every((a) => a.asked === 0)).toBe(true);
    expect(before.articles[0]?.id).not.toBe('reisepass');
    // Another suggestion was last checked long ago: overdue for its check.
    const other = before.articles.find((a) => a.id !== 'reisepass')!;
    await saveCheckedOn(county, other.id, LONG_AGO.on);

    // The town hall does not answer within 2 s: the caller overflows to agent-1.
    const from = '04106555401';
    const citizen = await county.sipp.call({ to: NUMBERS.quickborn, from });
    await page.locator('#pop-town', { hasText: /^Stadt Quickborn$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#pop-reason').textContent()).toBe('Im Rathaus hat niemand abgenommen');
    // The screen pop: Quickborn's town facts (the Bürgerbüro's hours) and what is often needed there.
    await page.locator('#pop-facts-list', { hasText: hours }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#pop-suggestions-title').textContent()).toBe('Oft gebraucht in Stadt Quickborn');
    expect(await page.locator('#pop-suggestions li').count()).toBe(before.articles.length);
    await state('Im Gespräch');

    // A search that finds nothing, finished with Enter: kept as a knowledge gap for Quickborn.
    const query = page.locator('#kb-query');
    await query.pressSequentially('zzqxw', { delay: 30 });
    await query.press('Enter');
    await page.locator('#kb-search-state', { hasText: /^Nichts gefunden\. Die Redaktion/ }).waitFor({ timeout: SHOWN_MS });
    const gaps = await apiGet<{ misses: { municipality: string; query: string; count: number }[] }>(county, '/api/knowledge/gaps', 'teamlead');
    expect(gaps.misses).toEqual([{ municipality: 'quickborn', query: 'zzqxw', count: 1 }]);

    // The agent types "reisepass": the hits come while typing; the article opens with a click.
    await query.fill('');
    await query.pressSequentially('reisepass', { delay: 40 });
    await page.locator('#kb-hits').getByRole('button', { name: reisepass.title, exact: true }).click();
    await page.locator('#kb-article-title', { hasText: reisepass.title }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#kb-article-answer').textContent()).toBe(reisepass.answer);
    // Quickborn's part first: the article's office, and the Bürgerbüro's hours from the town facts.
    const local = page.locator('#kb-article-local');
    expect(await local.locator('h4').textContent()).toBe('Stadt Quickborn (Gemeinde des Anrufs)');
    expect(await local.textContent()).toContain(reisepass.sections['quickborn']?.office ?? '?');
    expect(await local.textContent()).toContain(hours);
    expect(await page.locator('#kb-article-others summary').textContent()).toBe('Andere Gemeinden (2)');
    expect(await page.locator('#kb-article-others').getAttribute('open')).toBeNull();
    const [y, m, d] = reisepass.checked.on.split('-');
    expect(await page.locator('#kb-article-checked').textContent()).toBe(`Geprüft am ${d}.${m}.${y} von ${reisepass.checked.by}`);
    expect(await page.locator('#kb-article-stale').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Bürgerbüro: mit Rückfrage übergeben' }).isEnabled()).toBe(true);
    // Opened during the call: one of its topics.
    expect(await page.locator('#call-topics li span').allTextContents()).toEqual([reisepass.title]);

    await counties.screenshot(page, county, 'desk-knowledge');

    // "Rückrufnotiz" from the article: the note form, its topic filled in with the article's title.
    await page.getByRole('button', { name: 'Rückrufnotiz zu diesem Artikel' }).click();
    expect(await page.locator('#note-topic').inputValue()).toBe(reisepass.title);
    await page.locator('#note-topic').fill('');

    // One click in the article puts the caller through to the department it names for Quickborn, with a
    // question first: the Bürgerbüro's phone rings and answers, the desk shows the consultation.
    await page.getByRole('button', { name: 'Bürgerbüro: mit Rückfrage übergeben' }).click();
    await page.locator('#transfer-state', { hasText: /^Rückfrage mit Bürgerbüro: Sie sprechen mit der Sachbearbeitung\./ }).waitFor({ timeout: SHOWN_MS });
    const consultation = await caseWorker.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: SHOWN_MS, what: 'the Bürgerbüro’s phone answering the consultation' });
    expect(await page.getByRole('button', { name: 'Bürgerbüro: direkt übergeben' }).isDisabled()).toBe(true);
    // The question answered, the agent takes the caller back and answers from the article.
    await page.getByRole('button', { name: 'Übergabe abbrechen (zurück zum Anrufer)' }).click();
    await page.locator('#transfer-state', { hasText: /^Übergabe an Bürgerbüro beendet: Die Anruferin \/ der Anrufer ist wieder bei Ihnen\./ }).waitFor({ timeout: SHOWN_MS });
    await caseWorker.waitForCall((c) => c.callId === consultation.callId && c.endedAt !== undefined, { timeoutMs: SHOWN_MS, what: 'the consultation ended' });
    await state('Im Gespräch');

    // Answered from the article: "resolved", with the passport as the call's topic.
    await page.getByRole('button', { name: 'Fallabschließend gelöst' }).click();
    await page.locator('#outcome-state', { hasText: /^Erfasst: Fallabschließend gelöst\./ }).waitFor({ timeout: SHOWN_MS });
    const { callId } = await apiGet<{ callId: string }>(county, '/api/agents/agent-1', 'teamlead');
    const keys = new RedisKeys(county.prefix, SAMPLE_CENTER);
    const filedTopics = (topics: string[]) =>
      waitFor(async () => JSON.stringify((JSON.parse((await county.redis.get(keys.disposition(callId as CallId))) ?? '{}') as { topics?: string[] }).topics) === JSON.stringify(topics), {
        timeoutMs: SHOWN_MS,
        what: `the outcome filed with the topics ${topics.join(', ')}`,
      });
    await filedTopics(['reisepass']);
    // Another article opened after filing goes with the outcome too; taken off again, it goes.
    await page.locator('#pop-suggestions').getByRole('button', { name: other.title, exact: true }).click();
    await page.locator('#kb-article-title', { hasText: other.title }).waitFor({ timeout: SHOWN_MS });
    // Overdue for its check: the desk warns before the agent passes it on.
    expect(await page.locator('#kb-article-stale').textContent()).toBe(`Achtung: länger nicht geprüft (zuletzt am ${LONG_AGO.shown}). Angaben vor dem Weitergeben bitte prüfen.`);
    await counties.screenshot(page, county, 'desk-knowledge-stale');
    await filedTopics(['reisepass', other.id]);
    await page.getByRole('button', { name: `${other.title} aus den Anrufthemen entfernen` }).click();
    await filedTopics(['reisepass']);
    expect(await page.locator('#call-topics li span').allTextContents()).toEqual([reisepass.title]);
    await agent.hangUp();
    await state('Nachbearbeitung');
    await citizen.waitForEnd(5_000);
    await page.getByRole('button', { name: 'Bereit', exact: true }).click();
    await state('Bereit');

    const record = await county.recordOf(from);
    expect(record).toMatchObject({ outcome: 'answered-by-agent', municipality: 'quickborn', overflowReason: 'town-no-answer' });
    expect(record.transfers).toEqual([expect.objectContaining({ department: 'buergerbuero', mode: 'warm', result: 'cancelled' })]);
    const dispositions = new RedisDispositions(county.redis, new RedisKeys(county.prefix, SAMPLE_CENTER));
    const final = await waitFor(async () => (await dispositions.read()).find((e) => e.disposition.callId === record.id)?.disposition, {
      timeoutMs: 5_000,
      what: 'the call’s final outcome',
    });
    expect(final).toMatchObject({ outcome: 'resolved', topics: ['reisepass'] });
    // The statistics count the call under its topic, with the article's title.
    const byTopic = await waitFor(
      async () => {
        const stats = await apiGet<{ topics: { byTopic: { topic: string; title: string | null; calls: number; resolved: number }[] } }>(county, '/api/stats?interval=total', 'teamlead');
        return stats.topics.byTopic.length > 0 ? stats.topics.byTopic : undefined;
      },
      { timeoutMs: 5_000, what: 'GET /api/stats counting the call’s topic' },
    );
    expect(byTopic).toEqual([expect.objectContaining({ topic: 'reisepass', title: reisepass.title, calls: 1, resolved: 1 })]);
    // Quickborn's month report lists it under "what callers asked about", in JSON and in the CSV for Excel.
    const month = berlinMonthOf(record.times.arrivedAt);
    const report = await apiGet<{ topics: { byTopic: { topic: string; title: string | null; calls: number; resolved: number }[] } }>(
      county,
      `/api/reports?municipality=quickborn&month=${month}`,
      'teamlead',
    );
    expect(report.topics.byTopic).toEqual([expect.objectContaining({ topic: 'reisepass', title: reisepass.title, calls: 1, resolved: 1 })]);
    const csv = await fetch(`${county.engine.url}/api/reports.csv?municipality=quickborn&month=${month}&section=topics`, {
      headers: await signedInHeaders(county.engine.url, 'teamlead'),
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).split(/\r?\n/).map((line) => line.split(';'));
    // Anliegen; Artikel; Anrufe; Fallabschließend; …
    expect(rows.find((cells) => cells[1] === 'reisepass')?.slice(0, 4)).toEqual([reisepass.title, 'reisepass', '1', '1']);
    // Quickborn's next caller: the passport is what was asked there most.
    const after = await apiGet<Suggestions>(county, '/api/knowledge/suggestions?municipality=quickborn', 'agent-1');
    expect(after.articles[0]).toMatchObject({ id: 'reisepass', asked: 1 });
    // The call counts once, with the topics it ended with.
    expect(after.articles.filter((a) => a.asked > 0).map((a) => a.id)).toEqual(['reisepass']);
    expect((await apiGet<Suggestions>(county, '/api/knowledge/suggestions?municipality=hasloh', 'agent-1')).articles.every((a) => a.asked === 0)).toBe(true);
    expect(problems).toEqual([]);
    await county.assertClean();
  });
});
