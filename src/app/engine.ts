import type { Logger } from 'pino';
import type { Call, CallPolicy, RoutingRequest } from '../domain/call.js';
import type { CallerHistory } from './desk-feed.js';
import { identifiesNobody } from '../domain/caller-id.js';
import { callIdOfPlayback } from '../domain/call.js';
import type { CallEvent } from '../domain/events.js';
import type { AgentId, CallId, ChannelId, EndpointName } from '../domain/ids.js';
import type { ChannelFact } from '../domain/interpret.js';
import { CallService, channelLane } from './call-service.js';
import { CallTimers } from './call-timers.js';
import { CommandExecutor } from './command-executor.js';
import { Dispatcher } from './dispatcher.js';
import { resolveEntry, type ResolvedEntry } from './entry.js';
import { UNKNOWN_CONTEXT, type ArrivalContext } from '../domain/arrive.js';
import type { TownId } from '../domain/ids.js';
import { AgentService } from './agent-service.js';
import type { Dispositions } from './dispositions.js';
import type { AgentStore, CallStore, CallbackNumbers, CallerEntered, Clock, EndpointChanged, KeyPressed, LiveQueue, PlaybackFinished, ResumablePlaces, Telephony } from './ports.js';
import { QueueStatus } from './queue-status.js';
import { HandleTimes } from './wait-estimate.js';
import { recover, type RecoveryReport } from './recovery.js';
import { SerialLanes } from './serial-lanes.js';
import { isEngineError } from '../errors.js';
import { logFailure } from './failure-log.js';
import { VideoWaitingLoop } from './video-waiting.js';
import { handoverArrival, retakenArrival } from './partner-arrival.js';
import { FORWARD_FAILED_ARG, HANDOVER_ARG } from './partner-handover.js';
import { meets, neverWidens, stepsFrom, stepsLeft, type QueueStep, type SkillLevels } from '../domain/routing-steps.js';

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
  /** Service names of 115-kind entries (`Stasis(app,115,<service>)`). */
  readonly services?: ReadonlySet<string>;
  /** Priority band and needed skills of a call, from its entry and municipality; absent: band 0, any agent. */
  readonly routingOf?: (entry: ResolvedEntry, municipality: TownId | null) => RoutingRequest;
  /** Whether an entry is a video entry (`video: true`, sign language); absent: none is. */
  readonly videoEntry?: (entry: ResolvedEntry) => boolean;
  /** Agents' skill levels for dispatch (agent id → skill levels); absent: nobody has any. */
  readonly agentSkills?: ReadonlyMap<AgentId, SkillLevels>;
  readonly newCallId: () => CallId;
  /** Salted hash of a caller number; the number itself goes no further. */
  readonly hashCaller: (number: string) => string;
  /** The town a 115 caller's number belongs to (area-code prefix), null for the county itself. */
  readonly municipalityOf: (callerNumber: string) => TownId | null;
  readonly callbackNumbers: CallbackNumbers;
  /** More calls than this waiting: a new caller gets the queue-full fallback. null: no limit. */
  readonly maxWaitingCalls: number | null;
  /** Outcomes of answered calls, final when the wrap-up ends. */
  readonly dispositions: Dispositions;
  /** Wrap-up after an answered call; 0: none. */
  readonly wrapUpMs: number;
  /** Agent of each SIP endpoint (registration changes pause and resume agents). */
  readonly agentOfEndpoint: ReadonlyMap<string, AgentId>;
  /** Each municipality's departments with their case workers' phones (transfers). */
  readonly departments?: ReadonlyMap<string, readonly { readonly id: string; readonly name: string; readonly phones: readonly EndpointName[] }[]>;
  /** Told after every saved change of a call (live views). */
  readonly onCallChange?: (call: Call) => void;
  /** Calls per caller hash for the last 7 days (the desktop's repeat-caller hint). */
  readonly callerHistory?: CallerHistory;
  /** Where callers who hung up while waiting stood; absent: nobody keeps their place. */
  readonly resumablePlaces?: ResumablePlaces;
  /** Told after every change of an agent's state. */
  readonly onAgentChange?: (agent: AgentId) => void;
  /** Assumed talk time of an agent call until recent calls say otherwise. */
  readonly defaultHandleTimeMs: number;
}

