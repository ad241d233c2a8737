import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deskHtml } from '../../../src/desk/page.js';

/**
 * The desk page (src/desk/page.ts) and its script (src/web/client/desk/) are written apart: every
 * element the script looks up by id must be in the page (a missing one stops the script), and the
 * screen pop's fixed German labels for a handed-over caller are there.
 */
const CLIENT = fileURLToPath(new URL('../../../src/web/client/', import.meta.url));
const sources = [join(CLIENT, 'desk.ts'), ...readdirSync(join(CLIENT, 'desk')).map((f) => join(CLIENT, 'desk', f))].map((f) => readFileSync(f, 'utf8'));
const literals = (pattern: RegExp): Set<string> => new Set(sources.flatMap((s) => [...s.matchAll(pattern)].map((m) => m[1] ?? '')));

const html = deskHtml({
  agentId: 'segeberg-agent-1',
  agentName: 'Frauke Behrens',
  signedInAs: 'Frauke Behrens',
  county: { id: 'kreis-segeberg', name: 'Service-Center Kreis Segeberg' },
  timezone: 'Europe/Berlin',
  view: null,
  scriptUrl: '/assets/desk-0.js',
});

describe('the desk page', () => {
  it('has every element its script looks up by id (those the script creates itself aside)', () => {
    const created = literals(/(?:\.id = |const [A-Z_]+ = )'([a-z0-9-]+)'/g);
    const looked = [...literals(/byId\('([a-z0-9-]+)'/g)].filter((id) => !created.has(id));
    expect(looked).toContain('pop-partner');
    expect(looked.filter((id) => !html.includes(` id="${id}"`))).toEqual([]);
  });

  it('has, hidden until a partner hands a caller over, the line naming the center, the reason of the handover and the note on local knowledge', () => {
    expect(html).toContain('<p id="pop-partner" class="partner" hidden></p>');
    expect(html).toContain('<dt id="pop-handover-title" hidden>Grund der Übernahme</dt><dd id="pop-handover" hidden></dd>');
    expect(html).toContain('<p id="pop-no-local" class="hint" hidden></p>');
  });
});
