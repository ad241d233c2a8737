import type { AgentState, PauseReason } from '../domain/agent.js';
import type { Call, QueueRouting } from '../domain/call.js';
import type { AgentId, BridgeId, CallId, ChannelId, EndpointName } from '../domain/ids.js';
import type { QueueStep, SkillLevels } from '../domain/routing-steps.js';

/** Versioned call records. The live state of running calls, the call record of ended ones. */
export interface CallStore {
  get(id: CallId): Promise<Call | null>;
  /** Stores a new call (version 1) and indexes its caller channel. */
  create(call: Call): Promise<Call>;
  /**
   * Stores `call` if the stored version still equals `call.version`, and returns it with the version
   * incremented; otherwise throws EngineError STORE_VERSION_CONFLICT. An ended call leaves the
   * active set and its channel index, is kept for the configured retention, and its record is
   * appended to the call records in the same atomic step: exactly once, whatever crashes.
   */
  save(call: Call): Promise<Call>;
  /** The call whose caller is on this channel, if it is still active. */
  findByCallerChannel(channel: ChannelId): Promise<CallId | null>;
  /** Every call not yet ended. */
  active(): Promise<Call[]>;
}

export interface WaitingCall {
  readonly call: CallId;
  /** Queue position order: lower is served first. */
  readonly score: number;
}

/** A waiting call paired with an available agent (LiveQueue.assignNext). */
export interface Assignment {
  readonly call: CallId;
  readonly agent: AgentId;
  readonly more: boolean;
}

/** The county's live queue and the atomic pairing of a waiting call with an available agent. */
export interface LiveQueue {
  /**
   * Adds the call in its priority band (higher bands first), ordered by arrival inside the band;
   * `atHead` puts it before every other waiting call of its band. Its routing steps, if any, apply
   * each until its `until`. Idempotent. Resolves to whether an agent may be free to take a call
   * (false: nobody is, so no dispatch run is needed until an agent is freed).
   */
  enqueue(call: CallId, arrivedAt: number, atHead: boolean, routing?: QueueRouting): Promise<boolean>;
  remove(call: CallId): Promise<void>;
  /** Waiting calls, head first. */
  waiting(): Promise<WaitingCall[]>;
  /**
   * ONE atomic step: takes the first waiting call (in queue order) that an available agent can
   * serve, and the longest-idle such agent (one meeting the call's step in force at `at`: every
   * skill at least at its level), or with `prefer: highest-level` the one with the highest levels
   * in the step's skills (the longest idle among equals), and marks the agent `offered` for that call. Null when no such pair exists. No call or agent is
   * ever paired twice. `more` false says that no further pair can exist now and none by time alone
   * (no call left waiting or no agent left available, and no call with routing steps), so
   * the dispatcher need not ask again; true only says it may.
   */
  assignNext(at: number): Promise<Assignment | null>;
  /** The call's place in the queue, 1 at the head; null when it is not waiting. */
  position(call: CallId): Promise<number | null>;
  /** Waiting calls with routing steps, with their steps. */
  needs(): Promise<{ readonly call: CallId; readonly steps: readonly QueueStep[] }[]>;
  /** The earliest instant after `at` when a waiting call's routing step ends; null if none will. */
  nextWidening(at: number): Promise<number | null>;
}

