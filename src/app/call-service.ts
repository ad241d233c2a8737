import type { Logger } from 'pino';
import { arrive, type Arrival, type ArrivalContext } from '../domain/arrive.js';
import type { Call, CallPolicy } from '../domain/call.js';
import { callIdOfLeg, waitedMs } from '../domain/call.js';
import { decide } from '../domain/decide.js';
import type { CallEvent } from '../domain/events.js';
import type { CallId, ChannelId } from '../domain/ids.js';
import { interpret, type ChannelFact } from '../domain/interpret.js';
import { isEngineError } from '../errors.js';
import type { Command } from '../domain/commands.js';
import type { CommandExecutor } from './command-executor.js';
import { KnownCalls } from './known-calls.js';
import type { CallStore } from './ports.js';
import type { SerialLanes } from './serial-lanes.js';

/**
 * The shell around the state machine: per call, serially, load → decide → save(version) → execute.
 * Commands run after the save, so a crash between the two leaves a state that recovery can finish.
 * "Load" is the record as this engine last saved it (KnownCalls) where there is one: the save's
 * version check catches a record someone else changed, and the event is then decided again on the
 * stored one. Two commands run while their decision is saved (whileSaving): an agent whose own
 * phone ended a call is freed, and the next offer's phone is dialled, so that the next caller's
 * offer does not wait for the bookkeeping.
 */
export class CallService {
  private readonly known = new KnownCalls();

  constructor(
    private readonly deps: {
      readonly store: CallStore;
      readonly lanes: SerialLanes;
      readonly policy: CallPolicy;
      readonly executor: CommandExecutor;
      readonly log: Logger;
      /** Told once about every call that ends, after its record is saved. */
      readonly onEnded?: (call: Call) => void;
      /** Told about every saved change of a call, after its commands ran (live views). */
      readonly onChange?: (call: Call) => void;
    },
  ) {}

  /** A caller's channel entered the engine; `onSaved` is told once the call's record exists. */
  async arrive(arrival: Arrival, context: ArrivalContext, onSaved?: () => void): Promise<Call> {
    return this.deps.lanes.run(arrival.id, async () => {
      const { next, commands } = arrive(arrival, this.deps.policy, context);
      const saved = await this.deps.store.create(next);
      this.known.remember(saved);
      onSaved?.();
      this.deps.log.info(
        {
          callId: saved.id,
          entry: saved.entry.kind,
          townId: saved.entry.townId,
          municipality: saved.municipality,
          to: saved.phase,
          overflowReason: saved.overflowReason,
        },
        'call arrived',
      );
      await this.deps.executor.execute(saved, commands);
      // Live views (the dashboard) count the new caller at once: ringing at the town, or queued.
      this.deps.onChange?.(saved);
      return saved;
    });
  }

  /** Something happened to a channel: find its call and apply what it means. */
  async onChannelFact(fact: ChannelFact): Promise<void> {
    // The caller's lane-by-channel orders this lookup after a still-running arrival of the same channel.
    const id = callIdOfLeg(fact.channel) ?? (await this.idOfCallerChannel(fact.channel));
    if (!id) {
      this.deps.log.debug({ channel: fact.channel, fact: fact.type }, 'fact for a channel of no call');
      return;
    }
    await this.apply(id, (call) => interpret(call, fact));
  }

  /**
   * The call whose caller is on this channel: known to this engine, or looked up in the store, in
   * the channel's lane, so that the lookup follows a still-running arrival of the same channel.
   */
  async idOfCallerChannel(channel: ChannelId): Promise<CallId | null> {
    return this.known.idOfCallerChannel(channel) ?? (await this.deps.lanes.run(channelLane(channel), () => this.deps.store.findByCallerChannel(channel)));
  }

  /** Applies an event to a call, serially with every other event of that call. */
  async handle(id: CallId, event: CallEvent): Promise<void> {
    await this.apply(id, () => event);
  }

  /** Forgets the records kept from earlier saves: after a reconnect or a takeover the store is the only truth. */
  forgetKnownCalls(): void {
    this.known.clear();
  }

