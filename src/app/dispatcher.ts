import type { Logger } from 'pino';
import type { CallEvent } from '../domain/events.js';
import type { CallId } from '../domain/ids.js';
import type { Clock, LiveQueue, TimerHandle } from './ports.js';
import { logFailure } from './failure-log.js';

/**
 * Event-driven dispatch: a call queued or an agent freed requests a run; a run pairs waiting calls
 * with available agents through the atomic assignment until one side is empty. Requests during a
 * run are coalesced into one more run. There is no polling loop.
 */
export class Dispatcher {
  private running = false;
  private again = false;
  private held = false;
  private pendingWhileHeld = false;
  private deliver: (id: CallId, event: CallEvent) => void = () => undefined;
  private idleWaiters: (() => void)[] = [];
  /** The run scheduled for when a waiting call's skill needs widen (any agent may then take it). */
  private widening: { readonly at: number; readonly handle: TimerHandle } | null = null;

  constructor(
    private readonly queue: LiveQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  onAssigned(deliver: (id: CallId, event: CallEvent) => void): void {
    this.deliver = deliver;
  }

  request(): void {
    if (this.held) {
      this.pendingWhileHeld = true;
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  }

  /**
   * Stops new runs (requests are remembered) so recovery can compare queue and agents without an
   * assignment in flight between its reads.
   */
  hold(): void {
    this.held = true;
  }

  resume(): void {
    this.held = false;
    if (this.pendingWhileHeld) {
      this.pendingWhileHeld = false;
      this.request();
    }
  }

  /** Resolves once no run is in progress. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A call nobody free can serve yet may become servable by time alone, when its skill needs
   * widen: a run is scheduled for that instant (one at a time, the earliest).
   */
  private async wakeAtNextWidening(at: number): Promise<void> {
    const next = await this.queue.nextWidening(at);
    if (next === null || (this.widening && this.widening.at <= next && this.widening.at > at)) return;
    if (this.widening) this.clock.cancel(this.widening.handle);
    const handle = this.clock.schedule(next, () => {
      this.widening = null;
      this.request();
    });
    this.widening = { at: next, handle };
  }

  /** Cancels a scheduled widening run (engine stop). */
  cancelScheduled(): void {
    if (this.widening) this.clock.cancel(this.widening.handle);
    this.widening = null;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        for (;;) {
          const at = this.clock.now();
          const pair = await this.queue.assignNext(at);
          if (!pair) {
            await this.wakeAtNextWidening(at);
            break;
          }
          this.log.debug({ callId: pair.call, agentId: pair.agent }, 'assigned');
          this.deliver(pair.call, { type: 'offer.assigned', at, agentId: pair.agent });
          // Nobody left to pair, and no needs that widen by time: no further step, no widening run.
          if (!pair.more) break;
        }
      } while (this.again);
    } catch (err) {
      // The store is unreachable; the next queued call or freed agent requests another run.
      logFailure(this.log, err, {}, 'dispatch failed');
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