/** The engine's application core: telephony events in, call decisions out, recovery on (re)connect. */
export class Engine {
  readonly lanes = new SerialLanes();
  readonly timers: CallTimers;
  readonly dispatcher: Dispatcher;
  readonly calls: CallService;
  readonly handleTimes: HandleTimes;
  readonly agentService: AgentService;
  readonly queueStatus: QueueStatus;
  readonly waiting: VideoWaitingLoop;
  private readonly log: Logger;

  constructor(private readonly deps: EngineDeps) {
    this.log = deps.log;
    this.timers = new CallTimers(deps.clock, deps.log.child({ module: 'timers' }));
    this.dispatcher = new Dispatcher(deps.queue, deps.clock, deps.log.child({ module: 'dispatch' }));
    this.handleTimes = new HandleTimes(deps.defaultHandleTimeMs);
    this.agentService = new AgentService({ ...deps, log: deps.log.child({ module: 'agents' }), onChange: deps.onAgentChange });
    this.queueStatus = new QueueStatus({ ...deps, handleTimes: this.handleTimes });
    this.waiting = new VideoWaitingLoop({ telephony: deps.telephony, log: deps.log.child({ module: 'video-waiting' }) });
    const executor = new CommandExecutor({
      ...deps,
      waiting: this.waiting,
      timers: this.timers,
      dispatcher: this.dispatcher,
      queueStatusSounds: (id, offerCallbackAtEstimateMs) => this.queueStatus.sounds(id, offerCallbackAtEstimateMs),
      releaseAgent: (agent, call, at) => this.agentService.released(agent, call, at),
      fileDisposition: (d) => deps.dispositions.file(d),
      handoverFailed: (call, channel) => this.retake(call, channel),
      onAgentPaused: () => {
        // After the pausing call's own commands (its requeue) have run.
        setImmediate(() => void this.tellUnservable().catch((err: unknown) => logFailure(this.log, err, {}, 'checking skilled agents failed')));
      },
    });
    this.calls = new CallService({
      store: deps.store,
      lanes: this.lanes,
      policy: deps.policy,
      executor,
      log: deps.log.child({ module: 'calls' }),
      onEnded: (call) => this.handleTimes.addRecord(call),
      onChange: (call) => deps.onCallChange?.(call),
    });
    const deliver = (id: CallId, event: CallEvent): void => {
      this.calls.handle(id, event).catch((err: unknown) => logFailure(this.log, err, { callId: id, event: event.type }, 'event failed'));
    };
    this.agentService.useDispatcher(this.dispatcher);
    this.timers.onFire(deliver);
    this.dispatcher.onAssigned(deliver);
    executor.onFeedback(deliver);
  }

  /** Registers configured agents, then reconciles with Asterisk and dispatches what waits. */
  async start(): Promise<RecoveryReport> {
    await this.deps.agents.ensure(this.deps.agentIds, this.deps.clock.now(), this.deps.agentSkills ?? new Map());
    return this.reconcile();
  }