/** Agents' live state. Changes tied to a call are guarded: they apply only if the agent still has that call. */
export interface AgentStore {
  /**
   * Makes sure every configured agent has a record; new ones start available, idle since `at`.
   * `skills` (agent → skill levels, e.g. `dgs: 3`, `video: 1`) replaces what each listed agent can serve.
   */
  ensure(agents: readonly AgentId[], at: number, skills?: ReadonlyMap<AgentId, SkillLevels>): Promise<void>;
  all(): Promise<AgentState[]>;
  get(agent: AgentId): Promise<AgentState | null>;
  connected(agent: AgentId, call: CallId, at: number): Promise<boolean>;
  /**
   * Back to available, idle since `at`, if the agent is offered or busy with this call: returns
   * which of the two it was (null: not held by this call, nothing changed).
   */
  release(agent: AgentId, call: CallId, at: number): Promise<'offered' | 'busy' | null>;
  pause(agent: AgentId, call: CallId, reason: PauseReason, at: number): Promise<boolean>;
  /**
   * Available again from paused, logged-out or wrap-up (not on a call); an agent already available
   * keeps its place. With `onlyIfPausedFor`, only an agent paused for exactly that reason.
   */
  makeReady(agent: AgentId, at: number, onlyIfPausedFor?: PauseReason): Promise<boolean>;
  /** The call is over: busy with it → wrap-up until `until` (keeps the call id for the outcome). */
  wrapUp(agent: AgentId, call: CallId, at: number, until: number): Promise<boolean>;
  /** Wrap-up of that call over → available, idle since `at`. */
  endWrapUp(agent: AgentId, call: CallId, at: number): Promise<boolean>;
  /** Not on a call → paused (with a reason) or logged out; false for an agent on a call. */
  setAway(agent: AgentId, status: 'paused' | 'logged-out', reason: PauseReason | null, at: number): Promise<boolean>;
}

/**
 * Callers' numbers kept for a requested callback: personal data, stored only from the request until
 * the callback is over, then erased (and expiring on their own after a retention).
 */
export interface CallbackNumbers {
  keep(call: CallId, number: string): Promise<void>;
  get(call: CallId): Promise<string | null>;
  forget(call: CallId): Promise<void>;
}

/** Where callers who hung up while waiting stood, by caller hash, for a while (keeping the place of one who calls again). */
export interface ResumablePlaces {
  remember(callerHash: string, place: { readonly call: CallId; readonly arrivedAt: number }, forMs: number): Promise<void>;
  /** The remembered place, if any, which is forgotten as it is taken. */
  take(callerHash: string): Promise<{ readonly call: CallId; readonly arrivedAt: number } | null>;
}

/** Ended calls' records in the order they ended, for statistics and reports. */
export interface CallRecords {
  /** Records after `sinceId` (exclusive) when given, oldest first, at most `count`. */
  read(sinceId?: string, count?: number): Promise<PublishedRecord[]>;
}

export interface PublishedRecord {
  /** Position in the record log; pass it to read() to continue after it. */
  readonly id: string;
  readonly call: Call;
}

export interface ChannelSnapshot {
  readonly id: ChannelId;
  readonly state: string;
  /** Epoch ms when Asterisk created the channel. */
  readonly createdAt: number;
  /** Stasis() arguments when the channel sits in our app from the dialplan, else null. */
  readonly stasisArgs: readonly string[] | null;
  /** Personal data: hashed at once, never logged. */
  readonly callerNumber: string;
}

export interface BridgeSnapshot {
  readonly id: BridgeId;
  readonly channels: readonly ChannelId[];
}

