import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Call } from '../domain/call.js';
import { bridgeIdFor, callIdOfBridge, callIdOfLeg } from '../domain/call.js';
import type { CallEvent } from '../domain/events.js';
import type { BridgeId, CallId, ChannelId } from '../domain/ids.js';
import type { CallTimers } from './call-timers.js';
import type { AgentStore, BridgeSnapshot, CallStore, ChannelSnapshot, Clock, LiveQueue, Telephony } from './ports.js';

export interface RecoveryDeps {
  readonly store: CallStore;
  readonly queue: LiveQueue;
  readonly agents: AgentStore;
  readonly telephony: Telephony;
  readonly timers: CallTimers;
  readonly clock: Clock;
  readonly log: Logger;
  /** Applies an event through the call's lane. */
  readonly handle: (id: CallId, event: CallEvent) => Promise<void>;
}

export interface RecoveryReport {
  readonly adopted: number;
  readonly ended: number;
  readonly requeued: number;
  readonly agentsReleased: number;
  /** Channels in our app from the dialplan that no stored call knows: the caller arrived while we were away. */
  readonly strangers: readonly ChannelSnapshot[];
  /** Calls on an Asterisk server out of reach (several servers), left as they are. */
  readonly unknown: number;
}

/**
 * Reconciles the stored calls and agents with what Asterisk has (GET /channels), on start and after
 * every reconnect: calls whose channels are still there are re-adopted (timers re-armed from their
 * persisted dueAt), what vanished while we were away is turned into the events it amounts to.
 */
export async function recover(d: RecoveryDeps): Promise<RecoveryReport> {
  const channels = await d.telephony.channels();
  const present = new Map<string, ChannelSnapshot>(channels.map((c) => [c.id, c]));
  const bridges = await listBridges(d);
  const members = bridges && new Map<string, ReadonlySet<string>>(bridges.map((b) => [b.id, new Set(b.channels)]));
  const calls = await d.store.active();
  const waiting = new Set<string>((await d.queue.waiting()).map((w) => w.call));
  const at = d.clock.now();
  let ended = 0;
  let requeued = 0;
  let unknown = 0;
  const lost = new Map<string, number>();
  for (const call of calls) {
    if (call.timer) d.timers.arm(call.id, call.timer);
    // A callback's caller is the citizen's leg once dialled; before that nobody is on the line.
    const callerLeg = call.callback ? call.callback.citizenLeg : call.callerChannel;
    // Its Asterisk server is out of reach (several servers): not listed is not gone. Left as it is
    // until that server is back (the next reconcile) or given up (then its channels are gone).
    if (callerLeg !== undefined && d.telephony.outOfReach?.(callerLeg)) {
      unknown++;
      continue;
    }
    if (callerLeg !== undefined && !present.has(callerLeg) && call.phase !== 'callback-dialing') {
      ended++;
      const lostWith = d.telephony.lostWith?.(callerLeg);
      if (lostWith !== undefined) lost.set(lostWith, (lost.get(lostWith) ?? 0) + 1);
      await d.handle(call.id, { type: 'caller.gone', at, ...(lostWith === undefined ? {} : { lostWith }) });
      continue;
    }
    await answerIfUnanswered(d, call, present);
    if (members) await bridgeIfUnbridged(d, call, present, members);
    for (const event of missedLegEvents(call, present, at, members)) await d.handle(call.id, event);
    if (call.playback && !(await playbackStillPlaying(d, call.playback))) {
      // The announcement ended while we were away: music on hold again, or the closed message is over.
      await d.handle(call.id, { type: 'announcement.finished', at, playback: call.playback });
    }
    if ((call.phase === 'queued' || call.phase === 'callback-waiting') && !waiting.has(call.id)) {
      // Assigned by the atomic script but the engine stopped before the offer: back to the head.
      requeued++;
      await d.queue.enqueue(call.id, call.times.arrivedAt, true, call.routing);
    }
  }
  for (const [asterisk, count] of lost) d.log.warn({ asterisk, calls: count }, 'calls lost with their asterisk server: their media lived there');
  const agentsReleased = await releaseOrphanedAgents(d, at);
  const known = new Set<string>(calls.map((c) => c.callerChannel));
  const active = new Set<string>(calls.map((c) => c.id));
  const strangers = channels.filter((c) => c.stasisArgs !== null && !known.has(c.id) && !callIdOfLeg(c.id));
  // A leg of ours whose call is over (it ended while the engine was away) must not stay up. A leg
  // whose call this center's store does not know belongs to another center's engine on the same
  // Asterisk (several centers on one platform): not ours to end.
  for (const orphan of channels.filter((c) => { const owner = callIdOfLeg(c.id); return owner !== null && !active.has(owner); })) {
    const owner = callIdOfLeg(orphan.id);
    if (owner === null || (await d.store.get(owner)) === null) {
      d.log.debug({ channel: orphan.id }, 'a leg of a call this center does not know: left alone');
      continue;
    }
    d.log.info({ channel: orphan.id }, 'hanging up a leg of an ended call');
    await d.telephony.hangup(orphan.id).catch((err: unknown) => d.log.debug({ err, channel: orphan.id }, 'orphan leg already gone'));
  }
  await hangUpUnofferedLegs(d, calls, channels);
  if (bridges) await destroyOrphanedBridges(d, bridges, active);
  const report = { adopted: calls.length - ended - unknown, ended, requeued, agentsReleased, strangers, unknown };
  d.log.info({ ...report, strangers: strangers.length }, 'recovered');
  return report;
}

