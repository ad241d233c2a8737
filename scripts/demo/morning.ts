import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import { callerHasher } from '../../src/app/caller-hash.js';
import type { Call } from '../../src/domain/call.js';
import { startStack, type Stack } from '../../test/support/stack.js';
import { createCallerPool, type CallerPool } from './callers.js';
import { demoCenters, PARTNER_WAIT_SEC, PLATFORM_PREFIX, platformNames, SAMPLE_PARTNER_WAIT_SEC, SEGEBERG_APP, type CenterRun, type DemoCenter } from './centers.js';
import { startEngineChild, type EngineChild } from '../lib/engine-child.js';
import { watchEngineLog, type EngineLogWatch } from './engine-log.js';
import { driveMorning } from './drive.js';
import { afterTheMorning } from './finish.js';
import { findLeftovers } from './leftovers.js';
import type { DemoOptions } from './options.js';
import { clock, createOutput, firstName, seconds } from './output.js';
import { startDemoPhones, townHabits, type DemoPhones } from './phones.js';
import { startDeskWork } from './desk-work.js';
import { planMorning } from './plan.js';
import type { StopRequest } from './stop-request.js';
import { randomStream } from '../../test/support/seeded-random.js';
import { whereToWatch } from './where-to-watch.js';

export interface Morning {
  requestStop(how: StopRequest): void;
  run(): Promise<number>;
}

const FAST_TOWN_TIMEOUT_SEC = 5;

/**
 * The busy morning on the sample platform: the stack, an engine for each of the two centers (Kreis
 * Pinneberg and Kreis Segeberg, partners of each other), every phone of both and the callers; a
 * status line per center every few seconds and the notable events in between; the summary and a
 * clean shutdown.
 */
