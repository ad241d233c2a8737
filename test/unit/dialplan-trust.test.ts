import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** What the shipped Asterisk configuration lets an outsider do: nothing it should not. */

const read = (name: string): string => readFileSync(fileURLToPath(new URL(`../../dialplan/${name}`, import.meta.url)), 'utf8');

/** `[name]` → its `key = value` lines (comments dropped); template markers like `[x](tpl)` keep the name only. */
const sections = (text: string): Map<string, Map<string, string>> => {
  const result = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1]) result.set(header[1], (current = new Map<string, string>()));
    else if (current && line.includes('=')) {
      const [key, ...value] = line.split('=');
      current.set((key ?? '').trim(), value.join('=').trim());
    }
  }
  return result;
};

describe('dialplan/ trust and exposure', () => {
  it('trusts no identity header on endpoints recognised by source address alone', () => {
    const pjsip = sections(read('pjsip.conf'));
    const identified = [...pjsip.values()].filter((s) => s.get('type') === 'identify').map((s) => s.get('endpoint'));
    expect(identified).toContain('trunk');
    for (const endpoint of identified) expect(pjsip.get(endpoint ?? '')?.get('trust_id_inbound'), endpoint).toBe('no');

    const wizard = sections(read('pjsip_wizard.conf'));
    const byAddress = [...wizard].filter(([, s]) => s.get('type') === 'wizard' && s.has('remote_hosts') && s.get('accepts_auth') === 'no');
    expect(byAddress.map(([name]) => name)).toContain('trunk-video');
    for (const [name, s] of byAddress) expect(s.get('endpoint/trust_id_inbound'), name).toBe('no');
  });

  it('keeps the benchmark numbers closed unless the benchmark opens them on its own instance', () => {
    const extensions = read('extensions.conf');
    const globals = sections(extensions).get('globals');
    // number → its context → the global that opens it
    for (const [number, context, gate] of [['19115', 'bench-app-queue', 'BENCH_APP_QUEUE'], ['19116', 'bench-floor', 'BENCH_FLOOR']] as const) {
      expect(globals?.get(gate), gate).toBe('no');
      expect(extensions).toContain(`exten => ${number},1,Goto(${context},s,1)`);
      const body = extensions.slice(extensions.indexOf(`\n[${context}]`)).split('\n').filter((l) => /^(exten| same)/.test(l));
      expect(body[0], context).toBe(`exten => s,1,GotoIf($["\${${gate}}" = "yes"]?open)`);
      expect(body.slice(1, 3).some((l) => l.includes('Hangup(1)')), context).toBe(true);
    }
  });

  it('serves ARI on the loopback interface only, without a TLS listener elsewhere, and AMI is off', () => {
    const http = sections(read('http.conf')).get('general');
    expect(http?.get('enabled')).toBe('yes');
    expect(http?.get('bindaddr')).toBe('127.0.0.1');
    expect(http?.get('tlsenable') ?? 'no').toBe('no');
    expect(sections(read('manager.conf')).get('general')?.get('enabled')).toBe('no');
  });
});
