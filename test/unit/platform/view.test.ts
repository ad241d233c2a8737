import { describe, expect, it } from 'vitest';
import type { CenterState } from '../../../src/app/center-board.js';
import { ageText, platformHtml, serviceLevelText } from '../../../src/platform/page.js';
import { platformView, type ReportingCenter } from '../../../src/platform/view.js';

const NOW = Date.UTC(2026, 0, 12, 9, 30, 0); // Monday 10:30 in Berlin
const TZ = 'Europe/Berlin';

const post = (over: Partial<CenterState> & { center: string }): CenterState => ({
  app: `app-${over.center}`,
  open: true,
  loggedIn: 4,
  freeAgents: 1,
  waiting: 2,
  window: { calls: 40, withinTarget: 33 },
  targetShare: 0.75,
  at: NOW - 1_200,
  ...over,
});

const pinneberg = post({ center: 'kreis-pinneberg', name: 'Service-Center Kreis Pinneberg' });
// Few calls, below target on paper: too few to judge.
const segeberg = post({ center: 'kreis-segeberg', name: 'Service-Center Kreis Segeberg', open: false, loggedIn: 0, freeAgents: 0, waiting: 0, window: { calls: 3, withinTarget: 1 }, at: NOW - 300 });

const view = (posts: readonly CenterState[], centers: readonly string[], self = 'kreis-pinneberg') =>
  platformView({ centers, posts: new Map(posts.map((p) => [p.center, p])), self, now: NOW });

describe('the platform view', () => {
  it('lists every center with a fresh post: its state, its service level over the window, how old the post is', () => {
    const v = view([segeberg, pinneberg], ['kreis-segeberg', 'kreis-pinneberg']);
    expect(v).toMatchObject({ at: NOW, center: 'kreis-pinneberg', callsToJudge: 10 });
    expect(v.centers).toEqual([
      {
        center: 'kreis-pinneberg',
        name: 'Service-Center Kreis Pinneberg',
        reported: true,
        self: true,
        open: true,
        loggedIn: 4,
        freeAgents: 1,
        waiting: 2,
        serviceLevel: { calls: 40, withinTarget: 33, share: 33 / 40, targetShare: 0.75, enoughCalls: true, metTarget: true },
        postedAt: NOW - 1_200,
        ageMs: 1_200,
      },
      {
        center: 'kreis-segeberg',
        name: 'Service-Center Kreis Segeberg',
        reported: true,
        self: false,
        open: false,
        loggedIn: 0,
        freeAgents: 0,
        waiting: 0,
        serviceLevel: { calls: 3, withinTarget: 1, share: 1 / 3, targetShare: 0.75, enoughCalls: false, metTarget: null },
        postedAt: NOW - 300,
        ageMs: 300,
      },
    ]);
  });

  it('marks a known center without a fresh post, after the reporting ones; a post without a name (an older engine) shows by its id', () => {
    const older = post({ center: 'kreis-steinburg', window: { calls: 20, withinTarget: 10 } });
    const v = view([pinneberg, older], ['kreis-segeberg', 'kreis-steinburg', 'kreis-pinneberg', 'kreis-pinneberg']);
    expect(v.centers.map((c) => [c.center, c.name, c.reported])).toEqual([
      ['kreis-steinburg', null, true],
      ['kreis-pinneberg', 'Service-Center Kreis Pinneberg', true],
      ['kreis-segeberg', null, false],
    ]);
    expect((v.centers[0] as ReportingCenter).serviceLevel.metTarget).toBe(false);
    expect(v.centers[2]).toEqual({ center: 'kreis-segeberg', name: null, reported: false, self: false });
  });

  it('never shows a post as younger than now when the poster’s clock runs ahead', () => {
    expect((view([post({ center: 'a', at: NOW + 800 })], ['a']).centers[0] as ReportingCenter).ageMs).toBe(0);
  });
});