  /**
   * Several Asterisk servers: one is out of reach. Its waiting callers leave the queue (no agent
   * could be connected to them meanwhile); the reconcile when it is back puts them in again at the
   * head, with their arrival times. Returns how many left.
   */
  async parkOutOfReach(): Promise<number> {
    const telephony = this.deps.telephony;
    if (!telephony.outOfReach) return 0;
    let parked = 0;
    for (const call of await this.deps.store.active()) {
      if (call.phase !== 'queued' || !telephony.outOfReach(call.callerChannel)) continue;
      await this.deps.queue.remove(call.id);
      parked++;
    }
    return parked;
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
    // What this engine last saved may be outdated now (Redis came back, another engine ran meanwhile).
    this.calls.forgetKnownCalls();
    const report = await recover({ ...this.deps, timers: this.timers, handle: (id, e) => this.calls.handle(id, e) });
    // Wrap-ups are timed again; agents whose phones are not registered are not offered calls.
    const readMark = this.agentService.registrationsReadMark();
    const online = await this.deps.telephony.onlineEndpoints().catch((err: unknown) => {
      this.log.warn({ err }, 'could not read endpoint states');
      return null;
    });
    await this.agentService.reconcile(online, readMark);
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

  /**
   * A new caller. Redis unreachable before the call's record exists: nothing of the call is kept
   * anywhere, so the caller goes back to the dialplan's fallback at once, as if the engine were
   * down, rather than waiting in silence for a Redis that may be minutes away. Once the record
   * exists, the call is ours: whatever failed after it is repaired by the reconcile when Redis
   * answers again.
   */
  private async admit(e: CallerEntered): Promise<void> {
    let saved = false;
    try {
      await this.admitSaving(e, () => (saved = true));
    } catch (err) {
      if (saved || !isEngineError(err, 'REDIS_UNAVAILABLE')) throw err;
      this.log.warn({ channel: e.channel, err }, 'redis unavailable: caller handed back to the dialplan fallback');
      await this.deps.telephony.handBack(e.channel);
    }
  }

  private async admitSaving(e: CallerEntered, onSaved: () => void): Promise<void> {
    if (await this.deps.store.findByCallerChannel(e.channel)) return;
    if (e.args[0] === FORWARD_FAILED_ARG) {
      // The center on the other platform did not take the caller (the dialplan brought them back).
      const ended = await this.deps.store.get((e.args[1] ?? '') as CallId);
      if (ended?.outcome === 'handed-over') {
        this.log.warn({ callId: ended.id, partner: ended.handedOver?.center }, 'forward to the other platform failed: the caller is back in the queue at their place');
        await this.calls.arrive(retakenArrival(ended, e.channel, e.at, this.deps.newCallId), UNKNOWN_CONTEXT, onSaved);
        return;
      }
      this.log.warn({ channel: e.channel }, 'a failed forward came back for a call this center does not know, serving it as a county call');
    }
    if (e.args[0] === HANDOVER_ARG) {
      const handed = handoverArrival(e, identifiesNobody(e.callerNumber), this.deps);
      if ('arrival' in handed) {
        await this.calls.arrive(handed.arrival, { ...UNKNOWN_CONTEXT, skilledAgentStaffed: await this.skilledAgentStaffed(handed.arrival.routing) }, onSaved);
        return;
      }
      this.log.warn({ channel: e.channel, problem: handed.problem }, 'a partner handed over a caller with broken arguments, serving it as a county call');
    }
    const entry = resolveEntry(e.args, this.deps.towns, this.deps.services);
    if (entry.problem) this.log.error({ channel: e.channel, problem: entry.problem }, 'dialplan handed over an unknown entry, serving it as a county call');
    const municipality = entry.townId ?? this.deps.municipalityOf(e.callerNumber);
    const id = this.deps.newCallId();
    const callerHash = this.deps.hashCaller(e.callerNumber);
    const callerWithheld = identifiesNobody(e.callerNumber);
    // A withheld or empty number is nobody's: recorded, it would make every such caller a repeat caller.
    if (!callerWithheld) {
      await this.deps.callerHistory?.seen(callerHash, id, e.at).catch((err: unknown) => this.log.warn({ err }, 'caller history not updated'));
    }
    const routing = this.deps.routingOf?.(entry, municipality);
    const resumedFrom = callerWithheld ? null : await this.placeOf(callerHash);
    const video = await this.videoCaller(e, entry);
    await this.calls.arrive(
      {
        id,
        at: e.at,
        entry: { kind: entry.kind, townId: entry.townId },
        municipality,
        ...(routing ? { routing } : {}),
        ...(video ? { video } : {}),
        callerChannel: e.channel,
        callerHash,
        ...(callerWithheld ? { callerWithheld } : {}),
        ...(resumedFrom ? { resumedFrom } : {}),
      },
      { ...(await this.arrivalContext(entry.townId)), skilledAgentStaffed: await this.skilledAgentStaffed(routing) },
      onSaved,
    );
  }

  /**
   * A caller whose move to a partner failed: taken in again as a new call, keeping the place. The
   * ended call is saved by now (commands run after the save), so its channel is free for the new one.
   */
  private async retake(ended: Call, channel: ChannelId): Promise<void> {
    const arrival = retakenArrival(ended, channel, this.deps.clock.now(), this.deps.newCallId);
    await this.lanes
      .run(channelLane(channel), () => this.calls.arrive(arrival, UNKNOWN_CONTEXT))
      .catch((err: unknown) => logFailure(this.log, err, { channel }, 'could not take the caller in again after a failed handover'));
  }

  /**
   * A caller of a video entry whose channel carries H.264 (the clips' codec) sees the clips; one
   * without video, or with another video codec only, hears the announcements as every caller does.
   */
  private async videoCaller(e: CallerEntered, entry: ResolvedEntry): Promise<boolean> {
    if (!this.deps.videoEntry?.(entry)) return false;
    try {
      return (await this.deps.telephony.videoFormats(e.channel)).includes('h264');
    } catch (err) {
      if (isEngineError(err, 'ARI_CHANNEL_GONE')) throw err;
      this.log.warn({ channel: e.channel, err: (err as Error).message }, 'video formats unknown: the caller hears the announcements');
      return false;
    }
  }

  /** The place a caller who hung up while waiting left, if they call again in time (never fatal: without it they queue anew). */
  private async placeOf(callerHash: string): Promise<{ call: CallId; arrivedAt: number } | null> {
    if (!this.deps.resumablePlaces || this.deps.policy.resumeWithinMs === null) return null;
    return this.deps.resumablePlaces.take(callerHash).catch((err: unknown) => {
      this.log.warn({ err }, 'could not look up a kept place in the queue');
      return null;
    });
  }

  /** Waiting calls whose last step never widens, and whose steps left no staffed agent meets any more, are told so. */
  async tellUnservable(): Promise<void> {
    await this.lanes.idle();
    const waiting = (await this.deps.queue.needs()).filter((n) => neverWidens(n.steps));
    if (waiting.length === 0) return;
    const at = this.deps.clock.now();
    for (const n of waiting) {
      if (!(await this.staffedFor(stepsLeft(n.steps, at)))) await this.calls.handle(n.call, { type: 'skills.unavailable', at });
    }
  }

  /** For a call whose steps never reach "any agent": is anyone logged in who meets one of them? */
  private async skilledAgentStaffed(routing: RoutingRequest | undefined): Promise<boolean> {
    const steps = routing ? stepsFrom(routing.steps, 0) : [];
    return !neverWidens(steps) || this.staffedFor(steps);
  }

  private async staffedFor(steps: readonly QueueStep[]): Promise<boolean> {
    const skills = this.deps.agentSkills ?? new Map<AgentId, SkillLevels>();
    const agents = await this.deps.agents.all();
    return agents.some(
      (a) => (a.status === 'available' || a.status === 'offered' || a.status === 'busy') && steps.some((s) => meets(skills.get(a.id) ?? {}, s.skills)),
    );
  }

  /** Which of the town's phones are registered, and how many calls ring there now. */
  private async arrivalContext(townId: TownId | null): Promise<Omit<ArrivalContext, 'skilledAgentStaffed'>> {
    const town = townId && Object.hasOwn(this.deps.policy.towns, townId) ? this.deps.policy.towns[townId] : undefined;
    if (!town || town.mode === 'switchboard') return { registeredPhones: null, ringingAtTown: 0 };
    const [online, ringing] = await Promise.all([
      this.deps.telephony.onlineEndpoints().catch((err: unknown) => {
        // Not knowing is no reason to keep the town from its calls: ring every phone.
        this.log.warn({ err, townId }, 'could not read endpoint states, ringing every town phone');
        return null;
      }),
      town.maxRinging === null
        ? 0
        : this.deps.store.active().then((calls) => calls.filter((c) => c.phase === 'town-ringing' && c.entry.townId === townId).length),
    ]);
    return { registeredPhones: online === null ? null : town.phones.filter((p) => online.has(p)), ringingAtTown: ringing };
  }

  /**
   * The agent transfers the caller to a department's case worker (`warm`: talks with them first),
   * completes a warm transfer, or takes the caller back. False when the call or department is unknown.
   */
  async transfer(
    callId: CallId,
    action: { kind: 'request'; department: string; mode: 'warm' | 'blind'; town?: string } | { kind: 'complete' } | { kind: 'cancel' },
  ): Promise<boolean> {
    const at = this.deps.clock.now();
    if (action.kind === 'complete') return this.calls.handle(callId, { type: 'transfer.completed', at }).then(() => true);
    if (action.kind === 'cancel') return this.calls.handle(callId, { type: 'transfer.cancelled', at }).then(() => true);
    const call = await this.deps.store.get(callId);
    // The call's municipality unless the agent names another town (a 115 caller asking about Hasloh).
    const townId = (action.town as TownId | undefined) ?? call?.municipality ?? null;
    const department = townId === null ? undefined : this.deps.departments?.get(townId)?.find((dep) => dep.id === action.department);
    if (!call || townId === null || !department) return false;
    await this.calls.handle(callId, { type: 'transfer.requested', at, department: department.id, townId, mode: action.mode, phones: department.phones });
    return true;
  }

  /** A caller pressed a key: the call it belongs to decides what it means. */
  async onKeyPressed(e: KeyPressed): Promise<void> {
    const id = await this.calls.idOfCallerChannel(e.channel);
    if (id) await this.calls.handle(id, { type: 'dtmf', at: e.at, digit: e.digit });
  }

  /** An announcement ended: the call it belongs to hears music again, or its closed message is over. */
  onPlaybackFinished(e: PlaybackFinished): Promise<void> {
    // A video caller's waiting picture ended: shown again while the caller still waits.
    if (this.waiting.finished(e.playback)) return Promise.resolve();
    const id = callIdOfPlayback(e.playback);
    if (!id) return Promise.resolve();
    return this.calls.handle(id, { type: 'announcement.finished', at: e.at, playback: e.playback });
  }

  async onChannelFact(fact: ChannelFact): Promise<void> {
    await this.calls.onChannelFact(fact);
  }

  /** Routes one telephony event; failures are logged, never thrown into the event emitter. */
  accept(e: CallerEntered | ChannelFact | PlaybackFinished | KeyPressed | EndpointChanged): void {
    if (e.type === 'endpoint.changed') {
      this.agentService.endpointChanged(e.endpoint, e.online).catch((err: unknown) => logFailure(this.log, err, { endpoint: e.endpoint }, 'endpoint change failed'));
      return;
    }
    const subject = e.type === 'playback.finished' ? { playback: e.playback } : { channel: e.channel };
    this.log.trace({ event: e.type, ...subject }, 'telephony event');
    const work =
      e.type === 'caller.entered'
        ? this.onCallerEntered(e)
        : e.type === 'playback.finished'
          ? this.onPlaybackFinished(e)
          : e.type === 'key.pressed'
            ? this.onKeyPressed(e)
            : this.onChannelFact(e);
    work.catch((err: unknown) => logFailure(this.log, err, { event: e.type, ...subject }, 'telephony event failed'));
  }

  /** Stops timers and waits for in-flight work; calls stay in Redis and Asterisk for the next start. */
  async stop(): Promise<void> {
    this.timers.cancelAll();
    this.dispatcher.cancelScheduled();
    this.agentService.stop();
    await this.lanes.idle();
    await this.dispatcher.idle();
  }
}
