import type { QueueView } from '../../src/app/queue-view.js';
import type { CallerPool } from './callers.js';
import type { EngineChild } from '../lib/engine-child.js';
import type { DemoOptions } from './options.js';
import { clock, seconds, type Output } from './output.js';
import type { Burst, PlannedCall } from './plan.js';
import { statusLine } from './status.js';
import type { StopRequest } from './stop-request.js';

/**
 * Places the planned calls on time, prints a status line every few seconds, and once every
 * caller has dialled waits (up to a deadline) until the last call is over. Resolves true if the
 * morning ended by itself, false if it was cut short (stop request, deadline).
 */
export async function driveMorning(d: {
  plan: readonly PlannedCall[];
  /** Announced as they begin. */
  bursts: readonly Burst[];
  callers: CallerPool;
  /** Each center's engine, for its status line. */
  centers: readonly { readonly short: string; readonly engine: EngineChild }[];
  /** "Pinneberg" for the center key of a burst. */
  centerShort: (key: string) => string;
  opts: DemoOptions;
  out: Output;
  /** Resolves after ms, or earlier when a stop is requested. */
  pause: (ms: number) => Promise<void>;
  stopped: () => StopRequest | undefined;
}): Promise<boolean> {
  const { plan, callers, centers, opts, out, pause, stopped } = d;
  const bursts = [...d.bursts];
  const startedAt = Date.now();
  const drainMs = opts.fast ? 2 * 60_000 : 4 * 60_000;
  let next = 0;
  let nextStatusAt = startedAt + opts.statusEverySec * 1000;
  let announcedLast = false;
  let statusInFlight = false;

  const printStatus = (): void => {
    if (statusInFlight) return;
    statusInFlight = true;
    // One line per center, in the same order every time; the callers on the line are counted once, on the first.
    const live = callers.live();
    void Promise.all(centers.map(({ short, engine }, i) => engine.getJson<QueueView>('/api/queue')
      .then(({ body }) => statusLine(short, body, i === 0 ? live : undefined))
      .catch((err: unknown) => `── ${short}: status unavailable: GET /api/queue failed (${err instanceof Error ? err.message : String(err)})`)))
      .then((lines) => lines.forEach((line) => out.event(line)))
      .finally(() => (statusInFlight = false));
  };

  for (;;) {
    if (stopped()) return false;
    const now = Date.now() - startedAt;
    while ((bursts[0]?.atMs ?? Infinity) <= now) {
      const b = bursts.shift();
      if (b) out.event(`BURST: ${b.count} callers dial ${d.centerShort(b.center)}'s ${b.target === '115' ? '115' : `${b.target} (town hall)`} within the next ${seconds(b.spreadMs)}`);
    }
    while (next < plan.length && (plan[next]?.atMs ?? Infinity) <= now) {
      const planned = plan[next];
      next += 1;
      if (planned) callers.place(planned);
    }
    if (Date.now() >= nextStatusAt) {
      printStatus();
      nextStatusAt += opts.statusEverySec * 1000;
    }
    const allPlaced = next >= plan.length;
    // A second after the last call was placed: its "dials" line (from the engine's log) comes first.
    if (allPlaced && !announcedLast && now >= (plan.at(-1)?.atMs ?? 0) + 1_000) {
      announcedLast = true;
      out.event(`the last caller has dialled; waiting for the ${callers.live()} calls still up to end (at most ${seconds(drainMs)})`);
    }
    if (allPlaced && callers.live() === 0) {
      out.event(`every call is over (${clock(Date.now() - startedAt)} after the morning began)`);
      return true;
    }
    if (allPlaced && now > (plan.at(-1)?.atMs ?? 0) + drainMs) {
      out.event(`${callers.live()} calls are still up ${seconds(drainMs)} after the last caller dialled: the demo hangs them up`);
      return false;
    }
    const untilNextCall = next < plan.length ? (plan[next]?.atMs ?? now) - now : 250;
    await pause(Math.max(10, Math.min(250, untilNextCall)));
  }
}