describe('the platform page (German)', () => {
  const page = (v = view([pinneberg, segeberg], ['kreis-pinneberg', 'kreis-segeberg', 'kreis-steinburg'])) => platformHtml({ view: v, signedInAs: 'Jan Sievers', timezone: TZ });
  const rowOf = (html: string, center: string) => new RegExp(`<tr[^>]*data-center="${center}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? '';

  it('has the German headings, the clock time in the center’s zone, reloads itself and runs no script', () => {
    const html = page();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h1>Plattform-Übersicht: alle Service-Center</h1>');
    for (const th of ['Service-Center', 'Geöffnet', 'Agenten angemeldet', 'Agenten frei', 'Wartende Anrufe', 'Servicelevel der letzten 30\u00a0Minuten', 'Stand']) {
      expect(html).toContain(`<th>${th}</th>`);
    }
    expect(html).toContain('Stand 10:30:00 Uhr');
    expect(html).toContain('angemeldet als Jan Sievers');
    expect(html).toMatch(/<meta http-equiv="refresh" content="5">/);
    expect(html).not.toMatch(/<script/i);
  });

  it('shows each center’s row: open or not, agents, waiting callers, service level and the age of its post', () => {
    const html = page();
    const p = rowOf(html, 'kreis-pinneberg');
    expect(p).toContain('<strong>Service-Center Kreis Pinneberg</strong>');
    expect(p).toContain('dieses Service-Center');
    expect(p).toContain('<td>ja</td><td>4</td><td>1</td><td>2</td>');
    expect(p).toContain('<td class="ok">83\u00a0% (33 von 40\u00a0Anrufen; Ziel 75\u00a0%)</td>');
    expect(p).toContain('<td>vor 1\u00a0s</td>');
    const s = rowOf(html, 'kreis-segeberg');
    expect(s).toContain('<td class="closed">nein</td><td>0</td><td>0</td><td>0</td>');
    expect(s).toContain('<td>zu wenige Anrufe (3\u00a0Anrufe; Ziel 75\u00a0%)</td>');
    expect(s).toContain('<td>gerade eben</td>');
    expect(s).not.toContain('dieses Service-Center');
  });

  it('says "keine Meldung" for a known center without a fresh post', () => {
    const row = rowOf(page(), 'kreis-steinburg');
    expect(row).toContain('<strong>kreis-steinburg</strong>');
    expect(row).toContain('keine Meldung');
  });

  it('judges no service level below ten calls, and from ten on gives share and calls', () => {
    const at = (calls: number, withinTarget: number) => serviceLevelText(view([post({ center: 'a', window: { calls, withinTarget } })], ['a']).centers[0] as ReportingCenter, 10);
    expect(at(0, 0)).toBe('zu wenige Anrufe (0\u00a0Anrufe; Ziel 75\u00a0%)');
    expect(at(1, 1)).toBe('zu wenige Anrufe (1\u00a0Anruf; Ziel 75\u00a0%)');
    expect(at(9, 9)).toBe('zu wenige Anrufe (9\u00a0Anrufe; Ziel 75\u00a0%)');
    expect(at(10, 7)).toBe('70\u00a0% (7 von 10\u00a0Anrufen; Ziel 75\u00a0%)');
    expect(rowOf(platformHtml({ view: view([post({ center: 'a', window: { calls: 10, withinTarget: 7 } })], ['a']), signedInAs: 'x', timezone: TZ }), 'a')).toContain('<td class="bad">70');
  });

  it('writes ages in seconds', () => {
    expect([ageText(0), ageText(999), ageText(1_000), ageText(4_999)]).toEqual(['gerade eben', 'gerade eben', 'vor 1\u00a0s', 'vor 4\u00a0s']);
  });

  it('escapes what the board carries', () => {
    const html = platformHtml({ view: view([post({ center: 'x', name: '<b>Kreis</b>' })], ['x']), signedInAs: '<i>', timezone: TZ });
    expect(html).toContain('&lt;b&gt;Kreis&lt;/b&gt;');
    expect(html).not.toContain('<b>Kreis');
    expect(html).toContain('angemeldet als &lt;i&gt;');
  });
});
