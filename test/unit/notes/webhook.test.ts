import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { defaultSecretEnv, inboxHtml, notesSettings, postToWebhook, signNotePayload, verifyNoteSignature, viewOf, webhookTarget, type Note } from '../../../src/notes/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPageScripts } from '../../../src/web/page-scripts.js';

const sample = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');
const SECRET = 'quickborn-secret-0123456789';

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed sha256=', () => {
    const body = '{"event":"note.created"}';
    const expected = createHmac('sha256', SECRET).update(`1767225600.${body}`).digest('hex');
    expect(signNotePayload(SECRET, 1767225600, body)).toBe(`sha256=${expected}`);
  });

  it('verify: the right secret and a fresh timestamp only', () => {
    const body = '{"a":1}';
    const nowMs = 1_767_225_600_000;
    const ts = String(nowMs / 1000);
    const signature = signNotePayload(SECRET, ts, body);
    expect(verifyNoteSignature(SECRET, { timestamp: ts, signature, body }, { nowMs })).toBe(true);
    expect(verifyNoteSignature('another-secret-0123456', { timestamp: ts, signature, body }, { nowMs })).toBe(false);
    expect(verifyNoteSignature(SECRET, { timestamp: ts, signature, body: '{"a":2}' }, { nowMs })).toBe(false);
    expect(verifyNoteSignature(SECRET, { timestamp: ts, signature, body }, { nowMs: nowMs + 301_000 })).toBe(false);
    expect(verifyNoteSignature(SECRET, { timestamp: undefined, signature, body }, { nowMs })).toBe(false);
  });
});

