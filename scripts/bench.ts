/**
 * The benchmarks (docs/benchmarks.md): the engine against a minimal ARI dispatcher (the floor)
 * and Asterisk's own app_queue on the same stack, the engine's capacity, its dispatch on Redis
 * alone, and the knowledge search. `npm run bench` provisions first, then runs this; `--quick` is
 * the seconds-long smoke run the test suite uses.
 *
 * Prints one table and writes every figure as JSON to bench-results/<timestamp>.json. Exits 1 only
 * when a call failed where none may (the A/B, the first capacity step) or the run itself broke;
 * never because a number missed its target.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ROOTFS } from '../test/support/asterisk-instance.js';
import { failAs, onPath, optionsOrExit } from './lib/cli.js';
import { runAb, type AbScenarioResult } from './bench/ab.js';
import { openBenchStack, type BenchStack } from './bench/bench-stack.js';
import { runCapacity, type CapacityResult } from './bench/capacity.js';
import { runEngineOnly, type EngineOnlyResult } from './bench/engine-only.js';
import { runKnowledge, type KnowledgeResult } from './bench/knowledge.js';
import { parseOptions, USAGE, type BenchOptions } from './bench/options.js';
import { describeMachine, loadAverage } from './bench/proc.js';
import { findMainProfile, summarizeProfile, type ProfileSummary } from './bench/profile-summary.js';
import { formatTable, tableRows, targetRows, writeReport, type BenchReport } from './bench/report.js';
import { targetVerdicts } from './bench/targets.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const fail = failAs('bench');
const options = (): BenchOptions => optionsOrExit('bench', parseOptions, USAGE);

/** What the parts asked for need, checked before anything starts. */
function preflight(opts: BenchOptions): void {
  const provision = 'run `bash scripts/provision.sh` first (`npm run bench` does that for you)';
  if (opts.parts.every((p) => p === 'knowledge')) return;
  if (!onPath('redis-server')) fail(`\`redis-server\` not found (Debian package redis-server): ${provision}`);
  if (!opts.parts.includes('ab') && !opts.parts.includes('capacity')) return;
  if (process.getuid?.() !== 0) fail('the stack runs Asterisk in a chroot: run as root');
  const rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  if (!existsSync(join(rootfs, 'usr/sbin/asterisk'))) fail(`no Asterisk root filesystem at ${rootfs}: ${provision}`);
  if (!onPath('sipp')) fail(`\`sipp\` not found (Debian package sip-tester): ${provision}`);
}

/** A tool's version from its output; `sipp -v` prints it and exits 99, which is no failure here. */
const version = (command: string, args: string[], pattern: RegExp): string | null => {
  let out: string;
  try {
    out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stdout = (err as { stdout?: unknown }).stdout;
    out = typeof stdout === 'string' ? stdout : '';
  }
  return pattern.exec(out)?.[1]?.trim() ?? null;
};

