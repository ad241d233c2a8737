import type { Logger } from 'pino';
import type { TimerState } from '../domain/call.js';
import type { CallEvent } from '../domain/events.js';
import type { CallId } from '../domain/ids.js';
import type { Clock, TimerHandle } from './ports.js';

/**
 * In-call timers, in process. The state machine persists each timer's dueAt and token; this only
 * keeps the handles, so recovery can re-arm from the stored calls and a late firing is harmless.
 */
export class CallTimers {
  private readonly handles = new Map<string, TimerHandle>();
  private deliver: (id: CallId, event: CallEvent) => void = () => undefined;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Where fired timers go (the call service); set once at composition. */
  onFire(deliver: (id: CallId, event: CallEvent) => void): void {
    this.deliver = deliver;
  }

  arm(call: CallId, timer: TimerState): void {
    if (this.handles.has(timer.token)) return;
    const handle = this.clock.schedule(timer.dueAt, () => {
      this.handles.delete(timer.token);
      this.log.debug({ callId: call, timer: timer.name }, 'timer fired');
      this.deliver(call, { type: 'timer.fired', at: this.clock.now(), timer: timer.name, token: timer.token });
    });
    this.handles.set(timer.token, handle);
  }

  cancel(token: string): void {
    const handle = this.handles.get(token);
    if (!handle) return;
    this.clock.cancel(handle);
    this.handles.delete(token);
  }

  cancelAll(): void {
    for (const handle of this.handles.values()) this.clock.cancel(handle);
    this.handles.clear();
  }
}
