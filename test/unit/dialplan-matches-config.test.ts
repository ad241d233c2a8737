import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDOVER_HEADERS } from '../../src/app/partner-handover.js';
import { loadDeployment } from '../../src/config/index.js';
import { platformPhoneEndpoints, renderPhoneSections } from '../../scripts/lib/phone-sections.js';

/**
 * The dialplan is static Asterisk configuration; the deployment files are the engines'. If they
 * drift apart, a published number reaches nobody, reaches the wrong center's engine, or the fallback
 * rings the wrong phones. One Asterisk serves both sample centers, each through its own engine.
 */
const read = (name: string) => readFileSync(new URL(`../../dialplan/${name}`, import.meta.url), 'utf8');
const load = (file: string) => loadDeployment(new URL(`../../config/${file}`, import.meta.url).pathname);
const extensions = read('extensions.conf');

/** Each center: its deployment file, the context its town numbers go to, and the global naming its ARI app. */
const CENTERS = [
  { deployment: load('county.yaml'), townContext: 'entry-town', appGlobal: 'ENGINE_APP', app: 'overflow-engine' },
  { deployment: load('kreis-segeberg.yaml'), townContext: 'entry-town-segeberg', appGlobal: 'ENGINE_APP_SEGEBERG', app: 'overflow-segeberg' },
] as const;

/** The lines of `[name]` up to the next section. */
const context = (name: string): string => {
  const start = extensions.indexOf(`\n[${name}]\n`);
  if (start < 0) throw new Error(`no [${name}] in extensions.conf`);
  const next = extensions.indexOf('\n[', start + 1);
  return extensions.slice(start, next < 0 ? undefined : next);
};

describe('dialplan/ agrees with config/county.yaml and config/kreis-segeberg.yaml', () => {
  it("routes every published number to its entry, at its own center's context", () => {
    // entry-115 → 115; entry-<service> → 115,<service>; a town context → the town, at that context.
    const routes = new Map(
      [...extensions.matchAll(/^exten => (\d+),1,Goto\((entry-[a-z0-9-]+),(s|[a-z-]+),1\)/gm)].map((m) => [m[1], `${m[2]} ${m[3]}`]),
    );
    const expected = new Map(
      CENTERS.flatMap(({ deployment, townContext }) =>
        deployment.entries.map((e) => [e.number, e.kind === 'town' ? `${townContext} ${e.townId}` : `entry-${e.service ?? '115'} s`] as const),
      ),
    );
    // Not a published number of either center: the intake for callers from another platform.
    expected.set('11590', 'entry-partner s');
    expect(routes).toEqual(expected);
  });

  it('a forward to another platform sends the handover as the headers the intake reads back, in the engine’s order', () => {
    // [forward-headers] adds each X-Overflow-* header from its inherited variable.
    const added = [...context('forward-headers').matchAll(/PJSIP_HEADER\(add,([A-Za-z-]+)\)=\$\{([A-Z_]+)\}/g)].map((m) => [m[1], m[2]]);
    expect(added).toEqual(HANDOVER_HEADERS.map(([header, variable]) => [header, variable]));
    // [entry-partner] hands them to the engine as `partner,<fields…>`, in the same order.
    const read = /Stasis\(\$\{ENGINE_APP\},partner,(.*)\)$/m.exec(context('entry-partner'))?.[1] ?? '';
    expect(read.replaceAll(/\$\{PJSIP_HEADER\(read,([A-Za-z-]+)\)\}/g, '$1').split(',')).toEqual(HANDOVER_HEADERS.map(([header]) => header));
    // A forward not taken goes back to the engine that sent it, as `forward-failed,<call>`.
    expect(context('forward-partner')).toContain('Stasis(${FORWARD_APP},forward-failed,${FORWARD_CALL})');
  });

  it("hands each center's calls to that center's ARI app", () => {
    for (const { townContext, appGlobal, app } of CENTERS) {
      expect(extensions).toMatch(new RegExp(`^${appGlobal} = ${app}$`, 'm'));
      const lines = context(townContext);
      expect(lines).toContain(`Stasis(\${${appGlobal}},town,\${EXTEN})`);
      // The fallback when that engine is down: the town hall rings directly.
      expect(lines).toContain('Dial(${TOWN_PHONES_${EXTEN}},${FALLBACK_RING_SEC})');
    }
    // 115 and the sign-language number are Kreis Pinneberg's in this sample.
    for (const name of ['entry-115', 'entry-dgs']) expect(context(name)).toMatch(/Stasis\(\$\{ENGINE_APP\},115/);
  });

  it('rings exactly the configured town-hall phones when the engine is down', () => {
    const fallback = new Map([...extensions.matchAll(/^TOWN_PHONES_([a-z-]+) = (.+)$/gm)].map((m) => [m[1], m[2]!.split('&').map((p) => p.replace('PJSIP/', ''))]));
    expect(fallback).toEqual(new Map(CENTERS.flatMap(({ deployment }) => deployment.towns.map((t) => [t.id, [...t.phones]]))));
  });

  it('defines every phone of both centers, and only those, as scripts/render-phones.ts writes them', () => {
    // pjsip_phones.conf is the render's output: a phone added to a file without the render, or an
    // edit by hand, shows here.
    const deployments = CENTERS.map((c) => c.deployment);
    expect(read('pjsip_phones.conf')).toBe(renderPhoneSections(platformPhoneEndpoints(deployments), 'sample'));
    const sections = new Set([...read('pjsip_phones.conf').matchAll(/^\[([a-z0-9-]+)\]/gm)].map((m) => m[1]));
    const needed = deployments.flatMap((d) => [
      ...d.agents.map((a) => a.endpoint),
      ...d.towns.flatMap((t) => t.phones),
      ...d.towns.flatMap((t) => t.departments.flatMap((dep) => dep.phones)),
    ]);
    expect(needed.filter((e) => !sections.has(e))).toEqual([]);
    expect(read('pjsip_wizard.conf')).toMatch(/^#include pjsip_phones\.conf$/m);
  });
});
