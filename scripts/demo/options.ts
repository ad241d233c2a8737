import { parseStrict, UsageError } from '../lib/cli.js';

/** What the demo was asked to do: `npm run demo -- --minutes 5 --calls-per-minute 10 --fast`. */
export interface DemoOptions {
  /** How long callers keep arriving. */
  readonly minutes: number;
  /** Mean arrival rate of the Poisson-ish caller stream. */
  readonly callsPerMinute: number;
  /** Short town timeouts (writeTestCounty) instead of the sample's real ones. */
  readonly fast: boolean;
  readonly seed: number;
  /** Seconds between two status lines. */
  readonly statusEverySec: number;
}

export const USAGE = `Usage: npm run demo -- [options]     (or, provisioned already: npx tsx scripts/demo.ts [options])

A busy morning on the sample platform of two 115 service centers, Kreis Pinneberg and Kreis
Segeberg, on a real Asterisk, Redis and SIP phones: starts the stack and an engine per center
(config/county.yaml and config/kreis-segeberg.yaml, each the other's partner), both centers' agent
phones and town halls' phones, then lets citizens call 115 and the town halls of Quickborn,
Bönningstedt, Hasloh, Kaltenkirchen, Henstedt-Ulzburg and Bad Bramstedt. A burst of callers at
one center, then at the other, shows the centers taking each other's waiting callers.

Options:
  --minutes N            how long callers keep arriving (default 3)
  --calls-per-minute R   mean arrival rate (default 8)
  --fast                 town halls ring 5 s instead of the samples' 20–25 s before overflow,
                         and a caller goes to the partner center after 10 s of waiting instead of 30 s
  --seed S               seed of the pseudo-random morning (default 115): same seed, same callers
  --status-every S       seconds between status lines (default 5)
  -h, --help             this text

Run as root (Asterisk runs in a chroot). Ctrl-C ends the morning early: callers hang up, the
summary is printed, everything is shut down.`;

export { UsageError };

export function parseOptions(argv: readonly string[]): DemoOptions | 'help' {
  const parsed = parseStrict(argv, {
    minutes: { type: 'string' },
    'calls-per-minute': { type: 'string' },
    fast: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'status-every': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const v = parsed.values;
  if (v.help) return 'help';
  return {
    minutes: positive('--minutes', v.minutes, 3, 60),
    callsPerMinute: positive('--calls-per-minute', v['calls-per-minute'], 8, 60),
    fast: v.fast,
    seed: integer('--seed', v.seed, 115),
    statusEverySec: positive('--status-every', v['status-every'], 5, 60),
  };
}

function positive(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(text)}`);
  return n;
}

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return n;
}
