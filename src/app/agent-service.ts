import type { Logger } from 'pino';
import type { AgentState, PauseReason } from '../domain/agent.js';
import type { AgentId, CallId } from '../domain/ids.js';
import type { Dispatcher } from './dispatcher.js';
import type { Dispositions } from './dispositions.js';
import type { AgentStore, Clock, TimerHandle } from './ports.js';
import { logFailure } from './failure-log.js';

export interface AgentServiceDeps {
  readonly agents: AgentStore;
  readonly dispositions: Dispositions;
  readonly clock: Clock;
  readonly log: Logger;
  /** Wrap-up after every answered call; 0: none, the agent is free at once. */
  readonly wrapUpMs: number;
  /** Agent id of each SIP endpoint, for registration changes. */
  readonly agentOfEndpoint: ReadonlyMap<string, AgentId>;
  /** Told after every change of an agent's state (live views). */
  readonly onChange?: (agent: AgentId) => void;
}

/**
 * Agent state outside the calls: wrap-up after a call (timed, ended early by the agent), the agent's
 * own ready / pause / log in / log out, and the phone's registration. Each change that can free an
 * agent asks the dispatcher for a run.
 */
export class AgentService {
  private readonly wrapUps = new Map<AgentId, { readonly call: CallId; readonly handle: TimerHandle }>();
  private dispatcher: Dispatcher | null = null;
  /** Registration events so far, and the number of the latest one per endpoint. */
  private endpointEvents = 0;
  private readonly lastEndpointEvent = new Map<string, number>();
  private endpointWork: Promise<void> = Promise.resolve();
  /** Each phone's registration as last applied to its agent; forgotten on reconcile (Redis is the truth then). */
  private readonly registered = new Map<string, boolean>();

  constructor(private readonly d: AgentServiceDeps) {}

  /** Set once at composition. */
  useDispatcher(dispatcher: Dispatcher): void {
    this.dispatcher = dispatcher;
  }

  /**
   * The call no longer holds the agent. After talking, the agent goes to wrap-up (when configured);
   * an agent whose phone only rang is free at once.
   */
  async released(agent: AgentId, call: CallId, at: number): Promise<void> {
    if (this.d.wrapUpMs > 0 && (await this.d.agents.wrapUp(agent, call, at, at + this.d.wrapUpMs))) {
      this.armWrapUp(agent, call, at + this.d.wrapUpMs);
      this.changed(agent);
      return;
    }
    // The release and the next assignment go to Redis together, one round trip: Redis runs them in
    // the order sent, so the assignment sees the agent free. When the release frees nobody (the call
    // no longer held the agent), the extra run assigns what it would have assigned anyway.
    const releasing = this.d.agents.release(agent, call, at);
    this.dispatcher?.request();
    const from = await releasing;
    if (from) {
      // The next caller is offered while the outcome below is filed, not after it.
      // No wrap-up: the call's outcome (filed while talking, or none: unclassified) is final now.
      // An offer that never connected has no outcome.
      if (from === 'busy') await this.d.dispositions.finalize(call, agent, at);
      this.d.onChange?.(agent);
    }
  }

  /** Wrap-up over (its time, or the agent is ready early): the outcome is final, the agent free. */
  async endWrapUp(agent: AgentId, call: CallId, at: number): Promise<boolean> {
    if (!(await this.d.agents.endWrapUp(agent, call, at))) return false;
    this.clearWrapUp(agent);
    await this.d.dispositions.finalize(call, agent, at);
    this.changed(agent);
    return true;
  }

  /** The agent is ready: from wrap-up (ending it early), a pause, or logged out. */
  async ready(agent: AgentId): Promise<AgentState | null> {
    const at = this.d.clock.now();
    const state = await this.d.agents.get(agent);
    if (state?.status === 'wrap-up' && state.callId) {
      await this.endWrapUp(agent, state.callId, at);
    } else if (await this.d.agents.makeReady(agent, at)) {
      this.changed(agent);
    }
    return this.d.agents.get(agent);
  }

