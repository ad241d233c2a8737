/**
 * The SIP phones of a deployment as Asterisk pjsip_wizard sections: every agent's endpoint (video
 * agents on the video template), every town-hall phone and every case worker's phone, each once.
 * Several deployment files (one per service center on a shared Asterisk) give each center's phones
 * under its own heading. dialplan/pjsip_phones.conf is this text for config/county.yaml and
 * config/kreis-segeberg.yaml with the sample passwords; the Asterisk image renders it for its
 * deployment file with placeholders that the container's entrypoint fills from the phone passwords
 * file at start (docker/asterisk-phones.sh).
 */
import type { Deployment } from '../../src/config/index.js';

export interface PhoneEndpoint {
  readonly endpoint: string;
  /** The pjsip_wizard template: `phone`, or `dgs-video-phone` for an endpoint that does video. */
  readonly template: 'phone' | 'dgs-video-phone';
  readonly group: 'agents' | 'town halls' | 'case workers';
  /** The service center whose phone it is, named in a heading when one Asterisk serves several. */
  readonly center?: string;
}

/** How the password lines are written. */
export type PasswordStyle =
  /** `<endpoint>-secret`: the public samples the tests, the demo and the benchmarks register with. */
  | 'sample'
  /** `@PASSWORD:<endpoint>@`, replaced at the container's start; nothing secret in the image. */
  | 'placeholder';

const HEADINGS: Record<PhoneEndpoint['group'], string> = {
  agents: 'County service center agents',
  'town halls': 'Town halls',
  'case workers': "Case workers of the town halls' departments: agents transfer calls to them (warm or blind).",
};

export function phoneEndpoints(deployment: Deployment): PhoneEndpoint[] {
  const seen = new Set<string>();
  const out: PhoneEndpoint[] = [];
  const add = (endpoint: string, template: PhoneEndpoint['template'], group: PhoneEndpoint['group']): void => {
    if (seen.has(endpoint)) return;
    seen.add(endpoint);
    out.push({ endpoint, template, group });
  };
  for (const a of deployment.agents) add(a.endpoint, a.video ? 'dgs-video-phone' : 'phone', 'agents');
  for (const t of deployment.towns) for (const p of t.phones) add(p, 'phone', 'town halls');
  for (const t of deployment.towns) for (const d of t.departments) for (const p of d.phones) add(p, 'phone', 'case workers');
  return out;
}

/**
 * The phones of every center on one Asterisk, center by center. Each center's phones carry its
 * name (for a heading) when there are several. An endpoint of two centers is refused: Asterisk has
 * one endpoint per name, so it would ring for both centers' engines.
 */
