/**
 * Seeded random calls for the property tests: a random deployment, a random arrival and a random
 * event script that mixes what usually happens next with late, duplicate and stray events.
 * A seed reproduces a run exactly (test/support/seeded-random.ts).
 */
import { arrive, type Arrival, type ArrivalContext } from '../../../src/domain/arrive.js';
import type { Call, CallPolicy, LegFailReason, TimerName } from '../../../src/domain/call.js';
import { agentLegId, citizenLegId, playbackIdFor, townLegId, workerLegId } from '../../../src/domain/call.js';
import type { Command } from '../../../src/domain/commands.js';
import { decide, type Decision } from '../../../src/domain/decide.js';
import type { CallEvent, CallEventType } from '../../../src/domain/events.js';
import { agentId, callId, channelId, endpointName, townId, type AgentId, type ChannelId } from '../../../src/domain/ids.js';
import { randomStream, type Random } from '../../support/seeded-random.js';

/** A seeded stream for the property tests. */
export const seeded = (seed: number): Random => randomStream(seed, 'domain-properties');

/** Picks by weight, weight first: [[weight, value], …] reads best in the tables below. */
const weighted = <T>(r: Random, options: readonly (readonly [number, T])[]): T => r.weighted(options.map(([w, v]) => [v, w] as const));

export const AGENTS: readonly AgentId[] = [agentId('a-1'), agentId('a-2'), agentId('a-3')];
/** Assigned by the dispatcher but missing from the deployment. */
export const GHOST_AGENT = agentId('a-ghost');
const FAIL_REASONS: readonly LegFailReason[] = ['busy', 'unreachable', 'no-answer', 'rejected', 'failed'];
const EVENT_TYPES: readonly CallEventType[] = [
  'caller.hung-up',
  'caller.gone',
  'town.answered',
  'town.leg-failed',
  'timer.fired',
  'offer.assigned',
  'offer.accepted',
  'offer.failed',
  'peer.hung-up',
  'announcement.finished',
  'queue.limit',
  'dtmf',
  'citizen.answered',
  'citizen.failed',
  'skills.unavailable',
  'transfer.requested',
  'transfer.completed',
  'transfer.cancelled',
  'worker.answered',
  'worker.failed',
  'partner.take',
];
const TIMER_NAMES: readonly TimerName[] = ['town-ring', 'offer', 'announce', 'final-message', 'callback-key', 'callback-ring', 'transfer-ring'];

/** One random call: everything needed to replay it. */
export interface World {
  readonly seed: number;
  readonly policy: CallPolicy;
  readonly arrival: Arrival;
  readonly context: ArrivalContext;
  readonly events: readonly CallEvent[];
}

export interface GenerateOptions {
  /**
   * May the assignment of an agent who is already offered to (or talking with) this call be
   * delivered again? Real dispatch cannot pair an agent twice; only a re-delivery can produce it.
   */
  readonly duplicateAssignments: boolean;
  readonly maxEvents: number;
}

