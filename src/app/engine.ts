import type { Logger } from 'pino';
import type { CallPolicy } from '../domain/call.js';
import type { CallEvent } from '../domain/events.js';
import type { AgentId, CallId } from '../domain/ids.js';
import type { ChannelFact } from '../domain/interpret.js';
import { CallService, channelLane } from './call-service.js';
import { CallTimers } from './call-timers.js';
import { CommandExecutor } from './command-executor.js';
import { Dispatcher } from './dispatcher.js';
import { resolveEntry } from './entry.js';
import type { AgentStore, CallerEntered, CallStore, Clock, LiveQueue, Telephony } from './ports.js';
import { recover, type RecoveryReport } from './recovery.js';
import { SerialLanes } from './serial-lanes.js';

export interface EngineDeps {
  readonly store: CallStore;
  readonly queue: LiveQueue;
  readonly agents: AgentStore;
  readonly telephony: Telephony;
  readonly clock: Clock;
  readonly log: Logger;
  readonly policy: CallPolicy;
  readonly agentIds: readonly AgentId[];
  readonly towns: ReadonlySet<string>;
  readonly newCallId: () => CallId;
  /** Salted hash of a caller number; the number itself goes no further. */
  readonly hashCaller: (number: string) => string;
}

/** The engine's application core: telephony events in, call decisions out, recovery on (re)connect. */
export class Engine {
  readonly lanes = new SerialLanes();
  readonly timers: CallTimers;
  readonly dispatcher: Dispatcher;
  readonly calls: CallService;
  private readonly log: Logger;

  constructor(private readonly deps: EngineDeps) {
    this.log = deps.log;
    this.timers = new CallTimers(deps.clock, deps.log.child({ module: 'timers' }));
    this.dispatcher = new Dispatcher(deps.queue, deps.clock, deps.log.child({ module: 'dispatch' }));
    const executor = new CommandExecutor({ ...deps, timers: this.timers, dispatcher: this.dispatcher });
    this.calls = new CallService({ store: deps.store, lanes: this.lanes, policy: deps.policy, executor, log: deps.log.child({ module: 'calls' }) });
    const deliver = (id: CallId, event: CallEvent): void => {
      this.calls.handle(id, event).catch((err: unknown) => this.log.error({ err, callId: id, event: event.type }, 'event failed'));
    };
    this.timers.onFire(deliver);
    this.dispatcher.onAssigned(deliver);
    executor.onFeedback(deliver);
  }

  /** Registers configured agents, then reconciles with Asterisk and dispatches what waits. */
  async start(): Promise<RecoveryReport> {
    await this.deps.agents.ensure(this.deps.agentIds, this.deps.clock.now());
    return this.reconcile();
  }

  /** On start and after every ARI reconnect. */
  async reconcile(): Promise<RecoveryReport> {
    // With dispatch held and in-flight work drained, every assignment already made has reached its
    // call, so a queued call missing from the queue, or an agent offered to nobody, is really lost.
    this.dispatcher.hold();
    try {
      await this.dispatcher.idle();
      await this.lanes.idle();
      return await this.reconcileHeld();
    } finally {
      this.dispatcher.resume();
      this.dispatcher.request();
    }
  }

  private async reconcileHeld(): Promise<RecoveryReport> {
    const report = await recover({ ...this.deps, timers: this.timers, handle: (id, e) => this.calls.handle(id, e) });
    for (const stranger of report.strangers) {
      await this.onCallerEntered({
        type: 'caller.entered',
        channel: stranger.id,
        args: stranger.stasisArgs ?? [],
        callerNumber: stranger.callerNumber,
        at: Number.isFinite(stranger.createdAt) ? stranger.createdAt : this.deps.clock.now(),
      });
    }
    return report;
  }

  async onCallerEntered(e: CallerEntered): Promise<void> {
    await this.lanes.run(channelLane(e.channel), () => this.admit(e));
  }

  private async admit(e: CallerEntered): Promise<void> {
    if (await this.deps.store.findByCallerChannel(e.channel)) return;
    const entry = resolveEntry(e.args, this.deps.towns);
    if (entry.problem) this.log.error({ channel: e.channel, problem: entry.problem }, 'dialplan handed over an unknown entry, serving it as a county call');
    await this.calls.arrive({
      id: this.deps.newCallId(),
      at: e.at,
      entry: { kind: entry.kind, townId: entry.townId },
      callerChannel: e.channel,
      callerHash: this.deps.hashCaller(e.callerNumber),
    });
  }

  async onChannelFact(fact: ChannelFact): Promise<void> {
    await this.calls.onChannelFact(fact);
  }

  /** Routes one telephony event; failures are logged, never thrown into the event emitter. */
  accept(e: CallerEntered | ChannelFact): void {
    this.log.trace({ event: e.type, channel: e.channel }, 'telephony event');
    const work = e.type === 'caller.entered' ? this.onCallerEntered(e) : this.onChannelFact(e);
    work.catch((err: unknown) => this.log.error({ err, event: e.type, channel: e.channel }, 'telephony event failed'));
  }

  /** Stops timers and waits for in-flight work; calls stay in Redis and Asterisk for the next start. */
  async stop(): Promise<void> {
    this.timers.cancelAll();
    await this.lanes.idle();
    await this.dispatcher.idle();
  }
}
