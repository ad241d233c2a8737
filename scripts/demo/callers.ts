import { startCaller, type Caller, type CallerReport } from '../../test/support/sipp-caller.js';
import type { Output } from './output.js';
import { seconds } from './output.js';
import type { PlannedCall } from './plan.js';

/**
 * The citizens of the morning, one SIPp caller each. A caller waits until a person (an agent or
 * a town hall, recognised by their RTP signature) talks to it, and gives up when its patience
 * runs out first: the announcement and music on hold do not count as an answer.
 */
export interface CallerRun {
  readonly planned: PlannedCall;
  caller?: Caller;
  startError?: string;
  /** The caller hung up because nobody (no person) answered in time. */
  gaveUp: boolean;
  /** The demo hung up for the caller at the end of the run (the call was still up). */
  cutOff: boolean;
  heardPerson: boolean;
  report?: CallerReport;
  done: boolean;
  stopped?: Promise<void>;
}

export interface CallerPool {
  place(planned: PlannedCall): void;
  runs(): readonly CallerRun[];
  /** Calls placed and not over yet (including those still starting). */
  live(): number;
  /** Hangs up every call still up; resolves once they are over. */
  hangUpAll(): Promise<void>;
  /** Ends every SIPp caller process. */
  stop(): Promise<void>;
}

const TICK_MS = 200;
const HEARD_PACKETS = 3;

export function createCallerPool(target: { sipPort: number; logDir: string }, personSignatures: readonly number[], out: Output): CallerPool {
  const runs: CallerRun[] = [];
  const starting = new Set<Promise<void>>();
  const hangingUp = new Set<CallerRun>();

  // Once per caller: closing its RTP socket twice would throw.
  const stopCaller = (run: CallerRun): Promise<void> =>
    (run.stopped ??= run.caller ? run.caller.stop().catch((err: unknown) => out.event(`${run.planned.label}: stopping its SIPp process failed: ${String(err)}`)) : Promise.resolve());

  const heardPerson = (caller: Caller): boolean => personSignatures.some((sig) => caller.rtp.heard(sig) >= HEARD_PACKETS);

  const hangUp = (run: CallerRun): void => {
    if (!run.caller || hangingUp.has(run)) return;
    hangingUp.add(run);
    // A call that ended meanwhile cannot be hung up: the tick records how it ended.
    run.caller.hangUp(10_000).catch(() => undefined);
  };

  const tick = (): void => {
    for (const run of runs) {
      const caller = run.caller;
      if (run.done || !caller) continue;
      const report = caller.report();
      run.heardPerson ||= heardPerson(caller);
      if (report.endedAt) {
        run.done = true;
        run.report = report;
        // The SIPp process has ended with the call (-m 1); this closes its RTP socket too.
        void stopCaller(run);
        continue;
      }
      if (!run.heardPerson && Date.now() - report.startedAt >= run.planned.patienceMs && !hangingUp.has(run)) {
        run.gaveUp = true;
        out.event(`${run.planned.label} gives up after ${seconds(Date.now() - report.startedAt)} without a person on the line, hangs up`);
        hangUp(run);
      }
    }
  };
  const timer = setInterval(tick, TICK_MS);

  return {
    place(planned) {
      const run: CallerRun = { planned, gaveUp: false, cutOff: false, heardPerson: false, done: false };
      runs.push(run);
      const started = startCaller(target, { to: planned.to, from: planned.from })
        .then((caller) => {
          run.caller = caller;
        })
        .catch((err: unknown) => {
          run.startError = err instanceof Error ? err.message : String(err);
          run.done = true;
          out.event(`${planned.label} could not place the call: ${run.startError}`);
        })
        .finally(() => starting.delete(started));
      starting.add(started);
    },
    runs: () => runs,
    live: () => runs.filter((r) => !r.done).length,
    async hangUpAll() {
      await Promise.all(starting);
      const up = runs.filter((r) => !r.done && r.caller);
      for (const run of up) {
        run.cutOff = true;
        hangUp(run);
      }
      const deadline = Date.now() + 15_000;
      while (runs.some((r) => !r.done) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        tick();
      }
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(starting);
      await Promise.all(runs.map(async (run) => {
        run.report ??= run.caller?.report();
        await stopCaller(run);
      }));
    },
  };
}