describe('notes settings from the deployment and the environment', () => {
  const withNotes = `${sample}
notes:
  dueServiceHours: 16
  webhookAttempts: 5
  webhookBackoffSec: 30
  escalationWebhook: { url: "https://service-center.example/eskalation" }
`.replace('    areaCodes: ["04106"]', '    areaCodes: ["04106"]\n    webhook: { url: "https://quickborn.example/rueckrufe", secretEnv: QB_SECRET }');

  it('the sample county: 24 service hours, 8 attempts from 10 s, no webhooks', () => {
    const d = parseDeployment(sample, 'sample');
    expect(d.serviceCenter.targets.noteReply.withinServiceMs).toBe(24 * 3_600_000);
    expect(d.notes).toEqual({ webhookAttempts: 8, webhookBackoffMs: 10_000, webhookTimeoutMs: 10_000, countyWebhook: null, escalationWebhook: null });
    expect(d.towns.every((t) => t.webhook === null)).toBe(true);
    const s = notesSettings(d, {});
    expect(s.dueServiceMs).toBe(24 * 3_600_000);
    expect(s.countyId).toBe('kreis-pinneberg');
    expect([...s.municipalities.keys()]).toEqual(['quickborn', 'boenningstedt', 'hasloh', 'kreis-pinneberg']);
    expect(s.webhooks.size).toBe(0);
  });

  it('reads each webhook secret from its variable, and never shows it when printed', () => {
    const d = parseDeployment(withNotes, 'notes');
    expect(d.towns[0]?.webhook).toEqual({ url: 'https://quickborn.example/rueckrufe', secretEnv: 'QB_SECRET' });
    const s = notesSettings(d, { QB_SECRET: SECRET, NOTES_WEBHOOK_SECRET_ESCALATION: 'escalation-secret-0123' });
    expect(s.dueServiceMs).toBe(16 * 3_600_000);
    expect(s.delivery).toEqual({ attempts: 5, backoffMs: 30_000, timeoutMs: 10_000 });
    expect(s.webhooks.get('quickborn')?.secret).toBe(SECRET);
    expect(s.escalationWebhook?.url).toBe('https://service-center.example/eskalation');
    expect(JSON.stringify(s.webhooks.get('quickborn'))).not.toContain(SECRET);
    expect(inspect(s, { depth: 5 })).not.toContain(SECRET);
  });

  it('lists every missing or short secret at once, naming the variable, never the value', () => {
    const d = parseDeployment(withNotes, 'notes');
    let err: unknown;
    try {
      notesSettings(d, { QB_SECRET: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toEqual(['QB_SECRET', 'NOTES_WEBHOOK_SECRET_ESCALATION']);
    expect((err as ConfigError).message).not.toContain('short"');
    expect(defaultSecretEnv('boenningstedt')).toBe('NOTES_WEBHOOK_SECRET_BOENNINGSTEDT');
  });

  it('rejects bad notes options with their place', () => {
    const bad = `${sample}\nnotes:\n  dueServiceHours: 0\n  escalationWebhook: { url: "ftp://x" }\n  retries: 3\n`;
    let err: unknown;
    try {
      parseDeployment(bad, 'bad');
    } catch (e) {
      err = e;
    }
    expect((err as ConfigError).problems.map((p) => p.path).sort()).toEqual(['notes.dueServiceHours', 'notes.escalationWebhook.url', 'notes.retries']);
  });
});

describe('webhook URLs', () => {
  const withTownWebhook = (url: string): string =>
    sample.replace('    areaCodes: ["04106"]', `    areaCodes: ["04106"]\n    webhook: { url: "${url}", secretEnv: QB_SECRET }`);
  const problemsOf = (yaml: string): { path: string; message: string }[] => {
    try {
      parseDeployment(yaml, 'webhooks');
    } catch (e) {
      return [...(e as ConfigError).problems];
    }
    return [];
  };

  it('https:// anywhere, plain http:// only to this machine', () => {
    for (const ok of ['https://rathaus.example/rueckrufe', 'http://127.0.0.1:8099/hook', 'http://127.8.9.10/x', 'http://localhost:3000/x', 'http://[::1]:8080/x']) {
      expect(problemsOf(withTownWebhook(ok)), ok).toEqual([]);
    }
    const [problem] = problemsOf(withTownWebhook('http://rathaus.example/rueckrufe'));
    expect(problem?.path).toBe('towns[0].webhook.url');
    expect(problem?.message).toContain('must use https://');
    expect(problemsOf(withTownWebhook('http://127.0.0.1.evil.example/x'))).toHaveLength(1);
  });

  it('a failed request is described without the credentials, path or query of its URL', async () => {
    // Node's fetch refuses such a URL with a message that quotes it whole.
    const outcome = await postToWebhook(webhookTarget('http://hook:geheim@127.0.0.1:9/pfad?token=t0k', SECRET), { event: 'note.created', deliveryId: 'd1' }, '{}', { timeoutMs: 1_000 });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/^request failed: .*http:\/\/127\.0\.0\.1:9/);
    expect(JSON.stringify(outcome)).not.toMatch(/geheim|hook:|pfad|t0k/);
  });

  it('no credentials in the URL, and the problem never repeats them', () => {
    const yaml = `${withTownWebhook('http://hook:geheim@rathaus.example/x')}\nnotes:\n  countyWebhook: { url: "https://:token@kreis.example/x" }\n`;
    const problems = problemsOf(yaml);
    expect(problems.map((p) => p.path)).toEqual(['towns[0].webhook.url', 'towns[0].webhook.url', 'notes.countyWebhook.url']);
    expect(problems.filter((p) => p.message.includes('user name or password'))).toHaveLength(2);
    expect(JSON.stringify(problems)).not.toMatch(/geheim|token/);
  });
});

describe('the inbox page', () => {
  const note: Note = {
    id: 'n1',
    municipality: 'quickborn',
    name: '</script><script>alert(1)</script>',
    topic: 'Wohngeld & Co',
    text: 'Text',
    createdBy: 'agent-1',
    createdAt: 0,
    dueAt: 1,
    remindAt: 1,
    status: 'open',
    deliveries: [],
  };

  it('embeds the notes as inert JSON: nothing in a note can close the script element', () => {
    const html = inboxHtml({ town: 'quickborn', townName: 'Stadt Quickborn', timezone: 'Europe/Berlin', notes: [viewOf(note, 2)], scriptUrl: '/assets/inbox-0123456789abcdef.js' });
    expect(html).not.toContain('</script><script>alert');
    const json = /<script type="application\/json" id="initial-notes">(.*)<\/script>/.exec(html)?.[1] ?? '';
    expect((JSON.parse(json) as Note[])[0]?.name).toBe(note.name);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Rückrufnotizen – Stadt Quickborn');
  });

  it('its script is valid JavaScript that builds the page with textContent only', async () => {
    const scripts = await buildPageScripts();
    const inboxJs = scripts.bundle('inbox').body;
    expect(() => new Script(inboxJs)).not.toThrow();
    expect(inboxJs).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(inboxJs).toContain('"Erledigt"');
  });
});
