import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/knowledge/article.js';
import { launchBrowser, logInAndOpen } from '../support/browser.js';
import { waitFor } from '../support/wait-for.js';
import { SHOWN_MS, exactly } from './browser-fixture.js';
import { NUMBERS } from './county-fixture.js';
import { usePlatform } from './platform-fixture.js';

/**
 * The partner center's agent desktop in Debian's headless Chromium, on the real stack (two engines,
 * one Asterisk): a Quickborn caller Kreis Pinneberg hands over pops at Kreis Segeberg's agent as
 * Pinneberg's caller, with Quickborn's town facts and Pinneberg's articles from Pinneberg's
 * knowledge base, Quickborn's section first.
 */
const KNOWLEDGE_DIR = new URL('../../config/knowledge/', import.meta.url);
const articleFile = (path: string): Article => parse(readFileSync(new URL(path, KNOWLEDGE_DIR), 'utf8')) as Article;
const SEGEBERG_AGENT = 'segeberg-agent-1';

describe("the partner center's desk for a handed-over caller", () => {
  const platforms = usePlatform();
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows Pinneberg's caller from Quickborn with Quickborn's facts and Pinneberg's passport article", async () => {
    const reisepass = articleFile('articles/reisepass.yaml');
    const hours = articleFile('towns/quickborn.yaml').sections['quickborn']?.hours ?? '';
    expect(hours).not.toBe('');
    const { sipp, pinneberg, segeberg, logsDir } = await platforms.open({
      pinneberg: { agents: ['agent-1'], serviceCenter: { wrapUpSec: 0, partners: [{ center: 'kreis-segeberg', name: 'Service-Center Kreis Segeberg', afterWaitSec: 2 }] } },
      segeberg: { agents: [SEGEBERG_AGENT], serviceCenter: { wrapUpSec: 0 } },
    });
    const home = await sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    const theirs = await sipp.phone({ endpoint: SEGEBERG_AGENT, behaviour: { kind: 'answer', afterMs: 500 } });
    const context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      await logInAndOpen(page, segeberg.engine.url, '/desk', SEGEBERG_AGENT);
      await page.locator('#state', { hasText: exactly('Bereit') }).waitFor({ timeout: SHOWN_MS });
      await waitFor(async () => (await pinneberg.queue()).agents.some((a) => a.status === 'available'), { timeoutMs: 5_000, what: "Pinneberg's agent available" });

      // Pinneberg's only agent is busy; a Quickborn citizen dials 115 there and waits past 2 s.
      const first = await sipp.call({ to: NUMBERS.n115, from: '04101555031' });
      await home.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 8_000, what: "Pinneberg's agent talking" });
      const citizen = await sipp.call({ to: NUMBERS.n115, from: '04106555032' });

      // Segeberg's agent's desk: whose caller, which town, why, and Pinneberg's knowledge of Quickborn.
      await page.locator('#pop-partner', { hasText: exactly('Übernommen vom Service-Center Kreis Pinneberg') }).waitFor({ timeout: 15_000 });
      expect(await page.locator('#pop-town').textContent()).toBe('Stadt Quickborn');
      expect(await page.locator('#pop-handover').textContent()).toBe('Dort zu lange gewartet');
      await page.locator('#pop-no-local', { hasText: exactly('Wissen des Service-Centers Kreis Pinneberg: was dort für Stadt Quickborn gilt.') }).waitFor({ timeout: SHOWN_MS });
      await page.locator('#pop-facts-list', { hasText: hours }).waitFor({ timeout: SHOWN_MS });
      await page.locator('#state', { hasText: exactly('Im Gespräch') }).waitFor({ timeout: SHOWN_MS });

      // The agent types "reisepass": Pinneberg's article, Quickborn's section first, said whose it is.
      await page.locator('#kb-query').pressSequentially('reisepass', { delay: 40 });
      await page.locator('#kb-hits').getByRole('button', { name: reisepass.title, exact: true }).click();
      await page.locator('#kb-article-title', { hasText: reisepass.title }).waitFor({ timeout: SHOWN_MS });
      expect(await page.locator('#kb-article-source').textContent()).toContain('Wissen des Service-Centers Kreis Pinneberg');
      expect(await page.locator('#kb-article-local h4').textContent()).toBe('Stadt Quickborn (Gemeinde des Anrufs)');
      expect(await page.locator('#kb-article-local').textContent()).toContain(reisepass.sections['quickborn']?.office ?? '?');
      const shot = join(logsDir, `partner-desk-${Date.now().toString(36)}.png`);
      writeFileSync(shot, await page.screenshot({ fullPage: true }));
      process.stdout.write(`partner desk test: screenshot ${shot}\n`);

      await theirs.hangUp();
      expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
      await home.hangUp();
      expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
