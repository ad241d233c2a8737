import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, done by scripts/provision.sh); no browser download. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * A headless Chromium driven through playwright-core. `--no-sandbox`: the tests run as root, where
 * Chromium's sandbox refuses to start. Close it (`browser.close()`) when done: it is a process tree.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/provision.sh (as root), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}

/**
 * Opens `path` on the engine as `id` (sample secret `<id>-secret` unless given): the page sends the
 * browser to the German login form (`/login?next=…`), which is filled in and sent like a person
 * would; resolves once the browser is back on `path` with the session cookie.
 */
export async function logInAndOpen(page: Page, baseUrl: string, path: string, id: string, secret = `${id}-secret`): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  const url = new URL(page.url());
  if (url.pathname !== '/login') throw new Error(`expected the login form for ${path}, the browser is on ${page.url()}`);
  await page.getByLabel('Kennung').fill(id);
  await page.getByLabel('Passwort').fill(secret);
  const target = new URL(path, baseUrl);
  await Promise.all([
    page.waitForURL((u) => u.pathname === target.pathname && u.search === target.search),
    page.getByRole('button', { name: 'Anmelden' }).click(),
  ]);
}
