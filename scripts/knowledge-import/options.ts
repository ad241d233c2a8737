import { PVOG_BASE_URL } from '../../src/knowledge/catalogue/http-catalogue.js';
import { parseStrict, UsageError } from '../lib/cli.js';

/** What the catalogue import was asked to do: `npm run knowledge:import -- --ars 010560000000 --dry-run`. */
export interface ImportOptions {
  readonly ars: string;
  readonly leika: readonly string[];
  readonly dir: string;
  readonly deploymentFile: string;
  readonly baseUrl: string;
  /** Answers from a recording instead of the live service. */
  readonly fromFile?: string;
  /** Keep the live answers in this file (a recording for --from-file). */
  readonly recordTo?: string;
  readonly clientId?: string;
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly dryRun: boolean;
}

export const USAGE = `Usage: npm run knowledge:import -- --ars ARS [options]

Imports the service descriptions of the national service catalogue (PVOG search service) for one
region into the knowledge directory: a LeiKa key no article has becomes a draft article; an
article that has the key keeps everything editors wrote, only its source block is refreshed, and
changes of the catalogue text since the last import are shown. Drafts are not shown to agents.

Options:
  --ars ARS            regional key (ARS), 12 digits; Kreis Pinneberg: 010560000000
  --leika K1,K2        only these LeiKa keys (14 digits each); default: every description of the region
  --dir DIR            knowledge directory (default config/knowledge)
  --config FILE        deployment file the articles are checked against (default config/county.yaml)
  --base-url URL       search service (default ${PVOG_BASE_URL})
  --client-id ID       sent as pvog-sud-api-client-id (default: environment PVOG_CLIENT_ID, if set)
  --from-file FILE     answers from a recording instead of the service (e.g. test/fixtures/pvog/kreis-pinneberg.json)
  --record FILE        keep the service's answers in FILE, for a later --from-file
  --page-size N        descriptions per list page, 5 to 500 (default 50)
  --timeout S          seconds per request (default 30)
  --dry-run            show what would change, write nothing
  -h, --help           this text

Exit codes: 0 done, 1 problems in the files or the catalogue failed (nothing written), 2 bad command line.`;

const ARS = /^\d{12}$/;
const LEIKA = /^\d{14}$/;

const integer = (name: string, text: string | undefined, fallback: number, min: number, max: number): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
};

export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ImportOptions | 'help' {
  const { values: v } = parseStrict(argv, {
    ars: { type: 'string' },
    leika: { type: 'string', multiple: true },
    dir: { type: 'string', default: 'config/knowledge' },
    config: { type: 'string', default: 'config/county.yaml' },
    'base-url': { type: 'string' },
    'client-id': { type: 'string' },
    'from-file': { type: 'string' },
    record: { type: 'string' },
    'page-size': { type: 'string' },
    timeout: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (v.help) return 'help';
  if (v.ars === undefined) throw new UsageError('--ars is required: the regional key (ARS) of the region, 12 digits, e.g. 010560000000 for Kreis Pinneberg');
  if (!ARS.test(v.ars)) throw new UsageError(`--ars must be 12 digits (the regional key, ARS), got ${JSON.stringify(v.ars)}`);
  const leika = (v.leika ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const badKey = leika.find((k) => !LEIKA.test(k));
  if (badKey !== undefined) throw new UsageError(`--leika takes LeiKa keys of 14 digits, got ${JSON.stringify(badKey)}`);
  if (v['from-file'] !== undefined && (v['base-url'] !== undefined || v.record !== undefined)) throw new UsageError('--from-file reads a recording: --base-url and --record are for the live service');
  const baseUrl = v['base-url'] ?? PVOG_BASE_URL;
  if (!/^https?:\/\//.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  const clientId = v['client-id'] ?? env['PVOG_CLIENT_ID'];
  return {
    ars: v.ars,
    leika: [...new Set(leika)],
    dir: v.dir,
    deploymentFile: v.config,
    baseUrl,
    ...(v['from-file'] === undefined ? {} : { fromFile: v['from-file'] }),
    ...(v.record === undefined ? {} : { recordTo: v.record }),
    ...(clientId === undefined || clientId === '' ? {} : { clientId }),
    pageSize: integer('--page-size', v['page-size'], 50, 5, 500),
    timeoutMs: integer('--timeout', v.timeout, 30, 1, 600) * 1000,
    dryRun: v['dry-run'],
  };
}
