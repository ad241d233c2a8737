import { positionSound, SOUNDS, waitSound } from '../domain/announcements.js';
import type { AgentState } from '../domain/agent.js';
import type { CallId } from '../domain/ids.js';
import type { AgentStore, Clock, LiveQueue } from './ports.js';
import { estimateWaitMs, type HandleTimes } from './wait-estimate.js';

export interface CallQueueStatus {
  /** 1 at the head of the queue; null when the call is not waiting in it. */
  readonly position: number | null;
  readonly estimatedWaitMs: number | null;
}

/** Agents logged in and not paused: the ones who will take calls. */
export const staffed = (agents: readonly AgentState[]): number =>
  agents.filter((a) => a.status === 'available' || a.status === 'offered' || a.status === 'busy').length;

/** Position and estimated wait of waiting calls, as announced to callers and shown in the queue API. */
export class QueueStatus {
  constructor(
    private readonly d: { readonly queue: LiveQueue; readonly agents: AgentStore; readonly clock: Clock; readonly handleTimes: HandleTimes },
  ) {}

  async of(call: CallId): Promise<CallQueueStatus> {
    const [waiting, agents] = await Promise.all([this.d.queue.waiting(), this.d.agents.all()]);
    const index = waiting.findIndex((w) => w.call === call);
    if (index < 0) return { position: null, estimatedWaitMs: null };
    return { position: index + 1, estimatedWaitMs: this.estimate(index + 1, agents) };
  }

  estimate(position: number, agents: readonly AgentState[]): number | null {
    return estimateWaitMs(position, this.d.handleTimes.averageMs(this.d.clock.now()), staffed(agents));
  }

  /**
   * What the caller hears: "Sie sind an Position drei." then the estimated wait, each if there is
   * one to say; then, when `offerCallbackAtEstimateMs` is given and the estimated wait reaches it
   * (0: always), that key 1 gets them a callback.
   */
  async sounds(call: CallId, offerCallbackAtEstimateMs?: number): Promise<string[]> {
    const status = await this.of(call);
    const wait = status.estimatedWaitMs;
    const offer =
      status.position !== null && offerCallbackAtEstimateMs !== undefined && (offerCallbackAtEstimateMs === 0 || (wait !== null && wait >= offerCallbackAtEstimateMs));
    const sounds = [status.position === null ? null : positionSound(status.position), wait === null ? null : waitSound(wait), offer ? SOUNDS.callbackOffer : null];
    return sounds.filter((s): s is string => s !== null);
  }
}
