import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDeployment } from '../../src/config/index.js';
import { phoneEndpoints, renderPhoneSections } from '../../scripts/lib/phone-sections.js';

/**
 * The dialplan is static Asterisk configuration; the deployment file is the engine's. If they drift
 * apart, a published number reaches nobody or the fallback rings the wrong phones.
 */
const read = (name: string) => readFileSync(new URL(`../../dialplan/${name}`, import.meta.url), 'utf8');
const deployment = loadDeployment(new URL('../../config/county.yaml', import.meta.url).pathname);
const extensions = read('extensions.conf');

describe('dialplan/ agrees with config/county.yaml', () => {
  it('routes every published number to its entry', () => {
    // entry-115 → 115; entry-<service> → 115,<service>; entry-town,<town> → the town.
    const routes = new Map(
      [...extensions.matchAll(/^exten => (\d+),1,Goto\(entry-([a-z0-9]+),(s|[a-z-]+),1\)/gm)].map((m) => [
        m[1],
        m[2] === 'town' ? m[3] : m[2] === '115' ? '115' : `115,${m[2]}`,
      ]),
    );
    const expected = new Map(deployment.entries.map((e) => [e.number, e.kind === 'town' ? e.townId : e.service ? `115,${e.service}` : '115']));
    expect(routes).toEqual(expected);
  });

  it('rings exactly the configured town-hall phones when the engine is down', () => {
    const fallback = new Map([...extensions.matchAll(/^TOWN_PHONES_([a-z-]+) = (.+)$/gm)].map((m) => [m[1], m[2]!.split('&').map((p) => p.replace('PJSIP/', ''))]));
    expect(fallback).toEqual(new Map(deployment.towns.map((t) => [t.id, [...t.phones]])));
  });

  it('defines every phone of the deployment, and only those, as scripts/render-phones.ts writes them', () => {
    // pjsip_phones.conf is the render's output: a phone added to the file without the render, or an
    // edit by hand, shows here.
    expect(read('pjsip_phones.conf')).toBe(renderPhoneSections(phoneEndpoints(deployment), 'sample'));
    const sections = new Set([...read('pjsip_phones.conf').matchAll(/^\[([a-z0-9-]+)\]/gm)].map((m) => m[1]));
    const needed = [
      ...deployment.agents.map((a) => a.endpoint),
      ...deployment.towns.flatMap((t) => t.phones),
      ...deployment.towns.flatMap((t) => t.departments.flatMap((d) => d.phones)),
    ];
    expect(needed.filter((e) => !sections.has(e))).toEqual([]);
    expect(read('pjsip_wizard.conf')).toMatch(/^#include pjsip_phones\.conf$/m);
  });
});
