import { parseStrict, UsageError } from '../lib/cli.js';
import type { AbScenario } from './ab.js';

export type Part = 'ab' | 'capacity' | 'engine-only' | 'knowledge';
export const PARTS: readonly Part[] = ['ab', 'capacity', 'engine-only', 'knowledge'];

/** What `npm run bench -- …` was asked to do. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly parts: readonly Part[];
  readonly ab: readonly AbScenario[];
  readonly answerMs: number;
  readonly talkMs: number;
  readonly rates: readonly number[];
  readonly stepSec: number;
  readonly holdSec: number;
  readonly latencyLimitMs: number;
  readonly capacityAgents: number;
  readonly waiting: number;
  readonly agents: number;
  readonly sizes: readonly number[];
  readonly samples: number;
  readonly engineCalls: number;
  readonly knowledgeArticles: number;
  readonly knowledgeQueries: number;
  readonly profile: boolean;
  readonly engineLogLevel: string;
  readonly out: string | null;
}

export const USAGE = `Usage: npm run bench -- [options]     (or, provisioned already: npx tsx scripts/bench.ts [options])

Benchmarks of the overflow engine (docs/benchmarks.md), on the project's own stack (Redis,
Asterisk 22, SIPp) started for the run and stopped after it:
  ab           the same callers at once through the engine (115), the floor (19116, a minimal
               in-memory ARI dispatcher) and Asterisk's app_queue (19115), both bench only; same
               Asterisk, same SIPp agent phones: agent free → next offer, caller wait until an
               agent answers, failed calls, CPU per 100 calls, the ratios
  capacity     new calls per second through the engine, ramped until a call fails or the p95
               queue-entry latency passes the limit: calls at once, engine RSS, Redis memory
  engine-only  the atomic assignment on a private Redis without Asterisk: latency p50/p99,
               assignments per second, Redis memory per waiting call, growth with the queue
  knowledge    the knowledge search on synthetic German articles, in this process (no Redis,
               no Asterisk): index build time and heap, query latency p50/p99 by kind of query
Prints one table and writes the figures as JSON (bench-results/<timestamp>.json). Exits 1 if a
call fails (in the A/B, or in the first capacity step) or the run breaks, never because of a number.

Options:
  --quick                a seconds-long smoke run with tiny sizes (what the test suite runs)
  --only LIST            parts to run, comma separated: ab,capacity,engine-only,knowledge (default all)
  --ab LIST              A/B scenarios AGENTSxCALLERS (default 1x5,4x50)
  --answer-ms N          agent phones answer after N ms (default 300)
  --talk-ms N            and hang up after N ms of talk (default 2000)
  --rates LIST           capacity ramp in new calls/s (default 5,10,15,20,25,30,40,50,60)
  --step-sec N           seconds each capacity step places calls (default 20)
  --hold-sec N           seconds a capacity caller stays on the line at most (default 15)
  --latency-limit-ms N   the ramp stops above this p95 queue-entry latency (default 100)
  --capacity-agents N    agent phones answering during the capacity run (default 4)
  --waiting N            engine-only: waiting calls (default 10000)
  --agents N             engine-only: agents (default 1000)
  --sizes LIST           engine-only growth: waiting calls (default 1000,10000,100000)
  --samples N            engine-only: assignments timed per size (default 2000)
  --engine-calls N       engine-only: callers admitted through the engine for memory (default 10000)
  --knowledge-articles N knowledge: synthetic articles indexed (default 10000)
  --knowledge-queries N  knowledge: queries timed (default 2000)
  --profile              run the engine with --cpu-prof (profile beside the stack's logs)
  --engine-log-level L   the engine's LOG_LEVEL (default info, as in production; trace shows
                         every event and command with its time, at a cost)
  --out FILE             where the JSON goes (default bench-results/<timestamp>.json)
  -h, --help             this text

Run as root for ab and capacity (Asterisk runs in a chroot); scripts/provision.sh sets up what
they need. engine-only needs redis-server; knowledge needs nothing but Node.`;

export { UsageError };

const FULL = {
  ab: '1x5,4x50', answerMs: 300, talkMs: 2_000, rates: '5,10,15,20,25,30,40,50,60', stepSec: 20, holdSec: 15, latencyLimitMs: 100,
  capacityAgents: 4, waiting: 10_000, agents: 1_000, sizes: '1000,10000,100000', samples: 2_000, engineCalls: 10_000,
  knowledgeArticles: 10_000, knowledgeQueries: 2_000,
};
const QUICK = {
  ab: '1x3', answerMs: 100, talkMs: 400, rates: '2,4', stepSec: 2, holdSec: 1.5, latencyLimitMs: 100,
  capacityAgents: 1, waiting: 1_000, agents: 50, sizes: '100,1000', samples: 200, engineCalls: 300,
  knowledgeArticles: 500, knowledgeQueries: 200,
};

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const parsed = parseStrict(argv, {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    ab: { type: 'string' },
    'answer-ms': { type: 'string' },
    'talk-ms': { type: 'string' },
    rates: { type: 'string' },
    'step-sec': { type: 'string' },
    'hold-sec': { type: 'string' },
    'latency-limit-ms': { type: 'string' },
    'capacity-agents': { type: 'string' },
    waiting: { type: 'string' },
    agents: { type: 'string' },
    sizes: { type: 'string' },
    samples: { type: 'string' },
    'engine-calls': { type: 'string' },
    'knowledge-articles': { type: 'string' },
    'knowledge-queries': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'engine-log-level': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const v = parsed.values;
  if (v.help) return 'help';
  const d = v.quick ? QUICK : FULL;
  const parts = v.only === undefined ? PARTS : v.only.split(',').map((p) => p.trim());
  for (const p of parts) if (!PARTS.includes(p as Part)) throw new UsageError(`--only: unknown part ${JSON.stringify(p)} (parts: ${PARTS.join(', ')})`);
  return {
    quick: v.quick,
    parts: parts as Part[],
    ab: scenarios(v.ab ?? d.ab),
    answerMs: num('--answer-ms', v['answer-ms'], d.answerMs, 0, 60_000),
    talkMs: num('--talk-ms', v['talk-ms'], d.talkMs, 100, 600_000),
    rates: list('--rates', v.rates ?? d.rates, 0.1, 1_000),
    stepSec: num('--step-sec', v['step-sec'], d.stepSec, 0.5, 3_600),
    holdSec: num('--hold-sec', v['hold-sec'], d.holdSec, 0.5, 3_600),
    latencyLimitMs: num('--latency-limit-ms', v['latency-limit-ms'], d.latencyLimitMs, 1, 60_000),
    capacityAgents: whole('--capacity-agents', v['capacity-agents'], d.capacityAgents, 0, 4),
    waiting: whole('--waiting', v.waiting, d.waiting, 1, 10_000_000),
    agents: whole('--agents', v.agents, d.agents, 1, 1_000_000),
    sizes: list('--sizes', v.sizes ?? d.sizes, 1, 10_000_000).map(Math.round),
    samples: whole('--samples', v.samples, d.samples, 1, 10_000_000),
    engineCalls: whole('--engine-calls', v['engine-calls'], d.engineCalls, 1, 10_000_000),
    knowledgeArticles: whole('--knowledge-articles', v['knowledge-articles'], d.knowledgeArticles, 1, 1_000_000),
    knowledgeQueries: whole('--knowledge-queries', v['knowledge-queries'], d.knowledgeQueries, 1, 1_000_000),
    profile: v.profile,
    engineLogLevel: level(v['engine-log-level'] ?? 'info'),
    out: v.out ?? null,
  };
}

function num(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

function whole(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  const n = num(name, text, fallback, min, max);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return n;
}

function list(name: string, text: string, min: number, max: number): number[] {
  const values = text.split(',').map((t) => num(name, t.trim(), NaN, min, max));
  if (values.length === 0 || values.some((n) => Number.isNaN(n))) throw new UsageError(`${name} must be a comma-separated list of numbers, got ${JSON.stringify(text)}`);
  return values;
}

function level(text: string): string {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
  if (!levels.includes(text)) throw new UsageError(`--engine-log-level must be one of ${levels.join(', ')}, got ${JSON.stringify(text)}`);
  return text;
}

function scenarios(text: string): AbScenario[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)x(\d+)\s*$/.exec(part);
    const agents = Number(m?.[1]);
    const callers = Number(m?.[2]);
    if (!m || agents < 1 || agents > 4 || callers < 1 || callers > 1_000) {
      throw new UsageError(`--ab: each scenario is AGENTSxCALLERS with 1-4 agents (the sample county's) and 1-1000 callers, got ${JSON.stringify(part)}`);
    }
    return { agents, callers };
  });
}