  /** Pause (with a reason) or log out; refused (false) while on a call. A wrap-up in progress is finalized first. */
  async away(agent: AgentId, status: 'paused' | 'logged-out', reason: PauseReason | null): Promise<boolean> {
    const at = this.d.clock.now();
    const state = await this.d.agents.get(agent);
    if (!(await this.d.agents.setAway(agent, status, reason, at))) return false;
    if (state?.status === 'wrap-up' && state.callId) {
      this.clearWrapUp(agent);
      await this.d.dispositions.finalize(state.callId, agent, at);
    }
    this.changed(agent);
    return true;
  }

  /**
   * The agent's phone registered or went away (an event from Asterisk): not offered calls while
   * unregistered. Changes apply one at a time, in the order they arrive.
   */
  endpointChanged(endpoint: string, online: boolean): Promise<void> {
    this.lastEndpointEvent.set(endpoint, ++this.endpointEvents);
    return this.serially(() => this.applyEndpoint(endpoint, online));
  }

  /**
   * Call before reading the registrations for reconcile(): an event that arrives after this mark
   * is newer than the list, which then must not undo it.
   */
  registrationsReadMark(): number {
    return this.endpointEvents;
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.endpointWork.then(work);
    this.endpointWork = next.catch(() => undefined);
    return next;
  }

  private async applyEndpoint(endpoint: string, online: boolean): Promise<void> {
    const agent = this.d.agentOfEndpoint.get(endpoint);
    if (!agent) return;
    // Asterisk reports a phone's state again with every call that starts or ends on it: a phone
    // still registered changes nothing (only a pause for "unregistered", which it ended, is undone).
    if (online && this.registered.get(endpoint) === true) return;
    const at = this.d.clock.now();
    if (online) {
      if (await this.d.agents.makeReady(agent, at, 'unregistered')) {
        this.d.log.info({ agentId: agent }, 'agent ready again: phone registered');
        this.changed(agent);
      }
    } else {
      const state = await this.d.agents.get(agent);
      if (state && (state.status === 'available' || state.status === 'wrap-up')) {
        await this.away(agent, 'paused', 'unregistered');
        this.d.log.info({ agentId: agent }, 'agent paused: phone not registered');
      }
    }
    this.registered.set(endpoint, online);
  }

  /**
   * On start: wrap-ups in progress are timed again, due ones end now; registrations are compared
   * with the list read after `readMark` (registrationsReadMark()), except where an event came since.
   */
  async reconcile(online: ReadonlySet<string> | null, readMark = this.endpointEvents): Promise<void> {
    this.registered.clear();
    const now = this.d.clock.now();
    for (const a of await this.d.agents.all()) {
      if (a.status === 'wrap-up' && a.callId) {
        if ((a.wrapUpUntil ?? now) <= now) await this.endWrapUp(a.id, a.callId, now);
        else this.armWrapUp(a.id, a.callId, a.wrapUpUntil ?? now);
      }
    }
    if (online === null) return;
    for (const [endpoint] of this.d.agentOfEndpoint) {
      await this.serially(async () => {
        // Asterisk said something about this phone after the list was read: that is newer.
        if ((this.lastEndpointEvent.get(endpoint) ?? 0) > readMark) return;
        await this.applyEndpoint(endpoint, online.has(endpoint));
      });
    }
  }

  stop(): void {
    for (const { handle } of this.wrapUps.values()) this.d.clock.cancel(handle);
    this.wrapUps.clear();
  }

  private armWrapUp(agent: AgentId, call: CallId, until: number): void {
    this.clearWrapUp(agent);
    const handle = this.d.clock.schedule(until, () => {
      this.wrapUps.delete(agent);
      this.endWrapUp(agent, call, this.d.clock.now()).catch((err: unknown) => logFailure(this.d.log, err, { agentId: agent }, 'ending wrap-up failed'));
    });
    this.wrapUps.set(agent, { call, handle });
  }

  private clearWrapUp(agent: AgentId): void {
    const w = this.wrapUps.get(agent);
    if (w) this.d.clock.cancel(w.handle);
    this.wrapUps.delete(agent);
  }

  private changed(agent: AgentId): void {
    this.dispatcher?.request();
    this.d.onChange?.(agent);
  }
}