async function main(): Promise<number> {
  const opts = options();
  preflight(opts);
  const started = Date.now();
  const loadAtStart = loadAverage();
  const startedAt = new Date(started).toISOString();
  const say = (text: string): void => {
    process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`);
  };
  const errors: string[] = [];
  let ab: AbScenarioResult[] | null = null;
  let capacity: CapacityResult | null = null;
  let engineOnly: EngineOnlyResult | null = null;
  let knowledge: KnowledgeResult | null = null;
  let engineProfile: ProfileSummary | null = null;
  let asteriskVersion: string | null = null;

  // First, while the process holds nothing else: its heap figures are the index's.
  if (opts.parts.includes('knowledge')) {
    try {
      knowledge = await runKnowledge({ articles: opts.knowledgeArticles, queries: opts.knowledgeQueries }, say);
    } catch (err) {
      errors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
      say(`the knowledge benchmark broke: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.parts.includes('ab') || opts.parts.includes('capacity')) {
    let bench: BenchStack | undefined;
    try {
      say('starting Redis, Asterisk (own instances) and the engine');
      bench = await openBenchStack({ cpuProfile: opts.profile, logLevel: opts.engineLogLevel });
      asteriskVersion = /Asterisk (\S+)/.exec(await bench.stack.asteriskCli('core show version'))?.[1] ?? null;
      say(`stack up: Asterisk ${asteriskVersion ?? '?'}, logs in ${bench.stack.logs.dir}`);
      if (opts.parts.includes('ab')) ab = await runAb(bench, { scenarios: opts.ab, answerMs: opts.answerMs, talkMs: opts.talkMs }, say);
      if (opts.parts.includes('capacity')) {
        capacity = await runCapacity(bench, {
          rates: opts.rates, stepSec: opts.stepSec, holdSec: opts.holdSec, latencyLimitMs: opts.latencyLimitMs,
          agents: opts.capacityAgents, answerMs: opts.answerMs, talkMs: opts.talkMs,
        }, say);
      }
    } catch (err) {
      errors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
      say(`the stack benchmarks broke: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (bench) {
        say('stopping the engine, Asterisk and Redis');
        await bench.close().catch((err: unknown) => errors.push(`stopping the stack: ${String(err)}`));
        const profile = opts.profile ? findMainProfile(bench.stack.logs.dir) : null;
        if (profile) {
          say(`engine CPU profile: ${profile}`);
          try {
            engineProfile = summarizeProfile(profile);
          } catch (err) {
            errors.push(`reading the CPU profile: ${String(err)}`);
          }
        }
      }
    }
  }
  if (opts.parts.includes('engine-only')) {
    try {
      engineOnly = await runEngineOnly(
        { waiting: opts.waiting, agents: opts.agents, sizes: opts.sizes, samples: opts.samples, engineCalls: opts.engineCalls },
        say,
      );
    } catch (err) {
      errors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
      say(`the engine-only benchmark broke: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const failedCalls =
    (ab ?? []).reduce((n, s) => n + s.engine.failed + s.floor.failed + s.appQueue.failed, 0) + (capacity?.steps[0] && !capacity.steps[0].passed ? capacity.steps[0].failed : 0);
  const table = tableRows({ ab, capacity, engineOnly, knowledge, engineProfile });
  const report: BenchReport = {
    startedAt,
    command: process.argv.length > 2 ? ['npm run bench --', ...process.argv.slice(2)].join(' ') : 'npm run bench',
    runtimeSec: Math.round((Date.now() - started) / 100) / 10,
    machine: {
      ...describeMachine(),
      asterisk: asteriskVersion,
      redis: engineOnly?.redisVersion ?? version('redis-server', ['--version'], /v=(\S+)/),
      sipp: version('sipp', ['-v'], /(SIPp v[^\s,]+)/),
      loadAtStart,
      loadAtEnd: loadAverage(),
    },
    options: opts,
    ab,
    capacity,
    engineOnly,
    knowledge,
    engineProfile,
    failedCalls,
    errors,
    table,
    targets: targetVerdicts({ ab, capacity, engineOnly, knowledge }),
  };
  const stamp = startedAt.replace(/[:.]/g, '-');
  const out = opts.out ?? join(root, 'bench-results', `${stamp}.json`);
  writeReport(out, report);

  process.stdout.write(`\n${formatTable(table)}\n\n${formatTable(targetRows(report.targets))}\n\n`);
  const m = report.machine;
  process.stdout.write(`machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}, Asterisk ${m.asterisk ?? '—'}, Redis ${m.redis ?? '—'}, ${m.sipp ?? 'SIPp —'}\n`);
  process.stdout.write(`load average (1/5/15 min) before: ${m.loadAtStart?.join(' ') ?? '—'}, after: ${m.loadAtEnd?.join(' ') ?? '—'}\n`);
  process.stdout.write(`runtime ${report.runtimeSec} s; figures written to ${out}\n`);
  for (const e of errors) process.stdout.write(`ERROR: ${e}\n`);
  if (failedCalls > 0) process.stdout.write(`FAILED CALLS: ${failedCalls} (see "failures" in the JSON)\n`);
  return errors.length > 0 || failedCalls > 0 ? 1 : 0;
}

process.exit(await main());