export function generate(seed: number, options: GenerateOptions): World {
  const r = seeded(seed);
  const id = callId(`call-${seed}`);
  const phones = Array.from({ length: 1 + r.int(3) }, (_, i) => endpointName(`town-a-${i}`));
  // Hours as the instant's parity of whole minutes: open and closed both happen within one call.
  const hours = (chanceClosed: number) => {
    const closedAtAll = r.chance(chanceClosed);
    return (at: number) => !closedAtAll || Math.floor(at / 60_000) % 2 === 0;
  };
  const policy: CallPolicy = {
    agentRingTimeoutMs: 5_000 + r.int(15_000),
    towns: {
      'town-a': {
        phones,
        overflowTimeoutMs: 5_000 + r.int(25_000),
        mode: r.chance(0.1) ? 'switchboard' : 'ring-first',
        maxRinging: r.chance(0.2) ? r.int(2) : null,
        isOpen: hours(0.2),
      },
      'town-b': { phones: [], overflowTimeoutMs: 20_000, mode: 'ring-first', maxRinging: null, isOpen: () => true },
    },
    agentEndpoints: Object.fromEntries(AGENTS.map((a) => [a, endpointName(`sip-${a}`)])),
    centerOpen: hours(0.25),
    announceEveryMs: 10_000 + r.int(50_000),
    closedMessageMaxMs: 30_000 + r.int(60_000),
    maxWaitMs: r.chance(0.3) ? 20_000 + r.int(60_000) : null,
    whenQueueFull: r.chance(0.7) ? 'callback' : 'end',
    callbackKeyMs: 5_000 + r.int(20_000),
    callbackRingMs: 10_000 + r.int(30_000),
    callbackOffer: null,
    callbackAttempts: 1,
    callbackRetryMs: 600_000,
    resumeWithinMs: null,
    transferRingMs: 5_000 + r.int(20_000),
  };
  const context: ArrivalContext = {
    registeredPhones: r.chance(0.3) ? phones.filter(() => r.chance(0.5)) : null,
    ringingAtTown: r.int(3),
    skilledAgentStaffed: r.chance(0.9),
  };
  const entry = weighted(r, [
    [4, { kind: 'town', townId: townId('town-a') }],
    [2, { kind: '115', townId: null }],
    [1, { kind: 'town', townId: townId('town-b') }],
    [1, { kind: 'town', townId: townId('unknown-town') }],
  ] as const);
  const arrival: Arrival = {
    id,
    at: 1_741_000_000_000 + r.int(1_000_000),
    entry,
    municipality: entry.townId,
    callerChannel: channelId(`caller-${seed}`),
    callerHash: 'h',
  };

  let call = arrive(arrival, policy, context).next;
  let now = arrival.at;
  const tokens: string[] = call.timer ? [call.timer.token] : [];
  const events: CallEvent[] = [];
  const length = 1 + r.int(options.maxEvents);

  const townLegs = (): ChannelId[] => [...phones.map((_, i) => townLegId(id, i)), townLegId(id, phones.length)];
  const agentLegs = (): ChannelId[] => Array.from({ length: call.offers.length + 1 }, (_, i) => agentLegId(id, i + 1));
  const citizenLegs = (): ChannelId[] => [citizenLegId(id, 1), citizenLegId(id, 2)];
  const workerLegs = (): ChannelId[] => [workerLegId(id, 1), workerLegId(id, 2), workerLegId(id, 11)];
  const transferRequest = (): CallEvent => ({
    type: 'transfer.requested',
    at: now,
    department: 'buergerbuero',
    townId: townId('town-a'),
    mode: r.pick(['warm', 'blind'] as const),
    phones: r.chance(0.5) ? [endpointName('worker-1')] : [endpointName('worker-1'), endpointName('worker-2')],
  });
  const playbacks = (): string[] => Array.from({ length: (call.playbackSeq ?? 0) + 1 }, (_, i) => playbackIdFor(id, i + 1));
  const anyLeg = (): ChannelId => weighted(r, [[3, r.pick(townLegs())], [3, r.pick(agentLegs())], [1, channelId('call-x~agent~1')]]);
  const heldAgent = (): AgentId | undefined =>
    call.phase === 'offering' ? call.offer?.agentId : call.phase === 'connected' && call.peer?.kind === 'agent' ? call.peer.agentId : undefined;
  const assignable = (): AgentId[] => [...AGENTS, GHOST_AGENT].filter((a) => options.duplicateAssignments || a !== heldAgent());
  const fired = (name: TimerName, token: string, dueAt: number): CallEvent => {
    now = Math.max(now, dueAt);
    return { type: 'timer.fired', timer: name, token, at: now };
  };

  /** Any event at all, about any leg, timer or agent this call could plausibly hear of. */
  const noise = (): CallEvent => {
    const type = r.pick(EVENT_TYPES);
    switch (type) {
      case 'caller.hung-up':
      case 'caller.gone':
        return { type, at: now };
      case 'town.answered':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(townLegs()) : anyLeg() };
      case 'town.leg-failed':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(townLegs()) : anyLeg(), reason: r.pick(FAIL_REASONS) };
      case 'timer.fired':
        return { type, at: now, timer: r.pick(TIMER_NAMES), token: r.chance(0.8) && tokens.length > 0 ? r.pick(tokens) : 'bogus-token' };
      case 'offer.assigned': {
        const agents = assignable();
        return { type, at: now, agentId: r.pick(agents) };
      }
      case 'offer.accepted':
      case 'peer.hung-up':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(agentLegs()) : anyLeg() };
      case 'offer.failed':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(agentLegs()) : anyLeg(), reason: r.pick(FAIL_REASONS) };
      case 'announcement.finished':
        return { type, at: now, playback: r.chance(0.9) ? r.pick(playbacks()) : 'some-other~play~1' };
      case 'queue.limit':
        return { type, at: now, limit: r.pick(['max-waiting', 'max-wait'] as const) };
      case 'dtmf':
        return { type, at: now, digit: r.pick(['1', '1', '2', '#']) };
      case 'citizen.answered':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(citizenLegs()) : anyLeg() };
      case 'citizen.failed':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(citizenLegs()) : anyLeg(), reason: r.pick(FAIL_REASONS) };
      case 'skills.unavailable':
        return { type, at: now };
      case 'partner.take':
        return partnerTake(now);
      case 'transfer.requested':
        return transferRequest();
      case 'transfer.completed':
      case 'transfer.cancelled':
        return { type, at: now };
      case 'worker.answered':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(workerLegs()) : anyLeg() };
      case 'worker.failed':
        return { type, at: now, leg: r.chance(0.8) ? r.pick(workerLegs()) : anyLeg(), reason: r.pick(FAIL_REASONS) };
    }
  };

  /** What usually happens next in this phase. */
  const likely = (): CallEvent => {
    const hangup: CallEvent = { type: r.chance(0.8) ? 'caller.hung-up' : 'caller.gone', at: now };
    const timer = call.timer;
    switch (call.phase) {
      case 'town-ringing': {
        const legs = call.townRing?.legs ?? [];
        return weighted<() => CallEvent>(r, [
          [3, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
          [2, () => ({ type: 'town.answered', at: now, leg: r.pick(legs) })],
          [4, () => ({ type: 'town.leg-failed', at: now, leg: r.pick(legs), reason: r.pick(FAIL_REASONS) })],
          [1, () => hangup],
        ])();
      }
      case 'callback-waiting':
        return weighted<() => CallEvent>(r, [
          [4, () => ({ type: 'offer.assigned', at: now, agentId: r.pick(assignable()) })],
          [2, () => (call.playback ? { type: 'announcement.finished', at: now, playback: call.playback } : hangup)],
          [1, () => hangup],
        ])();
      case 'callback-dialing': {
        const citizen = call.callback?.citizenLeg ?? citizenLegId(id, 1);
        return weighted<() => CallEvent>(r, [
          [4, () => ({ type: 'citizen.answered', at: now, leg: citizen })],
          [2, () => ({ type: 'citizen.failed', at: now, leg: citizen, reason: r.pick(FAIL_REASONS) })],
          [1, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
          [1, () => (call.offer ? { type: 'peer.hung-up', at: now, leg: call.offer.leg } : hangup)],
        ])();
      }
      case 'queued':
        return weighted<() => CallEvent>(r, [
          [2, () => ({ type: 'queue.limit', at: now, limit: r.pick(['max-waiting', 'max-wait'] as const) })],
          [2, () => ({ type: 'dtmf', at: now, digit: '1' })],
          [6, () => ({ type: 'offer.assigned', at: now, agentId: r.pick(assignable()) })],
          [2, () => (call.playback ? { type: 'announcement.finished', at: now, playback: call.playback } : hangup)],
          [2, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
          [1, () => hangup],
        ])();
      case 'final-message':
        return weighted<() => CallEvent>(r, [
          [4, () => (call.playback ? { type: 'announcement.finished', at: now, playback: call.playback } : hangup)],
          [1, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
          [2, () => hangup],
        ])();
      case 'offering': {
        const leg = call.offer?.leg ?? anyLeg();
        return weighted<() => CallEvent>(r, [
          [3, () => ({ type: 'offer.accepted', at: now, leg })],
          [2, () => ({ type: 'offer.failed', at: now, leg, reason: r.pick(FAIL_REASONS) })],
          [3, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
          [1, () => hangup],
        ])();
      }
      case 'connected': {
        const t = call.transfer;
        if (t) {
          const open = t.legs.filter((l) => !t.failedLegs.includes(l));
          return weighted<() => CallEvent>(r, [
            [3, () => (t.stage === 'ringing' && open.length > 0 ? { type: 'worker.answered', at: now, leg: r.pick(open) } : { type: 'transfer.completed', at: now })],
            [2, () => (open.length > 0 ? { type: 'worker.failed', at: now, leg: r.pick(open), reason: r.pick(FAIL_REASONS) } : hangup)],
            [1, () => ({ type: 'transfer.cancelled', at: now })],
            [1, () => (timer ? fired(timer.name, timer.token, timer.dueAt) : hangup)],
            [1, () => (call.peer ? { type: 'peer.hung-up', at: now, leg: call.peer.leg } : hangup)],
            [1, () => hangup],
          ])();
        }
        return weighted<() => CallEvent>(r, [
          [2, () => (call.peer?.kind === 'agent' ? transferRequest() : hangup)],
          [3, () => (call.peer ? { type: 'peer.hung-up', at: now, leg: call.peer.leg } : hangup)],
          [3, () => hangup],
        ])();
      }
      case 'ended':
        return noise();
    }
  };

  for (let i = 0; i < length; i++) {
    now += r.int(3_000);
    const previous = events[events.length - 1];
    let event: CallEvent;
    if (previous && r.chance(0.08)) event = { ...previous, at: Math.max(previous.at, now) }; // re-delivered
    else event = r.chance(0.65) ? likely() : noise();
    if (!options.duplicateAssignments && event.type === 'offer.assigned' && event.agentId === heldAgent()) continue;
    now = Math.max(now, event.at);
    events.push(event);
    const decision = decide(call, event, policy);
    for (const c of decision.commands) if (c.type === 'timer.start') tokens.push(c.token);
    if (decision.kind === 'next') call = decision.next;
  }
  return { seed, policy, arrival, context, events };
}

/**
 * A call record in any shape the type allows, including ones decide() never produces itself
 * (offering without an offer, connected without a peer): what an older engine version might have stored.
 */
export function arbitraryCall(r: Random): Call {
  const id = callId(`odd-${r.int(1_000)}`);
  const maybe = <T>(value: T): T | undefined => (r.chance(0.5) ? value : undefined);
  const legs = Array.from({ length: r.int(3) }, (_, i) => townLegId(id, i));
  const agent = r.pick([...AGENTS, GHOST_AGENT]);
  return {
    id,
    version: r.int(10),
    entry: r.chance(0.5) ? { kind: '115', townId: null } : { kind: 'town', townId: townId(r.pick(['town-a', 'town-b', 'nowhere'])) },
    callerChannel: channelId(`caller-${id}`),
    callerHash: 'h',
    municipality: null,
    phase: r.pick(['town-ringing', 'queued', 'offering', 'connected', 'final-message', 'callback-waiting', 'callback-dialing', 'ended'] as const),
    times: { arrivedAt: 1_741_000_000_000 },
    townRing: maybe({ legs, failedLegs: legs.filter(() => r.chance(0.3)), failReasons: [] }),
    offer: maybe({ agentId: agent, leg: agentLegId(id, 1), attempt: 1 }),
    peer: maybe(r.chance(0.5) ? { kind: 'agent' as const, agentId: agent, leg: agentLegId(id, 1) } : { kind: 'town' as const, leg: townLegId(id, 0) }),
    timer: maybe({ name: r.pick(TIMER_NAMES), dueAt: 1_741_000_020_000, token: `${id}:t:1` }),
    timerSeq: r.int(3),
    playback: maybe(playbackIdFor(id, 1)),
    limitOffer: maybe({ limit: 'max-waiting' as const, at: 1_741_000_010_000 }),
    callback: maybe({ requestedAt: 1_741_000_010_000, limit: 'max-wait' as const, attempt: 1, citizenLeg: citizenLegId(id, 1) }),
    playbackSeq: r.int(3),
    offers: r.chance(0.5) ? [] : [{ agentId: agent, at: 1_741_000_001_000, result: 'no-answer' }],
  };
}

/** A partner center takes the caller (only a waiting caller goes). */
const partnerTake = (at: number): CallEvent => ({
  type: 'partner.take',
  at,
  partner: 'partner-center',
  to: { kind: 'app', app: 'partner-app' },
  handover: { center: 'home-center', entry: '115', trigger: 'waited', arrivedAt: at - 60_000, overflowReason: null, municipality: null },
});

/** A random event about legs, timers and agents that `call` may or may not know. */
export function arbitraryEvent(r: Random, call: Call): CallEvent {
  const at = call.times.arrivedAt + r.int(60_000);
  const leg = r.pick([townLegId(call.id, 0), townLegId(call.id, 1), agentLegId(call.id, 1), agentLegId(call.id, 2), channelId('stranger')]);
  const reason = r.pick(FAIL_REASONS);
  switch (r.pick(EVENT_TYPES)) {
    case 'caller.hung-up':
      return { type: 'caller.hung-up', at };
    case 'caller.gone':
      return { type: 'caller.gone', at };
    case 'town.answered':
      return { type: 'town.answered', at, leg };
    case 'town.leg-failed':
      return { type: 'town.leg-failed', at, leg, reason };
    case 'timer.fired':
      return { type: 'timer.fired', at, timer: r.pick(TIMER_NAMES), token: r.chance(0.5) ? `${call.id}:t:1` : 'bogus' };
    case 'offer.assigned':
      return { type: 'offer.assigned', at, agentId: r.pick([...AGENTS, GHOST_AGENT]) };
    case 'offer.accepted':
      return { type: 'offer.accepted', at, leg };
    case 'offer.failed':
      return { type: 'offer.failed', at, leg, reason };
    case 'peer.hung-up':
      return { type: 'peer.hung-up', at, leg };
    case 'announcement.finished':
      return { type: 'announcement.finished', at, playback: r.chance(0.5) ? playbackIdFor(call.id, 1) : 'bogus~play~1' };
    case 'queue.limit':
      return { type: 'queue.limit', at, limit: r.pick(['max-waiting', 'max-wait'] as const) };
    case 'dtmf':
      return { type: 'dtmf', at, digit: r.pick(['1', '9']) };
    case 'citizen.answered':
      return { type: 'citizen.answered', at, leg: r.pick([citizenLegId(call.id, 1), leg]) };
    case 'citizen.failed':
      return { type: 'citizen.failed', at, leg: r.pick([citizenLegId(call.id, 1), leg]), reason };
    case 'skills.unavailable':
      return { type: 'skills.unavailable', at };
    case 'partner.take':
      return partnerTake(at);
    case 'transfer.requested':
      return { type: 'transfer.requested', at, department: 'bauamt', townId: townId('town-a'), mode: r.pick(['warm', 'blind'] as const), phones: [endpointName('w-1')] };
    case 'transfer.completed':
      return { type: 'transfer.completed', at };
    case 'transfer.cancelled':
      return { type: 'transfer.cancelled', at };
    case 'worker.answered':
      return { type: 'worker.answered', at, leg: r.pick([workerLegId(call.id, 1), leg]) };
    case 'worker.failed':
      return { type: 'worker.failed', at, leg: r.pick([workerLegId(call.id, 1), leg]), reason };
  }
}

export interface Step {
  readonly event: CallEvent;
  readonly before: Call;
  readonly decision: Decision;
  readonly after: Call;
}

export interface Trace {
  readonly world: World;
  readonly arrived: Call;
  readonly arrivalCommands: readonly Command[];
  readonly steps: readonly Step[];
  /** Set when decide() threw: the event that made it throw and the error. */
  readonly threw?: { readonly event: CallEvent; readonly error: unknown };
}

export function replay(world: World): Trace {
  const { next: arrived, commands: arrivalCommands } = arrive(world.arrival, world.policy, world.context);
  const steps: Step[] = [];
  let call = arrived;
  for (const event of world.events) {
    let decision: Decision;
    try {
      decision = decide(call, event, world.policy);
    } catch (error) {
      return { world, arrived, arrivalCommands, steps, threw: { event, error } };
    }
    const after = decision.kind === 'next' ? decision.next : call;
    steps.push({ event, before: call, decision, after });
    call = after;
  }
  return { world, arrived, arrivalCommands, steps };
}

/** An invariant: null when it holds, else what went wrong (and at which step). */
export type Invariant = (trace: Trace) => string | null;

/** Drops events one at a time while the invariant still fails, so the report shows a short script. */
export function shrink(world: World, invariant: Invariant): World {
  let current = world;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < current.events.length; i++) {
      const candidate: World = { ...current, events: current.events.filter((_, j) => j !== i) };
      if (invariant(replay(candidate)) !== null) {
        current = candidate;
        changed = true;
        break;
      }
    }
  }
  return current;
}

export function describeEvent(e: CallEvent, t0: number): string {
  const at = `@+${e.at - t0}ms`;
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      return `${e.type}${at}`;
    case 'town.answered':
    case 'offer.accepted':
    case 'peer.hung-up':
      return `${e.type}(${e.leg})${at}`;
    case 'town.leg-failed':
    case 'offer.failed':
      return `${e.type}(${e.leg}, ${e.reason})${at}`;
    case 'timer.fired':
      return `${e.type}(${e.timer}, ${e.token})${at}`;
    case 'offer.assigned':
      return `${e.type}(${e.agentId})${at}`;
    case 'announcement.finished':
      return `${e.type}(${e.playback})${at}`;
    case 'queue.limit':
      return `${e.type}(${e.limit})${at}`;
    case 'dtmf':
      return `${e.type}(${e.digit})${at}`;
    case 'citizen.answered':
      return `${e.type}(${e.leg})${at}`;
    case 'citizen.failed':
      return `${e.type}(${e.leg}, ${e.reason})${at}`;
    case 'skills.unavailable':
    case 'partner.take':
    case 'transfer.completed':
    case 'transfer.cancelled':
      return `${e.type}${at}`;
    case 'transfer.requested':
      return `${e.type}(${e.mode}, ${e.department})${at}`;
    case 'worker.answered':
      return `${e.type}(${e.leg})${at}`;
    case 'worker.failed':
      return `${e.type}(${e.leg}, ${e.reason})${at}`;
  }
}

/** The first world (over seeds) that breaks the invariant, shrunk and described; null if none does. */
export function counterexample(worlds: readonly World[], invariant: Invariant): string | null {
  for (const world of worlds) {
    const problem = invariant(replay(world));
    if (problem === null) continue;
    const small = shrink(world, invariant);
    const entry = small.arrival.entry.kind === '115' ? '115' : `town ${small.arrival.entry.townId ?? '?'}`;
    return [
      `seed ${world.seed}: ${invariant(replay(small)) ?? problem}`,
      `  call ${small.arrival.id} via ${entry}, then:`,
      ...small.events.map((e, i) => `  ${i + 1}. ${describeEvent(e, small.arrival.at)}`),
    ].join('\n');
  }
  return null;
}