/** Asterisk, as the engine needs it. Implemented over ARI; errors are EngineErrors (ARI_CHANNEL_GONE, …). */
export interface Telephony {
  indicateRinging(channel: ChannelId): Promise<void>;
  answer(channel: ChannelId): Promise<void>;
  startMusicOnHold(channel: ChannelId): Promise<void>;
  stopMusicOnHold(channel: ChannelId): Promise<void>;
  /**
   * Creates our leg with our own id and dials the endpoint; progress arrives as telephony events.
   * `callerChannel` (when there is one) gives the leg its caller id and links the two, and the leg
   * offers the caller's formats; without one, `video` makes the leg offer video too (a video callback).
   */
  dial(leg: ChannelId, endpoint: EndpointName, callerChannel: ChannelId | null, video?: boolean): Promise<void>;
  /** Creates our leg and dials a phone number out through the trunk (a callback); `video`: offering video. */
  dialNumber(leg: ChannelId, number: string, video?: boolean): Promise<void>;
  /** The video formats a channel carries, e.g. ['h264'] (none: an audio call). */
  videoFormats(channel: ChannelId): Promise<string[]>;
  /** The caller number of a channel (personal data: used for a callback only, never logged). */
  callerNumberOf(channel: ChannelId): Promise<string>;
  hangup(channel: ChannelId): Promise<void>;
  /**
   * Gives a caller the engine cannot serve back to the dialplan's fallback (the town hall rings
   * directly, a 115 caller hears that the service cannot be reached), as if the engine were down.
   */
  handBack(channel: ChannelId): Promise<void>;
  /**
   * Moves a caller to another ARI application (a partner center's engine on this platform), which
   * receives it with these arguments as its StasisStart arguments. The caller is no longer ours.
   */
  moveToApp(channel: ChannelId, app: string, args: readonly string[]): Promise<void>;
  /**
   * Forwards a caller to a center on another platform: the dialplan ([forward-partner]) dials
   * `dial` with these variables as SIP headers (HANDOVER_HEADERS). The caller leaves this engine;
   * if the far side does not answer, the dialplan brings them back as `forward-failed,<call>`.
   */
  forward(channel: ChannelId, dial: string, variables: Readonly<Record<string, string>>, call: CallId): Promise<void>;
  bridge(bridge: BridgeId, channels: readonly ChannelId[]): Promise<void>;
  destroyBridge(bridge: BridgeId): Promise<void>;
  addToBridge(bridge: BridgeId, channel: ChannelId): Promise<void>;
  removeFromBridge(bridge: BridgeId, channel: ChannelId): Promise<void>;
  channels(): Promise<ChannelSnapshot[]>;
  /** Every bridge Asterisk holds (ours and others'), with the channels in it. */
  bridges(): Promise<BridgeSnapshot[]>;
  /** Plays the sounds one after the other as one playback with our id; its end arrives as PlaybackFinished. */
  play(channel: ChannelId, playback: string, sounds: readonly string[]): Promise<void>;
  /** Stops a playback; one that already ended is not an error. */
  stopPlayback(playback: string): Promise<void>;
  /** Whether a playback is still playing (recovery asks, after the engine was away). */
  playbackActive(playback: string): Promise<boolean>;
  /** The SIP endpoints registered (online) right now. */
  onlineEndpoints(): Promise<ReadonlySet<string>>;
  /**
   * Several Asterisk servers: whether the channel (or our leg) lives on a server that is out of reach
   * right now, so that what `channels()` says about it is unknown rather than gone. Absent: one server.
   */
  outOfReach?(channel: ChannelId): boolean;
  /** Several Asterisk servers: the name of the server, given up as lost, that the channel lived on. */
  lostWith?(channel: ChannelId): string | undefined;
}

/** Time, injected: tests drive it by hand. */
export interface Clock {
  now(): number;
  /** Calls `fn` at `dueAt` (at once if it is past). */
  schedule(dueAt: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}
export type TimerHandle = { readonly id: number };

/** An announcement we started ended: played out, stopped, or failed. */
export interface PlaybackFinished {
  readonly type: 'playback.finished';
  readonly playback: string;
  readonly at: number;
}

/** A SIP endpoint registered (online) or went away. */
export interface EndpointChanged {
  readonly type: 'endpoint.changed';
  readonly endpoint: string;
  readonly online: boolean;
  readonly at: number;
}

/** A caller pressed a key (DTMF). */
export interface KeyPressed {
  readonly type: 'key.pressed';
  readonly channel: ChannelId;
  readonly digit: string;
  readonly at: number;
}

/** A caller's channel entered the Stasis app (StasisStart of a channel we did not create). */
export interface CallerEntered {
  readonly type: 'caller.entered';
  readonly channel: ChannelId;
  /** The Stasis() arguments from the dialplan: ['115'] or ['town', '<townId>']. */
  readonly args: readonly string[];
  /** Personal data: hashed at once, never logged. */
  readonly callerNumber: string;
  readonly at: number;
}
