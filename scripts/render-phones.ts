/**
 * The SIP phones of a deployment file, for Asterisk and for the SIP proxy in front of it:
 *
 *   npx tsx scripts/render-phones.ts --sample [config…]         pjsip_phones.conf with the sample passwords
 *   npx tsx scripts/render-phones.ts --placeholders [config…]   pjsip_phones.conf for the Asterisk image
 *   npx tsx scripts/render-phones.ts --new-passwords [config…]  a phone passwords file, one new password per phone
 *   npx tsx scripts/render-phones.ts --via-proxy <host:port> [config…]
 *       pjsip_phones.conf for an Asterisk behind Kamailio: the phones register at the proxy, each
 *       endpoint's static contact is sip:<endpoint>@<host:port>, qualified (dialplan/kamailio/)
 *   npx tsx scripts/render-phones.ts --kamailio-phones <passwords file> [config…]
 *       Kamailio's table of phone passwords (the file `phones` in its PHONES_DB directory)
 *
 * (config…: one deployment file per service center on this Asterisk, default config/county.yaml;
 * with several, each center's phones come under its own heading, and a phone named in two files is
 * refused). The text goes to stdout. dialplan/pjsip_phones.conf is the `--sample` output for
 * config/county.yaml config/kreis-segeberg.yaml, the two sample centers (a test keeps it so).
 * docker/asterisk.Dockerfile writes
 * the `--placeholders` output into the image; docker/asterisk-phones.sh fills the placeholders at
 * the container's start from the file `--new-passwords` began (`npm run -s phone-passwords > phone-passwords`).
 * Exit codes: 0 done, 1 invalid configuration or passwords file, 2 wrong usage.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadDeployment } from '../src/config/index.js';
import {
  parsePhonePasswords, platformPhoneEndpoints, renderKamailioPhoneTable, renderPhoneSections, renderProxiedPhoneSections, type PhoneEndpoint,
} from './lib/phone-sections.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../config/county.yaml', import.meta.url));
const MODES = ['--sample', '--placeholders', '--new-passwords'] as const;
/** Modes that take a value before the optional config. */
const VALUE_MODES = ['--via-proxy', '--kamailio-phones'] as const;
type Mode = (typeof MODES)[number];
type ValueMode = (typeof VALUE_MODES)[number];
const USAGE = `usage: npx tsx scripts/render-phones.ts ${MODES.join('|')} [config...]\n`
  + '       npx tsx scripts/render-phones.ts --via-proxy <host:port> [config...]\n'
  + '       npx tsx scripts/render-phones.ts --kamailio-phones <passwords file> [config...]\n';

const isMode = (arg: string | undefined): arg is Mode => MODES.some((m) => m === arg);
const isValueMode = (arg: string | undefined): arg is ValueMode => VALUE_MODES.some((m) => m === arg);

function main(args: readonly string[]): number {
  const [mode, ...rest] = args;
  let value: string | undefined;
  if (isValueMode(mode)) value = rest.shift();
  const configs = rest.length > 0 ? rest : [DEFAULT_CONFIG];
  if (!(isMode(mode) || (isValueMode(mode) && value)) || configs.some((c) => c.startsWith('--'))) {
    process.stderr.write(USAGE);
    return 2;
  }
  let deployments;
  try {
    deployments = configs.map((config) => loadDeployment(config));
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    return 1;
  }
  try {
    process.stdout.write(render(mode, value ?? '', platformPhoneEndpoints(deployments)));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return 0;
}

function render(mode: Mode | ValueMode, value: string, phones: PhoneEndpoint[]): string {
  switch (mode) {
    case '--new-passwords': {
      const header = [
        '# SIP phone passwords: one line per phone of the deployment file, endpoint=password.',
        '# Configure each phone with its password. Keep this file out of version control.',
      ];
      // Hex: plain in an Asterisk config value and in what a phone's web page accepts.
      return `${[...header, ...phones.map((p) => `${p.endpoint}=${randomBytes(16).toString('hex')}`)].join('\n')}\n`;
    }
    case '--sample':
      return renderPhoneSections(phones, 'sample');
    case '--placeholders':
      return renderPhoneSections(phones, 'placeholder');
    case '--via-proxy':
      return renderProxiedPhoneSections(phones, value);
    case '--kamailio-phones':
      return renderKamailioPhoneTable(checkedPasswords(value, phones));
  }
}

/** The passwords file's entries, refused unless it has exactly one password for every phone. */
function checkedPasswords(file: string, phones: readonly PhoneEndpoint[]): Map<string, string> {
  let passwords: Map<string, string>;
  try {
    passwords = parsePhonePasswords(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const known = new Set(phones.map((p) => p.endpoint));
  const problems = [
    ...[...passwords.keys()].filter((endpoint) => !known.has(endpoint)).map((endpoint) => `"${endpoint}" is not a phone of the deployment file`),
    ...phones.filter((p) => !passwords.has(p.endpoint)).map((p) => `no password for ${p.endpoint}`),
  ];
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return passwords;
}

process.exitCode = main(process.argv.slice(2));