/** Phases in which a call has no agent leg: it waits, or hears its last message. */
const NO_AGENT_LEG: ReadonlySet<Call['phase']> = new Set(['queued', 'callback-waiting', 'final-message']);

/**
 * An agent's phone ringing for a call that waits: the engine dialled the offer (dialledWhileSaving)
 * and stopped before the offer was saved. The call is back in the queue; the phone must stop.
 */
async function hangUpUnofferedLegs(d: RecoveryDeps, calls: readonly Call[], channels: readonly ChannelSnapshot[]): Promise<void> {
  const waiting = new Set<string>(calls.filter((c) => NO_AGENT_LEG.has(c.phase)).map((c) => c.id));
  const legs = channels.filter((c) => c.id.includes('~agent~') && waiting.has(callIdOfLeg(c.id) ?? '')).map((c) => c.id);
  for (const leg of legs) {
    d.log.info({ channel: leg }, 'hanging up an agent leg of a waiting call (an offer that was never saved)');
    await d.telephony.hangup(leg).catch((err: unknown) => d.log.debug({ err, channel: leg }, 'unoffered leg already gone'));
  }
  if (legs.length > 0) await untilGone(d, legs);
}

const GONE_POLL_MS = 50;
const GONE_POLLS = 40;

/**
 * Asterisk tears a hung-up channel down a moment after it accepted the hangup. The call's next offer
 * dials the same leg id (its attempt was never saved), which Asterisk refuses while the old channel
 * exists: recovery (with dispatch held) returns only once the legs are gone, or after two seconds.
 */
async function untilGone(d: RecoveryDeps, legs: readonly ChannelId[]): Promise<void> {
  for (let poll = 0; poll < GONE_POLLS; poll++) {
    const present = new Set((await d.telephony.channels().catch(() => [])).map((c) => c.id));
    if (!legs.some((leg) => present.has(leg))) return;
    await sleep(GONE_POLL_MS);
  }
  d.log.warn({ legs }, 'hung-up agent legs still present: their next offer may be refused');
}

/**
 * A bridge of ours whose call is over: the engine stopped between hanging up the call's legs and
 * destroying its bridge. Asterisk keeps an empty bridge until somebody destroys it.
 */
async function destroyOrphanedBridges(d: RecoveryDeps, bridges: readonly BridgeSnapshot[], active: ReadonlySet<string>): Promise<void> {
  for (const { id: bridge } of bridges) {
    const owner = callIdOfBridge(bridge);
    if (owner === null || active.has(owner)) continue;
    // A call that arrived after the stored calls were read may have bridged meanwhile.
    const call = await d.store.get(owner);
    // Unknown here: another center's bridge on the same Asterisk. Still running: it bridged meanwhile.
    if (call === null || call.phase !== 'ended') continue;
    d.log.info({ bridge }, 'destroying the bridge of an ended call');
    await d.telephony.destroyBridge(bridge).catch((err: unknown) => d.log.debug({ err, bridge }, 'orphan bridge already gone'));
  }
}

/** Every bridge with its channels; null when Asterisk cannot tell (then bridges are left as they are). */
async function listBridges(d: RecoveryDeps): Promise<BridgeSnapshot[] | null> {
  try {
    return await d.telephony.bridges();
  } catch (err) {
    d.log.warn({ err }, 'could not list bridges: bridges of ended calls are left in Asterisk, unbridged calls are not repaired');
    return null;
  }
}

/** Whether the caller of a connected call is in the call's bridge (it stays there when the other side hangs up). */
function callerBridged(call: Call, members: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  return call.bridge !== undefined && (members.get(call.bridge)?.has(call.callerChannel) ?? false);
}

/**
 * The engine saved the answer of the caller's peer and stopped before bridging the two: while both
 * are still there, they are bridged now, or the caller would hear silence until somebody hangs up.
 */
