import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, logInAndOpen } from '../support/browser.js';
import type { Stack } from '../support/stack.js';
import type { CountyOverrides } from '../support/test-county.js';
import { useCounties, type County } from './county-fixture.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** How long a page may take to show what the engine did (events arrive within milliseconds). */
export const SHOWN_MS = 10_000;

/** A text matched whole, as it stands (no pattern characters). */
export const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export interface BrowserPage {
  readonly page: Page;
  /** The page's script errors and console errors so far (a test expects none). */
  readonly problems: string[];
}

export interface DeskPage extends BrowserPage {
  /** Resolves once the desk shows the agent's state as `label` ("Bereit", "Im Gespräch", …). */
  readonly state: (label: string) => Promise<void>;
}

export interface BrowserOptions {
  /** Names the file in what it prints ("desk test"). */
  readonly label: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Console errors the file's tests provoke on purpose: Chromium logs every answer with an error status. */
  readonly provokedConsoleErrors?: RegExp;
}

export interface BrowserCounties {
  /** The test's county (closed after the test, checked for leftovers first: see useCounties). */
  open(overrides: CountyOverrides): Promise<County>;
  /** A fresh browser profile (no cookies, German locale and time zone) with a page that records its errors. */
  newPage(): Promise<BrowserPage>;
  /** The agent's desk (GET /desk), signed in through the login form, once it shows the agent ready. */
  readyDesk(county: County, agentId?: string): Promise<DeskPage>;
  /** Saves a full-page screenshot beside the stack's logs as `<name>-<county prefix>.png`; returns its path. */
  screenshot(page: Page, county: County, name: string): Promise<string>;
  logs(): Stack['logs'];
}

/**
 * The frame of an end-to-end file in Debian's headless Chromium: useCounties() (one stack for the
 * file, one county per test, checked for leftovers and closed after it), one browser for the file,
 * and fresh browser profiles, closed after each test. Vitest runs "after" hooks in reverse order
 * (sequence.hooks `stack`), so the pages close before their engine stops.
 */
export function useBrowserCounties(opts: BrowserOptions): BrowserCounties {
  const counties = useCounties();
  const viewport = opts.viewport ?? { width: 1280, height: 900 };
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    process.stdout.write(`${opts.label}: stack logs and screenshots in ${counties.logs().dir}\n`);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(): Promise<BrowserPage> {
    if (!browser) throw new Error('the browser did not start');
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !opts.provokedConsoleErrors?.test(msg.text())) problems.push(`console error: ${msg.text()} (${msg.location().url})`);
    });
    return { page, problems };
  }

  return {
    open: (overrides) => counties.open(overrides),
    newPage,
    async readyDesk(county, agentId = 'agent-1') {
      const { page, problems } = await newPage();
      const state = (label: string) => page.locator('#state', { hasText: exactly(label) }).waitFor({ timeout: SHOWN_MS });
      await logInAndOpen(page, county.engine.url, '/desk', agentId);
      await state('Bereit');
      return { page, problems, state };
    },
    async screenshot(page, county, name) {
      const path = join(counties.logs().dir, `${name}-${county.prefix.replace(/:$/, '')}.png`);
      await page.screenshot({ path, fullPage: true });
      process.stdout.write(`${opts.label}: screenshot ${path}\n`);
      expect(readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      return path;
    },
    logs: () => counties.logs(),
  };
}
