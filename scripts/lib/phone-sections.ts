/**
 * The SIP phones of a deployment as Asterisk pjsip_wizard sections: every agent's endpoint (video
 * agents on the video template), every town-hall phone and every case worker's phone, each once.
 * dialplan/pjsip_phones.conf is this text for config/county.yaml with the sample passwords; the
 * Asterisk image renders it for its deployment file with placeholders that the container's
 * entrypoint fills from the phone passwords file at start (docker/asterisk-phones.sh).
 */
import type { Deployment } from '../../src/config/index.js';

export interface PhoneEndpoint {
  readonly endpoint: string;
  /** The pjsip_wizard template: `phone`, or `dgs-video-phone` for an endpoint that does video. */
  readonly template: 'phone' | 'dgs-video-phone';
  readonly group: 'agents' | 'town halls' | 'case workers';
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

export const passwordPlaceholder = (endpoint: string): string => `@PASSWORD:${endpoint}@`;
export const samplePassword = (endpoint: string): string => `${endpoint}-secret`;

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
  let group: PhoneEndpoint['group'] | undefined;
  for (const p of phones) {
    if (p.group !== group) {
      group = p.group;
      if (lines.at(-1) !== '') lines.push('');
      lines.push(`; ${HEADINGS[p.group]}`);
    }
    lines.push(`[${p.endpoint}](${p.template})`, `inbound_auth/username = ${p.endpoint}`, `inbound_auth/password = ${password(p.endpoint)}`, '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