export function platformPhoneEndpoints(deployments: readonly Deployment[]): PhoneEndpoint[] {
  if (deployments.length === 1 && deployments[0]) return phoneEndpoints(deployments[0]);
  const owner = new Map<string, string>();
  const problems: string[] = [];
  const out = deployments.flatMap((d) => {
    const center = `${d.serviceCenter.name} (${d.serviceCenter.id})`;
    return phoneEndpoints(d).map((p) => {
      const first = owner.get(p.endpoint);
      if (first === undefined) owner.set(p.endpoint, d.serviceCenter.id);
      else problems.push(`phone ${p.endpoint} belongs to ${first} and to ${d.serviceCenter.id}: an endpoint can belong to one center only`);
      return { ...p, center };
    });
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return out;
}

export const passwordPlaceholder = (endpoint: string): string => `@PASSWORD:${endpoint}@`;
export const samplePassword = (endpoint: string): string => `${endpoint}-secret`;

/** The pjsip_wizard template of a phone that registers at a SIP proxy instead (pjsip_wizard.conf). */
const PROXIED_TEMPLATE: Record<PhoneEndpoint['template'], string> = {
  phone: 'phone-via-proxy',
  'dgs-video-phone': 'dgs-video-phone-via-proxy',
};

/**
 * pjsip_phones.conf for an Asterisk behind a SIP proxy (dialplan/kamailio/kamailio.cfg): the phones
 * register at the proxy, not here. Each endpoint's contact is the phone's address at the proxy,
 * `sip:<endpoint>@<proxy>`, qualified with OPTIONS that the proxy answers for the phone (200 while
 * it is registered, 404 when not), so the endpoint is online exactly while the phone is registered.
 * No passwords: Asterisk neither takes registrations nor challenges anything from the phones.
 */
export function renderProxiedPhoneSections(phones: readonly PhoneEndpoint[], proxy: string): string {
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(proxy)) throw new Error(`not a SIP proxy address (host or host:port): ${proxy}`);
  const lines = [
    '; The SIP phones of the deployment file, written by scripts/render-phones.ts --via-proxy: do not',
    '; edit here, edit the deployment file and render again. Included by pjsip_wizard.conf (templates',
    '; `phone-via-proxy`, `dgs-video-phone-via-proxy`). The phones register at the SIP proxy',
    `; ${proxy}; each endpoint's static contact is the phone's address there, qualified with OPTIONS.`,
  ];
  return renderSections(lines, phones, (p) => [`[${p.endpoint}](${PROXIED_TEMPLATE[p.template]})`, `aor/contact = sip:${p.endpoint}@${proxy}`]);
}

/**
 * The proxy's table of phone passwords (db_text table `phones`, dialplan/kamailio/kamailio.cfg
 * PHONES_DB): a header line, then `username:password` per phone, with db_text's escapes.
 */
export function renderKamailioPhoneTable(passwords: ReadonlyMap<string, string>): string {
  const escape = (value: string): string =>
    value.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  const rows = [...passwords].map(([endpoint, password]) => {
    if (password === '' || password.includes('\0')) throw new Error(`phone ${endpoint}: empty or unusable password`);
    return `${escape(endpoint)}:${escape(password)}`;
  });
  return `${['username(str) password(str)', ...rows].join('\n')}\n`;
}

/**
 * Parses a phone passwords file as --new-passwords writes it and docker/asterisk-phones.sh reads it:
 * `endpoint=password` lines, `#` comments and blank lines; the password is everything after the
 * first `=`.
 */
export function parsePhonePasswords(text: string): Map<string, string> {
  const passwords = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`line ${index + 1}: not endpoint=password`);
    const endpoint = line.slice(0, at);
    if (passwords.has(endpoint)) throw new Error(`line ${index + 1}: "${endpoint}" has a password already`);
    passwords.set(endpoint, line.slice(at + 1));
  }
  return passwords;
}

/** The text of pjsip_phones.conf. */
export function renderPhoneSections(phones: readonly PhoneEndpoint[], style: PasswordStyle): string {
  const password = style === 'sample' ? samplePassword : passwordPlaceholder;
  const lines = [
    '; The SIP phones of the deployment file, written by scripts/render-phones.ts: do not edit here,',
    '; edit the deployment file and render again. Included by pjsip_wizard.conf (templates `phone`,',
    '; `dgs-video-phone`). They register with digest auth, username = endpoint name.',
    style === 'sample'
      ? '; The passwords are the public SAMPLES of the demo and the tests on 127.0.0.1.'
      : '; The passwords are filled in from the phone passwords file when the container starts.',
  ];
  return renderSections(lines, phones, (p) => [
    `[${p.endpoint}](${p.template})`, `inbound_auth/username = ${p.endpoint}`, `inbound_auth/password = ${password(p.endpoint)}`,
  ]);
}

/**
 * The header lines, then each center's heading (several centers only), each group's heading and
 * its phones' sections, one blank line apart.
 */
function renderSections(header: readonly string[], phones: readonly PhoneEndpoint[], section: (p: PhoneEndpoint) => string[]): string {
  const lines = [...header];
  let group: PhoneEndpoint['group'] | undefined;
  let center: string | undefined;
  for (const p of phones) {
    if (p.center !== center) {
      center = p.center;
      group = undefined;
      if (lines.at(-1) !== '') lines.push('');
      lines.push(`; ===== ${p.center ?? ''} =====`);
    }
    if (p.group !== group) {
      group = p.group;
      if (lines.at(-1) !== '' && !lines.at(-1)?.startsWith('; =====')) lines.push('');
      lines.push(`; ${HEADINGS[p.group]}`);
    }
    lines.push(...section(p), '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