export function createMorning(opts: DemoOptions): Morning {
  const out = createOutput();
  let stop: StopRequest | undefined;
  /** Set once the demo itself ends the engines: their exit is then expected. */
  let stopping = false;
  let wake: (() => void) | undefined;
  const resources: {
    stack?: Stack; engines: EngineChild[]; phones?: DemoPhones; callers?: CallerPool; logs: EngineLogWatch[]; redis?: Redis;
  } = { engines: [], logs: [] };

  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(), ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const startedAt = Date.now();
    out.plain(`• ${what} …`);
    const result = await work();
    out.plain(`  done in ${seconds(Date.now() - startedAt)}`);
    return result;
  };

  const shutdown = async (): Promise<void> => {
    const { stack, engines, phones, callers, logs, redis } = resources;
    stopping = true;
    out.plain('• shutting down: callers, phones, engines, Asterisk, Redis …');
    // Each part is stopped even if another fails; a failure is reported, not hidden.
    const attempt = async (what: string, work: (() => Promise<unknown>) | undefined): Promise<void> => {
      if (!work) return;
      try {
        await work();
      } catch (err) {
        out.plain(`  stopping ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    await attempt('the callers', callers && (() => callers.stop()));
    await attempt('the phones', phones && (() => phones.stop()));
    await Promise.all(engines.map((engine) => attempt(`the engine ${engine.logPath}`, () => engine.stop())));
    await Promise.all(logs.map((log) => attempt('an engine log', () => log.close())));
    redis?.disconnect();
    await attempt('Asterisk and Redis', stack && (() => stack.stop()));
    if (!stack) return;
    const markers = [stack.logs.dir, `overflow-instances/${stack.id}/`, `127.0.0.1:${new URL(stack.redisUrl).port}`];
    const left = findLeftovers(markers, engines.flatMap((e) => (e.pid !== undefined && e.isRunning() ? [e.pid] : [])));
    if (left.length === 0) {
      out.plain(`  stopped: no engine, Asterisk, Redis or SIPp process of this run is left. Logs stay in ${stack.logs.dir}`);
      return;
    }
    out.plain(`  PROBLEM: still running after shutdown, killing: ${left.map((p) => `${p.pid} ${p.command.slice(0, 120)}`).join('; ')}`);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Ended by itself between the scan and now: what we wanted.
      }
    }
  };

  /** Both engines side by side, as on a real platform; one that started is stopped by shutdown even if the other failed. */
  const startEngines = async (stack: Stack, centers: readonly DemoCenter[], salt: string): Promise<EngineChild[]> => {
    const started = await Promise.allSettled(centers.map(async (center) => {
      const engine = await startEngineChild(stack, {
        configPath: center.configPath,
        keyPrefix: center.keyPrefix,
        ariApp: center.app,
        platformPrefix: PLATFORM_PREFIX,
        operator: center.operator,
        // One salt for both: a handed-over caller has the same hash in both centers' records.
        salt,
        logPath: join(stack.logs.dir, `engine-${center.key}.log`),
        logLevel: 'debug',
      });
      resources.engines.push(engine);
      return engine;
    }));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  };

  const morning: Morning = {
    requestStop(how) {
      if (stop === 'now') return;
      if (how === 'graceful' && stop === 'graceful') how = 'now';
      stop = how;
      out.plain(how === 'now'
        ? '\n■ stopping NOW: no summary, just a clean shutdown'
        : '\n■ stopping early: callers hang up, then the summary (Ctrl-C again to skip it)');
      wake?.();
    },

    async run() {
      // The morning is played whatever the hour: the centers are open around the clock for the demo.
      const ENGINE_APP = 'overflow-engine';
      const centers = demoCenters({ fast: opts.fast, ...(opts.fast ? { townTimeoutSec: FAST_TOWN_TIMEOUT_SEC } : {}) }, ENGINE_APP);
      const deployments = centers.map((c) => c.deployment);
      const plan = planMorning(centers, opts, randomStream(opts.seed, 'callers'));
      const salt = randomBytes(16).toString('hex');
      const hash = callerHasher(salt);
      const byHash = new Map(plan.calls.map((p) => [hash(p.from), p]));
      const names = platformNames(centers);
      const agentName = (id: string): string => firstName(names.agentFullName(id), id);
      const timeouts = [...new Set(deployments.flatMap((d) => d.towns.map((t) => t.overflowTimeoutMs)))].sort((x, y) => x - y).map((ms) => seconds(ms)).join('/');
      const partnerWaitSec = opts.fast ? PARTNER_WAIT_SEC.fast : PARTNER_WAIT_SEC.real;
      const short = (key: string): string => centers.find((c) => c.key === key)?.short ?? key;

      out.plain(`Busy morning on a platform of two 115 service centers, ${centers.map((c) => names.center(c.deployment.serviceCenter.id)).join(' and ')}: one Asterisk, one Redis, an engine each.`);
      out.plain(`${opts.minutes} min of callers, about ${opts.callsPerMinute} a minute, and two bursts (seed ${opts.seed}: ${plan.calls.length} callers).`);
      out.plain(`${opts.fast ? 'FAST mode' : `Real timeouts of ${centers.map((c) => c.sampleFile).join(' and ')}`}: town halls ring ${timeouts} before the call overflows; an agent's phone rings up to ${seconds(deployments[0]?.serviceCenter.agentRingTimeoutMs ?? 0)}.`);
      out.plain('Service hours: the sample files open Mon–Fri from 08:00 (Segeberg until 16:00 on Fridays); for the demo both centers are open around the clock.');
      for (const c of centers) {
        out.plain(`${c.short}: ${c.deployment.agents.length} agents; ${townHabits(c.deployment)}.`);
      }
      out.plain('Agents answer after 1–3 s and talk 5–25 s; a quarter of the callers are impatient (not those of a burst).');
      out.plain(`Partners: a caller who has waited ${partnerWaitSec} s (since dialling) goes to the other center while it has an agent free and none of its own callers waiting (the sample files say ${SAMPLE_PARTNER_WAIT_SEC} s).`);
      for (const b of plan.bursts) {
        out.plain(`Burst at ${clock(b.atMs)}: ${b.count} callers dial ${short(b.center)}'s ${b.target === '115' ? '115' : `${b.target} (town hall)`} within ${seconds(b.spreadMs)}, more than its agents can take at once.`);
      }
      out.plain('');

      try {
        const stack = (resources.stack = await step('starting Redis and Asterisk (own instances)', () =>
          startStack({ engineApp: ENGINE_APP, globals: { ENGINE_APP_SEGEBERG: SEGEBERG_APP } })));
        if (stop) return 130;
        const engines = await step(`starting an engine per center (${centers.map((c) => `${c.short}: ARI app ${c.app}`).join(', ')})`, () => startEngines(stack, centers, salt));
        if (stop) return 130;
        let registered = 0;
        const phoneCount = deployments.reduce((n, d) => n + d.agents.length + d.towns.reduce((m, t) => m + t.phones.length, 0), 0);
        const phones = (resources.phones = await step(`registering ${phoneCount} SIP phones (both centers' agents and town halls)`, () =>
          startDemoPhones(deployments, { sipPort: stack.sipPort, logDir: stack.logs.dir }, opts.seed, () => (registered += 1))));
        if (registered !== phoneCount) throw new Error(`only ${registered} of ${phoneCount} phones registered`);
        if (stop) return 130;

        const redis = (resources.redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 }));
        const withEngines = centers.map((center, i) => ({ center, engine: engines[i] as EngineChild }));

        out.plain('');
        for (const line of whereToWatch(stack, withEngines)) out.plain(line);
        out.plain('');

        const runs: CenterRun[] = withEngines.map(({ center, engine }) => {
          const sink = new RedisCallRecords(redis, new RedisKeys(center.keyPrefix, center.deployment.serviceCenter.id));
          // Desk work of Kreis Pinneberg keeps the stream it always had: same seed, same concerns.
          const deskWork = startDeskWork(engine.url, randomStream(opts.seed, center.key === 'pinneberg' ? 'desk-work' : `desk-work:${center.key}`), out);
          const log = watchEngineLog(engine.logPath, {
            out,
            center: center.short,
            centerName: names.center,
            townName: names.town,
            agentName,
            agentAnswered: (callId, agentId) => deskWork.answered(callId, agentId),
            callerOf: async (callId) => {
              const { status, body } = await engine.getJson<Call>(`/api/calls/${encodeURIComponent(callId)}`);
              const planned = status === 200 ? byHash.get(body.callerHash) : undefined;
              return planned && { label: planned.label, origin: planned.origin, impatient: planned.patienceMs < 60_000, arrivedAt: body.times.arrivedAt };
            },
          });
          resources.logs.push(log);
          return { center, engine, log, deskWork, records: async () => (await sink.read(undefined, 100_000)).map((r) => r.call) };
        });
        const callers = (resources.callers = createCallerPool({ sipPort: stack.sipPort, logDir: stack.logs.dir }, phones.signatures, out));
        let engineGone = false;
        for (const { center, engine } of runs) {
          void engine.exited.then((status) => {
            if (stopping) return;
            engineGone = true;
            out.event(`${center.short.toUpperCase()}'S ENGINE EXITED unexpectedly (${status.signal ?? `code ${status.code}`}): see ${engine.logPath}`);
            morning.requestStop('graceful');
          });
        }

        out.startClock();
        out.event(`the morning begins: ${plan.calls.length} callers over ${opts.minutes} min`);
        const drained = await driveMorning({
          plan: plan.calls, bursts: plan.bursts, callers, opts, out, pause, stopped: () => stop,
          centers: runs.map((r) => ({ short: r.center.short, engine: r.engine })),
          centerShort: short,
        });
        stopping = true;
        if (stop === 'now') return 130;

        const exitCode = await afterTheMorning({
          out, stack, centers: runs, callers, hash, engineGone,
          deadlineHit: !drained && !stop,
          names: { town: names.town, agent: agentName, center: names.center },
        });
        if (engineGone) return 1;
        return stop ? 130 : exitCode;
      } finally {
        await shutdown();
      }
    },
  };
  return morning;
}
