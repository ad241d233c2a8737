/**
 * The SIP phones of a deployment file, for Asterisk:
 *
 *   npx tsx scripts/render-phones.ts --sample [config]         pjsip_phones.conf with the sample passwords
 *   npx tsx scripts/render-phones.ts --placeholders [config]   pjsip_phones.conf for the Asterisk image
 *   npx tsx scripts/render-phones.ts --new-passwords [config]  a phone passwords file, one new password per phone
 *
 * (config: default config/county.yaml). The text goes to stdout. dialplan/pjsip_phones.conf is the
 * `--sample` output for config/county.yaml (a test keeps it so). docker/asterisk.Dockerfile writes
 * the `--placeholders` output into the image; docker/asterisk-phones.sh fills the placeholders at
 * the container's start from the file `--new-passwords` began (`npm run -s phone-passwords > phone-passwords`).
 * Exit codes: 0 done, 1 invalid configuration, 2 wrong usage.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadDeployment } from '../src/config/index.js';
import { phoneEndpoints, renderPhoneSections } from './lib/phone-sections.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../config/county.yaml', import.meta.url));
const MODES = ['--sample', '--placeholders', '--new-passwords'] as const;
type Mode = (typeof MODES)[number];
const USAGE = `usage: npx tsx scripts/render-phones.ts ${MODES.join('|')} [config]\n`;

const isMode = (arg: string | undefined): arg is Mode => MODES.some((m) => m === arg);

function main(args: readonly string[]): number {
  const [mode, config = DEFAULT_CONFIG, ...rest] = args;
  if (!isMode(mode) || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let phones;
  try {
    phones = phoneEndpoints(loadDeployment(config));
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    return 1;
  }
  if (mode === '--new-passwords') {
    const header = [
      '# SIP phone passwords: one line per phone of the deployment file, endpoint=password.',
      '# Configure each phone with its password. Keep this file out of version control.',
    ];
    // Hex: plain in an Asterisk config value and in what a phone's web page accepts.
    process.stdout.write(`${[...header, ...phones.map((p) => `${p.endpoint}=${randomBytes(16).toString('hex')}`)].join('\n')}\n`);
  } else {
    process.stdout.write(renderPhoneSections(phones, mode === '--sample' ? 'sample' : 'placeholder'));
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