async function bridgeIfUnbridged(d: RecoveryDeps, call: Call, channels: ReadonlyMap<string, ChannelSnapshot>, members: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
  const peer = call.peer;
  if (call.phase !== 'connected' || !peer || call.transfer || !channels.has(peer.leg) || !channels.has(call.callerChannel)) return;
  const bridge: BridgeId = call.bridge ?? bridgeIdFor(call.id);
  const inBridge = members.get(bridge);
  const missing = [call.callerChannel, peer.leg].filter((c) => !inBridge?.has(c));
  if (missing.length === 0) return;
  d.log.info({ callId: call.id }, 'bridging a call the engine had connected but not bridged before it stopped');
  try {
    await d.telephony.stopMusicOnHold(call.callerChannel).catch((err: unknown) => d.log.debug({ err, callId: call.id }, 'no music to stop'));
    if (inBridge) for (const channel of missing) await d.telephony.addToBridge(bridge, channel);
    else await d.telephony.bridge(bridge, [call.callerChannel, peer.leg]);
  } catch (err) {
    d.log.warn({ err, callId: call.id }, 'could not bridge the recovered call');
  }
}

/** What happened to the call's legs while nobody listened: they hung up, or they answered. */
function missedLegEvents(call: Call, channels: ReadonlyMap<string, ChannelSnapshot>, at: number, members: ReadonlyMap<string, ReadonlySet<string>> | null): CallEvent[] {
  const gone = (leg: ChannelId): boolean => !channels.has(leg);
  const answered = (leg: ChannelId): boolean => channels.get(leg)?.state === 'Up';
  switch (call.phase) {
    case 'town-ringing': {
      const open = (call.townRing?.legs ?? []).filter((leg) => !call.townRing?.failedLegs.includes(leg));
      const up = open.find(answered);
      if (up) return [{ type: 'town.answered', at, leg: up }];
      return open.filter(gone).map((leg) => ({ type: 'town.leg-failed', at, leg, reason: 'failed' }));
    }
    case 'offering': {
      if (!call.offer) return [];
      const leg = call.offer.leg;
      if (answered(leg)) return [{ type: 'offer.accepted', at, leg }];
      // Still ringing at the agent's phone: let it ring, the re-armed timer watches it. Anything
      // else (gone, or created but never dialled because the engine stopped in between) is an offer
      // that will not connect: it is hung up and the caller goes back to the head of the queue.
      if (channels.get(leg)?.state === 'Ringing') return [];
      return [{ type: 'offer.failed', at, leg, reason: 'failed' }];
    }
    case 'connected': {
      if (!call.peer || !gone(call.peer.leg)) return [];
      // The agent answered and left while the engine was away, before the two were ever bridged.
      const unbridged = members !== null && call.peer.kind === 'agent' && !call.transfer && !callerBridged(call, members);
      return [{ type: 'peer.hung-up', at, leg: call.peer.leg, ...(unbridged ? { unbridged: true as const } : {}) }];
    }
    case 'callback-dialing': {
      const citizen = call.callback?.citizenLeg;
      if (call.offer && gone(call.offer.leg)) return [{ type: 'peer.hung-up', at, leg: call.offer.leg }];
      if (!citizen) return [];
      if (answered(citizen)) return [{ type: 'citizen.answered', at, leg: citizen }];
      return gone(citizen) ? [{ type: 'citizen.failed', at, leg: citizen, reason: 'failed' }] : [];
    }
    case 'queued':
    case 'final-message':
    case 'callback-waiting':
    case 'ended':
      return [];
  }
}

/**
 * Every phase but town-ringing has answered the caller, yet the engine may have stopped after
 * saving the call and before the answer reached Asterisk: such a caller would hear music as early
 * media and never be connected (an agent's bridge does not answer it). Answer now.
 */
async function answerIfUnanswered(d: RecoveryDeps, call: Call, channels: ReadonlyMap<string, ChannelSnapshot>): Promise<void> {
  if (call.phase === 'town-ringing' || call.phase === 'ended' || call.callback) return;
  const caller = channels.get(call.callerChannel);
  if (!caller || caller.state === 'Up') return;
  d.log.info({ callId: call.id, state: caller.state }, 'answering a caller the engine had not answered before it stopped');
  await d.telephony.answer(call.callerChannel).catch((err: unknown) => d.log.warn({ err, callId: call.id }, 'could not answer the recovered caller'));
}

/** Asterisk keeps a playback while it plays; when it cannot tell, assume it still plays. */
async function playbackStillPlaying(d: RecoveryDeps, playback: string): Promise<boolean> {
  try {
    return await d.telephony.playbackActive(playback);
  } catch (err) {
    d.log.warn({ err, playback }, 'could not ask whether an announcement still plays');
    return true;
  }
}

/** An agent offered or busy for a call that no longer has them is freed. */
async function releaseOrphanedAgents(d: RecoveryDeps, at: number): Promise<number> {
  let released = 0;
  for (const agent of await d.agents.all()) {
    if ((agent.status !== 'offered' && agent.status !== 'busy') || !agent.callId) continue;
    const call = await d.store.get(agent.callId);
    const holds =
      call !== null &&
      (((call.phase === 'offering' || call.phase === 'callback-dialing') && call.offer?.agentId === agent.id) ||
        (call.phase === 'connected' && call.peer?.kind === 'agent' && call.peer.agentId === agent.id));
    if (!holds && (await d.agents.release(agent.id, agent.callId, at))) released++;
  }
  return released;
}
