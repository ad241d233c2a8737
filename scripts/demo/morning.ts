import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import { callerHasher } from '../../src/app/caller-hash.js';
import type { Call } from '../../src/domain/call.js';
import { loadDeployment } from '../../src/config/index.js';
import { startStack, type Stack } from '../../test/support/stack.js';
import { SAMPLE_CENTER, writeTestCounty } from '../../test/support/test-county.js';
import { createCallerPool, type CallerPool } from './callers.js';
import { startEngineChild, type EngineChild } from '../lib/engine-child.js';
import { watchEngineLog, type EngineLogWatch } from './engine-log.js';
import { driveMorning } from './drive.js';
import { afterTheMorning } from './finish.js';
import { findLeftovers } from './leftovers.js';
import type { DemoOptions } from './options.js';
import { createOutput, firstName, seconds } from './output.js';
import { startDemoPhones, type DemoPhones } from './phones.js';
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
const KEY_PREFIX = 'demo:';

/**
 * The busy morning: the stack, the engine with the sample county, phones and callers; a status
 * line every few seconds and the notable events in between; the summary and a clean shutdown.
 */
export function createMorning(opts: DemoOptions): Morning {
  const out = createOutput();
  let stop: StopRequest | undefined;
  /** Set once the demo itself ends the engine: its exit is then expected. */
  let stopping = false;
  let wake: (() => void) | undefined;
  const resources: {
    stack?: Stack; engine?: EngineChild; phones?: DemoPhones; callers?: CallerPool; log?: EngineLogWatch; redis?: Redis;
  } = {};

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
    const { stack, engine, phones, callers, log, redis } = resources;
    stopping = true;
    out.plain('• shutting down: callers, phones, engine, Asterisk, Redis …');
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
    await attempt('the engine', engine && (() => engine.stop()));
    await attempt('the engine log', log && (() => log.close()));
    redis?.disconnect();
    await attempt('Asterisk and Redis', stack && (() => stack.stop()));
    if (!stack) return;
    const markers = [stack.logs.dir, `overflow-instances/${stack.id}/`, `127.0.0.1:${new URL(stack.redisUrl).port}`];
    const left = findLeftovers(markers, engine?.pid !== undefined && engine.isRunning() ? [engine.pid] : []);
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
      // The morning is played whatever the hour: the center is open around the clock for the demo.
      const configPath = writeTestCounty(opts.fast ? { overflowTimeoutSec: FAST_TOWN_TIMEOUT_SEC } : {});
      const deployment = loadDeployment(configPath);
      const plan = planMorning(deployment, opts, randomStream(opts.seed, 'callers'));
      const salt = randomBytes(16).toString('hex');
      const hash = callerHasher(salt);
      const byHash = new Map(plan.map((p) => [hash(p.from), p]));
      const townName = (id: string): string => deployment.towns.find((t) => t.id === id)?.name ?? id;
      const agentName = (id: string): string => firstName(deployment.agents.find((a) => a.id === id)?.name, id);
      const timeouts = [...new Set(deployment.towns.map((t) => t.overflowTimeoutMs))].map((ms) => seconds(ms)).join('/');

      out.plain(`Busy morning at the ${deployment.serviceCenter.name}: ${opts.minutes} min of callers, about ${opts.callsPerMinute} a minute (seed ${opts.seed}: ${plan.length} callers)`);
      out.plain(`${opts.fast ? 'FAST mode' : 'Real timeouts of config/county.yaml'}: town halls ring ${timeouts} before the call overflows; an agent's phone rings up to ${seconds(deployment.serviceCenter.agentRingTimeoutMs)}.`);
      out.plain('Service hours: config/county.yaml opens Mon–Fri 08:00–18:00; for the demo the center is open around the clock.');
      out.plain(`${deployment.agents.length} agents (answer after 1–3 s, talk 5–25 s); Quickborn answers some calls, Bönningstedt never, Hasloh is often busy; a quarter of the callers are impatient.\n`);

      try {
        const stack = (resources.stack = await step('starting Redis and Asterisk (own instances)', () => startStack()));
        if (stop) return 130;
        const engine = (resources.engine = await step('starting the engine with the sample county', () =>
          startEngineChild(stack, { configPath, keyPrefix: KEY_PREFIX, salt, logPath: join(stack.logs.dir, 'engine.log'), logLevel: 'debug' })));
        if (stop) return 130;
        let registered = 0;
        const phoneCount = deployment.agents.length + deployment.towns.reduce((n, t) => n + t.phones.length, 0);
        const phones = (resources.phones = await step(`registering ${phoneCount} SIP phones (agents and town halls)`, () =>
          startDemoPhones(deployment, { sipPort: stack.sipPort, logDir: stack.logs.dir }, opts.seed, () => (registered += 1))));
        if (registered !== phoneCount) throw new Error(`only ${registered} of ${phoneCount} phones registered`);
        if (stop) return 130;

        const redis = (resources.redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 }));
        const sink = new RedisCallRecords(redis, new RedisKeys(KEY_PREFIX, SAMPLE_CENTER));
        const records = async (): Promise<Call[]> => (await sink.read(undefined, 100_000)).map((r) => r.call);

        out.plain('');
        for (const line of whereToWatch(stack, engine, KEY_PREFIX)) out.plain(line);
        out.plain('');

        const deskWork = startDeskWork(engine.url, randomStream(opts.seed, 'desk-work'), out);
        resources.log = watchEngineLog(engine.logPath, {
          out,
          townName,
          agentName,
          agentAnswered: (callId, agentId) => deskWork.answered(callId, agentId),
          callerOf: async (callId) => {
            const { status, body } = await engine.getJson<Call>(`/api/calls/${encodeURIComponent(callId)}`);
            const planned = status === 200 ? byHash.get(body.callerHash) : undefined;
            return planned && { label: planned.label, origin: planned.origin, impatient: planned.patienceMs < 60_000 };
          },
        });
        const callers = (resources.callers = createCallerPool({ sipPort: stack.sipPort, logDir: stack.logs.dir }, phones.signatures, out));
        let engineGone = false;
        void engine.exited.then((status) => {
          if (stopping) return;
          engineGone = true;
          out.event(`ENGINE EXITED unexpectedly (${status.signal ?? `code ${status.code}`}): see ${engine.logPath}`);
          morning.requestStop('graceful');
        });

        out.startClock();
        out.event(`the morning begins: ${plan.length} callers over ${opts.minutes} min`);
        const drained = await driveMorning({ plan, callers, engine, opts, out, pause, stopped: () => stop });
        stopping = true;
        if (stop === 'now') return 130;

        const exitCode = await afterTheMorning({
          out, stack, engine, callers, records, log: resources.log, hash, engineGone, deskWork,
          deadlineHit: !drained && !stop,
          names: { town: townName, agent: agentName },
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
