import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  parsePhonePasswords, phoneEndpoints, platformPhoneEndpoints, renderKamailioPhoneTable, renderPhoneSections, renderProxiedPhoneSections, type PhoneEndpoint,
} from '../../../scripts/lib/phone-sections.js';
import { loadDeployment, type Deployment } from '../../../src/config/index.js';

const PHONES: PhoneEndpoint[] = [
  { endpoint: 'agent-1', template: 'phone', group: 'agents' },
  { endpoint: 'agent-dgs-1', template: 'dgs-video-phone', group: 'agents' },
  { endpoint: 'quickborn-1', template: 'phone', group: 'town halls' },
];

describe('phones behind a SIP proxy (scripts/render-phones.ts --via-proxy, --kamailio-phones)', () => {
  it("gives every endpoint the phone's address at the proxy as its static contact, on the proxy templates, without passwords", () => {
    const text = renderProxiedPhoneSections(PHONES, '10.1.2.3:5060');
    expect(text).toContain('[agent-1](phone-via-proxy)\naor/contact = sip:agent-1@10.1.2.3:5060\n');
    expect(text).toContain('[agent-dgs-1](dgs-video-phone-via-proxy)\naor/contact = sip:agent-dgs-1@10.1.2.3:5060\n');
    expect(text).toContain('; Town halls\n[quickborn-1](phone-via-proxy)\n');
    expect(text).not.toMatch(/password|inbound_auth/);
  });

  it('refuses a proxy address that would break the contact URI', () => {
    expect(() => renderProxiedPhoneSections(PHONES, 'sip:proxy;transport=tcp')).toThrow(/not a SIP proxy address/);
  });

  it("writes Kamailio's password table with db_text's escapes", () => {
    const table = renderKamailioPhoneTable(new Map([['agent-1', 'a1b2'], ['quickborn-1', 'x:y\\z']]));
    expect(table).toBe('username(str) password(str)\nagent-1:a1b2\nquickborn-1:x\\:y\\\\z\n');
    expect(() => renderKamailioPhoneTable(new Map([['agent-1', '']]))).toThrow(/agent-1/);
  });

  it('reads a phone passwords file as the Asterisk container does: comments, blank lines, everything after the first =', () => {
    const passwords = parsePhonePasswords('# phones\n\nagent-1=ab=cd\r\nquickborn-1=secret \n');
    expect([...passwords]).toEqual([['agent-1', 'ab=cd'], ['quickborn-1', 'secret ']]);
    expect(() => parsePhonePasswords('agent-1\n')).toThrow(/line 1: not endpoint=password/);
    expect(() => parsePhonePasswords('agent-1=a\nagent-1=b\n')).toThrow(/line 2: "agent-1" has a password already/);
  });
});

describe('the phones of several centers on one Asterisk (scripts/render-phones.ts with several files)', () => {
  const load = (file: string) => loadDeployment(fileURLToPath(new URL(`../../../config/${file}`, import.meta.url)));
  const pinneberg = load('county.yaml');
  const segeberg = load('kreis-segeberg.yaml');

  it('gives each center its phones under its own heading, in the order of the files', () => {
    const text = renderPhoneSections(platformPhoneEndpoints([pinneberg, segeberg]), 'sample');
    const pinnebergAt = text.indexOf('; ===== Service-Center Kreis Pinneberg (kreis-pinneberg) =====\n; County service center agents\n[agent-1](phone)\n');
    const segebergAt = text.indexOf('; ===== Service-Center Kreis Segeberg (kreis-segeberg) =====\n; County service center agents\n[segeberg-agent-1](phone)\n');
    expect(pinnebergAt).toBeGreaterThan(0);
    expect(segebergAt).toBeGreaterThan(pinnebergAt);
    expect(text.indexOf('[kaltenkirchen-1](phone)')).toBeGreaterThan(segebergAt);
  });

  it('renders one file exactly as before: no center heading', () => {
    expect(platformPhoneEndpoints([pinneberg])).toEqual(phoneEndpoints(pinneberg));
    expect(renderPhoneSections(platformPhoneEndpoints([pinneberg]), 'sample')).not.toContain('=====');
  });

  it('refuses a phone two centers name: Asterisk would ring it for both engines', () => {
    const clash: Deployment = { ...segeberg, agents: [...segeberg.agents, { ...segeberg.agents[0]!, endpoint: pinneberg.agents[0]!.endpoint }] };
    expect(() => platformPhoneEndpoints([pinneberg, clash])).toThrow('phone agent-1 belongs to kreis-pinneberg and to kreis-segeberg');
  });
});