  private async apply(id: CallId, toEvent: (call: Call) => CallEvent | null): Promise<void> {
    await this.deps.lanes.run(id, async () => {
      // One retry on a version conflict: another engine instance (or recovery) saved first.
      for (let attempt = 0; attempt < 2; attempt++) {
        const call = (attempt === 0 ? this.known.get(id) : undefined) ?? (await this.deps.store.get(id));
        if (!call) {
          this.known.forget(id);
          this.deps.log.warn({ callId: id }, 'event for an unknown call');
          return;
        }
        const event = toEvent(call);
        if (!event) return;
        const decision = decide(call, event, this.deps.policy);
        if (decision.kind === 'ignored') {
          this.deps.log.debug({ callId: id, event: event.type, phase: call.phase, reason: decision.reason }, 'event ignored');
          await this.deps.executor.execute(call, decision.commands);
          return;
        }
        // The first attempt only: after a conflict, the event is decided again and carried out after the save.
        const { early, rest } = attempt === 0 ? whileSaving(call, decision.next, decision.commands) : { early: [], rest: decision.commands };
        const freeing = early.length > 0 ? this.deps.executor.execute(call, early) : null;
        let saved: Call;
        try {
          saved = await this.deps.store.save(decision.next);
        } catch (err) {
          this.known.forget(id);
          await freeing;
          await this.undoEarlyDial(call, early);
          if (isEngineError(err, 'STORE_VERSION_CONFLICT') && attempt === 0) continue;
          throw err;
        }
        this.known.remember(saved);
        this.logTransition(call, saved, event);
        if (saved.phase === 'ended') this.deps.onEnded?.(saved);
        await Promise.all([freeing, this.deps.executor.execute(saved, rest)]);
        this.deps.onChange?.(saved);
        return;
      }
    });
  }

  /** An offer whose record could not be saved must not ring on: its leg, dialled while saving, is hung up. */
  private async undoEarlyDial(call: Call, early: readonly Command[]): Promise<void> {
    const legs = early.flatMap((c) => (c.type === 'telephony.dial' ? [c.leg] : []));
    if (legs.length === 0) return;
    this.deps.log.info({ callId: call.id }, 'offer not saved: its leg is hung up');
    await this.deps.executor.execute(call, legs.map((leg) => ({ type: 'telephony.hangup', channel: leg })));
  }

  private logTransition(before: Call, after: Call, event: CallEvent): void {
    this.deps.log.info(
      {
        callId: after.id,
        townId: after.entry.townId,
        event: event.type,
        from: before.phase,
        to: after.phase,
        ...(after.overflowReason !== before.overflowReason ? { overflowReason: after.overflowReason } : {}),
        ...(after.offer ? { agentId: after.offer.agentId, attempt: after.offer.attempt } : {}),
        ...(after.phase === 'ended' ? { outcome: after.outcome, endedBy: after.endedBy, waitedMs: waitedMs(after, event.at) } : {}),
      },
      'call transitioned',
    );
  }

}

/**
 * The commands that run while the decision is saved rather than after it, on the two paths a waiting
 * caller's time to an agent depends on: the agent freed by an ended call (freedWhileSaving) and the
 * next offer's dial (dialledWhileSaving).
 */
export function whileSaving(before: Call, next: Call, commands: readonly Command[]): { early: readonly Command[]; rest: readonly Command[] } {
  return next.phase === 'ended' ? freedWhileSaving(next, commands) : dialledWhileSaving(before, next, commands);
}

/**
 * A new offer's dial, sent while the offer is saved: the agent's phone rings one Redis round trip
 * sooner. Safe before the save: the assignment that made the offer is already stored (the agent is
 * offered to the call, the call out of the queue). A crash before the save leaves a queued call out
 * of the queue, an agent offered to it and a leg the record does not name: recovery puts the call
 * back at the head, frees the agent and hangs the leg up (recovery.ts); a failed save hangs it up at
 * once (CallService). The rest (the offer's timer, stopping an announcement) follows the save.
 */
export function dialledWhileSaving(before: Call, next: Call, commands: readonly Command[]): { early: readonly Command[]; rest: readonly Command[] } {
  const leg = next.phase === 'offering' ? next.offer?.leg : undefined;
  if (leg === undefined || before.offer?.leg === leg) return { early: [], rest: commands };
  const dial = commands.find((c) => c.type === 'telephony.dial' && c.role === 'agent' && c.leg === leg);
  return dial ? { early: [dial], rest: commands.filter((c) => c !== dial) } : { early: [], rest: commands };
}

/**
 * The commands that may run while an ended call is saved rather than after: freeing the agent (and
 * asking for the next assignment) when the call's first commands do that, before any hang-up,
 * which is when the agent's own leg is already gone. Safe before the save: the release only frees
 * an agent still held by this very call, and a crash before the save leaves a call whose agent
 * leg is gone, which recovery ends (its release of the agent then finds nothing to do).
 */
export function freedWhileSaving(next: Call, commands: readonly Command[]): { early: readonly Command[]; rest: readonly Command[] } {
  if (next.phase !== 'ended') return { early: [], rest: commands };
  const freeing = new Set<Command['type']>(['timer.cancel', 'agent.release', 'dispatch.request']);
  let prefix = 0;
  while (prefix < commands.length && freeing.has((commands[prefix] as Command).type)) prefix++;
  const isEarly = (c: Command, i: number): boolean => i < prefix && c.type !== 'timer.cancel';
  const early = commands.filter(isEarly);
  if (!early.some((c) => c.type === 'agent.release')) return { early: [], rest: commands };
  return { early, rest: commands.filter((c, i) => !isEarly(c, i)) };
}

/** Lane key for work on a caller channel before (and while) its call is created. */
export const channelLane = (channel: ChannelId): string => `chan:${channel}`;
